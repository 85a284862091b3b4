/** The CLI under attack: each test's input is the attack (odd globs, symlink loops, ...). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { cli, tmpDir } from './helpers';

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
