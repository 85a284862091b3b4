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
    'FROM debian:bookworm-slim\u001b[2J\nRUN apt-get update && apt-get install -y "curl\u001b]8;;https:evil.example\u0007click\u001b]8;;\u0007"\nRUN echo "\n::error::from the Dockerfile"\n',
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

/** Runs the CLI with `stdin` as its standard input (a path), under `timeout`; peak memory from GNU time. */
function cliWithStdin(args: string[], stdin: string, cwd: string, timeout = 60_000): { status: number | null; stdout: string; stderr: string; peakKb?: number } {
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const fd = fs.openSync(stdin, 'r');
  const timed = fs.existsSync('/usr/bin/time');
  const argv = timed ? ['-f', 'peak-kb=%M', process.execPath, CLI, ...args] : [CLI, ...args];
  try {
    const r = spawnSync(timed ? '/usr/bin/time' : process.execPath, argv, { cwd, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout, killSignal: 'SIGKILL' });
    const peak = /peak-kb=(\d+)/.exec(r.stderr);
    const stderr = r.stderr.replace(/peak-kb=\d+\n?/, '').replace(/^Command exited with non-zero status \d+\n/m, '');
    return { status: r.status, stdout: r.stdout, stderr, peakKb: peak ? Number(peak[1]) : undefined };
  } finally {
    fs.closeSync(fd);
  }
}

test('/dev/zero as standard input and as --config: one line, exit 2, bounded memory', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  const stdin = cliWithStdin(['--format', 'json', '-'], '/dev/zero', dir);
  assert.equal(stdin.status, 2, stdin.stderr);
  assert.equal(stdin.stderr, 'dockerfile-size-hints: <stdin>: too large (more than 5 MB)\n');
  // Unbounded, this grew past 10 GB; the cap is 5 MB plus the runtime.
  if (stdin.peakKb !== undefined) assert.ok(stdin.peakKb < 400_000, `${stdin.peakKb} kB`);
  const config = cliWithStdin(['--format', 'json', '--config', '/dev/zero', 'Dockerfile'], '/dev/null', dir);
  assert.equal(config.status, 2, config.stderr);
  assert.equal(config.stderr, 'dockerfile-size-hints: /dev/zero: (file): cannot read: not a regular file (a device)\n');
  assert.equal((JSON.parse(config.stdout) as { files: unknown[] }).files.length, 1, 'the Dockerfile is still analysed');
});

test('a FIFO as --config, as a Dockerfile, and in the build context named by COPY: no hang', () => {
  const dir = tmpDir();
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  for (const name of ['config.json', 'fifo.dockerfile', 'requirements.txt', '.dockerignore']) assert.equal(spawnSync('mkfifo', [path.join(dir, name)]).status, 0);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
  // Killed after 20 s: before, opening the FIFO waited for a writer forever.
  const r = cliWithStdin(['--format', 'json', '--config', 'config.json', 'Dockerfile', 'fifo.dockerfile'], '/dev/null', dir, 20_000);
  assert.equal(r.status, 2, `status ${r.status}: ${r.stderr}`);
  assert.equal(
    r.stderr,
    'dockerfile-size-hints: config.json: (file): cannot read: not a regular file (a FIFO)\ndockerfile-size-hints: fifo.dockerfile: not a regular file (a FIFO)\n',
  );
  const report = JSON.parse(r.stdout) as { files: { stages: { layers: { instruction: string; parts: { label: string }[] }[] }[]; findings: { rule: string; message: string }[] }[] };
  const file = report.files[0];
  assert.deepEqual(file.findings.filter((f) => f.rule === 'dockerignore-invalid').map((f) => f.message), ['.dockerignore not read (not a regular file (a FIFO)): nothing excluded']);
  // Docker sends a FIFO as an entry (never opened): found, 0 B.
  const copy = file.stages[0].layers.find((l) => l.instruction.startsWith('COPY'));
  assert.ok(copy && !copy.parts.some((p) => /not found/.test(p.label)), JSON.stringify(copy));
});

test('symlinked secrets in the build context (../outside/secret.txt, /etc/shadow) never reach the output', () => {
  const base = tmpDir();
  const repo = path.join(base, 'repo');
  fs.mkdirSync(repo);
  fs.mkdirSync(path.join(base, 'outside'));
  fs.writeFileSync(path.join(base, 'outside', 'secret.txt'), 'topsecretpkg==1.0\nhunter2-token-pkg\n');
  fs.writeFileSync(path.join(base, 'outside', 'package.json'), JSON.stringify({ dependencies: { 'topsecret-npm-dep': '1.0.0' } }));
  fs.symlinkSync('../outside/secret.txt', path.join(repo, 'requirements.txt'));
  fs.symlinkSync('/etc/shadow', path.join(repo, 'requirements-prod.txt'));
  fs.symlinkSync('../outside', path.join(repo, 'web'));
  fs.writeFileSync(
    path.join(repo, 'Dockerfile'),
    'FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt -r /app/requirements-prod.txt\nFROM node:22-slim\nCOPY web/package.json ./\nRUN npm install\n',
  );
  const shadow = (() => {
    try {
      return fs.readFileSync('/etc/shadow', 'utf8').split('\n')[0].split(':')[0];
    } catch {
      return undefined;
    }
  })();
  for (const format of ['json', 'text', 'sarif']) {
    const r = cli(['--format', format, '--fail-on', 'none', 'Dockerfile'], { cwd: repo });
    assert.equal(r.status, 0, r.stderr);
    for (const secret of ['topsecretpkg', 'hunter2', 'topsecret-npm-dep']) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${format}: ${secret} leaked`);
    if (shadow) assert.doesNotMatch(r.stdout, new RegExp(`\\b${shadow}:\\$`), `${format}: /etc/shadow leaked`);
  }
});

test('a .dockerignore with a reversed range and pathological patterns: no crash, no hang, the bad pattern named', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY . /app\nCOPY --exclude=[z-a] --exclude=*a*a*a*a*a*a*a*a*a*a*b . /b\nRUN rm -rf /[z-a]\nCOPY [z-a] /x\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), '[z-a]\n(a+)+b\n*a*a*a*a*a*a*a*a*a*a*b\n' + Array(40).fill('**').join('/') + '/z\n');
  fs.mkdirSync(path.join(dir, 'a'.repeat(32)));
  for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(dir, 'a'.repeat(32), 'a'.repeat(32) + i), 'x');
  const r = cli(['--format', 'json', '--fail-on', 'none', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.ms < 20_000, `${r.ms} ms`);
  assert.doesNotMatch(r.stdout + r.stderr, /internal error|Invalid regular expression/);
  const findings = (JSON.parse(r.stdout) as { files: { findings: { rule: string; line: number; message: string }[] }[] }).files[0].findings.filter((f) => f.rule === 'dockerignore-invalid');
  assert.equal(findings.length, 1);
  assert.equal(findings[0].line, 2);
  assert.match(findings[0].message, /^\.dockerignore: "\[z-a\]": syntax error in pattern \(invalid character class range: `z-a`\)/);
});

test('a build-context file name with a newline, `::error`, ESC and Markdown injects nothing (text, github, gitlab; stdout and stderr)', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY . /app\n');
  fs.writeFileSync(path.join(dir, '.dockerignore'), '.git\n');
  // Over 10 MB (sparse), so context-not-ignored names it in its message.
  const evil = 'big\n::error file=Dockerfile,line=1::pwned \u001b]8;;https:evil.example\u0007[x](command:evil)\u001b[2J.bin';
  const fd = fs.openSync(path.join(dir, evil), 'w');
  fs.ftruncateSync(fd, 11_000_000);
  fs.closeSync(fd);
  for (const format of ['text', 'github', 'gitlab']) {
    const r = cli(['--format', format, '--fail-on', 'none', 'Dockerfile'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /context-not-ignored|copies/, `${format}: the finding that names the file is there`);
    for (const [name, out] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
      assert.doesNotMatch(out, /[\u0000-\u0008\u000b-\u001f\u007f]/, `${format} ${name} has a control character`);
      if (format !== 'github' || name === 'stderr') assert.doesNotMatch(out, UNTRUSTED_COMMAND, `${format} ${name}:\n${out}`);
    }
    if (format === 'github') for (const line of r.stdout.trimEnd().split('\n')) assert.match(line, /^::(error|warning|notice) file=[^:,]*,/, line);
    if (format === 'gitlab') assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes('big\\\\n::error'), 'the name is kept, escaped, in the JSON');
  }
});

test('a build context deeper than the walk cap: analysed, and one line says the sizes are lower bounds', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY . /app\n');
  const deep = path.join(dir, ...Array(70).fill('d'));
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(deep, 'f'), 'x');
  const r = cli(['--format', 'json', '--fail-on', 'none', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `dockerfile-size-hints: Dockerfile: build context ${fs.realpathSync(dir)}: the walk stopped at 64 folders deep; COPY/ADD sizes are lower bounds\n`);
  assert.equal((JSON.parse(r.stdout) as { files: unknown[] }).files.length, 1);
});
