import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkDatabase } from './apkDb';

const KiB = 1024;
const db = apkDatabase()!;
const none = new Set<string>();
const names = (r: { packages: { name: string }[] }) => r.packages.map((p) => p.name).sort();
const total = (r: { packages: { bytes: number }[] }) => r.packages.reduce((a, p) => a + p.bytes, 0);

test('the shipped apk data has Alpine 3.24 and the base package set of alpine:3.24', () => {
  assert.ok(db, 'server/data/apk/apk.json.br loads');
  assert.ok(db.releases.includes('3.24') && db.releases.includes('3.23'));
  const base = db.basePackages('3.24');
  for (const p of ['musl', 'busybox', 'apk-tools', 'libcrypto3', 'zlib']) assert.ok(base.includes(p), p);
});

test('ca-certificates tzdata on 3.24: the two packages at the sizes the python:3.13-alpine3.24 report lists', () => {
  const r = db.resolve(['ca-certificates', 'tzdata'], '3.24', none);
  assert.deepEqual(names(r), ['ca-certificates', 'tzdata']);
  assert.equal(total(r), 207 * KiB + 433 * KiB);
  assert.ok(r.packages.every((p) => p.from === 'release'));
  assert.deepEqual(r.unknown, []);
});

test('curl pulls libcurl and its libraries, not what alpine:3.24 already has', () => {
  const r = db.resolve(['curl'], '3.24', none);
  // libcurl's 3.23 dependencies as observed in real images (c-ares, libidn2 → libunistring, libpsl, zstd-libs are
  // not in the 3.17 graph): curl 3.24 adds ≈ 5 MB, as the friendica and postgres 3.24 reports list them.
  for (const p of ['curl', 'libcurl', 'nghttp2-libs', 'brotli-libs', 'c-ares', 'libidn2', 'libunistring', 'libpsl', 'zstd-libs']) assert.ok(names(r).includes(p), p);
  for (const p of ['libcrypto3', 'libssl3', 'zlib', 'musl']) assert.ok(!names(r).includes(p), `${p} is in the base`);
  assert.ok(total(r) > 4_000_000 && total(r) < 7_000_000, `${total(r)}`);
  assert.equal(r.packages.find((p) => p.name === 'libcurl')?.depsFrom, 'observed');
  // Already installed by an earlier layer: not counted again.
  const again = db.resolve(['curl'], '3.24', new Set(['libcurl']));
  assert.ok(!names(again).includes('libcurl'));
});

test('git: git plus libcurl, pcre2 and expat (so: dependencies of the real index), ≈ 9 MB, not the Debian 108 MB', () => {
  const r = db.resolve(['git'], '3.24', none);
  for (const p of ['git', 'libcurl', 'pcre2', 'libexpat']) assert.ok(names(r).includes(p), p);
  assert.ok(total(r) > 6_000_000 && total(r) < 15_000_000, `${total(r)}`);
  // git itself is in no 3.2x report read here: its size is the 3.17 index's.
  assert.equal(r.packages.find((p) => p.name === 'git')?.from, 'other-index');
});

test('bash brings readline and ncurses; build-base brings gcc, g++, make and the libc headers', () => {
  const bash = db.resolve(['bash'], '3.24', none);
  for (const p of ['bash', 'readline']) assert.ok(names(bash).includes(p), p);
  assert.equal(bash.packages.find((p) => p.name === 'bash')?.bytes, 1344 * KiB);
  const bb = db.resolve(['build-base'], '3.24', none);
  for (const p of ['gcc', 'g++', 'make', 'binutils', 'musl-dev', 'libstdc++']) assert.ok(names(bb).includes(p), p);
  assert.equal(bb.packages.find((p) => p.name === 'gcc')?.bytes, 159 * KiB * KiB);
  assert.ok(total(bb) > 150e6, `${total(bb)}`);
});

test('a package no Alpine source here covers is unknown, and so are community packages without data', () => {
  const r = db.resolve(['surely-not-a-package', 'curl'], '3.24', none);
  assert.equal(r.unknown[0], 'surely-not-a-package');
  // nghttp3: a dependency of a newer 3.23 libcurl build that no report sizes (unknown, not 0 B silently).
  assert.deepEqual(r.unknown.slice(1), ['nghttp3']);
  assert.ok(names(r).includes('curl'));
  assert.deepEqual(db.resolve(['py3-pip'], '3.24', none).unknown, ['py3-pip']);
});

test('a release without reports takes the nearest release with them (3.21 → 3.23), and says so', () => {
  const r = db.resolve(['curl'], '3.21', none);
  const curl = r.packages.find((p) => p.name === 'curl')!;
  assert.equal(curl.from, 'nearest-release');
  assert.equal(curl.release, '3.23');
  assert.equal(curl.bytes, 273 * KiB);
  // 3.17 has its own reports (rust:alpine3.17): gcc 12 at 118 MiB.
  const gcc = db.resolve(['gcc'], '3.17', none).packages.find((p) => p.name === 'gcc')!;
  assert.deepEqual([gcc.from, gcc.bytes], ['release', 118 * KiB * KiB]);
});

test('a live index (network look-ups) replaces graph and sizes', () => {
  const live = { packages: { foo: [1000, ['so:libbar.so.1']] as [number, string[]], bar: [500, []] as [number, string[]] }, provides: { 'so:libbar.so.1': 'bar' } };
  const r = db.resolve(['foo'], '3.24', none, live);
  assert.deepEqual(r.packages.map((p) => [p.name, p.bytes, p.from]), [['foo', 1000, 'live-index'], ['bar', 500, 'live-index']]);
  assert.deepEqual(db.resolve(['curl'], '3.24', none, live).unknown, ['curl']);
});

// Which graph gives a package's dependencies offline: the nearest release's observed edges (Trivy reports of real
// images, scripts/data/apk-observed-deps.json), else the 3.17 index. [release, package, from, graph release, a dependency]
const GRAPH_CASES: [string, string, 'observed' | 'index', string, string][] = [
  ['3.24', 'libcurl', 'observed', '3.23', 'libidn2'],
  ['3.23', 'python3', 'observed', '3.23', 'mpdecimal'],
  ['3.22', 'libcurl', 'observed', '3.22', 'c-ares'],
  ['3.17', 'libcurl', 'index', '3.17', 'nghttp2-libs'],
  ['3.16', 'bash', 'index', '3.17', 'readline'],
  // gcc: in no observed report: the 3.17 index stands in on 3.24.
  ['3.24', 'gcc', 'index', '3.17', 'binutils'],
];
for (const [release, pkg, from, graphRelease, dep] of GRAPH_CASES)
  test(`offline graph: ${pkg} on ${release} from ${from} ${graphRelease}, pulls ${dep}`, () => {
    const r = db.resolve([pkg], release, none);
    const p = r.packages.find((x) => x.name === pkg);
    assert.ok(p, pkg);
    assert.equal(p.depsFrom, from);
    assert.equal(p.depsRelease, graphRelease);
    assert.ok(names(r).includes(dep) || db.basePackages(release).includes(dep), `${dep} in ${names(r).join(' ')}`);
  });

// Base sets and sizes per release from the alpine:<release> repo-info reports (scripts/data/apk-repo-info/alpine-*.tsv).
// [release, a base package, not in that base, a package's size there in bytes (as reported: file bytes from 2.14 on)]
const BASE_CASES: [string, string, string, string, number][] = [
  ['3.21', 'apk-tools', 'libapk2', 'musl-utils', 102 * KiB],
  ['3.22', 'libapk2', 'libapk', 'musl-utils', 54 * KiB],
  ['3.23', 'libapk', 'libapk2', 'busybox', 794 * KiB],
];
for (const [release, inBase, notInBase, pkg, bytes] of BASE_CASES)
  test(`alpine:${release} base: has ${inBase}, not ${notInBase}; ${pkg} is ${bytes} B there (not scaled as a rounded size)`, () => {
    assert.ok(db.basePackages(release).includes(inBase));
    assert.ok(!db.basePackages(release).includes(notInBase));
    const s = db.size(pkg, release);
    assert.equal(s?.from, 'release');
    assert.equal(s?.bytes, bytes);
  });
