#!/usr/bin/env node
// Builds server/data/other-managers.json: rough sizes for common dnf/yum/microdnf (RPM)
// packages, whose indexes are not reachable from here. Each is proxied by its Debian bookworm equivalent:
//   debianBytes = Installed-Size of the Debian packages (apt lists, scripts/debian-index.mjs) plus their Depends/Pre-Depends closure (first
//                 alternative), minus what debian:bookworm-slim already has (base-packages.json),
// then scaled:
//   rpm: × 1.0 (Fedora/RHEL package the same upstream builds with similar splitting; no data to do better).
// All entries are confidence 'low'. apk sizes are not proxied any more: scripts/gen-apk-db.mjs reads Alpine data.
//
// Usage: node scripts/gen-other-managers.mjs [--out server/data/other-managers.json]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDebianIndex } from './debian-index.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFile = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : path.join(repoRoot, 'server/data/other-managers.json');
const dataDir = path.join(repoRoot, 'server/data');
const basePackages = JSON.parse(readFileSync(path.join(dataDir, 'base-packages.json'), 'utf8'));

// --- Debian closure sizes -----------------------------------------------------------------------
const slimBase = new Set(basePackages.images['debian:bookworm-slim'].packages);
const available = readDebianIndex();
const show = (pkg) => {
  const info = available.get(pkg);
  return info && { version: info.version, kib: info.installedKiB, deps: info.depends };
};
function closure(roots) {
  const seen = new Set();
  const unresolved = [];
  let kib = 0;
  const stack = [...roots];
  while (stack.length) {
    const pkg = stack.pop();
    // Roots always count (Alpine lacks bash, tzdata...); dependencies already in a slim Debian base do not.
    if (seen.has(pkg) || (slimBase.has(pkg) && !roots.includes(pkg))) continue;
    seen.add(pkg);
    const info = show(pkg);
    if (!info) {
      unresolved.push(pkg); // virtual package: provided by something else, usually already counted
      continue;
    }
    kib += info.kib;
    stack.push(...info.deps);
  }
  return { bytes: kib * 1024, packages: seen.size - unresolved.length, unresolved };
}

const RPM = {
  gcc: ['gcc'],
  'gcc-c++': ['g++'],
  make: ['make'],
  'glibc-devel': ['libc6-dev'],
  'kernel-headers': ['linux-libc-dev'],
  python3: ['python3'],
  'python3-devel': ['python3-dev'],
  'python3-pip': ['python3-pip'],
  nodejs: ['nodejs'],
  npm: ['npm'],
  git: ['git'],
  curl: ['curl'],
  wget: ['wget'],
  tar: ['tar'],
  gzip: ['gzip'],
  unzip: ['unzip'],
  which: ['debianutils'],
  'openssl-devel': ['libssl-dev'],
  'libffi-devel': ['libffi-dev'],
  'postgresql-devel': ['libpq-dev'],
  'libpq-devel': ['libpq-dev'],
  'ca-certificates': ['ca-certificates'],
  tzdata: ['tzdata'],
  'zlib-devel': ['zlib1g-dev'],
  'java-17-openjdk-headless': ['openjdk-17-jre-headless'],
  'java-17-openjdk-devel': ['openjdk-17-jdk-headless'],
  'java-21-openjdk-headless': ['openjdk-17-jre-headless'],
  golang: ['golang-go'],
  'procps-ng': ['procps'],
  'shadow-utils': ['passwd'],
  'findutils': ['findutils'],
  'jq': ['jq'],
  'vim-minimal': ['vim-tiny'],
  'openssh-clients': ['openssh-client'],
  'nginx': ['nginx'],
  'httpd': ['apache2'],
  'sudo': ['sudo'],
};

const date = new Date().toISOString().slice(0, 10);
const release = execFileSync('sh', ['-c', '. /etc/os-release && echo "$VERSION_CODENAME"'], { encoding: 'utf8' }).trim();
function table(map, factor, label) {
  const out = {};
  for (const [name, debs] of Object.entries(map)) {
    const c = closure(debs);
    if (!show(debs[0])) continue;
    out[name] = {
      bytes: Math.round(c.bytes * factor),
      debianBytes: c.bytes,
      debian: debs.join(' '),
      debianPackages: c.packages,
      source: `debian ${release} ${debs.map((d) => `${d} ${show(d)?.version}`).join(' + ')} Installed-Size plus the Depends closure beyond debian:bookworm-slim (${c.packages} packages) × ${factor} (${label}), ${date}`,
    };
  }
  return out;
}
const GLIBC_JAVA_NOTE = 'java-21-openjdk-headless is proxied by openjdk-17 (bookworm has no 21)';

const out = {
  source:
    'scripts/gen-other-managers.mjs: Debian equivalents (Installed-Size from the apt lists, plus the Depends closure minus debian:bookworm-slim) scaled by a factor; ' +
    'no Alpine or Fedora index was reachable. Confidence low for every entry.',
  date,
  apk: {
    note: 'apk package sizes come from Alpine data only: server/data/apk (scripts/gen-apk-db.mjs). Only the cache note is kept here.',
    cache: {
      path: '/var/cache/apk',
      note: '`apk add` without --no-cache keeps the downloaded .apk files (≈ compressed package size) and the APKINDEX (about 1–3 MB per repository); `apk add --no-cache` keeps nothing. No measured figure for the index here.',
    },
  },
  rpm: {
    factor: 1,
    factorDerivation: 'no RPM data reachable; Fedora/RHEL build the same upstream sources with comparable splitting, so Debian sizes are used as they are. ' + GLIBC_JAVA_NOTE,
    cache: {
      path: '/var/cache/dnf (/var/cache/yum)',
      note: 'dnf keeps repository metadata (tens of MB, varies per repo set) and, with keepcache, the .rpm files; `dnf clean all` removes them. Unknown size: no measured figure.',
    },
    packages: table(RPM, 1, 'rpm factor'),
  },
};
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${outFile}: ${Object.keys(out.rpm.packages).length} rpm`);
