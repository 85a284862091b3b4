/**
 * PyPI look-ups against a local server answering in PyPI's JSON API format (testdata/pypi-json.json:
 * real responses' structure, trimmed; file names and sizes as PyPI lists them, see testdata/README.md).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeDockerfile } from '../core/analyze';
import { PYPI_JSON, registryQueryUrl } from '../core/model/registryQueries';
import { PYPI_INSTALLED_PER_WHEEL_BYTE, RegistryLookups, SizeLookups } from './registryLookups';
import { FetchBudget } from './safeFetch';

const DOCS = JSON.parse(fs.readFileSync(path.join(__dirname, 'testdata', 'pypi-json.json'), 'utf8')) as Record<string, { info: { version: string } }>;
/** name → newest version in the fixture (what /pypi/<name>/json answers). */
const LATEST: Record<string, string> = { requests: '2.32.3', 'charset-normalizer': '3.3.2', idna: '3.6', urllib3: '2.2.1', pysocks: '1.7.1' };

let server: http.Server;
let base = '';
const hits: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const m = /^\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(req.url ?? '');
    // PyPI answers a non-normalized name by redirecting to the normalized one (same host).
    if (m && m[1] !== m[1].toLowerCase().replace(/[-_.]+/g, '-')) return res.writeHead(301, { location: `/pypi/${m[1].toLowerCase().replace(/[-_.]+/g, '-')}/${m[2] ? `${m[2]}/` : ''}json` }).end();
    const doc = m && DOCS[`${m[1]}/${m[2] ?? LATEST[m[1]]}`];
    if (!doc) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"message": "Not Found"}');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pypi/`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const url = (kind: 'pypi-wheel' | 'pypi-installed', name: string, version: string, python: string, platform: string) => registryQueryUrl({ kind, base: PYPI_JSON, name, version, python, platform });
const { pure, platform: native } = PYPI_INSTALLED_PER_WHEEL_BYTE;

test('the wheels pip would pick for the Python and platform, with Requires-Dist at their latest versions; installed = wheel × ratio', async () => {
  const table: [python: string, platform: string, charsetWheel: number][] = [
    ['cp312', 'manylinux_x86_64', 141869],
    ['cp311', 'manylinux_x86_64', 140273],
    ['cp311', 'musllinux_x86_64', 140859],
    ['cp312', 'musllinux_aarch64', 138275],
    ['cp313', 'manylinux_x86_64', 48543], // no cp313 wheel of charset-normalizer 3.3.2: its py3-none-any
  ];
  for (const [python, platform, charset] of table) {
    const lookups = new RegistryLookups({ pypiBase: base, proxy: '' });
    await lookups.prefetch([url('pypi-installed', 'requests', '', python, platform), url('pypi-wheel', 'requests', '', python, platform)]);
    const wheels = lookups.lookup(url('pypi-wheel', 'requests', '', python, platform))!;
    const installed = lookups.lookup(url('pypi-installed', 'requests', '', python, platform))!;
    const pureBytes = 64928 + 61567 + 121067; // requests, idna, urllib3 (py3-none-any)
    const charsetPure = charset === 48543;
    assert.equal(wheels.bytes, pureBytes + charset, `${python} ${platform}`);
    const r = charsetPure ? pure : native;
    assert.equal(installed.bytes, Math.round(pureBytes * pure.ratio + charset * r.ratio));
    assert.equal(installed.low, Math.round(pureBytes * pure.low + charset * r.low));
    assert.equal(installed.high, Math.round(pureBytes * pure.high + charset * r.high));
    assert.match(installed.source, /requests 2\.32\.3 \(requests-2\.32\.3-py3-none-any\.whl\) and 3 dependencies at their latest versions/);
    assert.match(installed.source, /no wheel for certifi \(not counted\)/, 'certifi is not on this server');
  }
});

test('a pinned version asks /pypi/<name>/<version>/json; py3-none-any is the fallback; failures say why', async () => {
  hits.length = 0;
  const lookups = new RegistryLookups({ pypiBase: base, proxy: '' });
  const pinned = url('pypi-installed', 'requests', '2.9.1', 'cp311', 'manylinux_x86_64');
  await lookups.prefetch([pinned, url('pypi-installed', 'PySocks', '', 'cp311', 'manylinux_x86_64'), url('pypi-installed', 'no-such-project', '', 'cp311', 'manylinux_x86_64')]);
  assert.ok(hits.includes('/pypi/requests/2.9.1/json'));
  assert.equal(lookups.lookup(pinned)!.bytes, Math.round(501205 * pure.ratio), 'requests 2.9.1: its py2.py3 wheel, no Requires-Dist');
  assert.equal(lookups.lookup(url('pypi-installed', 'PySocks', '', 'cp311', 'manylinux_x86_64'))!.bytes, Math.round(16725 * pure.ratio), 'py3 wheel over py27, after the redirect to the normalized name');
  const missing = lookups.lookup(url('pypi-installed', 'no-such-project', '', 'cp311', 'manylinux_x86_64'))!;
  assert.equal(missing.bytes, undefined);
  assert.match(missing.source, /no-such-project not found on 127\.0\.0\.1/);
  // No cp310 s390x wheel in this (trimmed) list: pip falls back to the py3-none-any one.
  const fallback = new RegistryLookups({ pypiBase: base, proxy: '' });
  const s390x = url('pypi-installed', 'charset-normalizer', '', 'cp310', 'manylinux_s390x');
  await fallback.prefetch([s390x]);
  assert.equal(fallback.lookup(s390x)!.bytes, Math.round(48543 * pure.ratio));
  assert.match(fallback.lookup(s390x)!.source, /charset_normalizer-3\.3\.2-py3-none-any\.whl/);
  // The analysis' budget: a server that never answers ends within it.
  const silent = http.createServer(() => undefined);
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const slow = new RegistryLookups({ pypiBase: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/pypi/`, proxy: '' });
    const started = Date.now();
    await slow.prefetch([url('pypi-installed', 'requests', '', 'cp311', 'manylinux_x86_64')], new FetchBudget(300));
    assert.ok(Date.now() - started < 2000);
    assert.match(slow.lookup(url('pypi-installed', 'requests', '', 'cp311', 'manylinux_x86_64'))!.source, /network budget of this analysis is spent/);
  } finally {
    silent.closeAllConnections();
    silent.close();
  }
});

test('through the model: a package the table lacks is sized from PyPI for the stage (network on only), the rest stays unknown with its reason', async () => {
  const lookups = new SizeLookups({}, { pypiBase: base, proxy: '', apk: { cacheDir: false } });
  const text = 'FROM python:3.11-alpine\nRUN pip install --no-cache-dir PySocks==1.7.1 no-such-project\n';
  const env = () => ({ remoteSize: (u: string) => lookups.lookup(u), apkIndex: (r: string, p: string) => lookups.apkIndex(r, p) });
  const first = analyzeDockerfile(text, { network: true } as never, env());
  const asked = first.model.remoteUrls.filter((u) => u.includes('pypi'));
  assert.deepEqual(asked, [
    url('pypi-installed', 'pysocks', '1.7.1', 'cp311', 'musllinux_x86_64'),
    url('pypi-installed', 'no-such-project', '', 'cp311', 'musllinux_x86_64'),
  ]);
  await lookups.prefetch(first.model.remoteUrls, new FetchBudget());
  const second = analyzeDockerfile(text, { network: true } as never, env());
  const layer = [...second.model.layers.values()].find((l) => l.makesLayer)!;
  const socks = layer.estimate.parts.find((p) => p.label.startsWith('pip: pysocks'))!;
  assert.equal(socks.bytes, Math.round(16725 * pure.ratio));
  assert.equal(socks.confidence, 'low');
  assert.equal(socks.compressedBytes, 16725, 'pulled ≈ the wheel (deflate zips of the same files)');
  assert.match(socks.source, /unpacked wheels of pysocks 1\.7\.1 \(PySocks-1\.7\.1-py3-none-any\.whl\), no dependencies.*cp311, musllinux_x86_64/);
  const absent = layer.estimate.parts.find((p) => p.label === 'pip: no-such-project')!;
  assert.equal(absent.unknown, true);
  assert.match(absent.source, /PyPI: no-such-project not found/);
  // Off: nothing asked, the reason says so.
  const off = analyzeDockerfile(text, { network: false } as never, {});
  const offPart = [...off.model.layers.values()].find((l) => l.makesLayer)!.estimate.parts.find((p) => p.label === 'pip: pysocks')!;
  assert.match(offPart.source, /PyPI not asked \(network look-ups are off\)/);
  assert.deepEqual(off.model.remoteUrls, []);
});
