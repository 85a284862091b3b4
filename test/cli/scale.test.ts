// Large inputs through the built CLI: a file over the 2 MB analysis cap gets one information finding
// (and --fix leaves it alone); a 1 MB file is analysed whole (its speed is in `npm run bench`).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runEnvDockerfile } from '../../scripts/largeDockerfiles';
import { cli, tmpDir } from './helpers';

test('a Dockerfile over 2 MB gets one information finding instead of an analysis', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'Dockerfile');
  const text = runEnvDockerfile(2.2 * 1024 * 1024);
  fs.writeFileSync(file, text);
  const r = cli(['--format', 'json', file]);
  assert.equal(r.status, 0, r.stderr);
  const findings = JSON.parse(r.stdout).files[0].findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0].severity, 'info');
  assert.match(findings[0].message, /^Not analysed: 2\.2 MB is over the 2 MB limit for a Dockerfile\.$/);
  const fixed = cli(['--fix', file]);
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), text);
});

test('1 MB of RUN/ENV lines is analysed whole by the CLI, without running out of memory', () => {
  const dir = tmpDir();
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, runEnvDockerfile(1_000_000) + 'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip\n');
  const r = cli(['--format', 'json', file]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout).files[0];
  // The last RUN is analysed: it keeps the apt lists (every RUN before it removes them).
  const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
  assert.ok(out.findings.some((f: { rule: string; line: number }) => f.rule === 'apt-lists-kept' && f.line === lines), JSON.stringify(out.findings.map((f: { rule: string; line: number }) => [f.rule, f.line])));
});
