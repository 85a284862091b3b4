import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TarReader, type TarHeader } from './tarStream';
import { addTarEntry, analyzeLayerWaste, emptyChanges, type LayerChanges } from './layerWaste';
import { mapHistory, parseCreatedBy, shippedChain } from './historyMap';
import { compareWithBuilt, type BuiltImage } from './compare';
import { analyzeDockerfile } from '../analyze';
import { parseDockerfile } from '../parse/dockerfile';
import { tempDir } from '../../testing/tempDirs';

function readAll(buf: Buffer, chunk: number): { headers: TarHeader[]; bytes: Map<string, number>; reader: TarReader } {
  const headers: TarHeader[] = [];
  const bytes = new Map<string, number>();
  let cur = '';
  const reader = new TarReader({
    entry: (h) => {
      headers.push(h);
      cur = h.path;
      bytes.set(cur, 0);
    },
    data: (c) => bytes.set(cur, (bytes.get(cur) ?? 0) + c.length),
  });
  for (let i = 0; i < buf.length; i += chunk) reader.write(buf.subarray(i, i + chunk));
  return { headers, bytes, reader };
}

test('TarReader lists what GNU tar wrote (long names, PAX, links, dirs), in any chunking', () => {
  const dir = tempDir('tarstream-');
  const long = 'd'.repeat(120) + '/' + 'f'.repeat(110) + '.txt';
  fs.mkdirSync(path.join(dir, 'src', 'd'.repeat(120)), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src', long), 'x'.repeat(1000));
  fs.writeFileSync(path.join(dir, 'src', 'small'), 'hello');
  fs.writeFileSync(path.join(dir, 'src', 'empty'), '');
  fs.writeFileSync(path.join(dir, 'src', 'exact512'), 'y'.repeat(512));
  fs.symlinkSync('small', path.join(dir, 'src', 'link'));
  fs.linkSync(path.join(dir, 'src', 'small'), path.join(dir, 'src', 'hard'));
  for (const format of ['gnu', 'posix', 'ustar']) {
    const file = path.join(dir, `${format}.tar`);
    try {
      execFileSync('tar', ['--format', format, '-C', path.join(dir, 'src'), '-cf', file, '.']);
    } catch {
      continue; // ustar cannot hold the 231-character name: GNU tar refuses, nothing to compare
    }
    const listed = execFileSync('tar', ['-tf', file]).toString().trim().split('\n').map((p) => p.replace(/^\.\//, '').replace(/\/$/, '')).filter(Boolean).sort();
    for (const chunk of [1, 7, 512, 4096, 1 << 20]) {
      const { headers, bytes, reader } = readAll(fs.readFileSync(file), chunk);
      assert.equal(reader.error, undefined);
      const got = headers.map((h) => h.path.replace(/^\.\//, '').replace(/\/$/, '')).filter(Boolean).sort();
      assert.deepEqual(got, listed, `${format} in chunks of ${chunk}`);
      const h = (p: string) => headers.find((x) => x.path.replace(/^\.\//, '') === p)!;
      assert.equal(h(long).size, 1000);
      assert.equal(bytes.get(h(long).path), 1000);
      assert.equal(h('exact512').size, 512);
      assert.equal(h('link').type, '2');
      assert.equal(h('link').linkPath, 'small');
      assert.equal(h('empty').size, 0);
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('TarReader stops on garbage without throwing', () => {
  const junk = Buffer.alloc(4096, 0x41);
  const { reader, headers } = readAll(junk, 100);
  assert.equal(headers.length, 0);
  assert.match(reader.error ?? '', /checksum/);
  const truncated = readAll(Buffer.alloc(100, 0), 7);
  assert.equal(truncated.reader.error, undefined);
});

function layer(entries: Record<string, number | 'dir'>, whiteouts: string[] = [], opaque: string[] = []): LayerChanges {
  const l = emptyChanges();
  for (const [p, v] of Object.entries(entries)) addTarEntry(l, { path: p, type: v === 'dir' ? '5' : '0', size: v === 'dir' ? 0 : v, linkPath: '' });
  for (const w of whiteouts) {
    const i = w.lastIndexOf('/');
    addTarEntry(l, { path: i < 0 ? `.wh.${w}` : `${w.slice(0, i)}/.wh.${w.slice(i + 1)}`, type: '0', size: 0, linkPath: '' });
  }
  for (const d of opaque) addTarEntry(l, { path: `${d}/.wh..wh..opq`, type: '0', size: 0, linkPath: '' });
  return l;
}

test("efficiency and wasted bytes are dive's, on a hand-checked case", () => {
  // L0: a(100), d/x(50), d/y(30) · L1: a rewritten (100), d removed · L2: b(10)
  // dive visits leaves: a 100+100 (min 100), d/x 50, d/y 30, the whiteout of d weighs 80 (min 80), b 10.
  // efficiency = (100+50+30+80+10) / (200+50+30+80+10) = 270/370; wasted = a's 200 (the only path in 2 layers).
  const w = analyzeLayerWaste([layer({ a: 100, d: 'dir', 'd/x': 50, 'd/y': 30 }), layer({ a: 100 }, ['d']), layer({ b: 10 })]);
  assert.equal(w.efficiency, 270 / 370);
  assert.equal(w.wastedBytes, 200);
  assert.deepEqual(w.inefficiencies.map((i) => [i.path, i.cumulativeBytes, i.layers]), [['/a', 200, [0, 1]]]);
  // What ships but is not visible: a's first copy (rewritten by L1) and d's 80 bytes (deleted by L1).
  const byAction = Object.fromEntries(w.shadowed.map((s) => [s.action, [s.createdIn, s.removedIn, s.bytes, s.files]]));
  assert.deepEqual(byAction, { rewritten: [0, 1, 100, 1], deleted: [0, 1, 80, 2] });
  assert.deepEqual(w.layerBytes, [180, 100, 10]);
});

test('a removed file weighs 0 at its whiteout (as in dive) and all of it is wasted', () => {
  const w = analyzeLayerWaste([layer({ blob: 3_000_000 }), layer({}, ['blob'])]);
  assert.equal(w.efficiency, 0);
  assert.equal(w.wastedBytes, 3_000_000);
  assert.equal(w.shadowed[0]!.bytes, 3_000_000);
  assert.equal(w.shadowed[0]!.examples[0]!.path, '/blob');
});

test('an opaque directory hides everything the earlier layers had below it', () => {
  const w = analyzeLayerWaste([layer({ 'var/cache': 'dir', 'var/cache/a': 10, 'var/cache/b': 20, 'var/keep': 5 }), layer({ 'var/cache': 'dir' }, [], ['var/cache'])]);
  assert.equal(w.shadowed.length, 1);
  assert.equal(w.shadowed[0]!.bytes, 30);
  assert.equal(w.shadowed[0]!.files, 2);
});

test('a layer that removes many single files attributes each (no directory scan per removed file)', () => {
  const n = 20_000;
  const files: Record<string, number> = {};
  for (let i = 0; i < n; i++) files[`usr/lib/x/f${i}`] = 10;
  const removed = Object.keys(files);
  const w = analyzeLayerWaste([layer(files), layer({}, removed)]);
  assert.equal(w.shadowed[0]!.files, n);
  assert.equal(w.shadowed[0]!.bytes, n * 10);
  assert.equal(w.wastedBytes, n * 10);
});

test('parseCreatedBy reads BuildKit, classic-builder and Buildah history lines', () => {
  const cases: [string, string, string][] = [
    ['RUN /bin/sh -c apt-get update && apt-get install -y jq # buildkit', 'RUN', 'apt-get update && apt-get install -y jq'],
    ['RUN |2 A=1 B=two /bin/sh -c make # buildkit', 'RUN', 'make'],
    ['COPY app.py /app/ # buildkit', 'COPY', 'app.py /app/'],
    ['WORKDIR /app', 'WORKDIR', '/app'],
    ['/bin/sh -c apt-get update', 'RUN', 'apt-get update'],
    ['|1 VERSION=3 /bin/sh -c echo $VERSION', 'RUN', 'echo $VERSION'],
    ['/bin/sh -c #(nop)  ENV A=1', 'ENV', 'A=1'],
    ['/bin/sh -c #(nop) COPY file:abc123 in /hello ', 'COPY', 'file:abc123 in /hello'],
    ['/bin/sh -c #(nop) WORKDIR /app', 'WORKDIR', '/app'],
    ['/bin/bash -o pipefail -c curl -fsSL x | sh', 'RUN', 'curl -fsSL x | sh'],
    ['ENV PATH=/usr/local/bin:/usr/bin', 'ENV', 'PATH=/usr/local/bin:/usr/bin'],
  ];
  for (const [line, keyword, text] of cases) assert.deepEqual(parseCreatedBy(line), { keyword, text }, line);
});

const FILE = `FROM debian:bookworm AS build
RUN echo hi > /hello

FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends jq
COPY --from=build /hello /hello
WORKDIR /app
ENV A=1
RUN rm -rf /var/lib/apt/lists/*
`;

const HISTORY_CLASSIC = [
  { createdBy: '/bin/sh -c #(nop) ADD file:base in / ', size: 74_000_000 },
  { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', size: 0 },
  { createdBy: '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends jq', size: 21_000_000 },
  { createdBy: '/bin/sh -c #(nop) COPY file:9f2e in /hello ', size: 3 },
  { createdBy: '/bin/sh -c #(nop) WORKDIR /app', size: 0 },
  { createdBy: '/bin/sh -c #(nop)  ENV A=1', size: 0 },
  { createdBy: '/bin/sh -c rm -rf /var/lib/apt/lists/*', size: 0 },
];

test('history lines up with the shipped stage only (multi-stage), base entries apart', () => {
  const parsed = parseDockerfile(FILE);
  const chain = shippedChain(parsed, 1);
  assert.deepEqual(chain.map((i) => i.keyword), ['RUN', 'COPY', 'WORKDIR', 'ENV', 'RUN']);
  const m = mapHistory(chain, HISTORY_CLASSIC);
  assert.equal(m.mismatch, undefined);
  assert.equal(m.baseEntries.length, 2);
  assert.deepEqual(m.mapped.map((x) => [x.instruction.line + 1, x.entry.size, x.match]), [
    [5, 21_000_000, 'exact'],
    [6, 3, 'similar'],
    [7, 0, 'exact'],
    [8, 0, 'exact'],
    [9, 0, 'exact'],
  ]);
});

test('an image built from another revision is said not to match', () => {
  const parsed = parseDockerfile(FILE.replace('ENV A=1', 'EXPOSE 80'));
  const m = mapHistory(shippedChain(parsed, 1), HISTORY_CLASSIC);
  assert.match(m.mismatch ?? '', /line 8 is EXPOSE but the image has ENV/);
  const short = mapHistory(shippedChain(parsed, 1), HISTORY_CLASSIC.slice(0, 3));
  assert.match(short.mismatch ?? '', /fewer than the 5 instructions/);
});

test('compareWithBuilt puts built bytes beside the estimate and attributes shipped deletions to lines', () => {
  const analysis = analyzeDockerfile(FILE, {});
  const waste = analyzeLayerWaste([
    layer({ bin: 'dir', 'bin/bash': 1_000_000 }),
    layer({ 'var/lib/apt/lists/Packages': 9_000_000, 'usr/bin/jq': 30_000 }),
    layer({ hello: 3 }),
    layer({ app: 'dir' }),
    layer({}, ['var/lib/apt/lists/Packages']),
  ]);
  const built: BuiltImage = {
    ref: 'app:dev',
    id: 'sha256:1',
    tags: ['app:dev'],
    engine: 'docker',
    bytes: 95_000_003,
    history: HISTORY_CLASSIC,
    waste,
    // layers are made by history entries 0, 2, 3, 4 and 6
    layerHistory: [0, 2, 3, 4, 6],
    inspectedAt: '2026-12-04T00:00:00Z',
  };
  const c = compareWithBuilt(analysis, built);
  assert.equal(c.baseBytes, 74_000_000);
  assert.equal(c.layers[0]!.builtBytes, 21_000_000);
  assert.equal(c.layers[0]!.line, 4);
  assert.equal(c.image.builtWastedBytes, 9_000_000);
  assert.equal(c.waste.length, 1);
  assert.deepEqual([c.waste[0]!.createdLine, c.waste[0]!.removedLine, c.waste[0]!.bytes, c.waste[0]!.action], [4, 8, 9_000_000, 'deleted']);
  // WORKDIR and ENV: nothing estimated, nothing built, inside the range.
  assert.deepEqual(c.layers.slice(2, 4).map((l) => l.outsideRange), [false, false]);
  // A layer ten times bigger than the estimate's high end is flagged.
  const off = compareWithBuilt(analysis, { ...built, history: HISTORY_CLASSIC.map((h, i) => (i === 2 ? { ...h, size: c.layers[0]!.estimate.high * 10 + 1e6 } : h)) });
  assert.equal(off.layers[0]!.outsideRange, true);
});
