// apt installs on Ubuntu bases: Ubuntu's own index (archive.ubuntu.com) resolved against the release's real
// installed packages (repo-info); the Debian stand-in (named, with its measured correction) only where the
// shipped Ubuntu index lacks the package (universe) or the release.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { aptDatabase } from '../dataAccess';
import { analyzeDockerfile } from '../../analyze';

function aptLayer(dockerfile: string) {
  const model = buildSizeModel(parseDockerfile(dockerfile), { platform: 'linux/amd64', bandwidthMbps: 50 });
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const part = layer.estimate.parts.find((p) => /^apt: /.test(p.label))!;
  return { layer, part };
}

// Real Ubuntu indexes (server/data/apt/ubuntu.bin.br, archive.ubuntu.com main+restricted, amd64).
const realIndexCases: { name: string; dockerfile: string; label: RegExp; min: number; max: number; confidence: string; source: RegExp[]; notSource?: RegExp[] }[] = [
  {
    // Real layer ≈ 4 MB (tzdata alone); the stand-in once said 56–76 MB ("62 packages").
    name: 'focal: apt-get install tzdata is tzdata alone, from focal\'s own index',
    dockerfile: 'FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*\n',
    label: /\(1 packages\)/,
    min: 2e6,
    max: 8e6,
    confidence: 'low',
    source: [/^Ubuntu Packages indexes from http:\/\/archive\.ubuntu\.com/, /focal's installed packages/],
    notSource: [/stand-in/, /Debian/],
  },
  {
    // language-pack-en is Ubuntu's own (Debian has no such package): sized now, not unknown.
    name: 'jammy: an Ubuntu-only package (language-pack-en) is sized',
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends language-pack-en && rm -rf /var/lib/apt/lists/*\n',
    label: /language-pack-en \(\d+ packages\)/,
    min: 1e6,
    max: 40e6,
    confidence: 'low',
    source: [/jammy main\+restricted Release/],
    notSource: [/stand-in/],
  },
  {
    // bionic has an index but no installed-package list in the data: focal's list stands in, and says so.
    name: 'bionic: its own index, focal\'s base list standing in (stated, low)',
    dockerfile: 'FROM ubuntu:18.04\nRUN apt-get update && apt-get install -y tzdata && rm -rf /var/lib/apt/lists/*\n',
    label: /tzdata/,
    min: 2e6,
    max: 8e6,
    confidence: 'low',
    source: [/ubuntu focal's installed packages standing in for bionic's/, /bionic main\+restricted/],
  },
  {
    // universe is not shipped (size budget): the Debian stand-in prices it, stated, with its correction.
    name: 'jammy: a universe package (python3-pip) falls back to the Debian stand-in, stated',
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*\n',
    label: /python3-pip/,
    min: 5e6,
    max: 200e6,
    confidence: 'low',
    source: [/python3-pip: not in the shipped Ubuntu jammy index \(universe and multiverse left out for size\)/, /Debian bookworm's package index as a stand-in/, /measured stand-in correction/],
  },
  {
    // 26.04: its own repo-info package list, where procps is already installed.
    name: 'resolute: its own index and package list (procps already there)',
    dockerfile: 'FROM ubuntu:26.04\nRUN apt-get update && apt-get install -y --no-install-recommends tzdata procps && rm -rf /var/lib/apt/lists/*\n',
    label: /\(1 packages\)/,
    min: 1e6,
    max: 8e6,
    confidence: 'low',
    source: [/resolute's installed packages/],
    notSource: [/standing in for resolute/],
  },
];

for (const c of realIndexCases) {
  test(c.name, () => {
    const { part } = aptLayer(c.dockerfile);
    assert.match(part.label, c.label);
    assert.ok(part.bytes >= c.min && part.bytes <= c.max, `${part.bytes}`);
    assert.equal(part.confidence, c.confidence, part.source);
    for (const re of c.source) assert.match(part.source, re);
    for (const re of c.notSource ?? []) assert.doesNotMatch(part.source, re);
    assert.ok(part.low < part.bytes && part.high > part.bytes);
  });
}

test('language-pack-en is Ubuntu-only: neither Debian suite has it', () => {
  const db = aptDatabase()!;
  for (const suite of ['bookworm', 'trixie'] as const) assert.equal(db.has(suite, 'amd64', 'language-pack-en'), false, suite);
  assert.equal(db.has('jammy', 'amd64', 'language-pack-en'), true);
});

test('jammy on arm/v7 (the ROS 2 example base): the amd64 index × the measured armhf ratio, base packages not re-installed, recommends counted', () => {
  const model = buildSizeModel(parseDockerfile('FROM arm32v7/ubuntu:22.04\nRUN apt-get update && apt-get install -y curl git && rm -rf /var/lib/apt/lists/*\n'), { platform: 'linux/arm/v7', bandwidthMbps: 50 });
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const part = layer.estimate.parts.find((p) => /^apt: /.test(p.label))!;
  assert.match(part.source, /jammy main\+restricted/);
  assert.match(part.source, /Ubuntu's amd64 index × 0\.\d+ \(median armhf\/amd64/);
  assert.equal(part.confidence, 'low');
  const members = [...((layer as unknown as { created: { members?: Map<string, number> }[] }).created.find((e) => e.members)?.members?.keys() ?? [])];
  assert.ok(members.includes('curl') && members.includes('git'));
  for (const base of ['libc6', 'zlib1g', 'libgnutls30', 'libzstd1', 'perl-base']) assert.ok(!members.includes(base), base);
  const fact = (layer as unknown as { facts: { apt: { recommendsBytes: number }[] } }).facts.apt[0]!;
  assert.ok(fact.recommendsBytes > 1e6, `recommends ${fact.recommendsBytes}`);
});

test('Ubuntu lists: apt-get update is sized from the measured Ubuntu lists of the release, not Debian\'s', () => {
  const model = buildSizeModel(parseDockerfile('FROM ubuntu:22.04\nRUN apt-get update\n'), { platform: 'linux/amd64', bandwidthMbps: 50 });
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const lists = layer.estimate.parts.find((p) => /apt lists/.test(p.label))!;
  const m = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../../server/data/apt/measurements.json'), 'utf8'));
  assert.equal(lists.bytes, m.listsUbuntu.bytes.jammy.amd64.image);
  assert.notEqual(lists.bytes, m.lists.bytes.bookworm.amd64.image);
  assert.equal(lists.confidence, 'high');
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

test('eclipse-temurin:21-jre (Ubuntu-based, procps in its package list): nothing to add', () => {
  const temurin = aptLayer('FROM eclipse-temurin:21-jre\nRUN apt-get update && apt-get install -y --no-install-recommends procps && rm -rf /var/lib/apt/lists/*\n');
  assert.ok(!temurin.part || temurin.part.bytes === 0, temurin.part?.label);
});

test('the ROS 2 example (arm32v7/ubuntu:22.04): its universe packages are priced by the stand-in on jammy\'s real base package set, and the recommends still count', () => {
  const file = path.resolve(__dirname, '../../../../../examples/ros2-from-source/Dockerfile');
  const { model, findings } = analyzeDockerfile(readFileSync(file, 'utf8'));
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const part = layer.estimate.parts.find((p) => /^apt: build-essential/.test(p.label))!;
  assert.match(part.source, /not in the shipped Ubuntu jammy index/);
  assert.match(part.source, /Debian bookworm's package index as a stand-in/);
  assert.match(part.source, /resolved against jammy's installed packages/);
  assert.equal(part.confidence, 'low');
  const members = new Set((layer as unknown as { created: { members?: Map<string, number> }[] }).created.find((e) => e.members)?.members?.keys() ?? []);
  // jammy's base (repo-info 22.04.md@c577a25d) has these and Debian's slim base does not: not installed again.
  for (const base of ['libssl3', 'libkrb5-3', 'libtirpc3', 'libnsl2', 'libncursesw6']) assert.ok(!members.has(base), base);
  // Debian's slim base has libmd0, jammy's does not: openssh-client's libedit2 -> libbsd0 -> libmd0 lands in the layer.
  assert.ok(members.has('libmd0'), 'libmd0');
  const recommends = findings.find((f) => f.rule === 'apt-no-install-recommends')!;
  assert.ok(recommends, 'apt-no-install-recommends is reported');
  assert.ok((recommends.waste?.bytes ?? 0) > 10e6, `recommends ${recommends.waste?.bytes}`);
});
