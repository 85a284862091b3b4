import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, copyExamples } from './helpers';

type Report = { files: { path: string; image: { bytes: number }; stages: { ships: boolean }[]; findings: { rule: string; severity: string }[] }[] };
const json = (args: string[], cwd: string) => {
  const r = cli(['--format', 'json', ...args], { cwd });
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : undefined };
};

test('a .dockerfile-size-hints.json found upward sets rule severities and ignores', () => {
  const dir = copyExamples('apt-lists-kept');
  const file = 'apt-lists-kept/Dockerfile';
  const plain = json([file], dir).report!.files[0].findings;
  assert.ok(plain.some((f) => f.rule === 'apt-lists-kept'));
  fs.writeFileSync(path.join(dir, '.dockerfile-size-hints.json'), JSON.stringify({ rules: { 'apt-lists-kept': 'error' }, ignore: ['apt-no-install-recommends'] }));
  const withConfig = json([file], dir);
  const f = withConfig.report!.files[0].findings;
  assert.equal(f.find((x) => x.rule === 'apt-lists-kept')?.severity, 'error');
  assert.ok(!f.some((x) => x.rule === 'apt-no-install-recommends'));
  assert.equal(withConfig.status, 1, 'an error finding fails the default --fail-on error');
  assert.equal(json(['--no-config', file], dir).report!.files[0].findings.length, plain.length);
});

test('YAML config: budgets, target, platform; flags override it', () => {
  const dir = copyExamples('python-multistage');
  const file = 'python-multistage/Dockerfile';
  fs.writeFileSync(path.join(dir, 'python-multistage', '.dockerfile-size-hints.yaml'), 'target: build\nplatform: linux/arm64\nbudgets:\n  maxSize: 1MB\nfailOn: none\n');
  const r = json([file], dir);
  assert.deepEqual(r.report!.files[0].stages.map((s) => s.ships), [true, false], 'config target');
  assert.equal(r.status, 1, 'config budget exceeded');
  assert.match(r.stderr, /--max-size budget of 1 MB/);
  const o = json(['--target', '1', '--max-size', '100GB', file], dir);
  assert.deepEqual(o.report!.files[0].stages.map((s) => s.ships), [false, true], 'flag overrides target');
  assert.equal(o.status, 0, 'flag overrides the budget');
});

test('unknown keys and bad values are reported with the file and the key (exit 2)', () => {
  const dir = copyExamples('apt-lists-kept');
  const cfg = path.join(dir, '.dockerfile-size-hints.json');
  fs.writeFileSync(cfg, JSON.stringify({ rulez: {}, rules: { 'apt-lists-kept': 'loud', 'no-such-rule': 'error' }, budgets: { maxSize: 'big', maxSpeed: 1 }, platform: 'arm', ignore: 'all' }));
  const r = json(['apt-lists-kept/Dockerfile'], dir);
  assert.equal(r.status, 2);
  const lines = r.stderr.trimEnd().split('\n');
  for (const key of ['rulez', 'rules.apt-lists-kept', 'rules.no-such-rule', 'budgets.maxSize', 'budgets.maxSpeed', 'platform', 'ignore']) {
    assert.ok(lines.some((l) => l.startsWith(`dockerfile-size-hints: .dockerfile-size-hints.json: ${key}: `)), `error for ${key}:\n${r.stderr}`);
  }
  assert.ok(r.report && r.report.files.length === 1, 'the Dockerfile is still analysed');
  fs.writeFileSync(cfg, '{ not json');
  const bad = json(['apt-lists-kept/Dockerfile'], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\.dockerfile-size-hints\.json: \(file\): not valid JSON/);
});

test('--config FILE and a missing --config', () => {
  const dir = copyExamples('apt-lists-kept');
  fs.writeFileSync(path.join(dir, 'strict.yml'), 'rules:\n  apt-lists-kept: "off"\n');
  const r = json(['--config', 'strict.yml', 'apt-lists-kept/Dockerfile'], dir);
  assert.ok(!r.report!.files[0].findings.some((f) => f.rule === 'apt-lists-kept'), r.stderr);
  const missing = json(['--config', 'nope.json', 'apt-lists-kept/Dockerfile'], dir);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.json: \(file\): no such file/);
});
