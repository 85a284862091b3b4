// Debian releases before bookworm (bullseye, buster: the 2023 builds of end-of-life lines) have no package index and
// no OS list in the data: installs are priced on bookworm's index, against bookworm's OS list and the packages the
// official Dockerfiles down the image's FROM chain install (gen-base-images.mjs osPackageStandIn).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../../analyze';
import { lookupBaseImage } from '../../data/baseImages';

const runLayer = (from: string, run: string) => {
  const { model } = analyzeDockerfile(`FROM ${from}\nRUN ${run}\n`, {});
  return [...model.layers.values()].find((l) => l.instruction.keyword === 'RUN')!;
};

test('a bullseye image resolves installs against bookworm-slim\'s OS list standing in for its own, and says so', () => {
  const base = lookupBaseImage('debian:bullseye-slim')!;
  assert.ok(base.packages?.includes('libc6') && base.packages.includes('dpkg'), 'an OS list');
  assert.match(base.source, /installed packages: bookworm's OS list and the official Dockerfiles' packages stand in for bullseye's/);
  // curl's closure without libc6, zlib1g, libssl3 … that every Debian base has: a few packages, not thirty.
  const curl = runLayer('debian:bullseye-slim', 'apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*');
  const apt = curl.estimate.parts.find((p) => p.label.startsWith('apt: curl'))!;
  const count = Number(/\((\d+) packages/.exec(apt.label)?.[1]);
  assert.ok(count > 3 && count < 25, apt.label);
  assert.equal(curl.estimate.confidence, 'low');
});

test('an install of a package buildpack-deps already has adds nothing on a full 2023 image built on it (ruby:2.7)', () => {
  const base = lookupBaseImage('ruby:2.7')!;
  assert.equal(base.key, 'ruby:2.7-bullseye');
  assert.ok(base.packages?.includes('libsqlite3-dev') && base.packages.includes('libpq-dev'), 'buildpack-deps packages in the set');
  const layer = runLayer('ruby:2.7', 'apt-get update && apt-get install -y libsqlite3-dev && rm -rf /var/lib/apt/lists/*');
  assert.ok(layer.estimate.bytes < 1_000_000, `${layer.estimate.bytes} B`);
  // A package it lacks is still priced (on bookworm's index), at low confidence.
  const other = runLayer('ruby:2.7', 'apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*');
  assert.ok(other.estimate.bytes > 1_000_000, `${other.estimate.bytes} B`);
  assert.equal(other.estimate.confidence, 'low');
});

test('an install the stand-in list says is done already is 0 B at low confidence, up to the package\'s own size, not exact', () => {
  const layer = runLayer('ruby:2.7', 'apt-get install -y wget');
  assert.equal(layer.estimate.bytes, 0);
  assert.equal(layer.estimate.confidence, 'low');
  const part = layer.estimate.parts.find((p) => p.label.startsWith('apt: wget'))!;
  assert.match(part.label, /installed already/);
  assert.ok(part.high > 100_000, `${part.high}`);
  // With the image's own list (bookworm's python:3.12, built on buildpack-deps), nothing stands in: exactly nothing.
  const own = runLayer('python:3.12-bookworm', 'apt-get install -y wget');
  assert.equal(own.estimate.bytes, 0);
  assert.ok(!own.estimate.parts.some((p) => p.label.startsWith('apt: wget')));
});
