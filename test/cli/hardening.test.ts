/** The CLI under attack: each test's input is the attack (odd globs, symlink loops, ...). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CLI, cli, tmpDir } from './helpers';

const DOCKERFILE = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';

test("a glob argument with a reversed range ('[z-a]*') is no crash and the other inputs are analysed", () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  const r = cli(['--format', 'json', '[z-a]*', '[unclosed*', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|Invalid regular expression|\n\s+at /);
  assert.match(r.stderr, /^dockerfile-size-hints: \[z-a\]\*: no file matches this pattern$/m);
  assert.deepEqual((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path), ['Dockerfile']);
});

test('symlink loops under ** end (device+inode), with each Dockerfile found once', () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'app'));
  fs.writeFileSync(path.join(dir, 'app', 'Dockerfile'), DOCKERFILE);
  // Three links to '.' made 3^40 paths before.
  for (const n of ['l1', 'l2', 'l3']) fs.symlinkSync('.', path.join(dir, 'app', n));
  fs.symlinkSync('..', path.join(dir, 'app', 'up'));
  const glob = cli(['--format', 'json', '**/Dockerfile'], { cwd: dir });
  assert.equal(glob.status, 0, glob.stderr);
  assert.deepEqual((JSON.parse(glob.stdout) as { files: { path: string }[] }).files.map((f) => f.path), ['app/Dockerfile']);
  const deep = cli(['--format', 'json', '*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/Dockerfile'], { cwd: dir });
  // Each folder is read once per pattern segment: one (real) match, found fast.
  assert.ok(deep.ms < 10_000, `${deep.ms} ms`);
  assert.equal(deep.status, 0, deep.stderr);
  assert.equal((JSON.parse(deep.stdout) as { files: unknown[] }).files.length, 1);
});

const UNTRUSTED_COMMAND = /^[ \t]*::(error|warning|notice|debug|group|endgroup|add-mask|stop-commands|set-output)\b/m;

test('escape sequences from the Dockerfile and file names never reach the terminal (text, github, gitlab, errors)', () => {
  const dir = tmpDir();
  const evilDir = path.join(dir, 'a\n::error file=x::pwned \u001b]0;title\u0007');
  fs.mkdirSync(evilDir);
  fs.writeFileSync(
    path.join(evilDir, 'Dockerfile'),
    'FROM debian:bookworm-slim\u001b[2J\nRUN apt-get update && apt-get install -y "curl\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007"\nRUN echo "\n::error::from the Dockerfile"\n',
  );
  for (const format of ['text', 'github', 'gitlab']) {
    const r = cli(['--format', format, '--fail-on', 'none', '--max-size', '1B', '.', 'missing\u001b[31m\n::error::x'], { cwd: dir });
    assert.equal(r.status, 2, r.stderr);
    for (const [name, out] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f]/, `${format} ${name} has a control character:\n${out}`);
    }
    assert.doesNotMatch(r.stderr, UNTRUSTED_COMMAND, `${format}: stderr:\n${r.stderr}`);
    if (format === 'github') {
      // Every line is one of our annotations; the file name stays inside its escaped property.
      for (const line of r.stdout.trimEnd().split('\n')) assert.match(line, /^::(error|warning|notice) file=[^:,]*,/, line);
      assert.match(r.stdout, /file=a\\n%3A%3Aerror file=x%3A%3Apwned \\x1b\]0;title\\x07\/Dockerfile/);
    } else {
      assert.doesNotMatch(r.stdout, UNTRUSTED_COMMAND, `${format}: stdout:\n${r.stdout}`);
    }
  }
});

const FIXABLE = 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n';

test('--fix under a file-size limit (ulimit -f) leaves the original Dockerfile whole', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'Dockerfile');
  // Over the 1 kB limit, so the write of the fixed text fails part-way.
  const original = FIXABLE + '# padding\n'.repeat(300);
  fs.writeFileSync(file, original);
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync('bash', ['-c', `ulimit -f 2; exec "${process.execPath}" "${CLI}" --fix Dockerfile`], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(r.status, 0, 'the write failed');
  assert.equal(fs.readFileSync(file, 'utf8'), original, 'untouched, not truncated');
  const fixed = cli(['--fix', 'Dockerfile'], { cwd: dir });
  assert.ok(fixed.status === 0 || fixed.status === 1, fixed.stderr);
  assert.notEqual(fs.readFileSync(file, 'utf8'), original, 'fixed without the limit');
  assert.deepEqual(fs.readdirSync(dir).filter((n) => n.includes('dsh-tmp')), []);
});

test('--fix keeps the mode, fixes a symlinked Dockerfile at its target, refuses a file changed since it was read', () => {
  const dir = tmpDir();
  const real = path.join(dir, 'real.dockerfile');
  fs.writeFileSync(real, FIXABLE);
  fs.chmodSync(real, 0o640);
  fs.symlinkSync('real.dockerfile', path.join(dir, 'Dockerfile'));
  const r = cli(['--fix', 'Dockerfile'], { cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.ok(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink(), 'the link stays a link');
  assert.notEqual(fs.readFileSync(real, 'utf8'), FIXABLE);
  assert.equal(fs.statSync(real).mode & 0o777, 0o640);
  const { writeFileAtomic } = require('../../server/src/cli/files') as typeof import('../../server/src/cli/files');
  fs.writeFileSync(real, FIXABLE + '# edited meanwhile\n');
  assert.match(String(writeFileAtomic(real, FIXABLE, 'FROM scratch\n')), /changed since it was read/);
  assert.equal(fs.readFileSync(real, 'utf8'), FIXABLE + '# edited meanwhile\n');
});
