// apt installs on Ubuntu bases: resolved against the release's real installed packages (repo-info),
// with a Debian suite's index as a stand-in that the model names, a measured correction and a range.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';

function aptLayer(dockerfile: string) {
  const model = buildSizeModel(parseDockerfile(dockerfile), { platform: 'linux/amd64', bandwidthMbps: 50 });
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const part = layer.estimate.parts.find((p) => /^apt: /.test(p.label))!;
  return { layer, part };
}

test('focal: apt-get install tzdata is tzdata alone (the base has debconf & co.), not ~60 MB from scratch', () => {
  const { part } = aptLayer('FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*\n');
  assert.match(part.label, /\(1 packages\)/);
  assert.ok(part.bytes > 2e6 && part.bytes < 8e6, `${part.bytes}`);
  assert.equal(part.confidence, 'low');
  assert.match(part.source, /Debian bookworm's package index as a stand-in/);
  assert.match(part.source, /focal's installed packages/);
  assert.match(part.source, /measured stand-in correction/);
  assert.ok(part.low < part.bytes && part.high > part.bytes);
});

test('bionic (no package list in the data) resolves against the nearest listed release, and says so', () => {
  const { part } = aptLayer('FROM ubuntu:18.04\nRUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*\n');
  assert.ok(part.bytes < 8e6, `${part.bytes}`);
  assert.match(part.source, /ubuntu focal's installed packages standing in for bionic's/);
});

test('jammy (the ROS 2 example base): base packages and their other-soname Debian twins are not re-installed', () => {
  const { layer } = aptLayer('FROM arm32v7/ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
  const members = [...((layer as unknown as { created: { members?: Map<string, number> }[] }).created.find((e) => e.members)?.members?.keys() ?? [])];
  assert.ok(members.includes('curl'));
  for (const base of ['libc6', 'zlib1g', 'libssl3', 'libgnutls30', 'libzstd1']) assert.ok(!members.includes(base), base);
});

test('the correction is measured on the fit layers only, and the held-out ones stay out of it', () => {
  const root = path.resolve(__dirname, '../../../../..');
  const cfg = JSON.parse(readFileSync(path.join(root, 'server/data/apt/ubuntu.json'), 'utf8'));
  const bench = JSON.parse(readFileSync(path.join(root, 'bench/accuracy/ubuntu-layers.json'), 'utf8'));
  const heldOut = bench.images.filter((i: { use: string }) => i.use === 'heldout').map((i: { id: string }) => i.id);
  assert.ok(cfg.correction.fittedOn.length >= 6);
  for (const f of cfg.correction.fittedOn) for (const h of heldOut) assert.ok(!f.startsWith(`${h} `), `${h} is held out but fitted on`);
  assert.ok(cfg.correction.low < cfg.correction.factor && cfg.correction.factor < cfg.correction.high);
});

test('26.04 (resolute, ubuntu:latest and eclipse-temurin:*): its own repo-info package list, where procps is already installed', () => {
  const { part } = aptLayer('FROM ubuntu:26.04\nRUN apt-get update && apt-get install -y --no-install-recommends tzdata procps && rm -rf /var/lib/apt/lists/*\n');
  assert.match(part.label, /\(1 packages\)/, part.label);
  assert.match(part.source, /resolute's installed packages/);
  assert.doesNotMatch(part.source, /standing in for resolute/);
  const temurin = aptLayer('FROM eclipse-temurin:21-jre\nRUN apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/*\n');
  assert.ok(!temurin.part || temurin.part.bytes === 0, temurin.part?.label);
});
