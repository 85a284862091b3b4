#!/usr/bin/env node
// Copies the base-image size data we need from ../shared/data (docker-library/repo-info snapshots)
// into server/data/base-images.json and server/data/base-packages.json, keeping provenance, and adds:
//  - family/suite/slimDpkg/parent per image (from the `os` field and the official Dockerfiles' FROM lines),
//  - tag aliases that the official images publish as shared tags,
//  - the on-disk/compressed ratio per OS family, measured on the images that have both sizes,
//  - the packages that official Dockerfiles leave installed on top of the OS base (DOCKERFILE_PACKAGES, read from
//    each repository's Dockerfiles) and their Depends/Pre-Depends closure, resolved here against server/data/apt
//    (the suite of the image) so nothing is resolved when the CLI starts.
//
// Usage: node scripts/gen-base-images.mjs [--shared <dir>] [--out <server/data dir>]
// (plain node: the apt resolver, server/src/core/data/aptDb.ts, is loaded through tsx's API)
import { addVersions, compactJson } from './gen-base-versions.mjs';
import { tsImport } from 'tsx/esm/api';
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const argValue = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? path.resolve(args[i + 1]) : fallback;
};
const sharedDir = argValue('--shared', path.resolve(repoRoot, '..', 'shared', 'data'));
const outDir = argValue('--out', path.join(repoRoot, 'server', 'data'));

const imagesIn = JSON.parse(readFileSync(path.join(sharedDir, 'base-images.json'), 'utf8'));
// Tags the shared snapshot lacks, transcribed from repo-info remote reports (see scripts/data/repo-info/README.md).
const repoInfoDir = path.join(repoRoot, 'scripts', 'data', 'repo-info');
const remoteIn = JSON.parse(readFileSync(path.join(repoInfoDir, 'remote-sizes.json'), 'utf8'));
const UBUNTU_LISTS = {
  'ubuntu:20.04': 'ubuntu-focal-20221130@72e4be7.json',
  'ubuntu:22.04': 'ubuntu-jammy-22.04@c577a25.json',
  'ubuntu:26.04': 'ubuntu-resolute@452725d.json',
};
const packagesIn = JSON.parse(readFileSync(path.join(sharedDir, 'base-packages.json'), 'utf8'));
// The shared README states when the snapshot was read; keep it with the data.
const readme = readFileSync(path.join(sharedDir, 'README.md'), 'utf8');
const readDate = /\bon (\d{4}-\d{2}-\d{2})/.exec(readme)?.[1] ?? statSync(path.join(sharedDir, 'base-images.json')).mtime.toISOString().slice(0, 10);

const UBUNTU_CODENAMES = { '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble', '26.04': 'resolute' };

/** family and suite from repo-info's `os` string, e.g. 'debian-trixie', 'ubuntu-22.04-jammy', 'alpine-3.24.2'. */
function classifyOs(os) {
  if (!os) return { family: 'unknown' };
  let m;
  if ((m = /^debian-(\w+)/.exec(os))) return { family: 'debian', suite: m[1] };
  if ((m = /^ubuntu-(\d+\.\d+)(?:-(\w+))?/.exec(os))) return { family: 'ubuntu', suite: m[2] ?? UBUNTU_CODENAMES[m[1]] ?? m[1] };
  if ((m = /^alpine-(\d+\.\d+)/.exec(os))) return { family: 'alpine', suite: m[1] };
  if (os === 'alpine') return { family: 'alpine' };
  if (os === 'alpine-edge') return { family: 'alpine', suite: 'edge' };
  if ((m = /^fedora-(\d+)/.exec(os))) return { family: 'fedora', suite: m[1] };
  if ((m = /^amazonlinux-(\d+)/.exec(os))) return { family: 'amazonlinux', suite: m[1] };
  if ((m = /^(?:almalinux|rockylinux|oraclelinux|rhel|ubi|centos)-(\d+)/.exec(os))) return { family: 'rhel', suite: m[1] };
  if (/^busybox/.test(os)) return { family: 'busybox' };
  return { family: 'unknown' };
}

// Parent image per the official Dockerfiles' FROM lines (docker-library/<repo>/<version>/<variant>/Dockerfile).
// buildpack-deps: curl FROM debian:<suite>, scm FROM <suite>-curl, full FROM <suite>-scm.
function parentOf(key, info) {
  const [repo, tag] = key.split(':');
  const { family, suite } = info;
  if (['debian', 'ubuntu', 'alpine', 'busybox', 'fedora', 'amazonlinux', 'almalinux'].includes(repo)) return undefined;
  if (family === 'alpine') return suite ? `alpine:${suite}` : undefined;
  if (repo === 'buildpack-deps') {
    if (tag.endsWith('-curl')) return `${family}:${suite}`;
    if (tag.endsWith('-scm')) return `buildpack-deps:${suite}-curl`;
    return `buildpack-deps:${suite}-scm`;
  }
  if (family === 'ubuntu') return `ubuntu:${suite}`;
  if (repo === 'openjdk' && !tag.includes('slim')) return 'oraclelinux:10-slim';
  if (family !== 'debian') return undefined;
  if (tag.includes('slim')) return `debian:${suite}-slim`;
  // Service images build FROM debian:<suite>-slim.
  if (['php', 'nginx', 'httpd', 'redis', 'postgres'].includes(repo)) return `debian:${suite}-slim`;
  if (repo === 'golang') return `buildpack-deps:${suite}-scm`;
  // python, node, ruby, rust, gcc full images.
  return `buildpack-deps:${suite}`;
}

// Packages that official Dockerfiles install with --no-install-recommends and keep, read from each repository's
// Dockerfiles (repo, path, commit in `source`). Only what stays: a RUN that installs build dependencies and then runs
// `apt-mark auto '.*'; apt-mark manual $savedAptMark; ... | xargs -r apt-mark manual; apt-get purge --auto-remove`
// (the docker-library pattern) keeps only the libraries ldd finds in the built binaries, which cannot be known without
// a local report of the image: those are left out (the set is a lower bound). `extends` adds another entry's list
// (the image's FROM when that image is not in the data under a key the chain walk reaches).
const DOCKERFILE_PACKAGES = {
  'buildpack-deps:bookworm-curl': {
    packages: ['ca-certificates', 'curl', 'netbase', 'wget', 'gnupg', 'dirmngr'],
    source: 'docker-library/buildpack-deps debian/bookworm/curl/Dockerfile@84e7e46026131a108a6480e5ed2969e8acf2d4e2',
  },
  'buildpack-deps:trixie-curl': {
    packages: ['ca-certificates', 'curl', 'gnupg', 'netbase', 'sq', 'wget'],
    source: 'docker-library/buildpack-deps debian/trixie/curl/Dockerfile@8330ca1d2319b779c8b7a8aa64bb40dbe568e1e2',
  },
  'buildpack-deps:<ubuntu>-curl': {
    packages: ['ca-certificates', 'curl', 'gnupg', 'netbase', 'wget', 'tzdata'],
    source: 'docker-library/buildpack-deps ubuntu/{focal,jammy,noble}/curl/Dockerfile (the RUN in the repo-info reports of buildpack-deps:focal/jammy/noble)',
  },
  'buildpack-deps:<suite>-scm': {
    packages: ['git', 'mercurial', 'openssh-client', 'subversion', 'procps'],
    source: 'docker-library/buildpack-deps debian/{bookworm,trixie}/scm/Dockerfile@bfa3f8f8/443a8d3c',
  },
  'buildpack-deps:<suite>': {
    packages: [
      'autoconf', 'automake', 'bzip2', 'dpkg-dev', 'file', 'g++', 'gcc', 'imagemagick', 'libbz2-dev', 'libc6-dev',
      'libcurl4-openssl-dev', 'libdb-dev', 'libevent-dev', 'libffi-dev', 'libgdbm-dev', 'libglib2.0-dev', 'libgmp-dev',
      'libjpeg-dev', 'libkrb5-dev', 'liblzma-dev', 'libmagickcore-dev', 'libmagickwand-dev', 'libmaxminddb-dev',
      'libncurses5-dev', 'libncursesw5-dev', 'libpng-dev', 'libpq-dev', 'libreadline-dev', 'libsqlite3-dev', 'libssl-dev',
      'libtool', 'libwebp-dev', 'libxml2-dev', 'libxslt-dev', 'libyaml-dev', 'make', 'patch', 'unzip', 'xz-utils',
      'zlib1g-dev', 'default-libmysqlclient-dev',
    ],
    source: 'docker-library/buildpack-deps debian/{bookworm,trixie}/Dockerfile@84e7e460/fdfe65ea',
  },
  // python:<v> (FROM buildpack-deps:<suite>): the first RUN keeps these; the build RUN purges its own (savedAptMark).
  'python:<debian>': {
    packages: ['libbluetooth-dev', 'tk-dev', 'uuid-dev'],
    source: 'docker-library/python 3.12/{trixie,bookworm}/Dockerfile@4f07059567fa61c80397126e8063dbbde011b794',
  },
  'python:<version>-slim': {
    packages: ['ca-certificates', 'netbase', 'tzdata'],
    source: 'docker-library/python 3.12/slim-trixie/Dockerfile@850e1ea3b8508bc0b2b4dd16de795e635beb81f3 (runtime dependencies)',
  },
  // golang:<v> (FROM buildpack-deps:<suite>-scm): "install cgo-related dependencies", kept (binutils-gold on arm64 only).
  'golang:<debian>': {
    packages: ['g++', 'gcc', 'libc6-dev', 'make', 'pkg-config'],
    source: 'docker-library/golang 1.26/{trixie,bookworm}/Dockerfile@7c8c182bfc19ee3169d0596ae63917d2c7166f94',
  },
  // php:<v>-{cli,fpm,zts} (FROM debian:<suite>-slim): $PHPIZE_DEPS and the runtime tools stay (the build RUN keeps
  // them: they are in its savedAptMark); libc-dev is a virtual name (libc6-dev).
  'php:<debian>': {
    packages: ['autoconf', 'dpkg-dev', 'file', 'g++', 'gcc', 'libc-dev', 'make', 'pkg-config', 're2c', 'ca-certificates', 'curl', 'xz-utils'],
    source: 'docker-library/php 8.4/trixie/{cli,fpm}/Dockerfile@445bf414f1d5866f7aef715f1203eae043710070 (PHPIZE_DEPS + ca-certificates curl xz-utils)',
  },
  'php:<debian>-apache': {
    packages: ['apache2'],
    extends: 'php:<debian>',
    source: 'docker-library/php 8.4/trixie/apache/Dockerfile@445bf414f1d5866f7aef715f1203eae043710070 (apache2)',
  },
  // ruby:<v>-slim: ca-certificates; ruby:<v> (FROM buildpack-deps) keeps nothing of its own (bison, dpkg-dev, ruby purged).
  'ruby:<slim>': {
    packages: ['ca-certificates'],
    source: 'docker-library/ruby 3.4/slim-{trixie,bookworm}/Dockerfile@d55e25ae709885250a4e9718c27a09f1e963ca79',
  },
  // rust:<v>-slim: wget is removed at the end of the same RUN; the rest stays.
  'rust:<slim>': {
    packages: ['ca-certificates', 'gcc', 'libc6-dev'],
    source: 'rust-lang/docker-rust stable/trixie/slim/Dockerfile@7668ee290612ac3ac42dbfcbdfae75120263d2c9',
  },
  // eclipse-temurin (FROM ubuntu:<release>): 17/21 install curl wget gnupg too; 25 fetches with wget/gnupg and purges them.
  'eclipse-temurin:<17|21>-jre': {
    packages: ['curl', 'wget', 'gnupg', 'fontconfig', 'ca-certificates', 'p11-kit', 'tzdata', 'locales'],
    source: 'adoptium/containers 21/jre/ubuntu/noble/Dockerfile@d8d18d67a32e2cbc765de68c30ea0998009df325',
  },
  'eclipse-temurin:<17|21>-jdk': {
    packages: ['binutils'],
    extends: 'eclipse-temurin:<17|21>-jre',
    source: 'adoptium/containers {17,21}/jdk/ubuntu/{jammy,noble,resolute}/Dockerfile@d8d18d67a32e2cbc765de68c30ea0998009df325',
  },
  'eclipse-temurin:<25>-jre': {
    packages: ['fontconfig', 'ca-certificates', 'p11-kit', 'tzdata', 'locales'],
    source: 'adoptium/containers 25/jre/ubuntu/noble/Dockerfile@d8d18d67a32e2cbc765de68c30ea0998009df325',
  },
  'eclipse-temurin:<25>-jdk': {
    packages: ['binutils'],
    extends: 'eclipse-temurin:<25>-jre',
    source: 'adoptium/containers 25/jdk/ubuntu/noble/Dockerfile@d8d18d67a32e2cbc765de68c30ea0998009df325',
  },
  // maven:<v>-eclipse-temurin-<N> FROM eclipse-temurin:<N>-jdk-noble. maven:latest/3.9 do not say which N: the 25 list,
  // the smallest (17/21 add curl wget gnupg), keeps the set a lower bound.
  'maven:<temurin>': {
    packages: ['ca-certificates', 'curl', 'git', 'openssh-client'],
    extends: 'eclipse-temurin:<25>-jdk',
    source: 'carlossg/docker-maven eclipse-temurin-{17,21,25}-noble/Dockerfile@0170c5bc5c25ffede66d5c2b4be718450ea2a05a',
  },
  'maven:<temurin-17|21>': {
    packages: ['ca-certificates', 'curl', 'git', 'openssh-client'],
    extends: 'eclipse-temurin:<17|21>-jdk',
    source: 'carlossg/docker-maven eclipse-temurin-{17,21}-noble/Dockerfile@0170c5bc5c25ffede66d5c2b4be718450ea2a05a',
  },
  // gradle:latest FROM eclipse-temurin:25-jdk-resolute (brz and git-lfs are in universe: named, not resolved).
  'gradle:<temurin>': {
    packages: ['make', 'curl', 'wget', 'tar', 'unzip', 'brz', 'git', 'git-lfs', 'mercurial', 'openssh-client', 'subversion'],
    extends: 'eclipse-temurin:<25>-jdk',
    source: 'gradle/docker-gradle jdk25-resolute/Dockerfile@528a647c5a6566c7204a46e423da6294df499a1a',
  },
  // ros:<distro>-ros-core (FROM ubuntu:<release>); ros-<distro>-* and python3-colcon-*/rosdep/vcstool come from
  // packages.ros.org (not in the Ubuntu index: named, their dependencies unknown).
  'ros:<ros-core>': {
    packages: ['tzdata', 'ca-certificates', 'curl', 'dirmngr', 'gnupg2', 'ros2-apt-source'],
    source: 'osrf/docker_images ros/{humble,jazzy}/ubuntu/{jammy,noble}/ros-core/Dockerfile@368c7cdeca656672395ae46662ac19b8dbe8bfe7 (+ ros-<distro>-ros-core)',
  },
  'ros:<ros-base>': {
    packages: ['build-essential', 'git', 'python3-colcon-common-extensions', 'python3-colcon-mixin', 'python3-rosdep', 'python3-vcstool'],
    extends: 'ros:<ros-core>',
    source: 'osrf/docker_images ros/{humble,jazzy}/ubuntu/{jammy,noble}/ros-base/Dockerfile@368c7cdeca656672395ae46662ac19b8dbe8bfe7 (+ ros-<distro>-ros-base)',
  },
  // nginx (FROM debian:<suite>-slim): gnupg1 is purged; nginx and its modules come from nginx.org (not Debian's
  // packages of those names: left out).
  'nginx:<debian>': {
    packages: ['ca-certificates', 'gettext-base', 'curl'],
    source: 'nginx/docker-nginx mainline/debian/Dockerfile@0d7f4380c735af5009aa364e27fafecd958fd4fa',
  },
  // postgres (FROM debian:<suite>-slim): postgresql-<major> itself comes from apt.postgresql.org (left out).
  'postgres:<debian>': {
    packages: ['gnupg', 'less', 'locales', 'libnss-wrapper', 'xz-utils', 'zstd', 'postgresql-common'],
    source: 'docker-library/postgres 16/{trixie,bookworm}/Dockerfile@6edb0a8c4def40c371514b34aef9037ec82d9110',
  },
  // httpd (FROM debian:<suite>-slim): the build RUN purges its build dependencies (ldd-kept libraries unknown).
  'httpd:<debian>': {
    packages: ['ca-certificates', 'libaprutil1-ldap', 'libldap-common'],
    source: 'docker-library/httpd 2.4/Dockerfile@9b63b37c9be3b42d16b924ebb40af3cc40793119',
  },
  // redis (FROM debian:<suite>-slim): tzdata stays; the build RUN's packages are purged (savedAptMark, ldd-kept
  // libraries left out). Read from the RUN lines of the builds in repo-info (the redis repository's Dockerfiles are
  // templated and not in the index).
  'redis:<debian>': {
    packages: ['tzdata'],
    source: 'repo-info repos/redis/remote/{latest,7}.md@0ae7309187d6256f5549f0408473cfa4a23383ea (RUN lines of redis 8.10.1 on trixie, 7.4.11 on bookworm)',
  },
  // memcached (FROM debian:<suite>-slim): SASL's plugins stay; the build RUN purges its own.
  'memcached:<debian>': {
    packages: ['libsasl2-modules'],
    source: 'docker-library/memcached 1/debian/Dockerfile@0cae68bd1c08a8251bad77c2a1a38049fcab420b (test/fixtures/official/memcached-1-trixie.Dockerfile)',
  },
  // wordpress (FROM php:<v>-apache / -fpm): ghostscript stays; the extension RUN keeps only ldd-found libraries.
  'wordpress:<debian>': {
    packages: ['ghostscript'],
    source: 'docker-library/wordpress latest/php8.3/apache/Dockerfile@06f28e291877002359e1075e4260123de5403551',
  },
  // mongo (FROM ubuntu:<release>): the first RUN stays, gnupg/wget are purged; mongodb-org-* come from repo.mongodb.org
  // (installed with Recommends: left out, their dependencies unknown).
  'mongo:<ubuntu>': {
    packages: ['ca-certificates', 'jq', 'numactl', 'procps'],
    source: 'docker-library/mongo {7.0,8.0}/Dockerfile@005cf595/0223203c (jammy, noble)',
  },
  // mariadb (FROM ubuntu:<release>): the first install stays (dirmngr gpg-agent wget after savedAptMark are purged);
  // mariadb-server/mariadb-backup come from archive.mariadb.org (left out), socat from Ubuntu.
  'mariadb:<noble>': {
    packages: ['ca-certificates', 'gpg', 'gpgv', 'libjemalloc2', 'libtcmalloc-minimal4t64', 'pwgen', 'tzdata', 'xz-utils', 'zstd', 'socat'],
    source: 'MariaDB/mariadb-docker 11.8/Dockerfile@15e640e948cccd9c05f7149f3d22ef1abd952de5 (mariadb:latest 12.3 assumed the same: not read)',
  },
  'mariadb:<jammy>': {
    packages: ['ca-certificates', 'gpg', 'gpgv', 'libjemalloc2', 'libtcmalloc-minimal4', 'pwgen', 'tzdata', 'xz-utils', 'zstd', 'socat'],
    source: 'repo-info repos/mariadb/remote/10.11.md@1e6022f47f1451d0a3710a548a15be93973641f4 (RUN lines of the 10.11.19 jammy build)',
  },
  // rabbitmq (FROM ubuntu:24.04; Erlang and OpenSSL are built in other stages and copied): ca-certificates gosu tzdata
  // stay, gnupg wget xz-utils are purged; -management downloads rabbitmqadmin and purges ca-certificates/wget again.
  'rabbitmq:<ubuntu>': {
    packages: ['ca-certificates', 'gosu', 'tzdata'],
    source: 'docker-library/rabbitmq 4.2/ubuntu/Dockerfile@00309be9729cd54aa525c35ac924fa026ee5e8a2, 4.2/ubuntu/management/Dockerfile@0d65bb3062384e57425fe1cb5153c9328b33904d',
  },
  // Read and keeping nothing beyond ldd-found libraries (no entry): node:<v>-slim installs ca-certificates curl wget
  // gnupg dirmngr xz-utils libatomic1, then `apt-mark auto '.*'` and purges all but what ldd finds
  // (nodejs/docker-node 24/trixie-slim/Dockerfile@00283124fb91d674f5a205507e47b2437b0c4847); node:<v> (FROM
  // buildpack-deps:<suite>) runs no apt-get. tomcat (FROM eclipse-temurin:25-jdk-noble, `parent` in remote-sizes.json)
  // purges ca-certificates curl gnupg and its build packages, keeping the ldd-found ones for Tomcat Native
  // (docker-library/tomcat 11.0/jdk25/temurin-noble/Dockerfile@0e603fcb2bf08830d981d53707e4aa389a74aa8d).
};

/** The DOCKERFILE_PACKAGES key for an image of the chain (its family/suite from `info`), or undefined. */
function dockerfilePackagesKey(key, info) {
  const [repo, tag] = key.split(':');
  const debianLike = info?.family === 'debian' || info?.family === 'ubuntu';
  if (!debianLike) return undefined;
  if (repo === 'buildpack-deps') {
    if (DOCKERFILE_PACKAGES[key]) return key;
    if (tag.endsWith('-curl')) return 'buildpack-deps:<ubuntu>-curl';
    if (tag.endsWith('-scm')) return 'buildpack-deps:<suite>-scm';
    if (!tag.includes('-')) return 'buildpack-deps:<suite>';
    return undefined;
  }
  if (info.family !== 'debian' && ['python', 'golang', 'php', 'ruby', 'rust'].includes(repo)) return undefined;
  if (repo === 'python') return tag.includes('slim') ? 'python:<version>-slim' : 'python:<debian>';
  if (repo === 'golang') return 'golang:<debian>';
  if (repo === 'php') return tag.includes('apache') ? 'php:<debian>-apache' : 'php:<debian>';
  if (repo === 'ruby') return tag.includes('slim') ? 'ruby:<slim>' : undefined;
  if (repo === 'rust') return tag.includes('slim') ? 'rust:<slim>' : undefined;
  if (repo === 'eclipse-temurin') {
    const m = /^(\d+)-(jdk|jre)/.exec(tag);
    const list = m && { 17: '17|21', 21: '17|21', 25: '25' }[m[1]];
    return list ? `eclipse-temurin:<${list}>-${m[2]}` : undefined;
  }
  if (repo === 'maven' && info.family === 'ubuntu') return /temurin-(17|21)\b/.test(tag) ? 'maven:<temurin-17|21>' : 'maven:<temurin>';
  if (repo === 'gradle' && info.family === 'ubuntu' && tag === 'latest') return 'gradle:<temurin>';
  if (repo === 'ros' && info.family === 'ubuntu') {
    if (/ros-core/.test(tag)) return 'ros:<ros-core>';
    // ros:<distro> is the ros-base image; desktop, perception … are not in the data.
    if (/ros-base/.test(tag) || /^[a-z]+$/.test(tag)) return 'ros:<ros-base>';
    return undefined;
  }
  if (repo === 'mongo' && info.family === 'ubuntu') return 'mongo:<ubuntu>';
  if (repo === 'mariadb' && info.family === 'ubuntu') return { noble: 'mariadb:<noble>', jammy: 'mariadb:<jammy>' }[info.suite];
  if (repo === 'rabbitmq' && info.family === 'ubuntu') return 'rabbitmq:<ubuntu>';
  if (info.family !== 'debian') return undefined;
  if (repo === 'redis') return 'redis:<debian>';
  if (repo === 'memcached') return 'memcached:<debian>';
  if (repo === 'wordpress') return 'wordpress:<debian>';
  if (repo === 'nginx') return 'nginx:<debian>';
  if (repo === 'postgres') return 'postgres:<debian>';
  if (repo === 'httpd') return 'httpd:<debian>';
  return undefined;
}

/** { packages, sources[] } of a DOCKERFILE_PACKAGES key with the lists it extends. */
function dockerfilePackagesOf(listKey) {
  const entry = DOCKERFILE_PACKAGES[listKey];
  const base = entry.extends ? dockerfilePackagesOf(entry.extends) : { packages: [], sources: [] };
  return { packages: [...base.packages, ...entry.packages], sources: [...base.sources, entry.source] };
}

// OS package list for a family/suite: debian full and -slim share one package set (the bookworm lists in
// the data are identical; slim only drops files), so one list serves both.
function osPackageListKey(info) {
  if (info.family === 'debian') {
    if (info.suite === 'bookworm') return 'debian:bookworm-slim';
    if (info.suite === 'trixie') return 'debian:trixie-slim';
  }
  if (info.family === 'ubuntu') {
    if (info.suite === 'focal') return 'ubuntu:20.04';
    if (info.suite === 'jammy') return 'ubuntu:22.04';
    if (info.suite === 'noble') return 'ubuntu:24.04';
    if (info.suite === 'resolute') return 'ubuntu:26.04';
  }
  // Only alpine 3.24 is listed; older releases differ (apk-tools 2 has no libapk), so they get none.
  if (info.family === 'alpine' && info.suite === '3.24') return 'alpine:latest';
  return undefined;
}

/**
 * Debian releases before bookworm (bullseye, buster, stretch: the 2023 builds of end-of-life lines) have no package
 * list and no index in the data: their installs are priced on bookworm's index (aptDb's stand-in suite), so bookworm's
 * OS list stands in for theirs, and their Dockerfile packages resolve on bookworm too. Without it an install on
 * ruby:2.7 resolved from nothing installed (libsqlite3-dev, which buildpack-deps has, priced at 167 MB).
 */
const OLD_DEBIAN = new Set(['stretch', 'buster', 'bullseye']);

/** An image's `osPackages` (and `osPackagesStandIn`, the release whose list stands in), or nothing when the data has no list. */
function osPackageFields(info) {
  const standIn = info.family === 'debian' && OLD_DEBIAN.has(info.suite) ? 'bookworm' : undefined;
  const osPackages = osPackageListKey(standIn ? { ...info, suite: standIn } : info);
  if (!osPackages) return {};
  return standIn ? { osPackages, osPackagesStandIn: standIn } : { osPackages };
}

// Shared tags that docker-library publishes for the same image (library/<repo> manifest files).
// Only added when the target is in the data; targets are checked below.
const EXTRA_ALIASES = {
  'debian:12': 'debian:bookworm',
  'debian:12-slim': 'debian:bookworm-slim',
  'debian:13': 'debian:trixie',
  'debian:13-slim': 'debian:trixie-slim',
  'debian:11-slim': 'debian:bullseye-slim',
  'debian:stable': 'debian:trixie',
  'debian:stable-slim': 'debian:trixie-slim',
  'ubuntu:focal': 'ubuntu:20.04',
  'ubuntu:26.04': 'ubuntu:latest',
  'ubuntu:resolute': 'ubuntu:latest',
  'alpine:3': 'alpine:latest',
  'python:3': 'python:latest',
  'python:slim': 'python:3-slim',
  'python:3.12-slim-trixie': 'python:3.12-slim',
  'python:3.13-slim-trixie': 'python:3.13-slim',
  'python:3.12-trixie': 'python:3.12',
  'python:3.13-trixie': 'python:3.13',
  'node:22-bookworm': 'node:22',
  'node:22-bookworm-slim': 'node:22-slim',
  'golang:1.26-trixie': 'golang:1.26',
  'rust:1': 'rust:latest',
  'rust:1-slim': 'rust:slim',
  'rust:1-alpine': 'rust:alpine',
  'eclipse-temurin:17': 'eclipse-temurin:17-jdk',
  'eclipse-temurin:21': 'eclipse-temurin:21-jdk',
  'php:8.3': 'php:8.3-cli',
  'nginx:mainline': 'nginx:latest',
  'nginx:mainline-alpine': 'nginx:alpine',
  'postgres:16-trixie': 'postgres:16',
  'redis:trixie': 'redis:latest',
  'amazonlinux:latest': 'amazonlinux:2023',
  'fedora:44': 'fedora:latest',
  'gcc:14': 'gcc:latest',
  'busybox:glibc': 'busybox:latest',
};

// Which tags name the same image, from docker-library/official-images' library files (scripts/gen-official-tags.mjs).
const officialTags = JSON.parse(readFileSync(path.join(repoRoot, 'scripts', 'data', 'official-images', 'tag-groups.json'), 'utf8'));
// The model's own reading of a tag (version, variant words, OS release), so aliases are chosen as lookups read them.
const { parseTag, leadingVersionWords } = await tsImport('../server/src/core/data/baseImages.ts', import.meta.url);

/**
 * A tag that pins more than the data can vouch for: a patch release (1.31.4, 3.12.11, 8u504, 3.15.0rc1, 17.0.9_9)
 * or a snapshot date. The data's sizes were read from a repo-info report that may be a later patch of the same
 * line than the library file names, so only the floating tags of a group become aliases.
 */
function pinsBuild(tag) {
  const tokens = tag.split('-');
  return /^v?\d+\.\d+\.\d+/.test(tokens[0]) || /^\d+u\d+/.test(tokens[0]) || /_/.test(tokens[0]) || /\d(?:rc|a|b|beta|alpha)\d/i.test(tokens[0]) ||
    tokens.some((t) => /^\d{8}(\.\d+)*$/.test(t));
}

const POINT_RELEASE_REPOSITORIES = new Set(['debian', 'almalinux', 'rockylinux', 'oraclelinux', 'amazonlinux', 'busybox']);

const tagOf = (key) => key.slice(key.lastIndexOf(':') + 1);
/** How many numbers the tag's version has: 3.12-slim → 2, alpine → 0. */
const versionWords = (tag) => parseTag(tag).version?.length ?? 0;

/**
 * Whether the version the data's report showed (redis:7 read as 7.4.11) is the version line `tag` names (7.4):
 * then that more specific tag is the image the data read, not a line of its own.
 */
function versionShows(version, tag) {
  const words = leadingVersionWords(version);
  const want = parseTag(tag).version;
  return !!words && !!want && want.length <= 2 && want.every((w, i) => words[i] === w);
}

/** The OS release a group's tags name (alpine3.24 → 3.24, trixie, jammy), or undefined when none does. */
function groupRelease(tags) {
  for (const tag of tags) {
    const release = parseTag(tag).os?.release;
    if (release) return release;
  }
  return undefined;
}

/**
 * Of the data's tags in one group (read at different times, so not always the same size: python:3-slim and
 * python:3.14-slim), the one spelled most like `tag`: the same version word first (3-slim-trixie → 3-slim), then
 * the same variant words, then (for a tag without a version) the least specific version, then the group's order.
 */
function nearestGroupKey(tag, keys) {
  const variant = (parts) => parts.variant.filter((w) => w !== 'latest').join('-');
  const want = parseTag(tag);
  const score = (key) => {
    const got = parseTag(tagOf(key));
    const version = want.version && got.version && want.version.join('.') === got.version.join('.') ? 2 : 0;
    const sameVariant = variant(want) === variant(got) ? 1 : 0;
    // A tag without a version floats like the data's least specific tag (slim-trixie → 3-slim, not 3.14-slim).
    const floating = !want.version && got.version ? -0.1 * got.version.length : 0;
    return version + sameVariant + floating;
  };
  return keys.reduce((best, k) => (score(k) > score(best) ? k : best), keys[0]);
}

/**
 * Aliases from the official tag groups: every floating tag of a group that holds a tag of the data names that
 * image. A group whose tags name another OS release than the data's entry was built on is skipped: the data
 * was read at another time than the library file (the image moved to a new release in between).
 */
function officialTagAliases(official, images, existing) {
  const out = {};
  const skipped = [];
  for (const [repository, groups] of Object.entries(official.groups)) {
    for (const tags of groups) {
      const keys = tags.map((t) => `${repository}:${t}`).filter((k) => images[k]);
      if (!keys.length) continue;
      const release = groupRelease(tags);
      const other = keys.find((k) => release && images[k].suite && release !== images[k].suite);
      if (other) {
        skipped.push(`${other} (library: ${release}, data: ${images[other].suite})`);
        continue;
      }
      for (const tag of tags) {
        const name = `${repository}:${tag}`;
        if (images[name] || existing[name] || out[name] || pinsBuild(tag)) continue;
        // debian:12.15, almalinux:9.8: point releases of an OS release, pinned like a patch release.
        if (POINT_RELEASE_REPOSITORIES.has(repository) && versionWords(tag) > 1) continue;
        const key = nearestGroupKey(tag, keys);
        // node:24.19 in node:24's group: the data's node:24 floats over minors, so 24.19 would be read as a line of
        // its own and node:24.20 as another version. Only tags as floating as the data's own (or any, when it
        // has no version, as nginx:alpine) become aliases, and a more specific tag only when it is the version
        // the data's report showed (redis:7.4 in redis:7's group, redis:7 read as 7.4.11).
        const keyVersionWords = versionWords(tagOf(key));
        if (keyVersionWords > 0 && versionWords(tag) > keyVersionWords && !versionShows(images[key].version, tag)) continue;
        out[name] = key;
      }
    }
  }
  return { aliases: out, skipped };
}

/**
 * Per repository, [line, full]: how many version words name a release line docker-library keeps a tag for
 * (postgres publishes 18 and 17 for every 18.x/17.x: 1; python has no `3` tag for 3.12: 2) and how many a full
 * release has (postgres 18.6: 2; python 3.12.11, mysql 8.4.10: 3). Versions that differ only in the last word of
 * a full release are patches of one line; postgres 18.4 and 18.6 are one line, mysql 8.0 and 8.4 are not.
 */
function versionLineWords(official) {
  const out = {};
  for (const [repository, groups] of Object.entries(official.groups)) {
    let line = 0;
    let full = 0;
    for (const tags of groups) {
      const lengths = tags.filter((t) => !pinsBuild(t)).map(versionWords).filter((n) => n > 0);
      if (lengths.length) line = Math.max(line, Math.min(...lengths));
      full = Math.max(full, ...tags.map(versionWords));
    }
    if (full) out[repository] = [line || full, full];
  }
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round3 = (x) => Math.round(x * 1000) / 1000;

const images = {};
const ratioSamples = {};
for (const [key, entry] of Object.entries(imagesIn.images)) {
  const info = classifyOs(entry.os);
  const platforms = {};
  const layerCounts = {};
  for (const [platform, p] of Object.entries(entry.platforms)) {
    platforms[platform] = p.compressedBytes;
    layerCounts[platform] = p.layers?.length;
  }
  const layers = layerCounts['linux/amd64'] ?? Object.values(layerCounts)[0];
  const parent = parentOf(key, info);
  const slimDpkg =
    info.family === 'ubuntu' || // ubuntu images are minimized: /etc/dpkg/dpkg.cfg.d/excludes drops docs, man pages
    (info.family === 'debian' && (key.includes('slim') || (parent ?? '').endsWith('-slim')));
  const out = { commit: entry.commit, os: entry.os, family: info.family };
  if (info.suite) out.suite = info.suite;
  out.platforms = platforms;
  out.layers = layers;
  if (entry.uncompressedBytes !== undefined) {
    out.uncompressedBytes = entry.uncompressedBytes;
    out.uncompressedSource = entry.uncompressedSource;
    const amd64 = platforms['linux/amd64'];
    if (amd64) (ratioSamples[info.family] ??= []).push({ key, ratio: entry.uncompressedBytes / amd64 });
  }
  if (parent) out.parent = parent;
  out.slimDpkg = slimDpkg;
  Object.assign(out, osPackageFields(info));
  images[key] = out;
}

for (const [key, entry] of Object.entries(remoteIn.images)) {
  if (images[key]) continue;
  let platforms = entry.platforms;
  let layers = entry.layers?.length;
  let commit = entry.commit;
  let source = `repo-info ${entry.path}@${entry.commit ?? `(stored versions ${entry.indexIds?.join(', ')})`}`;
  if (entry.derived) {
    const from = remoteIn.images[entry.derived.from];
    const sum = from.layers.slice(0, entry.derived.layers).reduce((a, b) => a + b, 0);
    platforms = { 'linux/amd64': sum };
    layers = entry.derived.layers;
    commit = from.commit;
    source = `sum of the first ${entry.derived.layers} linux/amd64 layers of repo-info ${from.path}@${from.commit} (its FROM chain)`;
  }
  const info = classifyOs(entry.os);
  const out = { commit: commit ?? 'unknown', os: entry.os, family: info.family };
  if (info.suite) out.suite = info.suite;
  out.platforms = platforms;
  out.layers = layers;
  out.source = source;
  if (entry.readDate) out.readDate = entry.readDate;
  // The build the report shows: an end-of-life line's tags were last read in 2023 (repo-info's 2023-01 reports).
  const built = /^\d{4}-\d{2}(-\d{2})?/.exec(entry.created ?? '')?.[0];
  // busybox's history carries its fixed SOURCE_DATE_EPOCH (2024-09-26 in every 2026 build), not the build's date.
  if (built && !key.startsWith('busybox:')) out.built = built;
  if (entry.version) out.version = entry.version;
  // The report's history names the FROM image where the tag rule would not (service images FROM debian:<suite>-slim, ...).
  const parent = entry.parent ?? parentOf(key, info);
  if (parent) out.parent = parent;
  out.slimDpkg = info.family === 'ubuntu' || (info.family === 'debian' && (key.includes('slim') || (parent ?? '').endsWith('-slim')));
  Object.assign(out, osPackageFields(info));
  images[key] = out;
}

// A Debian image whose report names its FROM image inherits dpkg's path-exclude from it, whatever its own tag says:
// erlang's `-slim` images are built FROM the full debian:<suite> (layer 0 of 48–54 MB), and elixir's FROM those.
const slimFromParent = (key, seen = new Set()) => {
  const out = images[key];
  const parent = remoteIn.images[key]?.parent;
  if (!out || out.family !== 'debian' || !parent || seen.has(key)) return out?.slimDpkg;
  seen.add(key);
  return images[parent] ? slimFromParent(parent, seen) : parent.endsWith('-slim');
};
for (const key of Object.keys(remoteIn.images)) {
  const slim = slimFromParent(key);
  if (images[key] && slim !== undefined) images[key].slimDpkg = slim;
}

// Dockerfile-installed packages accumulate down the FROM chain (python:3.12 ← buildpack-deps:trixie ← -scm ← -curl).
// Images with the same OS list and the same chain share one entry of base-packages.json `dockerfileSets`.
const dockerfileSets = {};
for (const [key, out] of Object.entries(images)) {
  const chain = [];
  let current = key;
  const seen = new Set();
  while (current && !seen.has(current)) {
    seen.add(current);
    const listKey = dockerfilePackagesKey(current, images[current] ?? out);
    if (listKey) chain.unshift(listKey);
    current = images[current]?.parent ?? parentOf(current, out);
  }
  if (!chain.length || !out.osPackages) continue;
  const setKey = `${out.osPackages}+${chain.join('+')}`;
  if (!dockerfileSets[setKey]) {
    const lists = chain.map(dockerfilePackagesOf);
    dockerfileSets[setKey] = {
      osPackages: out.osPackages,
      suite: out.osPackagesStandIn ?? out.suite,
      named: [...new Set(lists.flatMap((l) => l.packages))].sort(),
      namedSource: [...new Set(lists.flatMap((l) => l.sources))].join('; '),
    };
  }
  out.dockerfileSet = setKey;
}

// The closure: what `apt-get install --no-install-recommends <named>` installs on top of the OS list, resolved with
// the project's own apt data for the image's suite (Debian: per architecture; Ubuntu: amd64, the only index shipped).
const { AptDatabase } = await tsImport('../server/src/core/data/aptDb.ts', import.meta.url);
const aptDir = path.join(repoRoot, 'server', 'data', 'apt');
const apt = AptDatabase.fromDirectory(aptDir);
const osLists = {};
for (const [key, entry] of Object.entries(packagesIn.images)) osLists[key] = entry.packages;
for (const [key, file] of Object.entries(UBUNTU_LISTS)) {
  const ex = JSON.parse(readFileSync(path.join(repoInfoDir, file), 'utf8'));
  osLists[key] = Object.keys(ex.binaries ?? Object.assign({}, ...Object.values(ex.sources).map((s) => s.binaries)));
}
const DEBIAN_ARCHES = ['amd64', 'arm64', 'armhf'];
for (const set of Object.values(dockerfileSets)) {
  const arches = ['bookworm', 'trixie'].includes(set.suite) ? DEBIAN_ARCHES : ['amd64'];
  if (!apt.hasIndex(set.suite, 'amd64')) continue;
  const installed = osLists[set.osPackages] ?? [];
  const perArch = {};
  let unknown = [];
  for (const arch of arches) {
    const r = apt.resolve({ suite: set.suite, arch, packages: set.named, installRecommends: false, installed });
    perArch[arch] = new Set(r.packages.map((p) => p.name).filter((n) => !set.named.includes(n)));
    if (arch === 'amd64') unknown = r.unknown;
  }
  const common = [...perArch.amd64].filter((n) => arches.every((a) => perArch[a].has(n))).sort();
  set.closure = common;
  for (const arch of arches) {
    const own = [...perArch[arch]].filter((n) => !common.includes(n)).sort();
    if (own.length) (set.closureByArch ??= {})[arch] = own;
  }
  if (unknown.length) set.notInIndex = [...unknown].sort();
  const suiteFile = ['bookworm', 'trixie'].includes(set.suite) ? `${set.suite}.bin.br` : `ubuntu.bin.br (${set.suite})`;
  set.closureSource =
    `Depends/Pre-Depends of the named packages without Recommends, resolved by aptDb.ts on server/data/apt/${suiteFile} ` +
    `(${arches.join(', ')}${arches.length === 1 ? '; other architectures use it too' : ''}) with ${set.osPackages} installed`;
}

// Nested chains repeat their parent's set (python:3.12's holds buildpack-deps:trixie's): a set whose chain extends
// another set's keeps only what it adds and names that set as `base` (read back as the union, baseImages.ts).
const fullSets = structuredClone(dockerfileSets);
const everything = (set, arch) => new Set([...set.named, ...(set.closure ?? []), ...(set.closureByArch?.[arch] ?? [])]);
for (const [key, set] of Object.entries(dockerfileSets)) {
  const parts = key.split('+');
  // The longest chain this one extends: the same chain with its last list replaced by the list that one extends
  // (php apache ← php), else its longest prefix.
  const ext = DOCKERFILE_PACKAGES[parts.at(-1)].extends;
  const candidates = [...(ext ? [[...parts.slice(0, -1), ext].join('+')] : []), ...parts.slice(2).map((_, i) => parts.slice(0, parts.length - 1 - i).join('+'))];
  const base = candidates.find((c) => fullSets[c]);
  if (!base) continue;
  const had = fullSets[base];
  const common = everything(had, '');
  set.base = base;
  set.named = set.named.filter((n) => !common.has(n));
  if (set.closure) set.closure = set.closure.filter((n) => !common.has(n));
  for (const [arch, list] of Object.entries(set.closureByArch ?? {})) {
    const own = list.filter((n) => !everything(had, arch).has(n));
    if (own.length) set.closureByArch[arch] = own;
    else delete set.closureByArch[arch];
  }
  if (set.closureByArch && !Object.keys(set.closureByArch).length) delete set.closureByArch;
}

const allRatios = Object.values(ratioSamples).flat();
const uncompressedRatios = {
  note:
    'uncompressedBytes / compressedBytes(linux/amd64) for the images that have a repo-info local report; median per family. ' +
    'Used to estimate on-disk size when only compressed sizes are known.',
  all: { median: round3(median(allRatios.map((s) => s.ratio))), samples: allRatios.length },
};
for (const [family, samples] of Object.entries(ratioSamples)) {
  uncompressedRatios[family] = {
    median: round3(median(samples.map((s) => s.ratio))),
    samples: samples.map((s) => `${s.key}=${round3(s.ratio)}`),
  };
}

const aliases = { ...imagesIn.aliases };
// alpine:<x.y> and alpine:<x.y.z> are published for the release an alpine tag was built from ('os': alpine-3.24.2).
for (const [key, out] of Object.entries(images)) {
  const m = key.startsWith('alpine:') && /^alpine-(\d+\.\d+)(\.\d+)?$/.exec(out.os ?? '');
  if (!m) continue;
  for (const tag of [m[1], m[1] + (m[2] ?? '')]) if (!images[`alpine:${tag}`]) aliases[`alpine:${tag}`] = key;
}
for (const [from, to] of Object.entries({ ...EXTRA_ALIASES, ...remoteIn.aliases })) {
  if (to && images[to] && !images[from]) aliases[from] = to;
}
// Kept apart from `aliases`: the library file and the repo-info reports were read at different times, so the
// model treats these as the same version line (medium confidence, the tag group named), not as the same image.
const officialAliases = officialTagAliases(officialTags, images, aliases);

const baseImagesOut = {
  source: imagesIn.source,
  sourcePath: '../shared/data/base-images.json (docker-library/repo-info snapshot; each image names its repo-info commit)',
  readDate,
  remoteReadDate: remoteIn.readDate,
  generatedBy: 'scripts/gen-base-images.mjs',
  note: imagesIn.note,
  fields: {
    platforms: 'platform → compressed bytes (sum of gzip layer sizes in the registry)',
    layers: 'layer count (linux/amd64)',
    uncompressedBytes: 'on-disk size, linux/amd64 only, from repo-info local/<tag>.md',
    parent: 'FROM image in the official Dockerfile (docker-library/<repo>)',
    slimDpkg: 'dpkg path-exclude is set (debian -slim and images FROM it; ubuntu minimized images)',
    osPackages: 'key in base-packages.json listing the installed OS packages',
    dockerfileSet: 'key in base-packages.json dockerfileSets: the packages the official Dockerfiles down the FROM chain install and keep, with their dependency closure',
    built: 'the date of the build the repo-info report shows (its newest history line), for entries read from remote reports',
    osPackagesStandIn: 'the Debian release whose OS list (and index) stands in for this older release\'s, which the data lacks',
  },
  aliasesSource:
    'shared data aliases plus shared tags published by docker-library (e.g. python:3 = python:latest, debian:12 = debian:bookworm), ' +
    'added only when the target tag is in the data',
  aliases,
  libraryAliasesSource:
    `docker-library/official-images library/<repository>@${officialTags.commit.slice(0, 12)} (${officialTags.commitDate.slice(0, 10)}), ` +
    'via scripts/data/official-images/tag-groups.json: the floating tags of the tag group that holds a tag of the data ' +
    '(no patch releases or snapshot dates); the same version line as that image when the library was read, not the same digest',
  libraryAliasesFrom: {
    repository: officialTags.source.replace(/^https:\/\/github\.com\//, '').split(' ')[0],
    commit: officialTags.commit,
    date: officialTags.commitDate.slice(0, 10),
  },
  libraryAliases: officialAliases.aliases,
  versionLineWordsSource:
    `docker-library/official-images library/<repository>@${officialTags.commit.slice(0, 12)}: [line, full] version words ` +
    '(line: the fewest a versioned tag of every tag group has, postgres 18 → 1, python 3.12 has no `3` tag → 2; full: the ' +
    'most any tag has, postgres 18.6 → 2, python 3.12.11 → 3); versions that differ only in the last word of a full ' +
    'release are patches of one line',
  versionLineWords: versionLineWords(officialTags),
  uncompressedRatios,
  images,
};

const packagesOut = {
  source: packagesIn.source,
  sourcePath: '../shared/data/base-packages.json',
  readDate,
  generatedBy: 'scripts/gen-base-images.mjs',
  note: 'debian full and -slim share a package set (identical lists for bookworm); -slim drops files only.',
  images: {},
  dockerfileSets,
};
for (const [key, entry] of Object.entries(packagesIn.images)) {
  packagesOut.images[key] = {
    manager: entry.manager,
    source: entry.file ? `repo-info ${entry.file}@${entry.commit}` : `repo-info repos/${key.split(':')[0]}/local/${key.split(':')[1]}.md (commit not recorded in the snapshot)`,
    packages: [...entry.packages].sort(),
  };
}

for (const [key, file] of Object.entries(UBUNTU_LISTS)) {
  const ex = JSON.parse(readFileSync(path.join(repoInfoDir, file), 'utf8'));
  packagesOut.images[key] = {
    manager: 'dpkg',
    source: `repo-info ${ex.path}@${ex.commit} via scripts/data/repo-info/${file}`,
    // Ubuntu's versions are not comparable with the Debian stand-in index: names only (versions stay in the transcription).
    // A transcription lists `binaries`; an extract made from the report (gen-base-versions.mjs --from) lists `sources`.
    packages: Object.keys(ex.binaries ?? Object.assign({}, ...Object.values(ex.sources).map((s) => s.binaries))).sort(),
  };
}

mkdirSync(outDir, { recursive: true });
// One image per line keeps the file compact and its diffs readable.
writeFileSync(path.join(outDir, 'base-images.json'), compactJson(baseImagesOut, ['images', 'aliases', 'libraryAliases', 'versionLineWords', 'uncompressedRatios', 'fields']));
// Installed versions (repo-info reports transcribed in scripts/data/repo-info/): see gen-base-versions.mjs.
writeFileSync(path.join(outDir, 'base-packages.json'), compactJson(addVersions(packagesOut), ['images', 'dockerfileSets']));
console.log(
  `wrote ${Object.keys(images).length} images, ${Object.keys(aliases).length} aliases (${Object.keys(officialAliases.aliases).length} from official-images tag groups; groups skipped, another OS release: ${officialAliases.skipped.join(", ") || "none"}), ratios ` +
    Object.entries(uncompressedRatios)
      .filter(([k]) => k !== 'note')
      .map(([k, v]) => `${k}=${v.median}`)
      .join(' '),
);
