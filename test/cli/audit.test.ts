/**
 * Issue 16's audit: the attacks the other hardening tests did not yet use as input. Sockets where a
 * Dockerfile, config or context file is expected; a --config and a .dockerignore over their 1 MB
 * caps; --fix on a file owned by another user; --network against a server that never answers
 * (the whole run stays inside the analysis budget) and URLs with credentials (never sent, never printed
 * outside the Dockerfile's own text).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cli, cliAsync, localServer, tmpDir } from './helpers';

/** A Unix socket bound at `file` (closed after the test). */
async function socketAt(file: string): Promise<net.Server> {
  const s = net.createServer((c) => c.destroy());
  await new Promise<void>((resolve) => s.listen(file, resolve));
  return s;
}

test('a socket as the Dockerfile, as --config and as a context file a RUN reads: refused without opening, one line each', async () => {
  const dir = tmpDir();
  const servers = [await socketAt(path.join(dir, 'sock.dockerfile')), await socketAt(path.join(dir, 'config.json')), await socketAt(path.join(dir, 'requirements.txt'))];
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n');
    const r = await cliAsync(['--format', 'json', '--config', 'config.json', 'Dockerfile', 'sock.dockerfile'], { cwd: dir, timeoutMs: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(
      r.stderr,
      'dockerfile-size-hints: config.json: (file): cannot read: not a regular file (a socket)\ndockerfile-size-hints: sock.dockerfile: not a regular file (a socket)\n',
    );
    const file = (JSON.parse(r.stdout) as { files: { stages: { layers: { instruction: string; parts: { label: string }[] }[] }[] }[] }).files[0];
    // Docker sends a socket as an entry: COPY finds it (0 B); pip's requirements are not read from it.
    const copy = file.stages[0].layers.find((l) => l.instruction.startsWith('COPY'));
    assert.ok(copy && !copy.parts.some((p) => /not found/.test(p.label)), JSON.stringify(copy));
  } finally {
    for (const s of servers) s.close();
  }
});

test('--config and .dockerignore over 1 MB: one line for the config (exit 2), a finding for the .dockerignore, neither read', () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY . /app\n');
  // Sparse files: the size is what counts, nothing is written to disk.
  for (const name of ['big.json', '.dockerignore']) {
    const fd = fs.openSync(path.join(dir, name), 'w');
    fs.ftruncateSync(fd, 1_000_001);
    fs.closeSync(fd);
  }
  const r = cli(['--format', 'json', '--config', 'big.json', 'Dockerfile'], { cwd: dir });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, 'dockerfile-size-hints: big.json: (file): cannot read: too large (1.0 MB; at most 1 MB)\n');
  const findings = (JSON.parse(r.stdout) as { files: { findings: { rule: string; message: string }[] }[] }).files[0].findings;
  assert.deepEqual(
    findings.filter((f) => f.rule === 'dockerignore-invalid').map((f) => f.message),
    ['.dockerignore not read (too large (1.0 MB; at most 1 MB)): nothing excluded'],
  );
});

test('--fix keeps the owner of a Dockerfile that belongs to another user (run as root)', { skip: process.getuid?.() !== 0 ? 'needs root to chown' : false }, () => {
  const dir = tmpDir();
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n');
  fs.chownSync(file, 4321, 4322);
  const r = cli(['--fix', 'Dockerfile'], { cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const st = fs.statSync(file);
  assert.match(fs.readFileSync(file, 'utf8'), /--no-install-recommends/, 'fixed');
  assert.deepEqual([st.uid, st.gid], [4321, 4322]);
});

const log: { url: string; auth?: string }[] = [];
const local = localServer((req, res) => {
  log.push({ url: req.url ?? '', auth: req.headers.authorization });
  // /never/…: accepted, never answered (a tarpit).
  if (req.url?.startsWith('/never/')) return;
  res.writeHead(200, { 'content-length': '1234567' });
  res.end();
}, { before, after });

test('--network against 200 URLs that never answer: the run ends within the 10 s analysis budget, the sizes say why they are unknown', async () => {
  const dir = tmpDir();
  const lines = ['FROM debian:bookworm-slim'];
  for (let i = 0; i < 200; i++) lines.push(`ADD ${local.base}/never/${i}.tgz /opt/${i}/`);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), lines.join('\n') + '\n');
  const t0 = Date.now();
  const r = await cliAsync(['--network', '--format', 'json', '--fail-on', 'none', 'Dockerfile'], { cwd: dir, timeoutMs: 60_000 });
  const ms = Date.now() - t0;
  assert.equal(r.status, 0, r.stderr);
  // 10 s budget plus start-up and analysis; without it, 200 × 5 s per request.
  assert.ok(ms < 25_000, `${ms} ms`);
  const layers = (JSON.parse(r.stdout) as { files: { stages: { layers: { bytes: number; parts: { unknown?: boolean }[] }[] }[] }[] }).files[0].stages[0].layers;
  assert.equal(layers.length, 200);
  assert.ok(layers.every((l) => l.bytes === 0 && l.parts[0].unknown), 'every size unknown');
});

test('credentials in URLs (ADD with --network, curl, pip git+https, an apt .deb URL): asked without them, printed nowhere but in the Dockerfile text itself', async () => {
  const dir = tmpDir();
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM python:3.12-slim\nADD ${local.base.replace('//', '//deploy:s3cr3t-token@')}/tool.tgz /opt/\nRUN curl -fsSLo /t.tgz ${local.base.replace('//', '//u:pw-in-curl@')}/never/x\n` +
      'RUN pip install git+https://alice:pip-s3cr3t@github.com/a/b.git\nRUN apt-get install -y https://hank:apt-s3cr3t@deb.example/x.deb\n',
  );
  const n = log.length;
  for (const format of ['json', 'text', 'github', 'sarif']) {
    const r = await cliAsync(['--network', '--format', format, '--fail-on', 'none', 'Dockerfile'], { cwd: dir, timeoutMs: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /s3cr3t|pw-in-curl/, `${format} stderr`);
    // The only place: the instruction as written (JSON's `instruction`, the text table's line); never a part, a reason or a message.
    const outside = format === 'json' ? JSON.stringify(JSON.parse(r.stdout), (k, v) => (k === 'instruction' || k === 'text' ? undefined : v)) : r.stdout.split('\n').filter((l) => !/ADD |RUN /.test(l)).join('\n');
    assert.doesNotMatch(outside, /s3cr3t|pw-in-curl/, `${format} stdout`);
  }
  const asked = log.slice(n);
  assert.ok(asked.some((e) => e.url === '/tool.tgz'), JSON.stringify(asked));
  assert.ok(asked.every((e) => e.auth === undefined), 'no Authorization header');
});
