/** safeFetch against local HTTP servers on 127.0.0.1: each test's input is the attack. */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startProxy } from './proxy.fixture';
import { FetchBudget, redactUrl, safeFetch } from './safeFetch';

let main: http.Server;
let other: http.Server;
let base = '';
let otherBase = '';
const mainLog: { url: string; auth?: string }[] = [];
const otherLog: string[] = [];

before(async () => {
  main = http.createServer((req, res) => {
    mainLog.push({ url: req.url ?? '', auth: req.headers.authorization });
    const p = req.url ?? '/';
    if (p === '/ok') res.writeHead(200, { 'content-length': '5' }).end('hello');
    else if (p === '/to-other') res.writeHead(302, { location: `${otherBase}/secret-internal` }).end();
    else if (p === '/to-localhost') res.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/ok' }).end();
    else if (p.startsWith('/loop')) res.writeHead(302, { location: '/loop' + (p.length % 7) }).end();
    else if (p === '/big') res.writeHead(200, { 'content-length': String(5_000_000) }).end(Buffer.alloc(5_000_000));
    else if (p === '/big-chunked') {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 80 && res.write(chunk)) sent++;
        if (sent < 80) res.once('drain', pump);
        else res.end();
      };
      pump();
    } else if (p.startsWith('/never')) {
      // Never answers: only the budget ends the request.
    } else res.writeHead(404).end();
  });
  other = http.createServer((req, res) => {
    otherLog.push(req.url ?? '');
    res.writeHead(200, { 'content-length': '1' }).end('x');
  });
  await new Promise<void>((resolve) => main.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(main.address() as AddressInfo).port}`;
  otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});

after(async () => {
  for (const s of [main, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

test('a redirect to another host or port is not followed, and nothing reaches it', async () => {
  const r = await safeFetch(`${base}/to-other`);
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.reason : '', /redirected to another host \(127\.0\.0\.1:\d+\): not followed/);
  const h = await safeFetch(`${base}/to-localhost`);
  assert.equal(h.ok, false);
  assert.deepEqual(otherLog, []);
});

test('redirects stop after 5; only http and https', async () => {
  const r = await safeFetch(`${base}/loop`);
  assert.equal(!r.ok && r.reason, 'more than 5 redirects');
  for (const u of ['file:///etc/shadow', 'ftp://127.0.0.1/x', 'gopher://127.0.0.1:25/x', 'data:,x']) {
    const b = await safeFetch(u);
    assert.equal(!b.ok && b.reason, 'only http and https URLs are looked up', u);
  }
});

test('a body is read only up to maxBytes (declared or streamed)', async () => {
  const declared = await safeFetch(`${base}/big`, { method: 'GET', readBody: true, maxBytes: 1_000_000 });
  assert.match(!declared.ok ? declared.reason : '', /response too large \(5000000 bytes/);
  const streamed = await safeFetch(`${base}/big-chunked`, { method: 'GET', readBody: true, maxBytes: 1_000_000 });
  assert.match(!streamed.ok ? streamed.reason : '', /response too large \(more than 1000000 bytes\)/);
  const ok = await safeFetch(`${base}/ok`, { method: 'GET', readBody: true, maxBytes: 10 });
  assert.equal(ok.ok && ok.body?.toString(), 'hello');
});

test('credentials in a URL are never sent nor echoed', async () => {
  const n = mainLog.length;
  const r = await safeFetch(`${base.replace('//', '//user:s3cret@')}/ok`);
  assert.ok(r.ok);
  assert.equal(mainLog[n].auth, undefined);
  assert.doesNotMatch(JSON.stringify(r), /s3cret/);
  const failed = await safeFetch(`${base.replace('//', '//user:s3cret@')}/to-other`);
  assert.doesNotMatch(JSON.stringify(failed), /s3cret/);
  assert.equal(redactUrl('https://u:p@example.com/x'), 'https://example.com/x');
});

test('one budget for all requests of an analysis: 20 URLs that never answer end together, within it', async () => {
  const budget = new FetchBudget(800);
  const t = Date.now();
  const all = await Promise.all(Array.from({ length: 20 }, (_, i) => safeFetch(`${base}/never/${i}`, { budget, timeoutMs: 5000 })));
  const ms = Date.now() - t;
  assert.ok(ms < 2500, `${ms} ms`);
  for (const r of all) {
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.reason : '', /network budget of this analysis is spent/);
    assert.equal(!r.ok && r.budgetSpent, true);
  }
  const late = await safeFetch(`${base}/ok`, { budget });
  assert.match(!late.ok ? late.reason : '', /^not asked: the 0\.8 s network budget/);
});

// ---- proxies (opt-in) ---------------------------------------------------------------------------

test('proxy: only when asked; then plain http goes through it in absolute form, NO_PROXY bypasses it', async () => {
  const log: string[] = [];
  const { server, url } = await startProxy(log);
  try {
    const env = { HTTP_PROXY: url, HTTPS_PROXY: url };
    // Not asked: the environment's proxy is not read.
    const direct = await safeFetch(`${base}/ok`, { method: 'GET', readBody: true, env });
    assert.equal(direct.ok && direct.body?.toString(), 'hello');
    assert.deepEqual(log, []);
    const viaEnv = await safeFetch(`${base}/ok`, { method: 'GET', readBody: true, proxy: 'env', env });
    assert.equal(viaEnv.ok && viaEnv.body?.toString(), 'hello');
    assert.deepEqual(log, [`GET ${base}/ok`]);
    const explicit = await safeFetch(`${base}/ok`, { method: 'GET', readBody: true, proxy: url, env: {} });
    assert.equal(explicit.ok && explicit.status, 200);
    assert.equal(log.length, 2);
    const bypass = await safeFetch(`${base}/ok`, { method: 'GET', readBody: true, proxy: 'env', env: { ...env, NO_PROXY: 'localhost,127.0.0.1' } });
    assert.equal(bypass.ok && bypass.status, 200);
    assert.equal(log.length, 2, 'NO_PROXY: asked directly');
    // The limits still hold through a proxy: a redirect to another host is not followed.
    const cross = await safeFetch(`${base}/to-other`, { method: 'GET', readBody: true, proxy: url });
    assert.equal(cross.ok, false);
    assert.match(!cross.ok ? cross.reason : '', /another host/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test('proxy: https goes through a CONNECT tunnel (the proxy sees host:port only; TLS is verified end to end)', async () => {
  const log: string[] = [];
  const { server, url } = await startProxy(log);
  const https = await import('node:https');
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-proxy-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '2', '-subj', '/CN=pypi.example', '-addext', 'subjectAltName=DNS:pypi.example'], { stdio: 'ignore' });
  const tlsServer = https.createServer({ key: fs.readFileSync(path.join(dir, 'k.pem')), cert: fs.readFileSync(path.join(dir, 'c.pem')) }, (req, res) => {
    log.push(`TLS ${req.headers.host} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  const port = (tlsServer.address() as AddressInfo).port;
  try {
    // The name does not resolve here: only the proxy (which maps it to 127.0.0.1) can reach it.
    const r = await safeFetch(`https://pypi.example:${port}/pypi/x/json`, { method: 'GET', readBody: true, proxy: url });
    assert.equal(r.ok, false, 'self-signed certificate: refused (TLS is verified end to end through the tunnel)');
    assert.match(!r.ok ? r.reason : '', /SELF_SIGNED|self.signed|certificate/i);
    assert.deepEqual(log, [`CONNECT pypi.example:${port}`]);
    // Trusting that certificate (NODE_EXTRA_CA_CERTS, as behind a TLS-inspecting proxy), the answer arrives through the tunnel.
    const { spawn } = await import('node:child_process');
    const script = `const m = await import(${JSON.stringify(path.join(__dirname, 'safeFetch.ts'))}); const safeFetch = m.safeFetch ?? m.default.safeFetch; const r = await safeFetch('https://pypi.example:${port}/pypi/x/json', { method: 'GET', readBody: true, proxy: 'env' }); console.log(r.ok ? r.body.toString() : r.reason);`;
    // Async spawn: the proxy and the server answering the child live in this process's event loop.
    const out = await new Promise<string>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_EXTRA_CA_CERTS: path.join(dir, 'c.pem'), HTTPS_PROXY: url } });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('close', () => resolve(text));
    });
    assert.equal(out.trim(), '{"ok":true}');
    assert.deepEqual(log.slice(1), [`CONNECT pypi.example:${port}`, `TLS pypi.example:${port} /pypi/x/json`]);
  } finally {
    server.closeAllConnections();
    server.close();
    tlsServer.closeAllConnections();
    tlsServer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
