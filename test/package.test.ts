import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { zipEntries } from './zipEntries';

const ROOT = path.resolve(__dirname, '..');
const VSIX = path.join(ROOT, 'dockerfile-size-hints.vsix');
const LIMIT = 3 * 1024 * 1024;

test('npm run package builds a small VSIX with the bundles, grammar and data only', () => {
  const run = spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(run.status, 0, run.stderr + run.stdout);
  const size = fs.statSync(VSIX).size;
  assert.ok(size < LIMIT, `VSIX is ${size} bytes, over the 3 MB limit`);
  const names = zipEntries(VSIX).map((e) => e.name);
  for (const needed of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/syntaxes/dockerfile.tmLanguage.json', 'extension/package.json', 'extension/dist/data/base-images.json']) {
    assert.ok(names.includes(needed), `${needed} missing from ${names.join(', ')}`);
  }
  assert.ok(names.some((n) => n.startsWith('extension/dist/data/apt/')), 'apt package data is shipped');
  const forbidden = names.filter((n) => /node_modules\/|\/src\/|\.map$|\.test\.|\/test\/|\.ts$|examples\//.test(n));
  assert.deepEqual(forbidden, []);
});
