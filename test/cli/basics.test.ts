import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, cli, ESC, exampleDockerfiles, ROOT } from './helpers';

test('--help prints usage and exits 0; --version prints package.json version', () => {
  const h = cli(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /^Usage: dockerfile-size-hints/);
  for (const flag of ['--format', '--context', '--target', '--platform', '--build-arg', '--bandwidth', '--fix', '--fix-dry-run', '--max-size', '--max-pull-size', '--max-wasted', '--fail-on', '--config']) {
    assert.ok(h.stdout.includes(flag), `help mentions ${flag}`);
  }
  const v = cli(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
});

test('usage errors: exit 2 with a one-line reason and nothing on stdout', () => {
  for (const args of [['--frobnicate'], ['--format', 'xml', 'examples'], ['--max-size', 'lots'], ['--fail-on', 'sometimes'], ['--platform', 'amd64'], ['--format'], ['--fix', '--fix-dry-run'], ['--bandwidth', '-3'], ['--fix=yes']]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args.join(' ')} → 2`);
    assert.equal(r.stdout, '', `${args.join(' ')}: nothing on stdout`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: one line, got ${r.stderr}`);
    assert.match(lines[0], /^dockerfile-size-hints: /);
  }
  assert.match(cli(['--frobnicate']).stderr, /unknown option '--frobnicate'/);
});

test('no argument reports on examples/: every example, a table per stage, findings, no escape codes off a TTY', () => {
  const r = cli([]);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.equal(r.stderr, '');
  for (const f of exampleDockerfiles()) assert.ok(r.stdout.includes(f), `report mentions ${f}`);
  assert.match(r.stdout, /LINE\s+INSTRUCTION\s+ON DISK\s+PULL\s+CONFIDENCE/);
  assert.match(r.stdout, /Image .* on disk · .* to pull · .* at 50 Mbit\/s/);
  assert.match(r.stdout, /Findings \(\d+\)/);
  assert.match(r.stdout, /line \d+/);
  assert.doesNotMatch(r.stdout, ESC, 'no ANSI escapes when stdout is not a terminal');
  assert.doesNotMatch(r.stderr, ESC);
});

test('NO_COLOR and --no-color: no escape codes in any format', () => {
  for (const format of ['text', 'json', 'sarif', 'github', 'gitlab']) {
    const r = cli(['--format', format, 'examples'], { env: { NO_COLOR: '1' } });
    assert.doesNotMatch(r.stdout + r.stderr, ESC, format);
    const n = cli(['--no-color', '--format', format, 'examples']);
    assert.doesNotMatch(n.stdout + n.stderr, ESC, format);
  }
});

test('on a terminal: colours, unless NO_COLOR or --no-color', { skip: spawnSync('script', ['--version']).status !== 0 && 'needs script(1) for a pseudo-terminal' }, () => {
  const onTty = (cmd: string) => spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined } }).stdout;
  const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} examples/apt-lists-kept/Dockerfile`;
  assert.match(onTty(node), ESC, 'colours on a TTY');
  assert.doesNotMatch(onTty(`NO_COLOR=1 ${node}`), ESC, 'NO_COLOR');
  assert.doesNotMatch(onTty(`${node} --no-color`), ESC, '--no-color');
  assert.doesNotMatch(onTty(`${node} --format json`), ESC, 'json never has colours');
});

test('text: --bandwidth changes the pull time line', () => {
  const r = cli(['--bandwidth', '1000', 'examples/apt-lists-kept/Dockerfile']);
  assert.match(r.stdout, /at 1000 Mbit\/s/);
  const g = cli(['--bandwidth', '1Gbit/s', 'examples/apt-lists-kept/Dockerfile']);
  assert.match(g.stdout, /at 1000 Mbit\/s/);
});
