import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { lookUpImage, parseImageRef, RegistryImageCache } from './imageRegistry';

test('parseImageRef follows Docker reference rules', () => {
  const cases: [string, ReturnType<typeof parseImageRef>][] = [
    ['python:3.12-slim', { registry: 'registry-1.docker.io', repository: 'library/python', reference: '3.12-slim' }],
    ['osrf/ros:noetic-desktop-full', { registry: 'registry-1.docker.io', repository: 'osrf/ros', reference: 'noetic-desktop-full' }],
    ['ghcr.io/org/app', { registry: 'ghcr.io', repository: 'org/app', reference: 'latest' }],
    ['localhost:5000/a/b:1', { registry: 'localhost:5000', repository: 'a/b', reference: '1' }],
    ['docker.io/library/node@sha256:abc', { registry: 'registry-1.docker.io', repository: 'library/node', reference: 'sha256:abc' }],
    ['quay.io/prometheus/node-exporter:v1.8.0', { registry: 'quay.io', repository: 'prometheus/node-exporter', reference: 'v1.8.0' }],
  ];
  for (const [ref, want] of cases) assert.deepEqual(parseImageRef(ref), want, ref);
  assert.equal(parseImageRef('python:${V}'), undefined);
  assert.equal(parseImageRef('Bad Name'), undefined);
});

const INDEX = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { digest: 'sha256:amd', mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500, platform: { os: 'linux', architecture: 'amd64' } },
    { digest: 'sha256:arm', mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
  ],
};
const manifest = (sizes: number[]) => ({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { size: 100, digest: 'sha256:cfg' }, layers: sizes.map((size, i) => ({ size, digest: `sha256:l${i}` })) });

/** A registry in the distribution API's format, behind a bearer-token challenge, plus misbehaving repositories. */
async function fakeRegistry(): Promise<{ host: string; log: string[]; close(): Promise<void> }> {
  const log: string[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      assert.equal(url.searchParams.get('service'), 'fake-registry');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `t-${url.searchParams.get('scope')}` }));
      return;
    }
    const m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end();
    const [, repo, ref] = m;
    if (repo === 'slow/app') return; // never answers
    if (!req.headers.authorization?.startsWith('Bearer t-repository:')) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${base}/token",service="fake-registry",scope="repository:${repo}:pull"` }).end();
      return;
    }
    if (repo === 'team/app' && ref === '1.0') return void res.writeHead(200, { 'content-type': INDEX.mediaType, 'docker-content-digest': 'sha256:index' }).end(JSON.stringify(INDEX));
    if (repo === 'team/app' && ref === 'sha256:amd') return void res.writeHead(200).end(JSON.stringify(manifest([30_000_000, 2_000_000])));
    if (repo === 'team/app' && ref === 'sha256:arm') return void res.writeHead(200).end(JSON.stringify(manifest([25_000_000])));
    if (repo === 'broken/app') return void res.writeHead(200).end('{"layers": [{"size": "big"}]');
    if (repo === 'amd64only/app') return void res.writeHead(200).end(JSON.stringify({ ...INDEX, manifests: [INDEX.manifests[0]] }));
    res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
  return { host, log, close: () => new Promise((r) => server.close(() => r())) };
}

test('anonymous token flow, index → platform manifest, compressed sizes summed', async () => {
  const reg = await fakeRegistry();
  try {
    const amd = await lookUpImage(`${reg.host}/team/app:1.0`, 'linux/amd64');
    assert.ok(amd.ok, JSON.stringify(amd));
    assert.equal(amd.image.compressedBytes, 32_000_000);
    assert.deepEqual(amd.image.layers, [30_000_000, 2_000_000]);
    assert.equal(amd.image.digest, 'sha256:amd');
    const arm = await lookUpImage(`${reg.host}/team/app:1.0`, 'linux/arm/v7');
    assert.ok(arm.ok);
    assert.equal(arm.image.compressedBytes, 25_000_000);
    // The first request carries no credentials; the token is asked for anonymously.
    assert.ok(reg.log[0]!.endsWith(' -'));
    assert.ok(reg.log.some((l) => l.startsWith('GET /token?') && l.endsWith(' -')));
  } finally {
    await reg.close();
  }
});

test('error paths answer with a reason, never a number', async () => {
  const reg = await fakeRegistry();
  try {
    const missing = await lookUpImage(`${reg.host}/nope/app:1`, 'linux/amd64');
    assert.deepEqual([missing.ok, !missing.ok && missing.status], [false, 404]);
    const broken = await lookUpImage(`${reg.host}/broken/app:1`, 'linux/amd64');
    assert.ok(!broken.ok && /not JSON/.test(broken.reason), JSON.stringify(broken));
    const noPlatform = await lookUpImage(`${reg.host}/amd64only/app:1`, 'linux/arm64');
    assert.ok(!noPlatform.ok && /no manifest for linux\/arm64 \(it has linux\/amd64\)/.test(noPlatform.reason), JSON.stringify(noPlatform));
    const slow = await lookUpImage(`${reg.host}/slow/app:1`, 'linux/amd64', { timeoutMs: 300 });
    assert.ok(!slow.ok && /no answer .* within 0.3 s/.test(slow.reason), JSON.stringify(slow));
  } finally {
    await reg.close();
  }
});

test('HTTP_PROXY is used for the registry, and NO_PROXY bypasses it', async () => {
  const reg = await fakeRegistry();
  const proxied: string[] = [];
  const proxy = http.createServer((req, res) => {
    proxied.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const up = http.request(target, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  try {
    const via = await lookUpImage(`${reg.host}/team/app:1.0`, 'linux/amd64', { env: { HTTP_PROXY: proxyUrl } });
    assert.ok(via.ok);
    assert.ok(proxied.some((u) => u.includes('/v2/team/app/manifests/1.0')));
    proxied.length = 0;
    const direct = await lookUpImage(`${reg.host}/team/app:1.0`, 'linux/amd64', { env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    assert.ok(direct.ok);
    assert.equal(proxied.length, 0);
  } finally {
    await reg.close();
    await new Promise((r) => proxy.close(r));
  }
});

test('answers are cached with an expiry; failures are asked again', async () => {
  const reg = await fakeRegistry();
  try {
    const cache = new RegistryImageCache({ cacheDir: false, ttlMs: 60_000 });
    assert.equal(cache.get(`${reg.host}/team/app:1.0`, 'linux/amd64'), undefined);
    await cache.fetch(`${reg.host}/team/app:1.0`, 'linux/amd64');
    const requests = reg.log.length;
    const again = await cache.fetch(`${reg.host}/team/app:1.0`, 'linux/amd64');
    assert.ok(again.ok);
    assert.equal(reg.log.length, requests);
    const expired = new RegistryImageCache({ cacheDir: false, ttlMs: 0 });
    await expired.fetch(`${reg.host}/team/app:1.0`, 'linux/amd64');
    await expired.fetch(`${reg.host}/team/app:1.0`, 'linux/amd64');
    assert.ok(reg.log.length > requests + 3);
  } finally {
    await reg.close();
  }
});
