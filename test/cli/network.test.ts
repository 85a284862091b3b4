/** `--network` (only the flag: a config file's `network: true` is ignored): download sizes from a local HTTP server on 127.0.0.1. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { cliAsync, localServer, tmpDir } from './helpers';

const BYTES = 45_678_901;
let requests: string[] = [];

const local = localServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  if (req.url === '/tool.tar.gz') res.writeHead(200, { 'content-length': String(BYTES) });
  else if (req.url === '/moved') res.writeHead(302, { location: '/tool.tar.gz' });
  else res.writeHead(404);
  res.end();
}, { before, after });

type Part = { label: string; bytes: number; unknown?: boolean };
type Report = { files: { path: string; image: { bytes: number }; stages: { layers: { instruction: string; bytes: number; confidence: string; parts: Part[] }[] }[] }[] };

function project(): string {
  const dir = tmpDir();
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM debian:bookworm-slim\nADD ${local.base}/tool.tar.gz /opt/\nRUN curl -fsSL -o /tmp/t.tgz ${local.base}/moved\nRUN wget ${local.base}/missing.bin\n`,
  );
  return dir;
}

const layers = (stdout: string) => (JSON.parse(stdout) as Report).files[0].stages[0].layers;

test('--network: ADD <url> and curl downloads get their Content-Length; a 404 stays unknown', async () => {
  requests = [];
  const dir = project();
  const r = await cliAsync(['--network', '--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const [add, curl, wget] = layers(r.stdout);
  assert.equal(add.bytes, BYTES);
  assert.equal(add.parts[0].unknown, undefined);
  assert.equal(curl.bytes, BYTES, 'after the redirect');
  assert.equal(wget.bytes, 0);
  assert.equal(wget.parts[0].unknown, true);
  // Each URL asked once, by HEAD only.
  assert.deepEqual(requests.sort(), ['HEAD /missing.bin', 'HEAD /moved', 'HEAD /tool.tar.gz', 'HEAD /tool.tar.gz'].sort());

  const text = await cliAsync(['--network', 'Dockerfile'], { cwd: dir });
  assert.match(text.stdout, /45\.7 MB/);
});

test('without --network nothing is asked and the sizes are unknown; a config file (here or in a parent folder) cannot turn it on', async () => {
  requests = [];
  const dir = project();
  const off = await cliAsync(['--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.equal(layers(off.stdout)[0].bytes, 0);
  assert.equal(layers(off.stdout)[0].parts[0].unknown, true);
  assert.deepEqual(requests, []);

  fs.writeFileSync(path.join(dir, '.dockerfile-size-hints.yaml'), 'network: true\n');
  const notOn = await cliAsync(['--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.equal(layers(notOn.stdout)[0].bytes, 0, 'network: true in the config alone');
  assert.deepEqual(requests, [], 'the access log stays empty');
  assert.match(notOn.stderr, /\.dockerfile-size-hints\.yaml: network: true is ignored without --network/);
  assert.equal(notOn.status, 0, 'a note, not an error');
  // A parent folder's config (an untrusted checkout inside a workspace) neither.
  const parent = tmpDir();
  fs.writeFileSync(path.join(parent, '.dockerfile-size-hints.json'), '{"network": true}');
  const child = path.join(parent, 'repo');
  fs.mkdirSync(child);
  fs.copyFileSync(path.join(dir, 'Dockerfile'), path.join(child, 'Dockerfile'));
  const fromParent = await cliAsync(['--format', 'json', 'repo/Dockerfile'], { cwd: parent });
  assert.equal(layers(fromParent.stdout)[0].bytes, 0);
  assert.deepEqual(requests, []);
  const withFlag = await cliAsync(['--network', '--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.equal(layers(withFlag.stdout)[0].bytes, BYTES, '--network');
  requests = [];
  const overridden = await cliAsync(['--no-network', '--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.equal(layers(overridden.stdout)[0].bytes, 0);
  assert.deepEqual(requests, []);

  fs.writeFileSync(path.join(dir, '.dockerfile-size-hints.yaml'), 'network: yes please\n');
  const bad = await cliAsync(['--format', 'json', 'Dockerfile'], { cwd: dir });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /\.dockerfile-size-hints\.yaml: network: must be true or false/);

  const both = await cliAsync(['--network', '--no-network', 'Dockerfile'], { cwd: dir });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--network and --no-network cannot be used together/);
});

test('progress on a terminal: the look-up line is shown on stderr and erased, never on stdout or a pipe', async () => {
  const { runCli } = await import('../../server/src/cli/main');
  const dir = project();
  const run = async (stderrIsTTY: boolean) => {
    let out = '';
    let err = '';
    const status = await runCli({ argv: ['--network', '--format', 'json', 'Dockerfile'], env: {}, cwd: dir, stdout: (s) => (out += s), stderr: (s) => (err += s), stdoutIsTTY: false, stderrIsTTY, readStdin: () => Buffer.alloc(0) });
    return { status, out, err };
  };
  const tty = await run(true);
  assert.match(tty.err, /looking up the sizes of 3 downloads/);
  assert.ok(tty.err.endsWith('\r\x1b[K'), `the progress line is erased: ${JSON.stringify(tty.err.slice(-20))}`);
  assert.doesNotMatch(tty.out, /looking up/);
  JSON.parse(tty.out);
  const piped = await run(false);
  assert.equal(piped.err, '');
  assert.equal(piped.out, tty.out, 'same report either way');
});
