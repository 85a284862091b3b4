#!/usr/bin/env node
// Builds server/data/apk/apk.json.br: what `apk add` installs on Alpine, from Alpine's own data only.
//   sizes     per Alpine release: installed bytes (linux/amd64) of every package listed in the
//             docker-library/repo-info local reports transcribed under scripts/data/apk-repo-info/
//             (each file names its report path and commit).
//   index     dependency graph (D:), provides (p:) and installed size (I:) of Alpine v3.17 main/aarch64,
//             the one real APKINDEX at hand (scripts/data/apk-index-v3.17-main-aarch64.tsv names its source).
//             Its sizes only stand in for packages no report covers, scaled by `archFactor`
//             (median amd64 report ÷ aarch64 index over the packages both have in v3.17); low confidence.
//   base      the packages of alpine:<release> itself (from the alpine:<release> reports).
//   observed  per Alpine release 3.18+: package → the packages its dependencies resolved to in real images
//             (scripts/data/apk-observed-deps.json, made by scripts/gen-apk-observed-deps.mjs from Trivy
//             package reports; it names each report's repository and commit). The resolver prefers the
//             nearest release's observed edges to the 3.17 index for a package both have.
//   roundedShare / roundedBandShare  how much of an apk-tools 2 size (Alpine ≤ 3.22, the v3.17 index) is file
//             bytes: apk-tools 2 rounds every file up to 4 KiB (see below).
// Also server/data/apk/baselayout-users.json: alpine-baselayout's /etc/passwd, group and a derived shadow.
// Community packages (npm, py3-pip, shadow, tini …) are in no table here: the model calls them unknown.
//
// Usage: node scripts/gen-apk-db.mjs [--out server/data/apk/apk.json.br]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFile = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : path.join(repoRoot, 'server/data/apk/apk.json.br');
const reportsDir = path.join(repoRoot, 'scripts/data/apk-repo-info');
const indexFile = path.join(repoRoot, 'scripts/data/apk-index-v3.17-main-aarch64.tsv');
const observedFile = path.join(repoRoot, 'scripts/data/apk-observed-deps.json');

const UNITS = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
/** '33 KiB' / '6552 B' / '159 MiB' (apk info -s, as repo-info prints it) → bytes. */
function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?) (B|KiB|MiB|GiB)$/.exec(text.trim());
  if (!m) throw new Error(`unreadable size: ${text}`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// --- repo-info reports --------------------------------------------------------------------------
const sizes = {};
const sizeSources = {};
const base = {};
for (const file of readdirSync(reportsDir).filter((f) => f.endsWith('.tsv')).sort()) {
  const lines = readFileSync(path.join(reportsDir, file), 'utf8').split('\n');
  const header = lines.filter((l) => l.startsWith('#')).join(' ');
  const release = /alpine-release (\d+\.\d+)|alpine:(\d+\.\d+)|alpine(\d+\.\d+)\b/.exec(header);
  const rel = release && (release[1] ?? release[2] ?? release[3]);
  if (!rel) throw new Error(`${file}: header names no Alpine release`);
  const source = /repo-info (\S+ @ [0-9a-f]{40})/.exec(header)?.[1];
  if (!source) throw new Error(`${file}: header names no repo-info path @ commit`);
  sizes[rel] ??= {};
  (sizeSources[rel] ??= []).push(source);
  const names = [];
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [name, , size] = line.split('\t');
    sizes[rel][name] = parseSize(size);
    names.push(name);
  }
  if (file.startsWith('alpine-')) base[rel] = names.sort();
}

// --- the v3.17 main index -----------------------------------------------------------------------
const indexPackages = {};
const provides = {};
// Origin (source package) where it differs from the name: apk upgrades an installed package of the same
// origin along with a new one (openssl → libcrypto3, libssl3; ca-certificates → ca-certificates-bundle).
const origins = {};
const normalizeToken = (t) => t.replace(/=.*$/, '').replace(/^so:libc\.musl-[a-z0-9_]+\.so\.1$/, 'so:libc.musl.so.1');
for (const line of readFileSync(indexFile, 'utf8').split('\n')) {
  if (!line.trim() || line.startsWith('#')) continue;
  const [name, , installed, origin, depends = '', provided = ''] = line.split('\t');
  if (origin && origin !== name) origins[name] = origin;
  const deps = depends.split(' ').filter(Boolean).map(normalizeToken);
  indexPackages[name] = [Number(installed), [...new Set(deps)]];
  for (const p of provided.split(' ').filter(Boolean)) {
    const token = normalizeToken(p);
    // apk prefers the `-default` flavour of a virtual name (openssh-client → openssh-client-default).
    if (!(token in provides) || name === `${token}-default`) provides[token] = name;
  }
}
// Only what a dependency or a user can name: so:/pc:/cmd: tokens someone depends on, and plain virtual names.
const wanted = new Set(Object.values(indexPackages).flatMap(([, deps]) => deps));
for (const token of Object.keys(provides)) {
  const plain = !token.includes(':') && !token.startsWith('/');
  if (!wanted.has(token) && !plain) delete provides[token];
}

// aarch64 (index) → amd64 (reports) over the packages both have in v3.17.
const ratios = Object.entries(sizes['3.17'] ?? {})
  .filter(([name, bytes]) => indexPackages[name] && indexPackages[name][0] > 0 && bytes > 64 * 1024)
  .map(([name, bytes]) => bytes / indexPackages[name][0]);
const archFactor = Math.round(median(ratios) * 1000) / 1000;

// apk-tools 2.12 (the Alpine 3.14–3.17 reports, and the v3.17 index) reports installed size with every file
// rounded up to 4 KiB; apk-tools 2.14 (the 3.21/3.22 reports) and 3 (3.23+) report file bytes. A layer holds file bytes, so older sizes are scaled:
// per package by min(1, apk-tools-3 size ÷ apk-tools-2 size) where a package has both (the ratio keeps the
// rounding, not a newer version's growth), else by the median of that ratio in its size band.
// Which reports are rounded is read from the data, not assumed by release: every size a multiple of 4 KiB (the
// 3.14–3.17 reports, apk-tools 2.12) is rounded; the 3.21/3.22 reports (apk-tools 2.14: 6441 B, 343 B) are not.
const isRounded = (rel) => Object.values(sizes[rel]).every((b) => b % 4096 === 0);
const v3Sizes = {};
for (const rel of Object.keys(sizes).filter((r) => !isRounded(r)).sort()) Object.assign(v3Sizes, sizes[rel]);
const v2Sizes = {};
for (const rel of Object.keys(sizes).filter(isRounded).sort()) for (const [n, b] of Object.entries(sizes[rel])) v2Sizes[n] ??= b;
for (const [n, [b]] of Object.entries(indexPackages)) if (b > 0) v2Sizes[n] ??= Math.round(b * archFactor);
const roundedShare = {};
const BANDS = [100 * 1024, 500 * 1024, Infinity];
const bandSamples = BANDS.map(() => []);
for (const [n, v2] of Object.entries(v2Sizes)) {
  if (!(n in v3Sizes) || v2 <= 0) continue;
  const share = Math.min(1, v3Sizes[n] / v2);
  roundedShare[n] = Math.round(share * 1000) / 1000;
  bandSamples[BANDS.findIndex((limit) => v2 < limit)].push(share);
}
const roundedBandShare = BANDS.map((limit, i) => ({ below: Number.isFinite(limit) ? limit : null, share: Math.round(median(bandSamples[i]) * 1000) / 1000, samples: bandSamples[i].length }));

// --- observed dependency edges (3.18+) ----------------------------------------------------------
const observedData = JSON.parse(readFileSync(observedFile, 'utf8'));
const observed = {};
for (const [rel, pkgs] of Object.entries(observedData.releases)) {
  // musl is in every Alpine image: an edge to it changes nothing.
  observed[rel] = Object.fromEntries(Object.entries(pkgs).map(([p, deps]) => [p, deps.filter((d) => d !== 'musl')]));
}

const out = {
  source:
    'Alpine packages only. sizes: docker-library/repo-info local reports (`apk info -s`, linux/amd64), per Alpine release, transcribed in scripts/data/apk-repo-info/. index: Alpine v3.17 main/aarch64 APKINDEX (D:, p:, I:), as stored in chainguard-dev/go-apk pkg/apk/testdata/alpine-317 @ f3471089c26301e3e0353cbefd919a65649caf6c.',
  generatedBy: 'scripts/gen-apk-db.mjs',
  sizeSources,
  releases: Object.keys(sizes).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])),
  sizes,
  base,
  archFactor,
  archFactorSamples: ratios.length,
  roundedReleases: Object.keys(sizes).filter(isRounded).sort(),
  roundedShare,
  roundedBandShare,
  index: { release: '3.17', arch: 'aarch64', packages: indexPackages, provides },
  origins,
  observed,
  observedSource: `${observedData.source} Reports: ${Object.entries(observedData.sources).map(([r, l]) => `${r}: ${l.join('; ')}`).join(' | ')}`,
};
mkdirSync(path.dirname(outFile), { recursive: true });
// The user and group files of alpine-baselayout-data, for busybox adduser/addgroup (model/estimators/busyboxUsers.ts).
const baselayout = path.join(repoRoot, 'scripts/data/alpine-baselayout');
const passwd = readFileSync(path.join(baselayout, 'passwd'), 'utf8');
const users = {
  source: 'alpinelinux/aports main/alpine-baselayout/{passwd,group} @ 0e733c2d9dc42887b09641bbc949e2922d74455c; shadow derived: one `name:!::0:::::` line per user (`*` for root)',
  passwd,
  group: readFileSync(path.join(baselayout, 'group'), 'utf8'),
  shadow: passwd.split('\n').filter(Boolean).map((l) => l.split(':')[0]).map((n) => `${n}:${n === 'root' ? '*' : '!'}::0:::::\n`).join(''),
};
writeFileSync(path.join(path.dirname(outFile), 'baselayout-users.json'), JSON.stringify(users, null, 1) + '\n');
const json = JSON.stringify(out);
writeFileSync(outFile, zlib.brotliCompressSync(Buffer.from(json), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
console.log(
  `${path.relative(repoRoot, outFile)}: releases ${out.releases.join(', ')}; ${Object.keys(indexPackages).length} index packages, ${Object.keys(provides).length} provides; observed edges ${Object.entries(observed).map(([r, p]) => `${r}: ${Object.keys(p).length}`).join(', ')}; archFactor ${archFactor} (${ratios.length} packages); rounded-size shares ${JSON.stringify(roundedBandShare)}; ${json.length} B json`,
);
