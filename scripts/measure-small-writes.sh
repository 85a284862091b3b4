#!/usr/bin/env bash
# Measures what small system commands (useradd, groupadd, ldconfig, ln ...) add to a Docker layer:
# each runs in a fresh copy of the debian:bookworm-slim-like chroot that scripts/measure-apt-deltas.sh
# builds, and the new or modified files are summed the way Docker sizes a layer (whole file when
# modified, hard links once, directories 0). Writes server/data/small-writes.json.
#
#   sudo scripts/measure-small-writes.sh      # needs $APT_BENCH_WORK/base (run measure-apt-deltas.sh first)
set -Eeuo pipefail
WORK="${APT_BENCH_WORK:-${TMPDIR:-/tmp}/dockerfile-size-hints-apt-bench}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$HERE/../server/data/small-writes.json}"
[ -d "$WORK/base" ] || { echo "no $WORK/base: run scripts/measure-apt-deltas.sh first (or set APT_BENCH_WORK)" >&2; exit 2; }

# id|command (run with sh -c in the chroot)
CMDS=$(cat <<'EOF2'
useradd|useradd app
useradd -m|useradd -m app
useradd -r|useradd -r -s /usr/sbin/nologin app
groupadd|groupadd app
adduser|adduser --disabled-password --gecos '' app
addgroup|addgroup app
usermod|usermod -aG users root
chpasswd|echo 'root:secret' | chpasswd
ldconfig|ldconfig
ln -s|ln -s /usr/bin/env /usr/local/bin/env2
touch|touch /etc/foo
update-alternatives|update-alternatives --install /usr/local/bin/pager2 pager2 /bin/more 10
EOF2
)

RESULTS="$WORK/small-writes.jsonl"
: >"$RESULTS"
while IFS='|' read -r id cmd; do
  [ -n "$id" ] || continue
  W="$WORK/small-work"
  rm -rf "$W"
  cp -a --reflink=auto "$WORK/base" "$W"
  chroot "$W" /bin/sh -c "$cmd" >/dev/null 2>&1 || { echo "$id: failed" >&2; continue; }
  python3 - "$WORK/base" "$W" "$id" "$cmd" >>"$RESULTS" <<'PY'
import json, os, stat, sys
base, work, sid, cmd = sys.argv[1:]
SKIP = ('/proc', '/dev', '/sys', '/run', '/tmp', '/var/lib/apt/lists', '/var/cache/apt', '/var/log')
def walk(root):
    out = {}
    for d, dirs, files in os.walk(root):
        rel = d[len(root):] or '/'
        if rel.startswith(SKIP):
            dirs[:] = []
            continue
        for n in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            p = os.path.join(d, n)
            st = os.lstat(p)
            out[p[len(root):]] = (st.st_size, st.st_mtime_ns, stat.S_IFMT(st.st_mode), os.readlink(p) if stat.S_ISLNK(st.st_mode) else None, (st.st_dev, st.st_ino), st.st_nlink)
    return out
b, w = walk(base), walk(work)
layer, files, seen = 0, [], set()
for r, v in sorted(w.items()):
    old = b.get(r)
    if old is not None and old[:4] == v[:4]:
        continue
    if v[5] > 1:
        if v[4] in seen: continue
        seen.add(v[4])
    layer += v[0]
    files.append(r)
print(json.dumps({'id': sid, 'command': cmd, 'layerBytes': layer, 'files': files}))
PY
  rm -rf "$W"
done <<<"$CMDS"

python3 - "$RESULTS" "$OUT" "$WORK" <<'PY'
import datetime, json, subprocess, sys
results, out, work = sys.argv[1:]
rows = [json.loads(l) for l in open(results) if l.strip()]
ver = lambda p: subprocess.run(['chroot', work + '/base', 'dpkg-query', '-W', '-f=${Version}', p], capture_output=True, text=True).stdout
json.dump({
  'what': 'Bytes small system commands add to a Docker layer (new or modified files, whole file when modified, hard links once, directories 0, /var/log excluded), measured by running each in a fresh copy of a debootstrap debian:bookworm-slim-like chroot.',
  'source': f'scripts/measure-small-writes.sh, {datetime.date.today().isoformat()}, chroot from scripts/measure-apt-deltas.sh (passwd {ver("passwd")}, adduser {ver("adduser")}, libc-bin {ver("libc-bin")})',
  'caveat': 'Sizes of /etc/passwd, /etc/group, /etc/shadow and ld.so.cache grow with the image: a base with more users or libraries gives somewhat larger numbers.',
  'commands': {r['id']: {'command': r['command'], 'layerBytes': r['layerBytes'], 'files': r['files']} for r in rows},
}, open(out, 'w'), indent=1)
open(out, 'a').write('\n')
print(f'wrote {out}: ' + ', '.join(f"{r['id']}={r['layerBytes']}" for r in rows), file=sys.stderr)
PY
