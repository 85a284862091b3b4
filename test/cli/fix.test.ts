import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseDockerfile } from '../../server/src/core/parse/dockerfile';
import { cli, copyExamples, exampleDockerfiles, ROOT } from './helpers';

type Report = { files: { path: string; stages: unknown[]; findings: { rule: string; fixable: boolean; severity: string }[] }[] };
const json = (args: string[], cwd: string) => JSON.parse(cli(['--format', 'json', ...args], { cwd }).stdout) as Report;

function snapshot(dir: string): Map<string, string> {
  return new Map(exampleDockerfiles().map((f) => [f, fs.readFileSync(path.join(dir, f.replace(/^examples\//, '')), 'utf8')]));
}

test('--fix-dry-run prints a unified diff and changes nothing; the diff applies to give what --fix writes', () => {
  const dir = copyExamples();
  const before = snapshot(dir);
  const dry = cli(['--fix-dry-run', '.'], { cwd: dir });
  assert.ok(dry.status === 0 || dry.status === 1, dry.stderr);
  assert.match(dry.stdout, /^--- a\/.+Dockerfile\n\+\+\+ b\/.+Dockerfile\n@@ -\d+(,\d+)? \+\d+(,\d+)? @@/m);
  assert.match(dry.stderr, /would fix .*Dockerfile: \d+ fix/);
  assert.deepEqual(snapshot(dir), before, 'dry run changes no file');

  const patched = copyExamples();
  const hasPatch = spawnSync('patch', ['--version']).status === 0;
  if (hasPatch) {
    const p = spawnSync('patch', ['-p1', '--batch', '--silent'], { cwd: patched, input: dry.stdout, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr + p.stdout);
  }

  const fix = cli(['--fix', '.'], { cwd: dir });
  assert.ok(fix.status === 0 || fix.status === 1, fix.stderr);
  const after = snapshot(dir);
  assert.notDeepEqual(after, before, '--fix changed something');
  if (hasPatch) assert.deepEqual(snapshot(patched), after, 'the dry-run diff is exactly what --fix writes');
});

test('--fix output re-parses, keeps its stages, has no fixable finding left and is idempotent', () => {
  const dir = copyExamples();
  const beforeReport = json(['.'], dir);
  cli(['--fix', '.'], { cwd: dir });
  const fixed = snapshot(dir);
  for (const [file, text] of fixed) {
    const parsed = parseDockerfile(text);
    const original = parseDockerfile(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    assert.equal(parsed.stages.length, original.stages.length, `${file}: same stages`);
    assert.deepEqual(parsed.stages.map((s) => s.image), original.stages.map((s) => s.image), `${file}: same base images`);
  }
  const afterReport = json(['.'], dir);
  for (const f of afterReport.files) assert.deepEqual(f.findings.filter((x) => x.fixable).map((x) => x.rule), [], `${f.path}: nothing fixable left`);
  const fixableBefore = beforeReport.files.flatMap((f) => f.findings.filter((x) => x.fixable));
  assert.ok(fixableBefore.length > 0, 'the examples have fixable findings');
  const total = (r: Report) => r.files.reduce((n, f) => n + f.findings.length, 0);
  assert.ok(total(afterReport) < total(beforeReport), 'fewer findings after --fix');
  // Running it again changes nothing.
  const again = cli(['--fix', '.'], { cwd: dir });
  assert.equal(again.stderr.includes('fixed '), false, again.stderr);
  assert.deepEqual(snapshot(dir), fixed);
  assert.equal(cli(['--fix-dry-run', '.'], { cwd: dir }).stdout, '');
});

test('--fix on standard input prints the fixed Dockerfile', () => {
  const input = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';
  const r = cli(['--fix', '-'], { input });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.notEqual(r.stdout, input);
  assert.match(r.stdout, /^FROM debian:bookworm-slim\nRUN /);
  const again = cli(['--fix', '-'], { input: r.stdout });
  assert.equal(again.stdout, r.stdout, 'idempotent');
  assert.equal(cli(['--fix', '-', 'examples']).status, 2, "'-' must be alone with --fix");
});

test('--fix keeps a byte order mark and CRLF line endings, in a file and on standard output', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-bom-'));
  try {
    const body = 'FROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\r\n';
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, '\uFEFF' + body);
    const r = cli(['--fix', 'Dockerfile'], { cwd: dir });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is still there');
    const fixed = bytes.subarray(3).toString('utf8');
    assert.match(fixed, /rm -rf \/var\/lib\/apt\/lists\/\*\r\n$/);
    assert.ok(!/(^|[^\r])\n/.test(fixed), 'no bare LF');
    const out = cli(['--fix', '-'], { cwd: dir, input: Buffer.from('\uFEFF' + body) });
    assert.equal(out.stdout, '\uFEFF' + fixed);
    // Without a BOM none is added.
    fs.writeFileSync(file, body);
    cli(['--fix', 'Dockerfile'], { cwd: dir });
    assert.notEqual(fs.readFileSync(file)[0], 0xef);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
