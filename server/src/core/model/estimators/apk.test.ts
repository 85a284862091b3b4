import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile } from '../../analyze';

function runLayer(dockerfile: string) {
  const { model } = analyzeDockerfile(dockerfile, {});
  const layer = [...model.layers.values()].find((l) => l.instruction.keyword === 'RUN');
  assert.ok(layer);
  return layer;
}

test('apk add ca-certificates tzdata on alpine:3.24: Alpine sizes, medium, well under 1 MB (was 11.5 MB from Debian)', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache ca-certificates tzdata\n');
  const pkgs = layer.estimate.parts.find((p) => p.label.startsWith('apk: ca-certificates'));
  assert.ok(pkgs);
  assert.equal(pkgs.confidence, 'medium');
  assert.equal(pkgs.bytes, (207 + 433) * 1024);
  assert.ok(layer.estimate.bytes < 1_000_000, `${layer.estimate.bytes}`);
  assert.doesNotMatch(pkgs.source, /debian/i);
});

test('apk add git: low confidence (git is sized from another release/arch), between 6 and 15 MB', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache git\n');
  const pkgs = layer.estimate.parts.find((p) => p.label.startsWith('apk: git'))!;
  assert.equal(pkgs.confidence, 'low');
  assert.ok(pkgs.bytes > 6e6 && pkgs.bytes < 15e6, `${pkgs.bytes}`);
  assert.ok(pkgs.low < pkgs.bytes && pkgs.high > pkgs.bytes);
});

test('an unknown apk package is an unknown part, never a Debian price; the known ones keep their size', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache surely-not-a-package curl\n');
  const unknown = layer.estimate.parts.find((p) => p.label.startsWith('apk: surely-not-a-package'));
  assert.ok(unknown);
  assert.equal(unknown.confidence, 'unknown');
  const curl = layer.estimate.parts.find((p) => p.label.startsWith('apk: curl'));
  assert.ok(curl && curl.bytes > 1e6);
  assert.notEqual(layer.estimate.confidence, 'medium');
});

test('package names from ENV are expanded; a release without reports is low confidence', () => {
  const layer = runLayer('FROM alpine:3.21\nENV DEPS="curl"\nRUN apk add --no-cache $DEPS\n');
  const curl = layer.estimate.parts.find((p) => p.label.startsWith('apk: curl'))!;
  assert.equal(curl.confidence, 'low');
  assert.match(curl.source, /3\.23 reports/);
});

test('ca-certificates: its trigger rewrites the PEM bundle (ca-certificates-bundle size) and adds a symlink per certificate; not when it is already installed', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache ca-certificates\n');
  const trigger = layer.estimate.parts.find((p) => /ca-certificates trigger/.test(p.label));
  assert.ok(trigger, layer.estimate.parts.map((p) => p.label).join(' | '));
  // alpine:3.24.2's report: ca-certificates-bundle 177 KiB; PEM gzips to 0.58.
  assert.equal(trigger.bytes, 177 * 1024);
  assert.equal(trigger.compressedBytes, Math.round(177 * 1024 * 0.58));
  const framing = layer.estimate.parts.find((p) => p.framing)!;
  assert.ok(framing.compressedBytes > 145 * 18, `${framing.label}: ${framing.compressedBytes}`);
  const again = [...analyzeDockerfile('FROM alpine:3.24\nRUN apk add --no-cache ca-certificates\nRUN apk add --no-cache ca-certificates\n', {}).model.layers.values()].filter((l) => l.makesLayer)[1]!;
  assert.ok(!again.estimate.parts.some((p) => /ca-certificates trigger/.test(p.label)));
});

test('alpine:3.16 (a 2023 build in the data): apk runs on Alpine 3.16 data and busybox adduser is used; the base size says which build', () => {
  const { model } = analyzeDockerfile('FROM alpine:3.16\nRUN apk add --no-cache curl\nRUN adduser -D -S app\n', {});
  const [apk, user] = [...model.layers.values()].filter((l) => l.instruction.keyword === 'RUN');
  const curl = apk!.estimate.parts.find((p) => p.label.startsWith('apk: curl'))!;
  assert.doesNotMatch(curl.source, /not a known Alpine release/);
  // libcrypto1.1/libssl1.1 of 3.16's base stand for the 3.17 graph's libcrypto3/libssl3: not added again.
  assert.ok(!(curl.label.includes('libcrypto3')));
  assert.ok(user!.estimate.parts.some((p) => /busybox adduser/.test(p.label)), user!.estimate.parts.map((p) => p.label).join(' | '));
  assert.equal(model.stages[0]!.base.known, true);
  assert.match(model.stages[0]!.base.source, /alpine\/remote\/3\.16\.md.*sizes of its build of 2022-\d\d-\d\d/);
});

test('apk-tools 2 sizes (Alpine <= 3.22) are scaled to file bytes: tzdata on 3.16 is far below its rounded report size', async () => {
  const { apkDatabase } = await import('../../data/apkDb');
  const db = apkDatabase()!;
  // ca-certificates: 688 KiB as apk-tools 2 reports it on 3.17 (4 KiB per file), 207 KiB of files on 3.23.
  const old = db.size('ca-certificates', '3.17')!;
  assert.equal(old.from, 'release');
  assert.ok(old.bytes < 300 * 1024 && old.bytes > 150 * 1024, `${old.bytes}`);
  // A 3.24 size is file bytes already.
  assert.equal(db.size('ca-certificates', '3.24')!.bytes, 207 * 1024);
});

test('apk add openssl: the base libcrypto3/libssl3 (same origin) may be upgraded: half counted, range 0 to both', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache openssl\n');
  const up = layer.estimate.parts.find((p) => /may upgrade base/.test(p.label));
  assert.ok(up, layer.estimate.parts.map((p) => p.label).join(' | '));
  assert.match(up.label, /libcrypto3/);
  assert.match(up.label, /libssl3/);
  // alpine:3.24.2's report: libcrypto3 5095 KiB, libssl3 819 KiB.
  const full = (5095 + 819) * 1024;
  assert.equal(up.bytes, full / 2);
  assert.equal(up.low, 0);
  assert.equal(up.high, full);
  assert.equal(up.confidence, 'low');
  // Nothing of openssl's origin added: no upgrade part.
  assert.ok(!runLayer('FROM alpine:3.24\nRUN apk add --no-cache jq\n').estimate.parts.some((p) => /may upgrade/.test(p.label)));
});

test('C headers are priced with the text gzip ratio: linux-headers pulls far less than a library of the same size', () => {
  const headers = runLayer('FROM alpine:3.24\nRUN apk add --no-cache linux-headers\n').estimate.parts.find((p) => p.label.startsWith('apk: linux-headers'))!;
  assert.ok(headers.compressedBytes < headers.bytes * 0.25, `${headers.compressedBytes} of ${headers.bytes}`);
});

test('font packages are priced with the measured TrueType gzip ratio (0.535), not the library ratio', () => {
  const fonts = runLayer('FROM alpine:3.24\nRUN apk add --no-cache ttf-dejavu\n').estimate.parts.find((p) => p.label.startsWith('apk: ttf-dejavu'))!;
  // font-dejavu is most of the bytes; fontconfig and friends are libraries (0.389).
  assert.ok(fonts.compressedBytes > fonts.bytes * 0.45 && fonts.compressedBytes < fonts.bytes * 0.535, `${fonts.compressedBytes} of ${fonts.bytes}`);
});

test('dependencies from the 3.17 index on a newer release: low, with the range widened by the measured closure spread', () => {
  // rsync: no observed report has it on 3.2x, so its dependencies are the 3.17 index's.
  const aged = runLayer('FROM alpine:3.24\nRUN apk add --no-cache rsync\n').estimate.parts.find((p) => p.label.startsWith('apk: rsync'))!;
  assert.equal(aged.confidence, 'low');
  assert.match(aged.source, /dependencies of rsync.* are Alpine 3\.17's on 3\.24: range ×0\.\d+–×1\.\d+/);
  // On 3.17 itself the same graph is the release's own: no widening.
  const own = runLayer('FROM alpine:3.17\nRUN apk add --no-cache rsync\n').estimate.parts.find((p) => p.label.startsWith('apk: rsync'))!;
  assert.doesNotMatch(own.source, /are Alpine 3\.17's on/);
  // Same-release sizes spread ×0.9–×1.1; the aged part reaches beyond that.
  assert.ok(aged.high / aged.bytes > 1.15, `${aged.high / aged.bytes}`);
});

test('a dependency-free package from the 3.17 index (tzdata) keeps medium on 3.24: no graph to be out of date', () => {
  const layer = runLayer('FROM alpine:3.24\nRUN apk add --no-cache ca-certificates tzdata\n');
  const pkgs = layer.estimate.parts.find((p) => p.label.startsWith('apk: ca-certificates'))!;
  assert.equal(pkgs.confidence, 'medium');
});
