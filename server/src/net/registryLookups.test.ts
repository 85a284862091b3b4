/** Registry look-ups against a local HTTP server serving the npm registry's and PyPI's JSON formats (127.0.0.1 only). */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { registryQueryUrl } from '../core/model/registryQueries';
import { RegistryLookups, SizeLookups } from './registryLookups';
import { measuredNpmMember } from '../core/data/npmSizes';

let server: http.Server;
let base = '';
const hits: { url: string; accept?: string }[] = [];

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
  'broken-dep': { name: 'broken-dep', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'broken-dep', version: '1.0.0', dependencies: { 'times-out': '1' }, dist: dist('broken-dep', '1.0.0', 1000) } } },
});

before(async () => {
  server = http.createServer((req, res) => {
    hits.push({ url: req.url ?? '', accept: req.headers.accept });
    const path = decodeURIComponent(new URL(req.url ?? '/', base).pathname);
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

const npmUrl = (name: string, range: string, kind: 'npm-installed' | 'npm-tarballs' = 'npm-installed') => registryQueryUrl({ kind, registry: `${base}/`, name, range });

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
  assert.ok(hits.every((h) => !h.url.startsWith('/') || /vnd\.npm\.install-v1\+json/.test(h.accept ?? '')), 'asks for the abbreviated format');
  // Both answers came from one closure: no second round of requests.
  const before = hits.length;
  await lookups.prefetch([npmUrl('ghost-cli', 'latest', 'npm-tarballs')]);
  assert.equal(hits.length, before);
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
  const { FetchBudget } = await import('./safeFetch');
  const started = Date.now();
  await lookups.prefetch([npmUrl('times-out', 'latest')], new FetchBudget(300));
  assert.ok(Date.now() - started < 2000);
  assert.match(lookups.lookup(npmUrl('times-out', 'latest'))!.source, /network budget of this analysis is spent/);
});
