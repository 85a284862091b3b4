/** The remote-size fetcher against a local HTTP server on 127.0.0.1 (nothing leaves the machine). */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startProxy } from './proxy.fixture';
import { SizeLookups } from './registryLookups';
import { RemoteSizeCache, remoteSize } from './remoteSizes';

let server: http.Server;
let base = '';
const hits: { method: string; url: string; range?: string }[] = [];
let inFlight = 0;
let maxInFlight = 0;

before(async () => {
  server = http.createServer((req, res) => {
    hits.push({ method: req.method ?? '', url: req.url ?? '', range: req.headers.range });
    const u = new URL(req.url ?? '/', base);
    const p = u.pathname;
    if (p === '/file.tar.gz') {
      res.writeHead(200, { 'content-length': '123456', 'content-type': 'application/gzip' });
      res.end(req.method === 'HEAD' ? undefined : Buffer.alloc(123456));
    } else if (p.startsWith('/redirect/')) {
      const n = Number(p.split('/')[2]);
      res.writeHead(302, { location: n > 0 ? `/redirect/${n - 1}` : '/file.tar.gz' });
      res.end();
    } else if (p === '/absolute-redirect') {
      res.writeHead(301, { location: `${base}/file.tar.gz` });
      res.end();
    } else if (p === '/no-head') {
      if (req.method === 'HEAD') {
        res.writeHead(405, { allow: 'GET' });
        res.end();
      } else if (req.headers.range === 'bytes=0-0') {
        res.writeHead(206, { 'content-range': 'bytes 0-0/987654', 'content-length': '1' });
        res.end('x');
      } else {
        res.writeHead(200, { 'content-length': '987654' });
        res.end(Buffer.alloc(987654));
      }
    } else if (p === '/no-head-no-range') {
      // Refuses HEAD, ignores Range: the 200's Content-Length (the body is not read).
      if (req.method === 'HEAD') {
        res.writeHead(405);
        res.end();
      } else {
        res.writeHead(200, { 'content-length': '5000000' });
        res.end(Buffer.alloc(5_000_000));
      }
    } else if (p === '/chunked') {
      res.writeHead(200, { 'transfer-encoding': 'chunked' });
      res.end();
    } else if (p === '/slow') {
      // Never answers within the test's timeout.
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(200, { 'content-length': '1' }).end();
      }, 3000).unref();
    } else if (p === '/missing') {
      res.writeHead(404);
      res.end();
    } else if (p === '/to-ftp') {
      res.writeHead(302, { location: 'ftp://127.0.0.1/x' });
      res.end();
    } else if (p === '/counted') {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-length': String(u.searchParams.get('n') ?? '1') });
        res.end();
      }, 50);
    } else if (p === '/changing') {
      const n = hits.filter((h) => h.url === '/changing').length;
      res.writeHead(200, { 'content-length': String(100 * n) });
      res.end();
    } else {
      res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('HEAD: the Content-Length, without downloading the file', async () => {
  const n = hits.length;
  const r = await remoteSize(`${base}/file.tar.gz`);
  assert.equal(r.bytes, 123456);
  assert.match(r.source, /^Content-Length from 127\.0\.0\.1:\d+$/);
  assert.deepEqual(hits.slice(n).map((h) => h.method), ['HEAD']);
});

test('redirects are followed (relative and absolute), up to 5', async () => {
  assert.equal((await remoteSize(`${base}/redirect/4`)).bytes, 123456, '5 redirects');
  assert.equal((await remoteSize(`${base}/absolute-redirect`)).bytes, 123456);
  const tooMany = await remoteSize(`${base}/redirect/5`);
  assert.equal(tooMany.bytes, undefined);
  assert.match(tooMany.source, /more than 5 redirects/);
});

test('HEAD refused (405): GET with Range bytes=0-0 and the Content-Range total', async () => {
  const n = hits.length;
  const r = await remoteSize(`${base}/no-head`);
  assert.equal(r.bytes, 987654);
  assert.match(r.source, /Content-Range/);
  assert.deepEqual(
    hits.slice(n).map((h) => `${h.method} ${h.range ?? ''}`.trim()),
    ['HEAD', 'GET bytes=0-0'],
  );
  // A server that ignores Range answers 200: its Content-Length, and the body is dropped unread.
  const t = Date.now();
  assert.equal((await remoteSize(`${base}/no-head-no-range`)).bytes, 5_000_000);
  assert.ok(Date.now() - t < 2000);
});

test('no Content-Length, HTTP errors, timeouts, refused connections and bad schemes are unknown with the reason', async () => {
  const chunked = await remoteSize(`${base}/chunked`);
  assert.equal(chunked.bytes, undefined);
  assert.equal(chunked.source, 'server gave no Content-Length');

  const missing = await remoteSize(`${base}/missing`);
  assert.equal(missing.bytes, undefined);
  assert.equal(missing.source, 'server answered HTTP 404');

  const t = Date.now();
  const slow = await remoteSize(`${base}/slow`, 200);
  assert.equal(slow.bytes, undefined);
  assert.match(slow.source, /no answer within 0\.2 s/);
  assert.ok(Date.now() - t < 1500, 'gives up after the timeout');

  // A port nothing listens on (the test server's, after a throwaway server closed it).
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const refused = await remoteSize(`http://127.0.0.1:${port}/x`);
  assert.equal(refused.bytes, undefined);
  assert.match(refused.source, /request failed \(ECONNREFUSED\)/);

  for (const bad of ['ftp://127.0.0.1/x.tgz', 'file:///etc/passwd', 'git@github.com:a/b.git', 'not a url']) {
    const r = await remoteSize(bad);
    assert.equal(r.bytes, undefined, bad);
    assert.match(r.source, /only http and https|not a valid URL/, bad);
  }
  const toFtp = await remoteSize(`${base}/to-ftp`);
  assert.equal(toFtp.bytes, undefined);
  assert.match(toFtp.source, /redirected to a ftp URL/);
});

test('RemoteSizeCache: lookup is synchronous from the cache; prefetch says whether anything new arrived; failures are cached too', async () => {
  const cache = new RemoteSizeCache({ timeoutMs: 1000, proxy: '' });
  const url = `${base}/file.tar.gz`;
  const bad = `${base}/missing`;
  assert.equal(cache.lookup(url), undefined);
  const g = cache.generation;
  assert.equal(await cache.prefetch([url, bad, url]), true);
  assert.equal(cache.lookup(url)?.bytes, 123456);
  assert.equal(cache.lookup(bad)?.source, 'server answered HTTP 404');
  assert.ok(cache.generation > g);
  const n = hits.length;
  const g2 = cache.generation;
  assert.equal(await cache.prefetch([url, bad]), false, 'all cached: nothing new');
  assert.equal(hits.length, n, 'no request for cached URLs, failures included');
  assert.equal(cache.generation, g2);
  assert.equal(await cache.prefetch(['ftp://127.0.0.1/x']), true);
  assert.match(cache.lookup('ftp://127.0.0.1/x')!.source, /only http and https/);
  assert.equal(await cache.prefetch([]), false);
});

test('RemoteSizeCache: entries expire after the TTL and are asked again; the same answer is nothing new', async () => {
  let now = 1_000_000;
  const cache = new RemoteSizeCache({ ttlMs: 60_000, now: () => now, proxy: '' });
  const url = `${base}/file.tar.gz`;
  assert.equal(await cache.prefetch([url]), true);
  const n = hits.length;
  now += 59_000;
  assert.equal(await cache.prefetch([url]), false);
  assert.equal(hits.length, n, 'fresh');
  now += 2_000;
  const g = cache.generation;
  assert.equal(await cache.prefetch([url]), false, 'asked again, same answer');
  assert.equal(hits.length, n + 1, 'expired: asked again');
  assert.equal(cache.generation, g);
  // A changed answer is new.
  const changing = `${base}/changing`;
  await cache.prefetch([changing]);
  now += 61_000;
  assert.equal(await cache.prefetch([changing]), true);
  assert.ok(cache.generation > g);
});

test('RemoteSizeCache: at most 4 look-ups at a time; concurrent prefetches of one URL share one request', async () => {
  maxInFlight = 0;
  const cache = new RemoteSizeCache({ proxy: '' });
  const urls = Array.from({ length: 10 }, (_, i) => `${base}/counted?n=${i + 1}`);
  const results = await Promise.all([cache.prefetch(urls), cache.prefetch(urls.slice(0, 3))]);
  assert.deepEqual(results, [true, true]);
  assert.ok(maxInFlight <= 4, `max in flight ${maxInFlight}`);
  assert.ok(maxInFlight >= 2, 'in parallel');
  for (let i = 0; i < 10; i++) assert.equal(cache.lookup(urls[i])?.bytes, i + 1);
  assert.equal(hits.filter((h) => h.url.startsWith('/counted')).length, 10, 'one request per URL');
});

test('RemoteSizeCache honours HTTP_PROXY / NO_PROXY as the package-index look-ups do (and SizeLookups hands them its proxy)', async () => {
  const log: string[] = [];
  const proxy = await startProxy(log);
  try {
    const url = `${base}/file.tar.gz`;
    const env = { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url };
    // Default: the environment's proxy; the request reaches the proxy in absolute form.
    const viaEnv = new RemoteSizeCache({ env });
    await viaEnv.prefetch([url]);
    assert.equal(viaEnv.lookup(url)?.bytes, 123456);
    assert.deepEqual(log, [`HEAD ${url}`]);
    // HEAD refused: the ranged GET goes through the proxy too.
    const noHead = `${base}/no-head`;
    await viaEnv.prefetch([noHead]);
    assert.equal(viaEnv.lookup(noHead)?.bytes, 987654);
    assert.deepEqual(log.slice(1), [`HEAD ${noHead}`, `GET ${noHead}`]);
    // NO_PROXY: asked directly.
    const bypass = new RemoteSizeCache({ env: { ...env, NO_PROXY: '127.0.0.1' } });
    await bypass.prefetch([url]);
    assert.equal(bypass.lookup(url)?.bytes, 123456);
    assert.equal(log.length, 3, 'NO_PROXY: not through the proxy');
    // '' : no proxy whatever the environment says.
    const direct = new RemoteSizeCache({ env, proxy: '' });
    await direct.prefetch([url]);
    assert.equal(direct.lookup(url)?.bytes, 123456);
    assert.equal(log.length, 3, "proxy '': direct");
    // The server's and the CLI's SizeLookups: downloads leave by the registries' proxy.
    const lookups = new SizeLookups({}, { env, apk: { cacheDir: false } });
    await lookups.prefetch([`${base}/redirect/1`]);
    assert.equal(lookups.lookup(`${base}/redirect/1`)?.bytes, 123456);
    assert.deepEqual(log.slice(3), [`HEAD ${base}/redirect/1`, `HEAD ${base}/redirect/0`, `HEAD ${base}/file.tar.gz`]);
    // A proxy that is down is a reason, not a direct request behind the user's back.
    const dead = new RemoteSizeCache({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } });
    const n = hits.length;
    await dead.prefetch([url]);
    assert.equal(dead.lookup(url)?.bytes, undefined);
    assert.match(dead.lookup(url)!.source, /request failed/);
    assert.equal(hits.length, n, 'nothing reached the server directly');
  } finally {
    proxy.server.closeAllConnections();
    await new Promise((resolve) => proxy.server.close(resolve));
  }
});
