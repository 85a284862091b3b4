import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, exampleDockerfiles, ROOT, tmpDir, validateJsonReport } from './helpers';

interface Report {
  version: 1;
  files: {
    path: string;
    image: { bytes: number; low: number; high: number; compressedBytes: number; pullSeconds: number };
    stages: { index: number; name: string | null; base: string; ships: boolean; bytes: number; compressedBytes: number; layers: { line: number; endLine: number; instruction: string; bytes: number; low: number; high: number; parts: { label: string; bytes: number; unknown?: true }[] }[] }[];
    findings: { rule: string; hadolint: string | null; severity: string; line: number; column: number; endLine: number; endColumn: number; message: string; wastedBytes: number | null; fixable: boolean }[];
  }[];
}

function json(args: string[]): Report {
  const r = cli(['--format', 'json', ...args]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

test('json on examples/ matches docs/cli-output.schema.json and the documented shape', () => {
  const report = json(['examples']);
  assert.equal(validateJsonReport(report), '');
  assert.deepEqual(report.files.map((f) => f.path), exampleDockerfiles());
  let findings = 0;
  for (const f of report.files) {
    const lines = fs.readFileSync(path.join(ROOT, f.path), 'utf8').split('\n');
    // Layers are exactly the RUN/COPY/ADD instructions, 1-based lines pointing at them.
    const layerLines = f.stages.flatMap((s) => s.layers.map((l) => l.line));
    const expected = lines.map((l, i) => (/^\s*(RUN|COPY|ADD)\b/i.test(l) ? i + 1 : 0)).filter(Boolean);
    assert.deepEqual(layerLines, expected, f.path);
    for (const s of f.stages)
      for (const l of s.layers) {
        assert.ok(l.low <= l.bytes && l.bytes <= l.high, `${f.path}:${l.line} low ≤ bytes ≤ high`);
        assert.ok(l.endLine >= l.line);
        assert.ok(l.parts.every((p) => (p.unknown ? p.bytes === 0 : true)), 'unknown parts have 0 bytes');
      }
    assert.ok(f.image.low <= f.image.bytes && f.image.bytes <= f.image.high);
    assert.ok(f.stages.some((s) => s.ships), 'some stage ships');
    const shippedLast = f.stages[f.stages.length - 1];
    assert.equal(f.image.bytes, shippedLast.bytes, 'image = the last stage by default');
    for (const x of f.findings) {
      findings++;
      assert.ok(x.line <= lines.length && x.endLine <= lines.length, `${f.path}: ${x.rule} line in range`);
      assert.ok(x.column <= lines[x.line - 1].length + 1, `${f.path}: ${x.rule} column in range`);
    }
  }
  assert.ok(findings > 0, 'examples produce findings');
});

test('json: the example findings we know about', () => {
  const report = json(['examples/apt-lists-kept/Dockerfile']);
  const f = report.files[0];
  const rules = f.findings.map((x) => x.rule);
  assert.ok(rules.includes('apt-lists-kept'), rules.join());
  const kept = f.findings.find((x) => x.rule === 'apt-lists-kept')!;
  assert.equal(kept.line, 6);
  assert.ok(kept.wastedBytes === null || (Number.isInteger(kept.wastedBytes) && kept.wastedBytes > 0));
  const del = json(['examples/delete-in-later-layer/Dockerfile']).files[0];
  assert.ok(del.findings.some((x) => x.rule === 'delete-in-later-layer' && x.line === 12), JSON.stringify(del.findings));
});

test('json: --bandwidth recomputes pullSeconds', () => {
  const a = json(['examples/apt-lists-kept/Dockerfile']).files[0].image;
  const b = json(['--bandwidth', '100', 'examples/apt-lists-kept/Dockerfile']).files[0].image;
  assert.equal(a.compressedBytes, b.compressedBytes);
  assert.ok(a.pullSeconds > 0);
  assert.ok(Math.abs(a.pullSeconds / 2 - b.pullSeconds) < 0.02, `${a.pullSeconds} vs ${b.pullSeconds}`);
  assert.ok(Math.abs(a.pullSeconds - (a.compressedBytes * 8) / 50e6) < 0.01);
});

test('json: --target picks the shipped stage; an unknown target is an input error (exit 2)', () => {
  const all = json(['examples/python-multistage/Dockerfile']).files[0];
  assert.deepEqual(all.stages.map((s) => s.ships), [false, true]);
  const build = json(['--target', 'build', 'examples/python-multistage/Dockerfile']).files[0];
  assert.deepEqual(build.stages.map((s) => s.ships), [true, false]);
  assert.equal(build.image.bytes, build.stages[0].bytes);
  const r = cli(['--format', 'json', '--target', 'nope', 'examples/python-multistage/Dockerfile']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /examples\/python-multistage\/Dockerfile: target stage 'nope' not found/);
});

test('json: --build-arg and --platform are applied like docker build', () => {
  const dir = tmpDir('dsh-args-');
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'ARG BASE=debian:bookworm\nFROM ${BASE}\nRUN echo hi > /x\n');
  const def = json([path.join(dir, 'Dockerfile')]).files[0];
  assert.equal(def.stages[0].base, 'debian:bookworm');
  const alp = json(['--build-arg', 'BASE=alpine:3.20', path.join(dir, 'Dockerfile')]).files[0];
  assert.equal(alp.stages[0].base, 'alpine:3.20');
  assert.ok(alp.image.bytes < def.image.bytes, 'alpine is smaller than debian');
  const arm = json(['--platform', 'linux/arm64', path.join(dir, 'Dockerfile')]);
  assert.equal(validateJsonReport(arm), '');
});

test('json: standard input with -', () => {
  const r = cli(['--format', 'json', '-'], { input: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(validateJsonReport(report), '');
  assert.equal(report.files[0].path, '<stdin>');
  assert.ok(report.files[0].findings.some((f) => f.rule === 'apt-lists-kept'));
  const named = JSON.parse(cli(['--format', 'json', '--stdin-filename', 'docker/Dockerfile', '-'], { input: 'FROM alpine:3.20\n' }).stdout) as Report;
  assert.equal(named.files[0].path, 'docker/Dockerfile');
});

test('--platform changes the sizes: the arm/v7 base and armhf packages, not the amd64 ones', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*\n');
  const report = (platform: string) => json(['--platform', platform, path.join(dir, 'Dockerfile')]).files[0]!;
  const amd64 = report('linux/amd64');
  const armv7 = report('linux/arm/v7');
  const base = (r: typeof amd64) => r.stages[0]!.bytes - r.stages[0]!.layers.reduce((a, l) => a + l.bytes, 0);
  assert.notEqual(base(armv7), base(amd64), 'the base image size is per platform');
  const run = (r: typeof amd64) => r.stages[0]!.layers[0]!.bytes;
  assert.ok(run(armv7) > 0 && run(amd64) > 0);
  // armhf binaries are smaller than amd64 ones for the same packages.
  assert.ok(run(armv7) < run(amd64), `armhf ${run(armv7)} < amd64 ${run(amd64)}`);
});
