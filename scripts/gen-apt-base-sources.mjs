#!/usr/bin/env node
// Builds server/data/apt/base-sources.json: for every Debian source package that has a binary in a
// Debian base image (server/data/base-packages.json), the binaries the archive builds from it and the
// archive's version of each base binary, per suite and architecture.
//
// Why: since apt 2.6 (bookworm; trixie has apt 3.0) `apt-get install X` also upgrades the installed
// binaries that come from X's source package (APT::Get::Upgrade-By-Source-Package, on by default).
// Installing `openssl` on a base whose libssl3t64 is older than the archive's rewrites libssl3t64 in
// the new layer. The model needs to know which binaries share a source and what the archive has.
//
// Reads the Packages lists scripts/gen-apt-db.mjs fetched (plain apt config) under $APT_DB_WORK;
// run that first (or with --no-fetch if the lists are there). No network, no npm deps.
// Usage: node scripts/gen-apt-base-sources.mjs            # Debian suites (rewrites the file)
//        node scripts/gen-apt-base-sources.mjs --ubuntu   # adds the Ubuntu releases whose base image has
//          recorded versions (base-packages.json), amd64, from the lists of gen-apt-db.mjs --ubuntu (fetched
//          here with apt-get update when missing); keeps the Debian suites already in the file
//        node scripts/gen-apt-base-sources.mjs --ubuntu --suites=jammy   # (re)makes only those Ubuntu releases and keeps
//          the others as they are (their archive versions stay those of the day they were parsed)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ARCHES, SUITES, UBUNTU_ARCHES, UBUNTU_SUITES, aptRoot, aptUpdate, compareDebVersions, packagesFiles, parsePackagesFile } from './apt-common.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outPath = path.join(repoRoot, 'server', 'data', 'apt', 'base-sources.json');
const basePackages = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server', 'data', 'base-packages.json'), 'utf8'));
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server', 'data', 'apt', 'manifest.json'), 'utf8'));

const ubuntu = process.argv.includes('--ubuntu');
const ubuntuLists = JSON.parse(fs.readFileSync(path.join(repoRoot, 'server', 'data', 'apt', 'ubuntu.json'), 'utf8')).packageLists;

/** Base binary names per suite: the Debian images in base-packages.json, or (--ubuntu) the Ubuntu release images that have versions. */
const baseNamesBySuite = new Map();
if (!ubuntu) {
  for (const s of SUITES) baseNamesBySuite.set(s, new Set());
  for (const [key, img] of Object.entries(basePackages.images)) {
    const m = /^debian:(\w+)/.exec(key);
    if (!m || img.manager !== 'dpkg' || !baseNamesBySuite.has(m[1])) continue;
    for (const p of img.packages) baseNamesBySuite.get(m[1]).add(p);
  }
} else {
  const only = process.argv.find((a) => a.startsWith('--suites='))?.slice('--suites='.length).split(',');
  for (const s of UBUNTU_SUITES) {
    if (only && !only.includes(s)) continue;
    const img = basePackages.images[ubuntuLists[s]];
    if (img?.versions) baseNamesBySuite.set(s, new Set(img.packages));
  }
}
const suiteArches = ubuntu ? UBUNTU_ARCHES : ARCHES;

// "Source: openssl (3.5.9-1)" -> "openssl"; no Source field -> the binary's own name.
const sourceOf = (p) => (p.Source ? p.Source.replace(/\s*\(.*\)$/, '').trim() : p.Package);

const previous = ubuntu ? JSON.parse(fs.readFileSync(outPath, 'utf8')) : undefined;
const out = previous ?? {
  what:
    'Binaries that share a Debian source package with a base-image package, and the archive version of each base binary. apt >= 2.6 upgrades installed binaries of the same source when it installs one (APT::Get::Upgrade-By-Source-Package), so such an install also rewrites those base binaries in the new layer when the base is older than the archive.',
  source: `${manifest.sources}; Release dates in manifest.json; lists fetched by scripts/gen-apt-db.mjs, parsed by scripts/gen-apt-base-sources.mjs on ${new Date().toISOString().slice(0, 10)}`,
  baseImages: 'server/data/base-packages.json (debian:* images)',
  format: 'suites.<suite>.<source>: { binaries: every binary the archive builds from it (any arch), base: { <base binary>: version, or { <arch>: version } where arches differ } }',
  staleIndexesUsedAsServed: manifest.staleIndexesUsedAsServed,
  suites: {},
};

if (ubuntu) {
  // Which day each release's archive versions were parsed: a release made again gets today, the others keep theirs.
  const today = new Date().toISOString().slice(0, 10);
  const parsed = { ...(out.ubuntuParsed ?? Object.fromEntries(Object.keys(out.suites).filter((s) => UBUNTU_SUITES.includes(s)).map((s) => [s, /parsed on (\S+)/.exec(out.ubuntu ?? '')?.[1]]))) };
  for (const s of baseNamesBySuite.keys()) parsed[s] = today;
  out.ubuntuParsed = Object.fromEntries(UBUNTU_SUITES.filter((s) => parsed[s]).map((s) => [s, parsed[s]]));
  out.ubuntu = `Ubuntu releases (${Object.keys(out.ubuntuParsed).join(', ')}): amd64, <release>, -updates (archive.ubuntu.com), -security (security.ubuntu.com), newest across the three; base binaries from the ubuntu:* images of base-packages.json that have versions; parsed on the day in ubuntuParsed`;
  for (const suite of baseNamesBySuite.keys()) {
    if (!packagesFiles(suite, 'amd64').length) aptUpdate(aptRoot(suite, 'amd64', 'plain'), `${suite}/amd64`);
  }
}

for (const suite of baseNamesBySuite.keys()) {
  const baseNames = baseNamesBySuite.get(suite);
  const arches = suiteArches;
  /** source -> Set(binary) over all arches; arch -> binary -> {version, source} (newest across pockets) */
  const binariesBySource = new Map();
  const newest = new Map();
  for (const arch of arches) {
    const byName = new Map();
    for (const file of packagesFiles(suite, arch)) {
      for (const p of parsePackagesFile(fs.readFileSync(file, 'utf8'))) {
        const prev = byName.get(p.Package);
        if (prev && compareDebVersions(prev.version, p.Version) >= 0) continue;
        byName.set(p.Package, { version: p.Version, source: sourceOf(p) });
      }
    }
    newest.set(arch, byName);
  }
  const baseSources = new Set();
  for (const byName of newest.values()) for (const n of baseNames) if (byName.has(n)) baseSources.add(byName.get(n).source);
  for (const byName of newest.values()) {
    for (const [name, info] of byName) {
      if (!baseSources.has(info.source)) continue;
      if (!binariesBySource.has(info.source)) binariesBySource.set(info.source, new Set());
      binariesBySource.get(info.source).add(name);
    }
  }
  const suiteOut = {};
  for (const src of [...baseSources].sort()) {
    const base = {};
    for (const name of [...baseNames].sort()) {
      const perArch = {};
      for (const arch of arches) {
        const info = newest.get(arch).get(name);
        if (info && info.source === src) perArch[arch] = info.version;
      }
      const versions = new Set(Object.values(perArch));
      if (!versions.size) continue;
      base[name] = versions.size === 1 && Object.keys(perArch).length === arches.length ? [...versions][0] : perArch;
    }
    suiteOut[src] = { binaries: [...binariesBySource.get(src)].sort(), base };
  }
  out.suites[suite] = suiteOut;
  console.error(`${suite}: ${baseNames.size} base binaries, ${baseSources.size} sources, ${[...binariesBySource.values()].reduce((a, s) => a + s.size, 0)} binaries`);
}
// One source package a line: the file is read whole at run time and counts toward the apt data budget (2 MiB).
const line = (v) => JSON.stringify(v);
const suitesText = Object.entries(out.suites)
  .map(([suite, sources]) => `  ${line(suite)}: {\n${Object.entries(sources).map(([src, e]) => `   ${line(src)}: ${line(e)}`).join(',\n')}\n  }`)
  .join(',\n');
const head = Object.entries(out).filter(([k]) => k !== 'suites').map(([k, v]) => ` ${line(k)}: ${line(v)},`);
fs.writeFileSync(outPath, `{\n${head.join('\n')}\n "suites": {\n${suitesText}\n }\n}\n`);
console.error(`wrote ${path.relative(repoRoot, outPath)} (${fs.statSync(outPath).size} bytes)`);
