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
    source: [/jammy main\+restricted \(\+ \d+ universe\/multiverse packages: the closures of \d+ names\) Release/],
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
    // universe is shipped for jammy and noble only where the seed names need it (scripts/data/ubuntu-universe-seeds.txt):
    // python3-pip is a seed, so jammy's own index prices it.
    name: 'jammy: a seeded universe package (python3-pip) is priced by jammy\'s own index',
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*\n',
    label: /python3-pip \(\d+ packages\)/,
    min: 5e6,
    max: 200e6,
    confidence: 'low',
    source: [/^Ubuntu Packages indexes/, /jammy main\+restricted \(\+ \d+ universe/, /jammy's installed packages/],
    notSource: [/stand-in/],
  },
  {
    // gosu is in universe but no corpus installs it: the Debian stand-in prices the install, stated, with its correction.
    name: 'jammy: an unseeded universe package (gosu) falls back to the Debian stand-in, stated',
    dockerfile: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends gosu python3-pip && rm -rf /var/lib/apt/lists/*\n',
    label: /gosu, python3-pip/,
    min: 5e6,
    max: 200e6,
    confidence: 'low',
    source: [/gosu: not in the shipped Ubuntu jammy index \(universe and multiverse, apart from what \d+ commonly installed names need, left out for size\)/, /Debian bookworm's package index as a stand-in/, /measured stand-in correction/],
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

test('the ROS 2 example (arm32v7/ubuntu:22.04): priced by jammy\'s own index (python3-pip is a seeded universe name) on jammy\'s real base package set, and the recommends still count', () => {
  const file = path.resolve(__dirname, '../../../../../examples/ros2-from-source/Dockerfile');
  const { model, findings } = analyzeDockerfile(readFileSync(file, 'utf8'));
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  const part = layer.estimate.parts.find((p) => /^apt: build-essential/.test(p.label))!;
  assert.match(part.source, /jammy main\+restricted \(\+ \d+ universe/);
  assert.doesNotMatch(part.source, /stand-in/);
  assert.match(part.source, /resolved against jammy's installed packages/);
  // The ROS tools (python3-colcon-common-extensions, python3-vcstool, python3-rosdep) are in no index: unknown, said.
  assert.ok(layer.estimate.parts.some((p) => p.unknown && /python3-colcon-common-extensions/.test(p.label)));
  assert.equal(part.confidence, 'low');
  const members = new Set((layer as unknown as { created: { members?: Map<string, number> }[] }).created.find((e) => e.members)?.members?.keys() ?? []);
  // jammy's base (repo-info 22.04.md@c577a25d) has these and Debian's slim base does not: not installed again.
  for (const base of ['libssl3', 'libkrb5-3', 'libtirpc3', 'libnsl2', 'libncursesw6']) assert.ok(!members.has(base), base);
  // jammy's base lacks libmd0 (Debian's slim base has it): libbsd0 -> libmd0 lands in the layer.
  assert.ok(members.has('libmd0'), 'libmd0');
  const recommends = findings.find((f) => f.rule === 'apt-no-install-recommends')!;
  assert.ok(recommends, 'apt-no-install-recommends is reported');
  assert.ok((recommends.waste?.bytes ?? 0) > 10e6, `recommends ${recommends.waste?.bytes}`);
});

test('seeded universe (jammy, noble): every seed is in one of the two indexes with what it needs; an unseeded universe name is not', () => {
  const db = aptDatabase()!;
  const file = path.resolve(__dirname, '../../../../../scripts/data/ubuntu-universe-seeds.txt');
  const seeds = readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(seeds.length >= 30, `${seeds.length} seeds`);
  for (const seed of seeds) {
    const complete = (['jammy', 'noble'] as const).some((s) => db.has(s, 'amd64', seed) && db.resolve({ suite: s, arch: 'amd64', packages: [seed], installRecommends: true }).unknown.length === 0);
    assert.ok(complete, `${seed}: in jammy or noble, closure complete`);
  }
  // gosu (universe, installed by no corpus Dockerfile) and focal's universe stay out.
  assert.equal(db.has('jammy', 'amd64', 'gosu'), false);
  assert.equal(db.has('focal', 'amd64', 'python3-pip'), false);
  assert.deepEqual(db.ubuntuComponentsLeftOut('focal'), ['universe', 'multiverse']);
  assert.match(db.ubuntuComponentsLeftOut('jammy').join(), /apart from what \d+ commonly installed names need/);
});

test('a stage that took the Debian stand-in stays on it: odoo\'s nodejs/npm RUN after node-less purges back to almost nothing', () => {
  // odoo:17 (held-out npm layer, real 684 kB): node-less (universe, not seeded) pulls nodejs in the first RUN, priced by
  // the bookworm stand-in; `nodejs npm` are seeded names, but resolved on jammy's index they would land on top of the
  // stand-in's libnode108 as jammy's libnode72 (68 MB that the purge then keeps for nodejs).
  const text =
    'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates node-less && rm -rf /var/lib/apt/lists/*\n' +
    'RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && apt-get purge --autoremove -y npm && rm -rf /var/lib/apt/lists/*\n';
  const model = buildSizeModel(parseDockerfile(text), { platform: 'linux/amd64', bandwidthMbps: 50 });
  const [first, second] = model.stages.flatMap((s) => s.layers).filter((l) => l.instruction.keyword === 'RUN');
  assert.match(first!.estimate.parts.find((p) => /^apt: /.test(p.label))!.source ?? '', /node-less: not in the shipped Ubuntu jammy index/);
  assert.ok(second!.estimate.bytes < 5e6, `nodejs npm, npm purged: ${second!.estimate.bytes}`);
  // Alone, the same RUN is priced by jammy's own index (both names are seeded).
  const alone = aptLayer('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*\n');
  assert.match(alone.part.source ?? '', /jammy main\+restricted \(\+ \d+ universe/);
  assert.doesNotMatch(alone.part.source ?? '', /stand-in/);
});
