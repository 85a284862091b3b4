/** safeFetch against local HTTP servers on 127.0.0.1: each test's input is the attack. */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
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
