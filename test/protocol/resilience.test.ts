/**
 * The stdio server under attack: malformed frames, bad requests, wrongly typed settings, huge
 * documents and open/close churn. Each test's input is the attack; the server must keep answering.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { tempDir } from '../../server/src/testing/tempDirs';
import { fileUri, SERVER, startServer } from './lspClient';

const frame = (o: unknown) => {
  const s = JSON.stringify(o);
  return `Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`;
};

/** Writes raw bytes to a fresh stdio server, then a real request; resolves with that request's answer. */
function answerAfter(garbage: string | Buffer): Promise<{ answer: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no answer after the bad frame; stderr: ${err}`));
    }, 8000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('"id":7')) {
        clearTimeout(timer);
        child.kill();
        resolve({ answer: out, stderr: err });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdin.write(garbage);
    setTimeout(() => child.stdin.write(frame({ jsonrpc: '2.0', id: 7, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } })), 100);
  });
}

test('a malformed frame costs that frame only: the next request is answered', async () => {
  for (const bad of [
    'Content-Length: abc\r\n\r\n{}',
    'Content-Length: -5\r\n\r\n{"x":1}',
    'garbage without any header\r\n\r\n',
    'Content-Length: 99999999999\r\n\r\n{}',
    'Content-Type: x\r\n\r\n{"jsonrpc":"2.0"}',
    'Content-Length: 5\r\n\r\n{"x":',
    Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]),
  ]) {
    const { answer } = await answerAfter(bad);
    assert.match(answer, /"id":7,"result":\{"capabilities"/, JSON.stringify(String(bad)));
  }
});

test('bad requests and bad documents get an error or nothing, and the server goes on', async () => {
  const server = await startServer();
  const c = server.connection;
  const uri = 'file:///nonexistent/Dockerfile';
  const open = 'file:///tmp/open/Dockerfile';
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: open, languageId: 'dockerfile', version: 1, text: 'FROM debian\n' } });
  for (const params of [{ textDocument: { uri: open }, position: 'nowhere' }, { textDocument: { uri: open }, position: { line: -5, character: 1e12 } }, { textDocument: null }, null]) {
    const r = await c.sendRequest('textDocument/hover', params).then(
      () => 'answered',
      () => 'error',
    );
    assert.ok(r === 'answered' || r === 'error');
  }
  for (const method of ['textDocument/inlayHint', 'textDocument/codeAction', 'textDocument/codeLens', 'sizeHints/summary', 'no/such/method']) {
    await c.sendRequest(method, { textDocument: { uri: open }, range: 'x', uri: 42 }).catch(() => undefined);
  }
  assert.equal(await c.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not-open' }, position: { line: 0, character: 0 } }), null);
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///weird/Dockerfile', languageId: 'dockerfile', version: 1, text: 42 } });
  await c.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never-opened', version: 2 }, contentChanges: [{ text: 'x' }] });
  await c.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: null, context: {} }).catch(() => undefined);
  // Still alive and analysing.
  await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n' } });
  const d = await server.diagnostics(uri);
  assert.ok(d.diagnostics.length > 0);
  assert.equal(await server.stop(), 0);
});

test('settings of the wrong type fall back to defaults with a warning; "false"/"true" strings never enable look-ups', async () => {
  const requests: string[] = [];
  const web = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-length': '1000' }).end();
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  const port = (web.address() as AddressInfo).port;
  try {
    for (const networkLookups of ['false', 'true', 1]) {
      const server = await startServer({ settings: { target: 1.5, platform: 123, context: 42, bandwidthMbps: 'fast', rules: { 'apt-lists-kept': 7 }, networkLookups, inlayHints: 'yes' } });
      const warnings: string[] = [];
      server.connection.onNotification('window/showMessage', (m: { message: string }) => {
        warnings.push(m.message);
      });
      const uri = fileUri(path.join(os.tmpdir(), `Dockerfile.${Math.random().toString(36).slice(2)}`));
      const text = `FROM debian:bookworm-slim\nADD http://127.0.0.1:${port}/x.tar.gz /x\nRUN apt-get update && apt-get install -y curl\n`;
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      const d = await server.diagnostics(uri);
      assert.ok(d.diagnostics.some((x) => x.code === 'apt-lists-kept'), 'analysed with the defaults');
      await new Promise((r) => setTimeout(r, 300));
      for (const key of ['target', 'platform', 'context', 'bandwidthMbps', 'rules.apt-lists-kept', 'networkLookups', 'inlayHints']) {
        assert.ok(warnings.some((w) => w.includes(`dockerfileSizeHints.${key}:`)), `${key}: ${warnings.join('\n')}`);
      }
      assert.equal(await server.stop(), 0);
    }
    assert.deepEqual(requests, [], 'the local server saw no request');
  } finally {
    web.closeAllConnections();
    await new Promise((resolve) => web.close(resolve));
  }
});

test('a document over 2 MB gets one information diagnostic and no analysis; the server stays responsive', async () => {
  const server = await startServer();
  const uri = fileUri(path.join(os.tmpdir(), 'Dockerfile.huge'));
  const text = 'FROM debian:bookworm-slim\n' + 'RUN echo x\n'.repeat(220_000);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const d = await server.diagnostics(uri);
  assert.equal(d.diagnostics.length, 1);
  assert.equal(d.diagnostics[0].severity, 3);
  assert.match(String(d.diagnostics[0].message), /Not analysed: 2\.\d MB is over the 2 MB limit/);
  assert.equal(await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } }), null);
  assert.equal(await server.stop(), 0);
});

type Stats = { open: number; analyses: number; contexts: number; timers: number; settings: number; publishedRemote: number; heapUsed: number };

test('open/change/close churn leaves nothing behind (with and without waiting for diagnostics)', async () => {
  const dir = tempDir('dsh-churn-');
  const server = await startServer({ nodeArgs: ['--expose-gc'] });
  const c = server.connection;
  const text = 'FROM python:3.12-slim\nRUN pip install flask\nCOPY . /app\n';
  const cycles = 200;
  for (let i = 0; i < cycles; i++) {
    const uri = fileUri(path.join(dir, `Dockerfile.${i}`));
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + `ENV N=${i}\n` }] });
    if (i % 2 === 0) await server.diagnostics(uri, (p: PublishDiagnosticsParams) => p.version === 1 || p.version === 2);
    await c.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  await new Promise((r) => setTimeout(r, 500));
  const stats = (await c.sendRequest('sizeHints/stats')) as Stats;
  assert.deepEqual({ ...stats, heapUsed: 0, contexts: 0 }, { open: 0, analyses: 0, contexts: 0, timers: 0, settings: 0, publishedRemote: 0, heapUsed: 0 });
  assert.ok(stats.contexts <= 16, `${stats.contexts} build contexts held`);
  assert.equal(await server.stop(), 0);
});

test('many large documents open at once: at most 32 analyses are held, the heap stays bounded, every document still answers', async () => {
  // Two thousand open 16 kB documents once held 1.7 GB (an analysis kept per open document).
  const dir = tempDir('dsh-many-');
  const server = await startServer({ nodeArgs: ['--expose-gc'] });
  const c = server.connection;
  const line = (i: number, k: number) => `RUN apt-get update && apt-get install -y curl pkg-${i}-${k} && pip install requests==2.${k}.0\n`;
  const docs = 48;
  const uris: string[] = [];
  for (let i = 0; i < docs; i++) {
    let text = 'FROM python:3.12-slim-bookworm\n';
    for (let k = 0; text.length < 16_000; k++) text += line(i, k);
    const uri = fileUri(path.join(dir, `Dockerfile.${i}`));
    uris.push(uri);
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  }
  await server.diagnostics(uris[docs - 1]!, undefined, 120_000);
  const stats = (await c.sendRequest('sizeHints/stats')) as Stats;
  assert.equal(stats.open, docs);
  assert.ok(stats.analyses <= 32, `${stats.analyses} analyses held for ${docs} open documents`);
  console.log(`${docs} open 16 kB documents: ${stats.analyses} analyses held, heap ${(stats.heapUsed / 1e6).toFixed(0)} MB`);
  assert.ok(stats.heapUsed < 250e6, `heap ${(stats.heapUsed / 1e6).toFixed(0)} MB with ${docs} open 16 kB documents`);
  // The first document's analysis was dropped: asked again, it is made again.
  const hover = (await c.sendRequest('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 1, character: 2 } })) as { contents: { value: string } } | null;
  assert.match(hover?.contents.value ?? '', /\*\*Layer\*\*/);
  assert.equal(await server.stop(), 0);
});
