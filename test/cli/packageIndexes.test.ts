/**
 * `--network` with the package indexes: the Alpine index (main + community) and PyPI's JSON API served
 * by a local HTTP server in their real formats (server/src/net/testdata), named through the
 * environment variables a user would set for a mirror. Without `--network` nothing is asked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { apkIndexTarGz, COMMUNITY, curl316FileBytes, MAIN } from '../../server/src/net/apkIndex.fixture';
import { PYPI_INSTALLED_PER_WHEEL_BYTE } from '../../server/src/net/registryLookups';
import { cliAsync, tmpDir } from './helpers';

const PYPI = JSON.parse(fs.readFileSync(path.join(__dirname, '../../server/src/net/testdata/pypi-json.json'), 'utf8')) as Record<string, unknown>;
let server: http.Server;
let base = '';
const requests: string[] = [];

before(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const gz = url === '/alpine/v3.16/main/x86_64/APKINDEX.tar.gz' ? apkIndexTarGz(MAIN, 'v3.16.3-13-g4d933a1fa3') : url === '/alpine/v3.16/community/x86_64/APKINDEX.tar.gz' ? apkIndexTarGz(COMMUNITY, 'v3.16.3-13-g4d933a1fa3') : undefined;
    if (gz) return res.writeHead(200, { 'content-length': String(gz.length) }).end(gz);
    const m = /^\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(url);
    const doc = m && PYPI[`${m[1]}/${m[2] ?? '1.7.1'}`];
    if (doc) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

type Part = { label: string; bytes: number };
type Report = { files: { stages: { layers: { instruction: string; parts: Part[] }[] }[] }[] };

test('--network: apk from the release index, pip -r requirements.txt from PyPI, through the mirrors the environment names', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.11-alpine3.16\nRUN apk add --no-cache curl\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n');
  fs.writeFileSync(path.join(dir, 'requirements.txt'), '# sockets\nPySocks==1.7.1\n');
  const env = { DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR: `${base}/alpine/`, DOCKERFILE_SIZE_HINTS_PYPI_URL: `${base}/pypi/`, XDG_CACHE_HOME: path.join(dir, '.cache'), HTTPS_PROXY: undefined, HTTP_PROXY: undefined };
  requests.length = 0;
  const r = await cliAsync(['--network', '--format', 'json', 'Dockerfile'], { cwd: dir, env });
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
  const parts = (JSON.parse(r.stdout) as Report).files[0].stages[0].layers.flatMap((l) => l.parts);
  // The live index's sizes (apk-tools 2 I: scaled to file bytes), not the bundled reports'.
  const live = curl316FileBytes();
  assert.equal(parts.find((p) => p.label.startsWith('apk: curl'))!.bytes, live);
  const pip = parts.find((p) => p.label.startsWith('pip: pysocks'))!;
  assert.equal(pip.label, 'pip: pysocks (PyPI, with dependencies)');
  assert.equal(pip.bytes, Math.round(16725 * PYPI_INSTALLED_PER_WHEEL_BYTE.pure.ratio));
  assert.deepEqual(requests.sort(), ['/alpine/v3.16/community/x86_64/APKINDEX.tar.gz', '/alpine/v3.16/main/x86_64/APKINDEX.tar.gz', '/pypi/pysocks/1.7.1/json']);

  requests.length = 0;
  const off = await cliAsync(['--format', 'json', 'Dockerfile'], { cwd: dir, env });
  const offParts = (JSON.parse(off.stdout) as Report).files[0].stages[0].layers.flatMap((l) => l.parts);
  assert.notEqual(offParts.find((p) => p.label.startsWith('apk: curl'))!.bytes, live);
  assert.equal(offParts.find((p) => p.label === 'pip: pysocks')!.bytes, 0);
  assert.deepEqual(requests, []);
});
