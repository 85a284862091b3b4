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
  const unknown = layer.estimate.parts.find((p) => p.label === 'apk: surely-not-a-package');
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
