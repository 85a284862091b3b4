/**
 * Network look-ups over the protocol, against a local HTTP server on 127.0.0.1: with
 * `networkLookups` on, the server publishes, looks the ADD <url> size up, and publishes again with
 * the real bytes; off (or in an untrusted workspace) it never asks and the size stays unknown.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ImageSummary } from '../../server/src/core/features/summary';
import { formatBytes } from '../../server/src/core/model/format';
import { fileUri, startServer, type TestServer } from './lspClient';

const BYTES = 123_456_789;
let http127: http.Server;
let port = 0;
let requests: string[] = [];
let dir = '';

before(async () => {
  http127 = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === '/x.tar.gz') res.writeHead(200, { 'content-length': String(BYTES) });
    else res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => http127.listen(0, '127.0.0.1', resolve));
  port = (http127.address() as AddressInfo).port;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-net-'));
});

after(async () => {
  http127.closeAllConnections();
  await new Promise((resolve) => http127.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

function dockerfile(): { uri: string; text: string; doc: TextDocument } {
  const file = path.join(dir, `Dockerfile.${Math.random().toString(36).slice(2)}`);
  const text = `FROM debian:bookworm-slim\nADD http://127.0.0.1:${port}/x.tar.gz /x.tar.gz\n`;
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  return { uri, text, doc: TextDocument.create(uri, 'dockerfile', 1, text) };
}

async function open(server: TestServer, d: { uri: string; text: string }): Promise<void> {
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: 'dockerfile', version: 1, text: d.text } });
}

async function hover(server: TestServer, d: { uri: string; text: string; doc: TextDocument }): Promise<string> {
  const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: d.uri }, position: d.doc.positionAt(d.text.indexOf('ADD') + 1) })) as Hover | null;
  return h ? (h.contents as { value: string }).value : '';
}

const addMessage = (p: PublishDiagnosticsParams) => String(p.diagnostics.find((x) => x.code === 'download-kept')?.message ?? '');

/** Takes every publish for `uri` received so far (and any within 100 ms); returns how many. */
async function drain(server: TestServer, uri: string): Promise<number> {
  let n = 0;
  for (;;) {
    try {
      await server.diagnostics(uri, () => true, 100);
      n++;
    } catch {
      return n;
    }
  }
}

async function summary(server: TestServer, uri: string): Promise<ImageSummary> {
  return (await server.connection.sendRequest('sizeHints/summary', { uri })) as ImageSummary;
}

function addLayer(s: ImageSummary) {
  const layer = s.stages[0].layers.find((l) => l.keyword === 'ADD');
  assert.ok(layer, 'the ADD layer');
  return layer;
}

test('networkLookups on: the ADD <url> size arrives and is republished without any request from the client', async () => {
  requests = [];
  const server = await startServer({ settings: { networkLookups: true } });
  try {
    const d = dockerfile();
    await open(server, d);
    // First publish: not looked up yet; then the server looks it up and publishes again.
    const known = await server.diagnostics(d.uri, (p) => addMessage(p).includes(formatBytes(BYTES)), 15_000);
    assert.match(addMessage(known), /ADD keeps the downloaded archive x\.tar\.gz in its own layer \(123 MB\)/);
    assert.deepEqual(requests, ['HEAD /x.tar.gz']);

    const md = await hover(server, d);
    assert.ok(md.includes(`| ${formatBytes(BYTES)} |`), md);
    assert.match(md, /Content-Length from 127\.0\.0\.1/);
    assert.match(md, /confidence high/);

    const layer = addLayer(await summary(server, d.uri));
    assert.equal(layer.bytes, BYTES);
    assert.equal(layer.hasUnknown, false);

    // No loop: the republished analysis finds the size cached, so nothing more is asked or published
    // (once the publishes of the open itself, immediate and debounced, are through).
    await new Promise((r) => setTimeout(r, 300));
    await drain(server, d.uri);
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(requests, ['HEAD /x.tar.gz']);
    assert.equal(await drain(server, d.uri), 0, 'no further publish');

    // A second document with the same URL uses the cache.
    const d2 = dockerfile();
    await open(server, d2);
    await server.diagnostics(d2.uri, (p) => addMessage(p).includes(formatBytes(BYTES)));
    assert.equal(addLayer(await summary(server, d2.uri)).bytes, BYTES);
    assert.deepEqual(requests, ['HEAD /x.tar.gz']);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('networkLookups off (the default): unknown, says why, and nothing is asked', async () => {
  requests = [];
  const server = await startServer({ settings: {} });
  try {
    const d = dockerfile();
    await open(server, d);
    const p = await server.diagnostics(d.uri, (x) => addMessage(x) !== '');
    assert.match(addMessage(p), /\(size unknown\)/);
    const md = await hover(server, d);
    assert.match(md, /\| unknown \|/);
    assert.match(md, /network look-ups are off/);
    const layer = addLayer(await summary(server, d.uri));
    assert.equal(layer.bytes, 0);
    assert.equal(layer.hasUnknown, true);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(requests, []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('untrusted workspace: no network look-ups even with the setting on, and the hover says so', async () => {
  requests = [];
  const server = await startServer({ settings: { networkLookups: true }, trusted: false });
  try {
    const d = dockerfile();
    await open(server, d);
    await server.diagnostics(d.uri, (x) => addMessage(x) !== '');
    const md = await hover(server, d);
    assert.match(md, /\| unknown \|/);
    assert.match(md, /untrusted workspace/);
    assert.equal(addLayer(await summary(server, d.uri)).hasUnknown, true);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(requests, []);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});
