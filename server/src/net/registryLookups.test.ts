/** Registry look-ups against a local HTTP server serving the npm registry's and PyPI's JSON formats (127.0.0.1 only). */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { registryQueryUrl } from '../core/model/registryQueries';
import { RegistryLookups, SizeLookups } from './registryLookups';
import { FetchBudget } from './safeFetch';
import { measuredNpmMember, NPM_CACHE_GZ_PER_PACKAGE, PACKUMENT_GZIP_RATIO, PUBLIC_REGISTRY_GZ_PER_VERSION } from '../core/data/npmSizes';
import { analyzeDockerfile } from '../core/analyze';

let server: http.Server;
let base = '';
const hits: { url: string; accept?: string; method?: string }[] = [];
// Tarballs this server gives a Content-Length for (HEAD); the others 404.
const TARBALL_LENGTHS: Record<string, number> = { '/tarred/-/tarred-1.0.0.tgz': 12_345 };

// Abbreviated ("corgi") packuments as registry.npmjs.org serves them (fields trimmed to what npm reads).
const dist = (name: string, version: string, unpackedSize?: number) => ({
  integrity: 'sha512-x',
  shasum: '0',
  tarball: `${base}/${name}/-/${name.split('/').pop()}-${version}.tgz`,
  ...(unpackedSize === undefined ? {} : { fileCount: 10, unpackedSize }),
});
const packuments = (): Record<string, unknown> => ({
  'ghost-cli': {
    name: 'ghost-cli',
    modified: '2026-10-01T00:00:00.000Z',
    'dist-tags': { latest: '1.28.3' },
    versions: {
      '1.27.0': { name: 'ghost-cli', version: '1.27.0', dependencies: { chalk: '^4.1.0' }, dist: dist('ghost-cli', '1.27.0', 900_000) },
      '1.28.3': {
        name: 'ghost-cli',
        version: '1.28.3',
        dependencies: { chalk: '^4.1.0', '@scope/util': '~2.0.0', yarn: '^1.22.0' },
        optionalDependencies: { fsevents: '^2.3.2' },
        peerDependencies: { 'peer-needed': '1', 'peer-optional': '1' },
        peerDependenciesMeta: { 'peer-optional': { optional: true } },
        hasInstallScript: true,
        dist: dist('ghost-cli', '1.28.3', 1_000_000),
      },
    },
  },
  chalk: { name: 'chalk', 'dist-tags': { latest: '5.3.0' }, versions: { '4.1.2': { name: 'chalk', version: '4.1.2', dependencies: { 'ansi-styles': '^4.1.0' }, dist: dist('chalk', '4.1.2', 40_000) }, '5.3.0': { name: 'chalk', version: '5.3.0', dist: dist('chalk', '5.3.0', 43_000) } } },
  'ansi-styles': { name: 'ansi-styles', 'dist-tags': { latest: '4.3.0' }, versions: { '4.3.0': { name: 'ansi-styles', version: '4.3.0', dist: dist('ansi-styles', '4.3.0', 17_000) } } },
  '@scope/util': { name: '@scope/util', 'dist-tags': { latest: '2.0.5' }, versions: { '2.0.5': { name: '@scope/util', version: '2.0.5', dependencies: { 'ansi-styles': '4.3.0' }, dist: dist('@scope/util', '2.0.5') } } },
  yarn: { name: 'yarn', 'dist-tags': { latest: '1.22.22' }, versions: { '1.22.22': { name: 'yarn', version: '1.22.22', dist: dist('yarn', '1.22.22', 5_300_000) } } },
  fsevents: { name: 'fsevents', 'dist-tags': { latest: '2.3.3' }, versions: { '2.3.3': { name: 'fsevents', version: '2.3.3', os: ['darwin'], dist: dist('fsevents', '2.3.3', 170_000) } } },
  'peer-needed': { name: 'peer-needed', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'peer-needed', version: '1.0.0', dist: dist('peer-needed', '1.0.0', 3_000) } } },
  'peer-optional': { name: 'peer-optional', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'peer-optional', version: '1.0.0', dist: dist('peer-optional', '1.0.0', 99_000_000) } } },
  tarred: { name: 'tarred', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'tarred', version: '1.0.0', dependencies: { 'tarred-dep': '^1', 'tarred-far': '^1' }, dist: dist('tarred', '1.0.0', 60_000) } } },
  'tarred-dep': { name: 'tarred-dep', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'tarred-dep', version: '1.0.0', dist: dist('tarred-dep', '1.0.0', 34_000) } } },
  // Its tarball is on another host name (the same test server, as localhost): not asked.
  'tarred-far': { name: 'tarred-far', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'tarred-far', version: '1.0.0', dist: { ...dist('tarred-far', '1.0.0', 6_800), tarball: `${base.replace('127.0.0.1', 'localhost')}/tarred-far/-/tarred-far-1.0.0.tgz` } } } },
  'broken-dep': { name: 'broken-dep', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'broken-dep', version: '1.0.0', dependencies: { 'times-out': '1' }, dist: dist('broken-dep', '1.0.0', 1000) } } },
});

before(async () => {
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', accept: req.headers.accept, method: req.method });
    const path = decodeURIComponent(new URL(req.url ?? '/', base).pathname);
    if (req.method === 'HEAD' && TARBALL_LENGTHS[path] !== undefined) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': TARBALL_LENGTHS[path] });
      res.end();
      return;
    }
    if (path === '/times-out') return; // never answers
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"name":"huge","pad":"${'x'.repeat(3_000_000)}"}`);
      return;
    }
    if (path === '/moved') {
      res.writeHead(301, { location: '/ghost-cli' });
      res.end();
      return;
    }
    const doc = packuments()[path.slice(1)];
    if (doc) {
      res.writeHead(200, { 'content-type': 'application/vnd.npm.install-v1+json' });
      res.end(JSON.stringify(doc));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"Not found"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const npmUrl = (name: string, range: string, kind: 'npm-installed' | 'npm-tarballs' | 'npm-packuments' = 'npm-installed') => registryQueryUrl({ kind, registry: `${base}/`, name, range });

test('npm: the closure from abbreviated packuments, each package once, platform and optional peers filtered', async () => {
  // proxy '': a proxy in the test machine's environment must not carry requests to 127.0.0.1.
  const lookups = new RegistryLookups({ proxy: '' });
  assert.equal(await lookups.prefetch([npmUrl('ghost-cli', 'latest'), npmUrl('ghost-cli', 'latest', 'npm-tarballs')]), true);
  const installed = lookups.lookup(npmUrl('ghost-cli', 'latest'))!;
  // ghost-cli 1.28.3 + chalk 4.1.2 + ansi-styles 4.3.0 + @scope/util 2.0.5 (no unpackedSize: the average) + yarn + peer-needed;
  // not fsevents (darwin), not the optional peer.
  const known = 1_000_000 + 40_000 + 17_000 + 5_300_000 + 3_000;
  assert.equal(installed.bytes, Math.round(known + known / 5));
  assert.match(installed.source, /ghost-cli@1\.28\.3, 6 packages/);
  assert.match(installed.source, /1 without dist.unpackedSize/);
  const tarballs = lookups.lookup(npmUrl('ghost-cli', 'latest', 'npm-tarballs'))!;
  assert.ok(tarballs.bytes! < installed.bytes!);
  // yarn@1.22.22 (and any other member the bundled table measured) counts its measured tarball, the rest unpacked ÷ 3.4.
  const yarn = measuredNpmMember('yarn', '1.22.22')!;
  assert.ok(yarn.tarballBytes > 0 && yarn.tarballBytes < 5_300_000 / 3.4, 'yarn\'s measured tarball is smaller than the ratio says');
  const members: [string, string, number][] = [['ghost-cli', '1.28.3', 1_000_000], ['chalk', '4.1.2', 40_000], ['ansi-styles', '4.3.0', 17_000], ['@scope/util', '2.0.5', known / 5], ['yarn', '1.22.22', 5_300_000], ['peer-needed', '1.0.0', 3_000]];
  const expected = members.reduce((s, [n, v, unpacked]) => s + (measuredNpmMember(n, v)?.tarballBytes ?? unpacked / 3.4), 0);
  assert.equal(tarballs.bytes, Math.round(expected));
  assert.match(tarballs.source, /\d measured \(scripts\/gen-npm-sizes\.mjs\), \d as unpacked/);
  assert.ok(hits.some((h) => h.url === '/@scope%2futil'), 'scoped names are escaped as npm does');
  assert.ok(hits.filter((h) => !h.url.includes('/-/')).every((h) => !h.url.startsWith('/') || /vnd\.npm\.install-v1\+json/.test(h.accept ?? '')), 'asks for the abbreviated format');
  // Both answers came from one closure: no second round of requests.
  const before = hits.length;
  await lookups.prefetch([npmUrl('ghost-cli', 'latest', 'npm-tarballs')]);
  assert.equal(hits.length, before);
});

/** Bytes of a packument as this test server sends it (JSON.stringify of the document). */
const servedBytes = (name: string) => Buffer.byteLength(JSON.stringify(packuments()[name]));

test('npm: the same look-up answers the closure\'s packuments, each name once, bytes as served and the versions they list', async () => {
  const lookups = new RegistryLookups({ proxy: '' });
  await lookups.prefetch([npmUrl('ghost-cli', 'latest'), npmUrl('ghost-cli', 'latest', 'npm-packuments')]);
  const answer = lookups.lookup(npmUrl('ghost-cli', 'latest', 'npm-packuments'))!;
  // ghost-cli (2 versions), chalk (2), ansi-styles (1, read twice: chalk's and @scope/util's dependency), @scope/util, yarn,
  // peer-needed (1 each); not fsevents (darwin, skipped) nor the optional peer (never read).
  const names = ['ghost-cli', 'chalk', 'ansi-styles', '@scope/util', 'yarn', 'peer-needed'];
  assert.equal(answer.bytes, names.reduce((s, n) => s + servedBytes(n), 0));
  assert.equal(answer.count, 8);
  assert.match(answer.source, /6 documents as served, 8 versions listed/);
  // A range's closure: its own names only.
  await lookups.prefetch([npmUrl('ghost-cli', '~1.27', 'npm-packuments')]);
  const older = lookups.lookup(npmUrl('ghost-cli', '~1.27', 'npm-packuments'))!;
  assert.equal(older.bytes, servedBytes('ghost-cli') + servedBytes('chalk') + servedBytes('ansi-styles'));
  assert.equal(older.count, 5);
  // No closure, no packument size.
  await lookups.prefetch([npmUrl('no-such-package', 'latest', 'npm-packuments')]);
  assert.equal(lookups.lookup(npmUrl('no-such-package', 'latest', 'npm-packuments'))!.bytes, undefined);
});

test('through the model: a looked-up closure\'s npm cache holds its packuments, priced as the table\'s closures', async () => {
  // ghost-cli@1.27.0 is not the table's version: with look-ups on, the local registry's closure replaces it.
  const lookups = new SizeLookups({}, { proxy: '' });
  const text = `FROM node:22-slim\nRUN npm install -g --registry=${base}/ ghost-cli@1.27.0\n`;
  const env = { remoteSize: (u: string) => lookups.lookup(u) };
  const first = analyzeDockerfile(text, { network: true } as never, env);
  // The closure's look-up is asked for once; it answers the installed, tarball and packument queries together.
  assert.ok(first.model.remoteUrls.includes(npmUrl('ghost-cli', '1.27.0')), first.model.remoteUrls.join(' '));
  assert.equal(await lookups.prefetch(first.model.remoteUrls, new FetchBudget()), true);
  const second = analyzeDockerfile(text, { network: true } as never, env);
  const layer = [...second.model.layers.values()].filter((l) => l.makesLayer).pop()!;
  const cache = layer.estimate.parts.find((p) => /^npm cache/.test(p.label))!;
  const tarballs = lookups.lookup(npmUrl('ghost-cli', '1.27.0', 'npm-tarballs'))!.bytes!;
  const packumentBytes = servedBytes('ghost-cli') + servedBytes('chalk') + servedBytes('ansi-styles');
  // 3 packages, 5 versions in their packuments (ghost-cli 2, chalk 2, ansi-styles 1).
  assert.equal(cache.bytes, tarballs + packumentBytes);
  assert.equal(cache.compressedBytes, Math.round(tarballs + packumentBytes * PACKUMENT_GZIP_RATIO + 5 * PUBLIC_REGISTRY_GZ_PER_VERSION + 3 * NPM_CACHE_GZ_PER_PACKAGE));
  // Cleaned in the same RUN: no cache at all, packuments included.
  const cleaned = analyzeDockerfile(text.replace('ghost-cli@1.27.0', 'ghost-cli@1.27.0 && npm cache clean --force'), { network: true } as never, env);
  const cleanedLayer = [...cleaned.model.layers.values()].filter((l) => l.makesLayer).pop()!;
  assert.ok(!cleanedLayer.estimate.parts.some((p) => /^npm cache/.test(p.label) && p.bytes > 0));
});

test('npm: tarballs the table did not measure count their Content-Length (HEAD on the registry\'s host), else unpacked ÷ 3.4', async () => {
  const lookups = new RegistryLookups({ proxy: '' });
  await lookups.prefetch([npmUrl('tarred', 'latest', 'npm-tarballs')]);
  const answer = lookups.lookup(npmUrl('tarred', 'latest', 'npm-tarballs'))!;
  // tarred: its HEAD's 12,345 B; tarred-dep: HEAD 404, so 34,000 ÷ 3.4; tarred-far: on another host, not asked, 6,800 ÷ 3.4.
  assert.equal(answer.bytes, Math.round(12_345 + 34_000 / 3.4 + 6_800 / 3.4));
  assert.match(answer.source, /0 measured \(scripts\/gen-npm-sizes\.mjs\), 2 as unpacked ÷ 3\.4 \(measured median\), 1 by their Content-Length/);
  assert.ok(hits.some((h) => h.method === 'HEAD' && h.url === '/tarred-dep/-/tarred-dep-1.0.0.tgz'));
  assert.ok(!hits.some((h) => h.url.includes('tarred-far-1.0.0.tgz')), 'a tarball on another host is not asked for');
});

test('npm: a range picks the highest matching version; unknown packages and failures say why', async () => {
  const lookups = new RegistryLookups({ timeoutMs: 300, budgetMs: 2000, proxy: '' });
  await lookups.prefetch([npmUrl('ghost-cli', '~1.27'), npmUrl('no-such-package', 'latest'), npmUrl('broken-dep', 'latest')]);
  assert.equal(lookups.lookup(npmUrl('ghost-cli', '~1.27'))!.bytes, 900_000 + 40_000 + 17_000);
  const missing = lookups.lookup(npmUrl('no-such-package', 'latest'))!;
  assert.equal(missing.bytes, undefined);
  assert.match(missing.source, /not found/);
  const broken = lookups.lookup(npmUrl('broken-dep', 'latest'))!;
  assert.equal(broken.bytes, undefined, 'an incomplete closure is no size');
  assert.match(broken.source, /no answer within/);
});

test('SizeLookups routes registry queries to the registries and bumps the shared generation', async () => {
  const lookups = new SizeLookups({}, { proxy: '' });
  const g = lookups.generation;
  assert.equal(await lookups.prefetch([npmUrl('chalk', '^4')]), true);
  assert.ok(lookups.generation > g);
  assert.equal(lookups.lookup(npmUrl('chalk', '^4'))!.bytes, 40_000 + 17_000);
});

test('registry requests go through safeFetch: a same-host redirect is followed, the per-analysis budget ends a closure', async () => {
  const lookups = new RegistryLookups({ proxy: '' });
  await lookups.prefetch([npmUrl('moved', 'latest')]);
  assert.match(lookups.lookup(npmUrl('moved', 'latest'))!.source, /moved@1\.28\.3, 6 packages/, 'the packument /moved redirects to');
  const started = Date.now();
  await lookups.prefetch([npmUrl('times-out', 'latest')], new FetchBudget(300));
  assert.ok(Date.now() - started < 2000);
  assert.match(lookups.lookup(npmUrl('times-out', 'latest'))!.source, /network budget of this analysis is spent/);
});
