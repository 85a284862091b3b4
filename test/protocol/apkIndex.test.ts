/**
 * The live APKINDEX over the protocol: with `networkLookups` on, the server publishes, reads the
 * stage's Alpine index (main + community) from the mirror — a local HTTP server serving real records
 * in the real archive format (server/src/net/testdata) — and publishes again with the sizes from it.
 * Off, nothing is asked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { apkIndexTarGz, COMMUNITY, curl316FileBytes, MAIN } from '../../server/src/net/apkIndex.fixture';
import { formatBytes } from '../../server/src/core/model/format';
import { fileUri, startServer } from './lspClient';

const liveCurl = curl316FileBytes;

let mirror: http.Server;
const requests: string[] = [];
let dir = '';
const saved = { mirror: process.env.DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR, cache: process.env.XDG_CACHE_HOME, noProxy: process.env.NO_PROXY };

before(async () => {
  mirror = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers['user-agent']}`);
    const body = req.url === '/alpine/v3.16/main/x86_64/APKINDEX.tar.gz' ? apkIndexTarGz(MAIN, 'v3.16.3-13-g4d933a1fa3') : req.url === '/alpine/v3.16/community/x86_64/APKINDEX.tar.gz' ? apkIndexTarGz(COMMUNITY, 'v3.16.3-13-g4d933a1fa3') : undefined;
    if (body) res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-apk-lsp-'));
  // The server process inherits these: the mirror, and a cache folder of its own.
  process.env.DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/alpine/`;
  process.env.XDG_CACHE_HOME = dir;
  // A proxy in the test machine's environment must not carry the requests to 127.0.0.1.
  process.env.NO_PROXY = '127.0.0.1,localhost';
});

after(async () => {
  for (const [k, v] of [['DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR', saved.mirror], ['XDG_CACHE_HOME', saved.cache], ['NO_PROXY', saved.noProxy]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  mirror.closeAllConnections();
  await new Promise((r) => mirror.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function hoverRun(network: boolean): Promise<{ md: string; requests: string[] }> {
  requests.length = 0;
  const file = path.join(dir, `Dockerfile.${network ? 'on' : 'off'}`);
  const text = 'FROM alpine:3.16\nRUN apk add --no-cache curl\n';
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  const server = await startServer({ settings: { networkLookups: network } });
  try {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    await server.diagnostics(uri);
    let md = '';
    const until = Date.now() + 15_000;
    do {
      const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } })) as Hover | null;
      md = h ? (h.contents as { value: string }).value : '';
      if (!network || /live APKINDEX/.test(md)) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < until);
    return { md, requests: [...requests] };
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

test('networkLookups on: the apk layer is resolved from the release index the mirror serves, and republished', async () => {
  const { md, requests: asked } = await hoverRun(true);
  assert.match(md, /5 from the live APKINDEX of Alpine 3\.16/);
  assert.ok(md.includes(`| apk: curl (5 packages) | ≈ ${formatBytes(liveCurl())}`), md); // curl, libcurl, ca-certificates, brotli-libs, nghttp2-libs: 2,383,872 B of I:, as file bytes
  assert.deepEqual(asked.sort(), ['GET /alpine/v3.16/community/x86_64/APKINDEX.tar.gz dockerfile-size-hints', 'GET /alpine/v3.16/main/x86_64/APKINDEX.tar.gz dockerfile-size-hints']);
  assert.equal(fs.readdirSync(path.join(dir, 'dockerfile-size-hints', 'apkindex')).length, 1, 'kept on disk');
});

test('networkLookups off: nothing is asked, the bundled data prices the layer', async () => {
  const { md, requests: asked } = await hoverRun(false);
  assert.doesNotMatch(md, /live APKINDEX/);
  assert.match(md, /\| apk: curl \(5 packages\) \| ≈ .* from Alpine [\d./]+ reports/, md);
  assert.ok(!md.includes(`| apk: curl (5 packages) | ≈ ${formatBytes(liveCurl())}`), 'not the live index numbers');
  assert.deepEqual(asked, []);
});
