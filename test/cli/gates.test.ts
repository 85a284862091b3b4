import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cli, tmpDir } from './helpers';

const APT = 'examples/apt-lists-kept/Dockerfile';
type Report = { files: { image: { bytes: number; low: number; high: number; compressedBytes: number }; findings: { severity: string }[] }[] };
const json = (args: string[]) => JSON.parse(cli(['--format', 'json', ...args]).stdout) as Report;

test('--fail-on: exit 1 only for findings at or above the level', () => {
  const sev = json([APT]).files[0].findings.map((f) => f.severity);
  assert.ok(sev.length > 0);
  const rank = (s: string) => ['hint', 'info', 'warning', 'error'].indexOf(s);
  const worst = Math.max(...sev.map(rank));
  for (const level of ['hint', 'info', 'warning', 'error']) {
    const r = cli(['--fail-on', level, APT]);
    assert.equal(r.status, worst >= rank(level) ? 1 : 0, `--fail-on ${level}`);
  }
  assert.equal(cli(['--fail-on', 'none', APT]).status, 0);
  assert.equal(cli(['--fail-on', 'hint', '--format', 'json', APT]).status, 1);
});

test('--max-size / --max-pull-size compare the low bound of the shipped estimate', () => {
  const img = json([APT]).files[0].image;
  assert.ok(img.low > 0 && img.low <= img.bytes);
  const base = ['--fail-on', 'none'];
  assert.equal(cli([...base, '--max-size', String(img.low), APT]).status, 0, 'low bound equal to budget passes');
  assert.equal(cli([...base, '--max-size', String(img.low - 1), APT]).status, 1, 'low bound over budget fails');
  // A budget between low and bytes passes: only the low bound counts.
  if (img.low < img.bytes) assert.equal(cli([...base, '--max-size', String(img.low + 1), APT]).status, 0);
  const over = cli([...base, '--max-size', '1MB', APT]);
  assert.equal(over.status, 1);
  assert.match(over.stdout, /✗ examples\/apt-lists-kept\/Dockerfile: the shipped image is at least .* over the --max-size budget of 1 MB/);
  assert.equal(cli([...base, '--max-size', '100GB', APT]).status, 0);
  assert.equal(cli([...base, '--max-pull-size', '1kB', APT]).status, 1);
  assert.equal(cli([...base, '--max-pull-size', '50GiB', APT]).status, 0);
  const j = cli([...base, '--format', 'json', '--max-size', '1MB', APT]);
  assert.equal(j.status, 1);
  JSON.parse(j.stdout);
  assert.match(j.stderr, /over the --max-size budget/, 'budget failures on stderr for machine formats');
});

test('--max-wasted fails on reclaimable bytes (created, then deleted in a later layer)', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(3_000_000, 1));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY big.bin /tmp/big.bin\nRUN rm /tmp/big.bin\n');
  const base = ['--fail-on', 'none'];
  const r = cli([...base, '--max-wasted', '1MB', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /Reclaimable 3 MB/);
  assert.match(r.stdout, /✗ Dockerfile: 3 MB reclaimable .* over the --max-wasted budget of 1 MB/);
  assert.equal(cli([...base, '--max-wasted', '3MB', 'Dockerfile'], { cwd: dir }).status, 0, 'equal to the budget passes');
  assert.equal(cli([...base, '--max-wasted', '2.9MB', 'Dockerfile'], { cwd: dir }).status, 1);
  // Without the later delete nothing is reclaimable.
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY big.bin /tmp/big.bin\n');
  assert.equal(cli([...base, '--max-wasted', '0', 'Dockerfile'], { cwd: dir }).status, 0);
  // apt-lists-kept deletes nothing from an earlier layer either.
  assert.equal(cli([...base, '--max-wasted', '0', APT]).status, 0);
});

test('input errors win over findings: exit 2', () => {
  assert.equal(cli(['--fail-on', 'hint', APT, 'no/such/Dockerfile']).status, 2);
});
