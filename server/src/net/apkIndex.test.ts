/**
 * The live APKINDEX path against a local HTTP server serving real Alpine records (testdata/README.md)
 * packed as Alpine publishes them: a gzip member with the signature's tar entry, then a gzip member
 * with DESCRIPTION and APKINDEX.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { after, before, test } from 'node:test';
import { analyzeDockerfile } from '../core/analyze';
import { alpineArch, apkIndexUrl, ApkIndexCache, normalizeApkToken, parseApkIndex, readApkIndexArchive } from './apkIndex';
import { SizeLookups } from './registryLookups';
import { FetchBudget } from './safeFetch';
import { tempDir } from '../testing/tempDirs';

import { apkIndexTarGz, COMMUNITY, curl316FileBytes, MAIN, tarEntry } from './apkIndex.fixture';

let server: http.Server;
let base = '';
const hits: string[] = [];
let communityStatus = 200;

before(async () => {
  // Compressed once, before any request: compressing 80 MB inside the handler blocked this process's event loop
  // for seconds on a loaded machine, and the client's other request timed out instead of getting its 404.
  const bomb = zlib.gzipSync(Buffer.alloc(80 * 1024 * 1024));
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    const send = (body: Buffer) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
    if (url === '/alpine/v3.16/main/x86_64/APKINDEX.tar.gz') return send(apkIndexTarGz(MAIN, 'v3.16.3-13-g4d933a1fa3'));
    if (url === '/alpine/v3.16/community/x86_64/APKINDEX.tar.gz') return communityStatus === 200 ? send(apkIndexTarGz(COMMUNITY, 'v3.16.3-13-g4d933a1fa3')) : res.writeHead(communityStatus).end();
    // A gzip bomb: 80 MB of zeros unpacked.
    if (url === '/bomb/v3.16/main/x86_64/APKINDEX.tar.gz') return send(bomb);
    if (url === '/bomb/v3.16/community/x86_64/APKINDEX.tar.gz') return res.writeHead(404).end();
    if (url.startsWith('/away/')) return res.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/alpine/${url.slice(6)}` }).end();
    if (url.startsWith('/slow/')) return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const tmp = () => tempDir('dsh-apkindex-');

test('platforms, releases and URLs', () => {
  const table: [string, string | undefined][] = [
    ['linux/amd64', 'x86_64'],
    ['linux/arm64', 'aarch64'],
    ['linux/arm64/v8', 'aarch64'],
    ['linux/arm/v7', 'armv7'],
    ['linux/arm/v6', 'armhf'],
    ['linux/386', 'x86'],
    ['linux/ppc64le', 'ppc64le'],
    ['linux/s390x', 's390x'],
    ['linux/riscv64', 'riscv64'],
    ['linux/mips64le', undefined],
  ];
  for (const [platform, arch] of table) assert.equal(alpineArch(platform), arch, platform);
  assert.equal(apkIndexUrl('https://dl-cdn.alpinelinux.org/alpine/', '3.20', 'community', 'aarch64'), 'https://dl-cdn.alpinelinux.org/alpine/v3.20/community/aarch64/APKINDEX.tar.gz');
  assert.equal(apkIndexUrl('https://mirror.example/alpine', 'edge', 'main', 'x86_64'), 'https://mirror.example/alpine/edge/main/x86_64/APKINDEX.tar.gz');
  assert.equal(apkIndexUrl('https://dl-cdn.alpinelinux.org/alpine/', '../../etc', 'main', 'x86_64'), undefined, 'only a release name goes into the path');
  assert.equal(normalizeApkToken('so:libc.musl-x86_64.so.1'), 'so:libc.musl.so.1');
  assert.equal(normalizeApkToken('openssh-keygen=9.0_p1-r2'), 'openssh-keygen');
  assert.equal(normalizeApkToken('musl>=1.2'), 'musl');
});

test('parse: I:, D: (conflicts dropped), p:, and the provider apk picks', () => {
  const data = parseApkIndex(MAIN + COMMUNITY);
  const table: [string, number, string[]][] = [
    ['curl', 262144, ['ca-certificates', 'so:libc.musl.so.1', 'so:libcurl.so.4', 'so:libz.so.1']],
    ['git', 11522048, ['so:libc.musl.so.1', 'so:libcurl.so.4', 'so:libexpat.so.1', 'so:libpcre2-8.so.0', 'so:libz.so.1']],
    ['apk-tools', 307200, ['musl', 'ca-certificates-bundle', 'so:libc.musl.so.1', 'so:libcrypto.so.1.1', 'so:libssl.so.1.1', 'so:libz.so.1']],
    ['dropbear-scp', 45056, ['so:libc.musl.so.1']],
    ['alpine-baselayout-data', 77824, []],
    ['bash', 1339392, ['/bin/sh', 'so:libc.musl.so.1', 'so:libreadline.so.8']],
  ];
  for (const [name, bytes, deps] of table) assert.deepEqual(data.packages[name], [bytes, deps], name);
  assert.equal(Object.keys(data.packages).length, 32);
  const providers: [string, string][] = [
    ['so:libcurl.so.4', 'libcurl'],
    ['so:libc.musl.so.1', 'musl'],
    ['cmd:curl', 'curl'],
    ['openssh-client', 'openssh-client-default'], // -default flavour over -krb5
    ['icu-data', 'icu-data-en'], // k:100 over icu-data-full's k:10
    ['so:libreadline.so.8', 'readline'],
  ];
  for (const [token, name] of providers) assert.equal(data.provides[token], name, token);
});

test('archive: all gzip members read as one tar; a bomb and a damaged file are refused', () => {
  const files = readApkIndexArchive(apkIndexTarGz(MAIN, 'v3.16.3-13-g4d933a1fa3'));
  assert.equal(files.description, 'v3.16.3-13-g4d933a1fa3');
  assert.equal(files.index, MAIN);
  assert.throws(() => readApkIndexArchive(zlib.gzipSync(Buffer.alloc(2 * 1024 * 1024)), 1024 * 1024));
  assert.throws(() => readApkIndexArchive(Buffer.from('not gzip')));
  assert.throws(() => readApkIndexArchive(zlib.gzipSync(tarEntry('DESCRIPTION', Buffer.from('x')))), /no APKINDEX/);
});

test('cache: main + community read once, kept on disk, asked again after the expiry', async () => {
  const dir = tmp();
  let now = Date.parse('2026-12-05T12:00:00Z');
  const opts = { mirror: `${base}/alpine/`, cacheDir: dir, proxy: '', now: () => now };
  const cache = new ApkIndexCache(opts);
  hits.length = 0;
  assert.equal(cache.get('3.16', 'x86_64'), undefined);
  const a = await cache.fetch('3.16', 'x86_64');
  assert.equal(Object.keys(a.data!.packages).length, 32);
  assert.equal(a.data!.packages.bash?.[0], 1339392, 'community merged');
  assert.match(a.source, /APKINDEX of Alpine 3\.16 x86_64 from 127\.0\.0\.1:\d+, 2026-12-05: main \(v3\.16\.3-13-g4d933a1fa3\): 30 packages, community \(v3\.16\.3-13-g4d933a1fa3\): 2 packages$/);
  assert.deepEqual(hits.sort(), ['/alpine/v3.16/community/x86_64/APKINDEX.tar.gz', '/alpine/v3.16/main/x86_64/APKINDEX.tar.gz']);
  // A new process (new cache object) reads the disk copy: no request.
  const again = new ApkIndexCache(opts);
  assert.equal(again.get('3.16', 'x86_64')?.data?.packages.curl?.[0], 262144);
  await again.fetch('3.16', 'x86_64');
  assert.equal(hits.length, 2);
  // After 24 h it is asked again.
  now += 25 * 3_600_000;
  assert.equal(new ApkIndexCache(opts).get('3.16', 'x86_64'), undefined);
  await new ApkIndexCache(opts).fetch('3.16', 'x86_64');
  assert.equal(hits.length, 4);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('failures: a missing repository is named, a bomb, a redirect to another host and the budget give reasons; none is kept on disk', async () => {
  const dir = tmp();
  try {
    communityStatus = 404;
    const partial = await new ApkIndexCache({ mirror: `${base}/alpine/`, cacheDir: false, proxy: '' }).fetch('3.16', 'x86_64');
    assert.equal(Object.keys(partial.data!.packages).length, 30);
    assert.match(partial.source, /; not read: community: HTTP 404$/);
    communityStatus = 200;
    // The 5 s default deadline is not what this case tests: unpacking the bomb takes the client seconds under load.
    const bomb = await new ApkIndexCache({ mirror: `${base}/bomb/`, cacheDir: dir, proxy: '', timeoutMs: 60_000 }).fetch('3.16', 'x86_64');
    assert.equal(bomb.data, undefined);
    assert.match(bomb.source, /main: unpacks to more than 64 MB; community: HTTP 404/);
    const away = await new ApkIndexCache({ mirror: `${base}/away/`, cacheDir: dir, proxy: '' }).fetch('3.16', 'x86_64');
    assert.equal(away.data, undefined);
    assert.match(away.source, /redirected to another host \(localhost:\d+\): not followed/);
    const started = Date.now();
    const slow = await new ApkIndexCache({ mirror: `${base}/slow/`, cacheDir: dir, proxy: '' }).fetch('3.16', 'x86_64', new FetchBudget(300));
    assert.ok(Date.now() - started < 2000);
    assert.match(slow.source, /network budget of this analysis is spent/);
    assert.equal(slow.transient, true);
    assert.deepEqual(fs.readdirSync(dir), [], 'only indexes that were read are written');
    const release = await new ApkIndexCache({ mirror: `${base}/alpine/`, cacheDir: false, proxy: '' }).fetch('3.999x', 'x86_64');
    assert.match(release.source, /no Alpine release 3\.999x/);
  } finally {
    communityStatus = 200;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('through the model: apk add resolves against the live index and the release base set (network on only)', async () => {
  const dir = tmp();
  const lookups = new SizeLookups({}, { apk: { mirror: `${base}/alpine/`, cacheDir: dir }, proxy: '' });
  const text = 'FROM alpine:3.16\nRUN apk add --no-cache curl\nRUN apk add --no-cache bash git\n';
  const env = () => ({ remoteSize: (u: string) => lookups.lookup(u), apkIndex: (r: string, p: string) => lookups.apkIndex(r, p) });
  const first = analyzeDockerfile(text, { network: true } as never, env());
  assert.deepEqual(first.model.remoteUrls, ['https://dl-cdn.alpinelinux.org/alpine/#size-hints:apk-index:3.16:x86_64']);
  assert.equal(await lookups.prefetch(first.model.remoteUrls, new FetchBudget()), true);
  const second = analyzeDockerfile(text, { network: true } as never, env());
  const layers = [...second.model.layers.values()].filter((l) => l.makesLayer);
  const packages = (i: number) => {
    const entry = layers[i]!.created.find((e) => e.kind === 'packages' && e.path === '/usr')!;
    const part = layers[i]!.estimate.parts.find((p) => p.label.startsWith('apk: '))!;
    return { bytes: entry.bytes, confidence: part.confidence, source: part.source };
  };
  // curl + libcurl + ca-certificates + brotli-libs + nghttp2-libs (I: of the 3.16 records); musl, zlib,
  // libcrypto1.1 and libssl1.1 are the base's (3.17's base names closed over the 3.16 index through apk-tools/ssl_client).
  // 3.16 is an apk-tools 2 release: I: rounds every file up to 4 KiB, scaled by the data's measured
  // file-byte shares (the rule itself is tested below).
  assert.equal(packages(0).bytes, curl316FileBytes());
  assert.ok(packages(0).bytes < 2383872 && packages(0).bytes > 0.5 * 2383872);
  assert.equal(packages(0).confidence, 'medium', "alpine 3.16's own package list (repo-info) and every package found in the index");
  assert.match(packages(0).source ?? '', /5 from the live APKINDEX of Alpine 3\.16/);
  // bash (community) → readline (community) → ncurses-libs → ncurses-terminfo-base (main); git → expat, pcre2 (libcurl already there).
  const bash = packages(1);
  assert.ok(bash.bytes < 1339392 + 311296 + 512000 + 221184 + 11522048 + 196608 + 688128 && bash.bytes > 0.6 * 14790656, String(bash.bytes));
  assert.match(bash.source ?? '', /7 from the live APKINDEX of Alpine 3\.16 \(apk-tools 2 sizes/);
  // Network off: the same file never asks and keeps the bundled data's numbers.
  let asked = 0;
  const off = analyzeDockerfile(text, { network: false } as never, { remoteSize: () => undefined, apkIndex: () => (asked++, undefined) });
  assert.equal(asked, 0);
  assert.deepEqual(off.model.remoteUrls, []);
  assert.notEqual([...off.model.layers.values()].find((l) => l.makesLayer)!.created.find((e) => e.path === '/usr')!.bytes, packages(0).bytes);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the live index wins over the bundled data: I: as file bytes from 3.23 on, scaled on apk-tools 2 releases; unknown names stay unknown', async () => {
  const { apkDatabase } = await import('../core/data/apkDb');
  const db = apkDatabase()!;
  // The 3.16 records read as if they were another release's index: only the release decides the rounding rule.
  const live = parseApkIndex(MAIN + COMMUNITY);
  const table: [release: string, names: string[], bytes: number, from: string][] = [
    ['3.23', ['curl'], 262144 + 524288 + 704512 + 733184 + 159744, 'live-index'],
    ['edge', ['make'], 237568, 'live-index'],
  ];
  for (const [release, names, bytes, from] of table) {
    const r = db.resolve(names, release, new Set(), live);
    assert.equal(r.packages.reduce((a, p) => a + p.bytes, 0), bytes, `${release} ${names}`);
    assert.ok(r.packages.every((p) => p.from === from));
  }
  const rounded = db.resolve(['make'], '3.16', new Set(), live).packages;
  assert.equal(rounded[0]!.from, 'live-index-rounded');
  assert.ok(rounded[0]!.bytes < 237568 && rounded[0]!.bytes > 0.3 * 237568, 'apk-tools 2: less than the rounded I:');
  const missing = db.resolve(['py3-pip'], '3.16', new Set(), live);
  assert.deepEqual(missing.unknown, ['py3-pip'], 'not in the live index: unknown, never priced from the bundled reports');
});

test('apk update / apk add without --no-cache: the index cache is the downloaded APKINDEX.tar.gz bytes (network on), unknown offline', async () => {
  const dir = tmp();
  const lookups = new SizeLookups({}, { apk: { mirror: `${base}/alpine/`, cacheDir: dir }, proxy: '' });
  const served = apkIndexTarGz(MAIN, 'v3.16.3-13-g4d933a1fa3').length + apkIndexTarGz(COMMUNITY, 'v3.16.3-13-g4d933a1fa3').length;
  const text = 'FROM alpine:3.16\nRUN apk update\nRUN apk add curl\n';
  const env = () => ({ remoteSize: (u: string) => lookups.lookup(u), apkIndex: (r: string, p: string) => lookups.apkIndex(r, p) });
  const first = analyzeDockerfile(text, { network: true } as never, env());
  assert.equal(await lookups.prefetch(first.model.remoteUrls, new FetchBudget()), true);
  const { model, findings } = analyzeDockerfile(text, { network: true } as never, env());
  const layers = [...model.layers.values()].filter((l) => l.makesLayer);
  const cache = layers[0]!.created.find((e) => e.path === '/var/cache/apk')!;
  assert.equal(cache.bytes, served);
  assert.equal(layers[0]!.estimate.confidence, 'medium');
  const noCache = findings.find((f) => f.rule === 'apk-no-cache')!;
  assert.ok(noCache, 'apk add without --no-cache is reported');
  // The second RUN's add reuses the index the first left: no second cache entry in its layer, but the rule prices it.
  assert.ok((noCache.waste?.bytes ?? 0) >= served * 0.95, JSON.stringify(noCache.waste));
  // Offline: unknown, never 0 B exact.
  const off = analyzeDockerfile(text, { network: false } as never, { remoteSize: () => undefined, apkIndex: () => undefined });
  const offCache = [...off.model.layers.values()].filter((l) => l.makesLayer)[0]!.estimate.parts.find((p) => p.label.startsWith('apk index cache'))!;
  assert.equal(offCache.confidence, 'unknown');
  fs.rmSync(dir, { recursive: true, force: true });
});
