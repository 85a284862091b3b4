import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, copyExamples, tmpDir, validateJsonReport } from './helpers';

type Report = { files: { path: string }[] };

function errorLines(stderr: string): string[] {
  return stderr.trimEnd().split('\n').filter(Boolean);
}

test('bad inputs: one line naming the file and the reason each, exit 2, the other files still analysed', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n');
  fs.writeFileSync(path.join(dir, 'binary.dockerfile'), Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01, 0x02, 0xff]));
  fs.writeFileSync(path.join(dir, 'latin1.dockerfile'), Buffer.from('FROM debian\n# caf\xe9\n', 'latin1'));
  const big = path.join(dir, 'huge.dockerfile');
  const fd = fs.openSync(big, 'w');
  const line = Buffer.from('RUN echo ' + 'x'.repeat(1000) + '\n');
  for (let i = 0; i < 50_000; i++) fs.writeSync(fd, line); // 50 MB
  fs.closeSync(fd);
  fs.mkdirSync(path.join(dir, 'empty'));
  const args = ['--format', 'json', 'missing/Dockerfile', 'binary.dockerfile', 'latin1.dockerfile', 'huge.dockerfile', 'empty', 'Dockerfile'];
  const r = cli(args, { cwd: dir });
  assert.equal(r.status, 2);
  const lines = errorLines(r.stderr);
  assert.equal(lines.length, 5, r.stderr);
  assert.match(lines[0], /^dockerfile-size-hints: missing\/Dockerfile: no such file or directory$/);
  assert.match(lines[1], /^dockerfile-size-hints: empty: no Dockerfile found in this directory/);
  assert.match(lines[2], /^dockerfile-size-hints: binary\.dockerfile: binary file/);
  assert.match(lines[3], /^dockerfile-size-hints: latin1\.dockerfile: not valid UTF-8 text$/);
  assert.match(lines[4], /^dockerfile-size-hints: huge\.dockerfile: too large \(5\d\.\d MB; a Dockerfile is at most 5 MB\)$/);
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(validateJsonReport(report), '');
  assert.deepEqual(report.files.map((f) => f.path), ['Dockerfile'], 'the good file is still analysed');
});

test('an unreadable build context is an input error for that file', () => {
  const dir = copyExamples('apt-lists-kept');
  fs.writeFileSync(path.join(dir, 'not-a-dir'), 'x');
  for (const [ctx, reason] of [
    ['no/such/dir', 'no such file or directory'],
    ['not-a-dir', 'not a directory'],
  ]) {
    const r = cli(['--context', ctx, 'apt-lists-kept/Dockerfile'], { cwd: dir });
    assert.equal(r.status, 2);
    assert.equal(errorLines(r.stderr).length, 1, r.stderr);
    assert.equal(errorLines(r.stderr)[0], `dockerfile-size-hints: apt-lists-kept/Dockerfile: build context ${ctx}: ${reason}`);
  }
  // Permission checks do not apply to root: run that case as an unprivileged user then.
  const asUser = process.getuid?.() === 0 ? 65534 : undefined;
  if (asUser !== undefined) {
    for (let p = dir; p !== path.dirname(p); p = path.dirname(p)) if (p.startsWith(os.tmpdir()) && p !== os.tmpdir()) fs.chmodSync(p, 0o755);
    for (const e of fs.readdirSync(dir, { recursive: true }) as string[]) fs.chmodSync(path.join(dir, e), fs.statSync(path.join(dir, e)).isDirectory() ? 0o755 : 0o644);
  }
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked, { mode: 0o000 });
  const r = cli(['--context', 'locked', 'apt-lists-kept/Dockerfile'], { cwd: dir, asUser });
  fs.chmodSync(locked, 0o755);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /build context locked: permission denied/);
});

test('directories find Dockerfile, Containerfile, *.dockerfile, Dockerfile.* but not under node_modules or .git', () => {
  const dir = tmpDir();
  const put = (rel: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), 'FROM alpine:3.20\n');
  };
  for (const f of ['Dockerfile', 'Containerfile', 'web.dockerfile', 'Dockerfile.dev', 'sub/deep/Dockerfile', 'node_modules/pkg/Dockerfile', '.git/Dockerfile', 'Dockerfile.dockerignore', 'README.md']) put(f);
  const r = cli(['--format', 'json', '.'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Report).files.map((f) => f.path).sort(), ['Containerfile', 'Dockerfile', 'Dockerfile.dev', 'sub/deep/Dockerfile', 'web.dockerfile']);
});

test('globs are expanded by the CLI (*, **, ?), duplicates analysed once', () => {
  const dir = copyExamples();
  const paths = (args: string[]) => (JSON.parse(cli(['--format', 'json', '--fail-on', 'none', ...args], { cwd: dir }).stdout) as Report).files.map((f) => f.path);
  const all = paths(['**/Dockerfile']);
  assert.ok(all.length >= 8, all.join());
  assert.ok(all.every((p) => /^[^/]+\/Dockerfile$/.test(p)));
  assert.deepEqual(paths(['python-*/Dockerfile']), ['python-full-base/Dockerfile', 'python-multistage/Dockerfile']);
  assert.deepEqual(paths(['apt-lists-kep?/Dockerfile', 'apt-lists-kept/Dockerfile', 'apt-lists-kept']), ['apt-lists-kept/Dockerfile']);
  const none = cli(['nothing-*/Dockerfile'], { cwd: dir });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /^dockerfile-size-hints: nothing-\*\/Dockerfile: no file matches this pattern\n$/);
});
