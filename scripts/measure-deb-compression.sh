#!/usr/bin/env bash
# gzip -6 ratio of what `-dev` packages put in a layer, against the other packages of the same installs.
# Writes compression.json `ratios["dev-packages"]` and `measurements["dev-packages"]`.
#
# Why: the apt part of a layer was priced at the ELF-binary ratio (0.389) whatever it held; headers and
# static libraries compress much better, and every dev-heavy official layer came out too big.
#
# The packages are the 250 .debs of the chroot sets in bench/accuracy/apt-deltas.json (`debs`), downloaded
# again at the suite's current versions with `apt-get download` (a Debian host with deb.debian.org in its
# sources). Each .deb's files minus what the -slim/minimized dpkg rules drop (usr/share/doc except the
# copyright files, man, info, locale, groff, lintian/overrides, linda) are written as one ustar stream and
# gzipped at level 6; ratio = gzip bytes / file bytes, pooled over the class.
#
# Usage: scripts/measure-deb-compression.sh [suite]   (default bookworm; about 250 MB of downloads, 1 min)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
suite="${1:-bookworm}"
work="${DEB_COMPRESSION_WORK:-${TMPDIR:-/tmp}/dockerfile-size-hints-deb-compression}/$suite"
mkdir -p "$work"
cd "$work"
python3 -c 'import json,sys; print("\n".join(sorted(json.load(open(sys.argv[1]))["debs"])))' "$root/bench/accuracy/apt-deltas.json" |
  sed "s|\$|/$suite|" | xargs apt-get download -qq
python3 - "$work" "$root/server/data/compression.json" "$suite" <<'EOF'
import glob, gzip, io, json, os, re, subprocess, sys, tarfile, datetime
work, out_path, suite = sys.argv[1:4]
EXCL = re.compile(r'^\./usr/share/(doc|man|info|locale|groff|lintian/overrides|linda)/')
KEEP = re.compile(r'^\./usr/share/doc/[^/]+/copyright$')
rows = {}
for deb in sorted(glob.glob(os.path.join(work, '*.deb'))):
    name = os.path.basename(deb).split('_')[0]
    raw = subprocess.run(['dpkg-deb', '--fsys-tarfile', deb], capture_output=True, check=True).stdout
    src = tarfile.open(fileobj=io.BytesIO(raw))
    buf = io.BytesIO()
    dst = tarfile.open(fileobj=buf, mode='w', format=tarfile.USTAR_FORMAT)
    size = 0
    for m in src.getmembers():
        if EXCL.match(m.name) and not KEEP.match(m.name):
            continue
        if m.isfile():
            size += m.size
            dst.addfile(m, src.extractfile(m))
        else:
            dst.addfile(m)
    dst.close()
    rows[name] = (size, len(gzip.compress(buf.getvalue(), compresslevel=6)))
def pooled(names):
    b = sum(rows[n][0] for n in names)
    g = sum(rows[n][1] for n in names)
    return b, g, round(g / b, 3)
dev = sorted(n for n in rows if n.endswith('-dev'))
other = sorted(n for n in rows if not n.endswith('-dev'))
db, dg, dr = pooled(dev)
ob, og, orr = pooled(other)
data = json.load(open(out_path))
data['ratios']['dev-packages'] = dr
data['measurements']['dev-packages'] = {
    'ratio': dr,
    'packages': len(dev),
    'fileBytes': db,
    'gzipBytes': dg,
    'description': "files of `-dev` packages (C headers, static libraries, pkg-config and cmake files) as a -slim base keeps them",
    'names': dev,
    'otherPackagesRatio': orr,
    'otherPackages': len(other),
    'source': f"scripts/measure-deb-compression.sh {suite} on {datetime.date.today().isoformat()}: the .debs of bench/accuracy/apt-deltas.json at {suite}'s current versions, slim path-excludes applied, ustar + gzip -6",
}
with open(out_path, 'w') as f:
    f.write(json.dumps(data, indent=1, ensure_ascii=False) + '\n')
print(f'dev-packages: {len(dev)} packages, {db} B -> {dg} B gzip, ratio {dr}; other packages: {len(other)}, ratio {orr}')
EOF
