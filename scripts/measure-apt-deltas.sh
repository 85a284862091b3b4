#!/usr/bin/env bash
# Measures what `apt-get install <set>` really adds to a debian:bookworm-slim-like root
# filesystem, for the accuracy benchmark (scripts/bench-accuracy.ts, docs/accuracy.md).
#
#   sudo scripts/measure-apt-deltas.sh            # all sets -> bench/accuracy/apt-deltas.json
#   sudo scripts/measure-apt-deltas.sh curl git   # only the named sets (by id), merged into the file
#   sudo SUITE=trixie scripts/measure-apt-deltas.sh   # a trixie chroot -> bench/accuracy/apt-deltas-trixie.json
#
# Needs root, debootstrap, python3, mount, chroot and access to deb.debian.org. No Docker.
# Scratch state (cached between runs): $APT_BENCH_WORK (default $TMPDIR/dockerfile-size-hints-apt-bench):
#   base-raw/  debootstrap --variant=minbase output (reused if present)
#   base/      base-raw configured like debian:bookworm-slim (reused if present; delete to rebuild)
#   debs/      downloaded .debs shared by all sets (outside the measured tree)
#   work/      the per-set copy of base/, deleted after each set
#
# How a set is measured: cp -a base -> work; mount /proc, /dev, the .deb cache; chroot
# `apt-get install -y [--no-install-recommends] <packages>`; unmount; then compare work with base
# file by file (lstat size + mtime + type + link target). Like Docker's overlay2 layer diff, a
# file that is new OR modified counts with its whole size (dpkg's status file is rewritten, so the
# layer carries all of it), directories count 0, hard links once (moby pkg/directory.Size).
# Excluded: /proc /dev /sys /run /tmp, /var/lib/apt/lists, /var/cache/apt, /var/log (kept
# separately as logBytes) and the .deb cache mount point.
set -Eeuo pipefail

SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
WORK="${APT_BENCH_WORK:-${TMPDIR:-/tmp}/dockerfile-size-hints-apt-bench}"
[ "$SUITE" = bookworm ] || WORK="$WORK-$SUITE"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ "$SUITE" = bookworm ]; then OUT="${OUT:-$HERE/../bench/accuracy/apt-deltas.json}"; else OUT="${OUT:-$HERE/../bench/accuracy/apt-deltas-$SUITE.json}"; fi
SCRIPT_NAME="scripts/measure-apt-deltas.sh"

# id | flags | packages | base variant (slim = dpkg path-excludes of debian:*-slim; full = debian:bookworm)
SETS=$(cat <<'EOF'
curl|--no-install-recommends|curl|slim
curl-recommends||curl|slim
ca-certificates|--no-install-recommends|ca-certificates|slim
python-runtime-deps|--no-install-recommends|ca-certificates netbase tzdata|slim
wget|--no-install-recommends|wget|slim
git|--no-install-recommends|git|slim
git-recommends||git|slim
openssh-client|--no-install-recommends|openssh-client|slim
python3|--no-install-recommends|python3|slim
python3-recommends||python3|slim
python3-pip|--no-install-recommends|python3-pip|slim
python3-pip-recommends||python3-pip|slim
python3-numpy|--no-install-recommends|python3-numpy|slim
build-essential|--no-install-recommends|build-essential|slim
build-essential-recommends||build-essential|slim
gcc|--no-install-recommends|gcc|slim
g++|--no-install-recommends|g++|slim
make|--no-install-recommends|make|slim
cmake|--no-install-recommends|cmake|slim
nginx|--no-install-recommends|nginx|slim
postgresql-client|--no-install-recommends|postgresql-client|slim
libpq-dev|--no-install-recommends|libpq-dev|slim
vim|--no-install-recommends|vim|slim
vim-recommends||vim|slim
jq|--no-install-recommends|jq|slim
unzip|--no-install-recommends|unzip|slim
tzdata|--no-install-recommends|tzdata|slim
locales|--no-install-recommends|locales|slim
default-jre-headless|--no-install-recommends|default-jre-headless|slim
nodejs|--no-install-recommends|nodejs|slim
imagemagick|--no-install-recommends|imagemagick|slim
buildpack-curl|--no-install-recommends|ca-certificates curl gnupg netbase wget|slim
curl-full||curl|full
git-full|--no-install-recommends|git|full
python3-full|--no-install-recommends|python3|full
buildpack-curl-full|--no-install-recommends|ca-certificates curl gnupg netbase wget|full
EOF
)

log() { printf '[measure-apt-deltas] %s\n' "$*" >&2; }
[ "$(id -u)" = 0 ] || { log 'run as root (debootstrap, chroot, mount)'; exit 1; }
command -v debootstrap >/dev/null || { log 'apt-get install -y debootstrap'; exit 1; }
mkdir -p "$WORK/debs/partial" "$(dirname "$OUT")"

MOUNTED=()
umount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTED[$i]}" 2>/dev/null || true; done
  MOUNTED=()
}
trap umount_all EXIT
mount_chroot() { # <root> [with-debs]
  local root="$1"
  mount -t proc proc "$root/proc" && MOUNTED+=("$root/proc")
  mount --bind /dev "$root/dev" && MOUNTED+=("$root/dev")
  if [ "${2:-}" = with-debs ]; then
    mkdir -p "$root/debcache"
    mount --bind "$WORK/debs" "$root/debcache" && MOUNTED+=("$root/debcache")
  fi
}
in_chroot() { # <root> cmd...
  local root="$1"; shift
  chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 HOME=/root "$@"
}

# ---- 1. debootstrap (cached) ----
if [ ! -f "$WORK/base-raw/.debootstrap-done" ]; then
  rm -rf "$WORK/base-raw"
  log "debootstrap --variant=minbase $SUITE $WORK/base-raw $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$WORK/base-raw" "$MIRROR" >"$WORK/debootstrap.log" 2>&1
  date -u +%Y-%m-%dT%H:%M:%SZ >"$WORK/base-raw/.debootstrap-done"
fi

# ---- 2. configure like debian:bookworm-slim (debuerreotype minimizing-config + slimify) ----
if [ ! -f "$WORK/base/.configured" ]; then
  rm -rf "$WORK/base"
  cp -a "$WORK/base-raw" "$WORK/base"
  B="$WORK/base"
  # debuerreotype-debian-sources-list: the official image's source set (deb822 since bookworm)
  rm -f "$B/etc/apt/sources.list"
  cat >"$B/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # debuerreotype-minimizing-config (comments trimmed)
  printf '#!/bin/sh\nexit 101\n' >"$B/usr/sbin/policy-rc.d"
  chmod 0755 "$B/usr/sbin/policy-rc.d"
  echo 'force-unsafe-io' >"$B/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$B/etc/apt/apt.conf.d/docker-autoremove-suggests"
  clean='"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true";'
  cat >"$B/etc/apt/apt.conf.d/docker-clean" <<EOF
DPkg::Post-Invoke { $clean };
APT::Update::Post-Invoke { $clean };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::GzipIndexes "true";' >"$B/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"$B/etc/apt/apt.conf.d/docker-no-languages"
  # debuerreotype-slimify: scripts/.slimify-excludes / .slimify-includes
  # (github.com/debuerreotype/debuerreotype, as read for this benchmark; see bench/accuracy/README.md)
  excludes=('/usr/share/doc/*' '/usr/share/groff/*' '/usr/share/info/*' '/usr/share/linda/*' '/usr/share/lintian/overrides/*' '/usr/share/locale/*' '/usr/share/man/*')
  includes=('/usr/share/doc/*/copyright' '/usr/share/doc/kde/HTML/C/*' '/usr/share/gnome/help/*/C/*' '/usr/share/locale/all_languages' '/usr/share/locale/currency/*' '/usr/share/locale/l10n/*' '/usr/share/locale/languages' '/usr/share/locale/locale.alias' '/usr/share/omf/*/*-C.emf')
  {
    echo '# This is the "slim" variant of the Debian base image.'
    for e in "${excludes[@]}"; do echo "path-exclude $e"; done
    for i in "${includes[@]}"; do echo "path-include $i"; done
  } >"$B/etc/dpkg/dpkg.cfg.d/docker"
  # remove what the excludes cover from the already installed base, as slimify does (dpkg matches
  # with fnmatch() without FNM_PATHNAME, so '*' also matches '/': Python's fnmatchcase is the same)
  python3 - "$B" "${excludes[*]}" "${includes[*]}" <<'PY' # (word lists: no spaces in the patterns)
import fnmatch, os, sys
root, exc, inc = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
for e in exc:
    top = root + os.path.dirname(e)
    if not os.path.isdir(top):
        continue
    for d, dirs, files in os.walk(top, topdown=False):
        for n in files:
            p = os.path.join(d, n); r = p[len(root):]
            if os.path.islink(p) or not fnmatch.fnmatchcase(r, e) or any(fnmatch.fnmatchcase(r, i) for i in inc):
                continue
            os.unlink(p)
    for _ in range(3):  # dangling symlinks and empty directories
        for d, dirs, files in os.walk(top, topdown=False):
            for n in files + dirs:
                p = os.path.join(d, n)
                if os.path.islink(p):
                    t = os.readlink(p)
                    t = root + t if t.startswith('/') else os.path.join(d, t)
                    if not os.path.exists(t):
                        os.unlink(p)
                elif os.path.isdir(p) and not os.listdir(p):
                    os.rmdir(p)
PY
  mount_chroot "$B"
  in_chroot "$B" apt-get update -qq
  in_chroot "$B" apt-get -y -qq -o Dpkg::Options::=--force-confold dist-upgrade >"$WORK/base-upgrade.log" 2>&1
  umount_all
  rm -rf "$B/var/log/apt/"* "$B/var/log/dpkg.log" "$B/var/cache/apt/"*.bin
  date -u +%Y-%m-%dT%H:%M:%SZ >"$B/.configured"
fi

# ---- 3. measure every set ----
RESULTS="$WORK/results.jsonl"
: >"$RESULTS"
want=" $* "
while IFS='|' read -r id flags pkgs variant; do
  [ -n "$id" ] || continue
  if [ $# -gt 0 ] && [[ "$want" != *" $id "* ]]; then continue; fi
  W="$WORK/work"
  umount_all
  rm -rf "$W"
  cp -a --reflink=auto "$WORK/base" "$W"
  [ "$variant" = full ] && rm -f "$W/etc/dpkg/dpkg.cfg.d/docker"
  mount_chroot "$W" with-debs
  log "$id: apt-get install -y $flags $pkgs ($variant)"
  start=$(date +%s)
  # shellcheck disable=SC2086
  if ! in_chroot "$W" apt-get install -y -q $flags -o Dir::Cache::Archives=/debcache/ $pkgs >"$WORK/$id.log" 2>&1; then
    log "$id: apt-get failed, see $WORK/$id.log"
    umount_all
    continue
  fi
  secs=$(( $(date +%s) - start ))
  umount_all
  rmdir "$W/debcache"
  python3 - "$WORK/base" "$W" "$id" "$flags" "$pkgs" "$variant" "$secs" >>"$RESULTS" <<'PY'
import json, os, stat, sys
base, work, sid, flags, pkgs, variant, secs = sys.argv[1:]
SKIP = ('/proc', '/dev', '/sys', '/run', '/tmp', '/var/lib/apt/lists', '/var/cache/apt', '/debcache')
def walk(root):
    out = {}
    for d, dirs, files in os.walk(root):
        rel = d[len(root):] or '/'
        if rel.startswith(SKIP) and rel not in ('/',):
            dirs[:] = []
            continue
        for n in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            p = os.path.join(d, n)
            r = p[len(root):]
            if r.startswith(SKIP) or r == '/.configured':
                continue
            st = os.lstat(p)
            link = os.readlink(p) if stat.S_ISLNK(st.st_mode) else None
            out[r] = (st.st_size, st.st_mtime_ns, stat.S_IFMT(st.st_mode), link, (st.st_dev, st.st_ino), st.st_nlink)
    return out
b, w = walk(base), walk(work)
def category(r):
    if r.startswith('/var/log/'): return 'log'
    if r.startswith('/var/lib/dpkg/'): return 'dpkgDb'
    if r.startswith('/var/cache/debconf/'): return 'debconf'
    if '/__pycache__/' in r or r.endswith('.pyc'): return 'pyc'
    if r.startswith('/usr/share/doc/'): return 'doc'
    if r.startswith('/usr/share/locale/'): return 'locale'
    if r.startswith(('/usr/share/man/', '/usr/share/info/', '/usr/share/groff/')): return 'man'
    if r.startswith('/etc/'): return 'etc'
    if r.startswith('/usr/'): return 'usr'
    return 'other'
seen = set()
cats = {}
layer = modified = new_files = 0
for r, v in w.items():
    old = b.get(r)
    if old is not None and old[:4] == v[:4]:
        continue
    if v[2] == stat.S_IFDIR:
        continue
    if v[5] > 1:
        if v[4] in seen: continue
        seen.add(v[4])
    c = category(r)
    cats[c] = cats.get(c, 0) + v[0]
    if c == 'log': continue
    layer += v[0]
    if old is None: new_files += 1
    else: modified += v[0]
def total(t):
    s, ino = 0, set()
    for r, v in t.items():
        if r.startswith('/var/log/') or v[2] == stat.S_IFDIR: continue
        if v[5] > 1:
            if v[4] in ino: continue
            ino.add(v[4])
        s += v[0]
    return s
def status(root):
    pk = {}
    cur = {}
    with open(root + '/var/lib/dpkg/status', encoding='utf-8', errors='replace') as f:
        for line in f.read().split('\n') + ['']:
            if not line:
                if cur.get('Status', '').endswith(' installed'):
                    pk[cur['Package']] = (cur.get('Version', ''), int(cur.get('Installed-Size', '0') or 0))
                cur = {}
            elif not line.startswith(' ') and ':' in line:
                k, _, v = line.partition(':')
                cur[k] = v.strip()
    return pk
sb, sw = status(base), status(work)
newp = {k: v for k, v in sw.items() if k not in sb}
changedp = {k: v for k, v in sw.items() if k in sb and sb[k] != v}
print(json.dumps({
    'id': sid, 'packages': pkgs.split(), 'flags': flags.split(), 'base': variant,
    'layerBytes': layer, 'deltaBytes': total(w) - total(b), 'modifiedExistingBytes': modified, 'newFiles': new_files,
    'logBytes': cats.get('log', 0),
    'byCategory': {k: v for k, v in sorted(cats.items()) if k != 'log'},
    'installedPackages': len(newp),
    'installedSizeBytes': sum(v[1] for v in newp.values()) * 1024,
    'installed': {k: {'version': v[0], 'installedKiB': v[1]} for k, v in sorted(newp.items())},
    'upgradedInBase': sorted(changedp),
    'installSeconds': int(secs),
}))
PY
  rm -rf "$W"
  log "$id: $(tail -n1 "$RESULTS" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["layerBytes"], "bytes in layer,", d["installedPackages"], "packages")')"
done <<<"$SETS"

# ---- 4. write bench/accuracy/apt-deltas.json (merge with existing sets when only some were run) ----
python3 - "$RESULTS" "$OUT" "$WORK" "$MIRROR" "$SECURITY_MIRROR" "$SCRIPT_NAME" "$SUITE" <<'PY'
import glob, json, os, re, subprocess, sys, datetime
results, out, work, mirror, secmirror, script, suite = sys.argv[1:]
new = [json.loads(l) for l in open(results) if l.strip()]
old = {}
if os.path.exists(out):
    try:
        old = {s['id']: s for s in json.load(open(out)).get('sets', [])}
    except Exception:
        pass
for s in new: old[s['id']] = s
release = {}
for f in glob.glob(work + '/base/var/lib/apt/lists/*InRelease'):
    m = re.search(r'^Date: (.*)$', open(f, errors='replace').read(), re.M)
    if m: release[os.path.basename(f).replace('_InRelease', '')] = m.group(1)
dv = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'debootstrap'], capture_output=True, text=True).stdout
def chroot_ver(pkg):
    try:
        return subprocess.run(['chroot', work + '/base', 'dpkg-query', '-W', '-f=${Version}', pkg], capture_output=True, text=True).stdout
    except Exception:
        return ''
# Per .deb (every package the sets installed, from the shared cache): regular-file bytes and what
# the slim path-exclude/-include rules keep, for server/data/apt/calibration.json.
import fnmatch
EXC = ['/usr/share/doc/*', '/usr/share/groff/*', '/usr/share/info/*', '/usr/share/linda/*', '/usr/share/lintian/overrides/*', '/usr/share/locale/*', '/usr/share/man/*']
INC = ['/usr/share/doc/*/copyright', '/usr/share/doc/kde/HTML/C/*', '/usr/share/gnome/help/*/C/*', '/usr/share/locale/all_languages', '/usr/share/locale/currency/*', '/usr/share/locale/l10n/*', '/usr/share/locale/languages', '/usr/share/locale/locale.alias', '/usr/share/omf/*/*-C.emf']
def kept(path):
    keep = True
    for e in EXC:
        if fnmatch.fnmatchcase(path, e): keep = False
    if not keep:
        for i in INC:
            if fnmatch.fnmatchcase(path, i): keep = True
    return keep
debs = {}
for f in sorted(glob.glob(work + '/debs/*.deb')):
    fields = subprocess.run(['dpkg-deb', '-f', f, 'Package', 'Version', 'Installed-Size'], capture_output=True, text=True).stdout
    meta = dict(l.split(': ', 1) for l in fields.strip().split('\n') if ': ' in l)
    listing = subprocess.run(['dpkg-deb', '-c', f], capture_output=True, text=True).stdout
    total = keptb = files = 0
    for line in listing.splitlines():
        parts = line.split(None, 5)
        if len(parts) < 6 or not parts[0].startswith('-'): continue
        size, p = int(parts[2]), parts[5].split(' -> ')[0]
        p = p[1:] if p.startswith('./') else p
        p = '/' + p.lstrip('/')
        total += size; files += 1
        if kept(p): keptb += size
    name = meta.get('Package', os.path.basename(f))
    prev = debs.get(name)
    if prev and prev['version'] >= meta.get('Version', ''): continue
    debs[name] = {'version': meta.get('Version', ''), 'installedKiB': int(meta.get('Installed-Size', '0') or 0), 'files': files, 'bytes': total, 'slimKeptBytes': keptb}
doc = {
    'what': ('debs: per downloaded .deb, its regular-file bytes and those the slim dpkg rules keep. sets: bytes `apt-get install -y [flags] <packages>` adds to a debian:SUITE-slim-like root filesystem (amd64), measured in a debootstrap chroot. layerBytes = sum of sizes of new or modified non-directory files (whole file when modified, hard links once), i.e. what Docker would put in the layer (moby pkg/directory.Size on the overlay2 diff), excluding /var/lib/apt/lists, /var/cache/apt, /var/log (see logBytes), /proc, /dev, /sys, /run, /tmp. deltaBytes = total apparent size after minus before (same exclusions). byCategory splits layerBytes; dpkgDb is /var/lib/dpkg (status rewritten whole + info/*.list/md5sums), which Installed-Size does not count. installedSizeBytes = sum of Installed-Size (KiB*1024) of the newly installed packages as dpkg recorded it.').replace('SUITE', suite),
    'method': 'debootstrap --variant=minbase %s; debuerreotype minimizing-config (policy-rc.d, docker-clean, docker-gzip-indexes, docker-no-languages, docker-autoremove-suggests, docker-apt-speedup) and slimify (dpkg.cfg.d/docker path-exclude/-include, excluded files removed from the base); sources %s %s, %s-updates, %s-security %s; apt-get update && apt-get dist-upgrade in the base; then per set a cp -a copy of the base, chroot apt-get install. base "full" = the same without /etc/dpkg/dpkg.cfg.d/docker (like debian:%s, not -slim).' % (suite, mirror, suite, suite, suite, secmirror, suite),
    'script': script,
    'mirror': mirror,
    'securityMirror': secmirror,
    'suite': suite,
    'arch': subprocess.run(['dpkg', '--print-architecture'], capture_output=True, text=True).stdout.strip(),
    'releaseDates': dict(sorted(release.items())),
    'debootstrapVersion': dv,
    'aptVersionInChroot': chroot_ver('apt'),
    'dpkgVersionInChroot': chroot_ver('dpkg'),
    # /var/lib/dpkg/status + status-old of the base: what every install rewrites at least
    'baseDpkgStatusBytes': sum(os.path.getsize(work + '/base/var/lib/dpkg/' + f) for f in ('status', 'status-old')),
    'baseCreated': open(work + '/base-raw/.debootstrap-done').read().strip(),
    'measuredAt': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
    'sets': sorted(old.values(), key=lambda s: s['id']),
    'debs': debs,
}
json.dump(doc, open(out, 'w'), indent=1)
open(out, 'a').write('\n')
print('wrote', out, len(doc['sets']), 'sets', file=sys.stderr)
PY
