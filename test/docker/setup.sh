#!/usr/bin/env bash
# Installs what the real-build tests need (as root, on a clean Debian machine) and makes the base-image
# tarballs. Usage:
#   test/docker/setup.sh install        apt-get install docker.io debootstrap podman buildah docker-registry (what is missing)
#   test/docker/setup.sh base DIR       make DIR/bookworm.tar and DIR/bookworm-slim.tar (cached: does nothing if both exist)
#   test/docker/setup.sh rpmbase DIR    make DIR/rpm-tools-<spec hash>.tar (cached): bookworm + Debian's dnf and zypper, and
#                                       beside it DIR/rpm-repo-<hash>/, an rpm repository of stand-in packages (rpm/stand-in.spec)
#                                       that the image reads at http://rpm-stand-in.test:8080/ (engine.mjs serves it); prints its path
#   test/docker/setup.sh buildkit DIR   unpack trixie's docker.io (dockerd 26, BuildKit builder) under DIR once; prints
#                                       the dockerd path (BuildKit-only syntax: heredocs, which buildah 1.28 lacks)
# The tarballs imitate the official debian:bookworm / debian:bookworm-slim images (debuerreotype): no apt lists,
# no .debs, the docker-clean / gzip-indexes / no-languages / autoremove-suggests apt configuration, deb822
# sources for bookworm, bookworm-updates and bookworm-security; slim also drops docs, man pages and locales
# and tells dpkg to keep dropping them, as debuerreotype-slimify does.
set -euo pipefail

need_install() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v podman >/dev/null || missing+=(podman)
  command -v buildah >/dev/null || missing+=(buildah)
  command -v docker-registry >/dev/null || missing+=(docker-registry) # test/engine's push test
  if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || { echo "setup.sh: need root to install ${missing[*]}" >&2; exit 1; }
    echo "setup.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" uidmap fuse-overlayfs ca-certificates >&2 || \
      apt-get install -y -qq "${missing[@]}" >&2
  fi
}

slimify() { # $1 rootfs: what debuerreotype-slimify removes, and the dpkg config that keeps it removed
  local r=$1
  mkdir -p "$r/etc/dpkg/dpkg.cfg.d"
  cat > "$r/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
# This is the "slim" variant of the Debian base image.
# Many files which are normally unnecessary in containers are excluded,
# and this configuration file keeps them that way.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
CFG
  find "$r/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete 2>/dev/null || true
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  rm -rf "$r/usr/share/groff/"* "$r/usr/share/info/"* "$r/usr/share/linda/"* "$r/usr/share/lintian/overrides/"* \
    "$r/usr/share/locale/"* "$r/usr/share/man/"*
}

dockerize() { # $1 rootfs: debuerreotype's minimizing config, as in the official image
  local r=$1 c=$1/etc/apt/apt.conf.d
  cat > "$c/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  echo 'Acquire::GzipIndexes "true";' > "$c/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' > "$c/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$c/docker-autoremove-suggests"
  rm -f "$r/etc/apt/sources.list"
  cat > "$r/etc/apt/sources.list.d/debian.sources" <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"*.bin "$r/var/log/"*.log "$r/var/log/apt/"* "$r/debootstrap"
  find "$r/var/cache/apt/archives" -name '*.deb' -delete
  mkdir -p "$r/var/lib/apt/lists/partial"
  : > "$r/etc/hostname"; : > "$r/etc/resolv.conf"
  # This machine's own CAs (a TLS-intercepting egress proxy): like any public CA they only count once the
  # image installs ca-certificates (update-ca-certificates reads this folder), so https without
  # ca-certificates still fails as it does on the official image.
  mkdir -p "$r/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$r/usr/local/share/ca-certificates/" 2>/dev/null || true
}

make_base() {
  local out=$1
  [ -s "$out/bookworm.tar" ] && [ -s "$out/bookworm-slim.tar" ] && return 0
  command -v debootstrap >/dev/null || need_install
  mkdir -p "$out"
  WORK=$(mktemp -d "$out/.work.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  local work=$WORK
  echo "setup.sh: debootstrap --variant=minbase bookworm (≈30 s)" >&2
  debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 || {
    tail -5 "$work/debootstrap.log" >&2; exit 1; }
  dockerize "$work/rootfs"
  tar --numeric-owner -C "$work/rootfs" -cf "$work/bookworm.tar" .
  slimify "$work/rootfs"
  tar --numeric-owner -C "$work/rootfs" -cf "$work/bookworm-slim.tar" .
  mv "$work/bookworm.tar" "$work/bookworm-slim.tar" "$out/"
}

make_buildkit() { # $1 cache folder: trixie's dockerd, verified against the Packages index, unpacked once
  local out=$1 arch pkg file sha ver dir
  arch=$(dpkg --print-architecture)
  mkdir -p "$out"
  # The newest trixie docker.io: its Filename and SHA256 from the signed suite's Packages index (over http,
  # like apt; the index itself is not checked against the Release signature here, the .deb against the index).
  pkg=$(curl -fsS --max-time 60 "http://deb.debian.org/debian/dists/trixie/main/binary-$arch/Packages.xz" | xz -d |
    awk '/^Package: docker\.io$/{p=1} p&&/^Version:/{v=$2} p&&/^Filename:/{f=$2} p&&/^SHA256:/{s=$2} p&&/^$/{if(!d)print v, f, s; d=1; p=0}') || true
  if [ -z "$pkg" ]; then
    # Offline or index unreachable: the newest unpacked copy, if any.
    dir=$(ls -d "$out"/*/usr/sbin 2>/dev/null | sort -V | tail -1)
    [ -n "$dir" ] || { echo "setup.sh: cannot read trixie's Packages index and no cached dockerd" >&2; exit 1; }
    echo "$dir/dockerd"; return 0
  fi
  read -r ver file sha <<<"$pkg"
  dir="$out/$ver"
  if [ ! -x "$dir/usr/sbin/dockerd" ]; then
    echo "setup.sh: downloading trixie's docker.io $ver (≈23 MB) for BuildKit builds" >&2
    local tmp; tmp=$(mktemp -d "$out/.work.XXXXXX")
    curl -fsS --max-time 600 -o "$tmp/docker.deb" "http://deb.debian.org/debian/$file"
    echo "$sha  $tmp/docker.deb" | sha256sum -c --quiet - >&2 || { rm -rf "$tmp"; echo "setup.sh: docker.io $ver: SHA256 mismatch" >&2; exit 1; }
    dpkg-deb -x "$tmp/docker.deb" "$tmp/root"
    rm -rf "$dir"; mv "$tmp/root" "$dir"; rm -rf "$tmp"
  fi
  "$dir/usr/sbin/dockerd" --version >&2
  echo "$dir/usr/sbin/dockerd"
}

# Stand-in packages of the local rpm repository: name, payload bytes, random bytes (as base64) in the description.
# Names that Fedora and openSUSE have (and Debian's minbase has not), so a case reads like a real Dockerfile.
# man-pages, installed by no case, makes the metadata ≈ 1.5 MB compressed: a cache worth cleaning (Fedora's
# own is ≈ 100 MB), so the builds show the saving of `dnf clean all` and `zypper clean -a`, not only no growth.
RPM_PACKAGES="tree:2000000:0 jq:1000000:0 nano:500000:0 man-pages:100000:1500000"

make_rpmbase() { # $1 cache folder (the bases' one): the tools image for the dnf/yum/zypper cases, made once
  local out=$1 here spec hash tar
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  spec=$here/rpm/stand-in.spec
  # Keyed by the spec, the package list and this function: a change makes a new tarball.
  hash=$( { cat "$spec"; echo "$RPM_PACKAGES"; declare -f make_rpmbase; } | sha1sum | cut -c1-8)
  tar=$out/rpm-tools-$hash.tar
  # The repository beside the tarball, served over http by engine.mjs (startRpmRepo), not inside the image.
  if [ -s "$tar" ] && [ -s "$out/rpm-repo-$hash/repodata/repomd.xml" ]; then echo "$tar"; return 0; fi
  make_base "$out"
  local missing=()
  command -v rpmbuild >/dev/null || missing+=(rpm)
  command -v createrepo_c >/dev/null || missing+=(createrepo-c)
  if ((${#missing[@]})); then
    echo "setup.sh: installing ${missing[*]} (to build the local rpm repository)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || {
      apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2; }
  fi
  WORK=$(mktemp -d "$out/.rpm.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  local work=$WORK r=$WORK/rootfs p
  echo "setup.sh: rpm tools image: bookworm + dnf + zypper, local rpm repository ($RPM_PACKAGES)" >&2
  # The repository: noarch stand-ins built with rpmbuild, indexed by createrepo_c.
  mkdir -p "$work/repo"
  local name payload desc
  for p in $RPM_PACKAGES; do
    IFS=: read -r name payload desc <<<"$p"
    head -c "$desc" /dev/urandom | base64 -w 76 > "$work/description"
    rpmbuild -bb --quiet --define "_topdir $work/top" --define "pkgname $name" --define "payload $payload" \
      --define "descfile $work/description" "$spec" >&2
  done
  cp "$work"/top/RPMS/noarch/*.rpm "$work/repo/"
  createrepo_c -q --no-database "$work/repo" >&2
  # The tools: Debian's dnf 4 and zypper on the bookworm base (yum is dnf, as on RHEL 8 and later).
  mkdir "$r"
  tar -C "$r" -xf "$out/bookworm.tar"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  chroot "$r" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dnf zypper' \
    >"$work/apt.log" 2>&1 || { tail -5 "$work/apt.log" >&2; exit 1; }
  ln -sf dnf "$r/usr/bin/yum"
  # One rpm database for rpm, dnf and zypper, where the rpm distributions keep it (Debian's rpm macros put it
  # in ~/.rpmdb, zypper in /var/lib/rpm: a probe's `rpm -q` would not see what dnf installed).
  mkdir -p "$r/etc/rpm" "$r/var/lib/rpm"
  echo '%_dbpath /var/lib/rpm' > "$r/etc/rpm/macros"
  chroot "$r" rpm --initdb >&2
  mkdir -p "$r/etc/yum.repos.d" "$r/etc/dnf/vars" "$r/etc/zypp/repos.d"
  # No system-release package in the rpm database: dnf takes $releasever from its vars folder.
  echo 40 > "$r/etc/dnf/vars/releasever"
  cat > "$r/etc/yum.repos.d/fedora.repo" <<'REPO'
[fedora]
name=Stand-in repository (local; test/docker/setup.sh rpmbase)
baseurl=http://rpm-stand-in.test:8080/
gpgcheck=0
REPO
  cat > "$r/etc/zypp/repos.d/repo-oss.repo" <<'REPO'
[repo-oss]
name=Stand-in repository (local; test/docker/setup.sh rpmbase)
enabled=1
autorefresh=1
baseurl=http://rpm-stand-in.test:8080/
type=rpm-md
gpgcheck=0
REPO
  rm -rf "$r/var/lib/apt/lists/"* "$r/var/cache/apt/"*.bin "$r/var/log/"*.log "$r/var/log/apt/"*
  mkdir -p "$r/var/lib/apt/lists/partial"
  : > "$r/etc/resolv.conf"
  tar --numeric-owner -C "$r" -cf "$work/rpm-tools.tar" .
  rm -rf "$out"/rpm-tools-*.tar "$out"/rpm-repo-* # an older spec's
  mv "$work/repo" "$out/rpm-repo-$hash"
  mv "$work/rpm-tools.tar" "$tar"
  echo "$tar"
}

case "${1:-}" in
  install) need_install ;;
  base) make_base "${2:?base DIR}" ;;
  rpmbase) make_rpmbase "${2:?rpmbase DIR}" ;;
  buildkit) make_buildkit "${2:?buildkit DIR}" ;;
  *) echo "usage: setup.sh install | base DIR | rpmbase DIR | buildkit DIR" >&2; exit 2 ;;
esac
