#!/bin/bash
# What an `apt-get install … && … && apt-get purge --autoremove …` RUN leaves in its layer besides the packages'
# own files: measured as the overlayfs upper directory of that RUN (what the classic builder ships; BuildKit's
# differ also drops copy-ups that kept the lower file's size and mtime), in a debootstrapped Ubuntu chroot with the
# official image's apt/dpkg settings (docker-clean, gzip indexes, path-excludes) and a first layer of installed packages.
# Root; needs debootstrap, archive.ubuntu.com and the npm registry. Prints per-file sizes and gzip sizes.
#   sudo scripts/measure-apt-install-purge.sh [workdir]   (default: a new directory under /tmp)
#   BUILDKIT=1 sudo scripts/measure-apt-install-purge.sh [workdir]   also builds the RUN (and jq in, jq in and out) with
#       BuildKit on test/docker's private engine FROM the first layer `docker import`ed, and prints those layers
#   SUITE=jammy sudo scripts/measure-apt-install-purge.sh [workdir]   another Ubuntu release (default noble)
# Numbers of 2026-12-06 (noble, odoo's first-RUN packages, then odoo's `nodejs npm` + rtlcss + purge RUN):
# bench/accuracy/apt-install-purge-residue.json; jammy (odoo:17's base), 2026-12-07: apt-install-purge-residue-jammy.json.
set -euo pipefail
W=${1:-$(mktemp -d /tmp/apt-install-purge-XXXX)}
MIRROR=${MIRROR:-http://archive.ubuntu.com/ubuntu}
SUITE=${SUITE:-noble}
cd "$W"
[ -d root/etc ] || debootstrap --variant=minbase --arch=amd64 "$SUITE" root "$MIRROR" /usr/share/debootstrap/scripts/gutsy
printf 'deb %s %s main universe\ndeb %s %s-updates main universe\ndeb http://security.ubuntu.com/ubuntu %s-security main universe\n' "$MIRROR" "$SUITE" "$MIRROR" "$SUITE" "$SUITE" > root/etc/apt/sources.list
cat > root/etc/apt/apt.conf.d/docker-clean <<'X'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
X
echo 'Acquire::GzipIndexes "true";' > root/etc/apt/apt.conf.d/docker-gzip-indexes
echo 'Acquire::Languages "none";' > root/etc/apt/apt.conf.d/docker-no-languages
mkdir -p root/etc/dpkg/dpkg.cfg.d
printf 'path-exclude=/usr/share/man/*\npath-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\npath-exclude=/usr/share/groff/*\npath-exclude=/usr/share/info/*\npath-exclude=/usr/share/lintian/*\npath-exclude=/usr/share/linda/*\n' > root/etc/dpkg/dpkg.cfg.d/excludes
cp /etc/resolv.conf root/etc/resolv.conf
# A CA the machine's network needs (a proxy's), visible to node through NODE_EXTRA_CA_CERTS only.
cat /usr/local/share/ca-certificates/*.crt > root/tmp-host-ca.crt 2>/dev/null || true
bind() { for m in proc sys dev; do mount --bind /$m "$1/$m"; done; }
unbind() { for m in proc sys dev; do umount "$1/$m" || true; done; }
if [ ! -e first-layer.done ]; then
  bind root
  chroot root /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/bash -c 'apt-get update -q && apt-get install -y --no-install-recommends ca-certificates curl dirmngr gnupg libssl-dev node-less python3-magic python3-num2words python3-odf python3-pdfminer python3-pip python3-phonenumbers python3-pyldap python3-qrcode python3-renderpm python3-setuptools python3-slugify python3-vobject python3-watchdog python3-xlrd python3-xlwt xz-utils && rm -rf /var/lib/apt/lists/*'
  unbind root
  touch first-layer.done
fi
rm -rf upper work merged; mkdir upper work merged
mount -t overlay overlay -o lowerdir=root,upperdir=upper,workdir=work merged
bind merged
chroot merged /usr/bin/env NODE_EXTRA_CA_CERTS=/tmp-host-ca.crt DEBIAN_FRONTEND=noninteractive /bin/bash -xo pipefail -c \
  'apt-get update && apt-get install -y --no-install-recommends nodejs npm && npm install -g rtlcss && apt-get purge --autoremove -y npm && rm -rf /var/lib/apt/lists/*'
unbind merged
umount merged
cd upper
echo "installed before: $(chroot ../root dpkg-query -W | wc -l)  dpkg.log lines before: $(wc -l < ../root/var/log/dpkg.log)"
echo "layer (upper dir) gzip: $(tar cf - . | gzip -6 | wc -c)"
for d in usr/local root var/lib/dpkg var/log var/cache usr/share; do [ -e "$d" ] && echo "$d gzip $(tar cf - "$d" | gzip -6 | wc -c)"; done
for f in var/lib/dpkg/status var/lib/dpkg/status-old var/log/dpkg.log var/log/apt/history.log var/log/apt/eipp.log.xz var/cache/debconf/templates.dat var/cache/debconf/config.dat; do
  [ -e "$f" ] && echo "$f $(stat -c %s "$f") gzip $(gzip -6 < "$f" | wc -c) lower $(stat -c %s "../root/$f" 2>/dev/null || echo 0) $(cmp -s "$f" "../root/$f" && echo unchanged-copy-up)"
done
tail -n +$(( $(wc -l < ../root/var/log/dpkg.log) + 1 )) var/log/dpkg.log | awk '{print $3}' | sort | uniq -c

if [ -n "${BUILDKIT:-}" ]; then
  cd "$W"
  tar -C root --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* -cf root.tar .
  mkdir -p bk/odoo bk/jq bk/jq-purge
  printf 'FROM localhost/first-layer\nSHELL ["/bin/bash", "-xo", "pipefail", "-c"]\nENV NODE_EXTRA_CA_CERTS=/tmp-host-ca.crt\nRUN apt-get update &&     apt-get install -y --no-install-recommends nodejs npm     && npm install -g rtlcss     && apt-get purge --autoremove -y npm     && rm -rf /var/lib/apt/lists/*\n' > bk/odoo/Dockerfile
  printf 'FROM localhost/first-layer\nRUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*\n' > bk/jq/Dockerfile
  printf 'FROM localhost/first-layer\nRUN apt-get update && apt-get install -y --no-install-recommends jq && apt-get purge -y --autoremove jq && rm -rf /var/lib/apt/lists/*\n' > bk/jq-purge/Dockerfile
  REPO=$(cd "$(dirname "$0")/.." && pwd)
  W="$W" node --input-type=module -e "
    import { startEngine } from '$REPO/test/docker/engine.mjs';
    const w = process.env.W;
    const engine = await startEngine({ bases: false, buildkit: true });
    try {
      await engine.docker(['import', w + '/root.tar', 'localhost/first-layer']);
      for (const c of ['odoo', 'jq', 'jq-purge']) {
        const b = await engine.docker(['build', '--network', 'host', '-t', 'measure/' + c, w + '/bk/' + c]);
        if (b.code) throw new Error(c + ': ' + b.stderr.slice(-500));
        await engine.docker(['save', '-o', w + '/bk/' + c + '.tar', 'measure/' + c]);
      }
    } finally { await engine.stop(); }"
  for c in odoo jq jq-purge; do
    rm -rf "bk/$c/x" "bk/$c/layer"; mkdir -p "bk/$c/x" "bk/$c/layer"; tar -xf "bk/$c.tar" -C "bk/$c/x"
    L=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[0]['Layers'][-1])" "bk/$c/x/manifest.json")
    tar -xf "bk/$c/x/$L" -C "bk/$c/layer"
    echo "== BuildKit $c: layer gzip $(gzip -6 < "bk/$c/x/$L" | wc -c)"
    (cd "bk/$c/layer" && for d in usr/local root var/lib/dpkg var/log var/cache usr/share; do [ -e "$d" ] && echo "$d gzip $(tar cf - "$d" | gzip -6 | wc -c)"; done
     for f in var/lib/dpkg/status var/log/dpkg.log var/log/apt/history.log var/log/apt/term.log var/log/apt/eipp.log.xz var/cache/debconf/templates.dat var/cache/debconf/config.dat; do [ -e "$f" ] && echo "$f $(stat -c %s "$f") gzip $(gzip -6 < "$f" | wc -c)"; done)
  done
fi
