/**
 * Registry look-ups over HTTPS through an HTTP CONNECT proxy, for the three public registries'
 * own token-challenge shapes (Docker Hub with its token service on another host, GHCR, Quay).
 * A local HTTPS server plays ghcr.io, quay.io, registry-1.docker.io and auth.docker.io with a
 * self-signed certificate for those names; a local CONNECT proxy tunnels every host:443 to it, so
 * the names never resolve here and every byte provably goes through the proxy. The look-up runs in
 * a child process whose only trust in that certificate is NODE_EXTRA_CA_CERTS, as a user behind a
 * TLS-inspecting proxy would set it; HTTPS_PROXY comes from its environment.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { tempDir } from '../testing/tempDirs';

const HOSTS = ['ghcr.io', 'quay.io', 'registry-1.docker.io', 'auth.docker.io'];
let dir: string;
let registry: https.Server;
let proxy: http.Server;
let proxyUrl: string;
const seen: string[] = []; // "host method path auth"
const tunnels: string[] = [];
let refuseTunnels = false;
/** The proxy's client sockets: a tunnel is no longer the HTTP server's, so close() would wait for it forever. */
const proxySockets = new Set<net.Socket>();

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const manifest = (mediaType: string, sizes: number[]) => ({ schemaVersion: 2, mediaType, config: { size: 900, digest: 'sha256:cfg' }, layers: sizes.map((size, i) => ({ size, digest: `sha256:l${i}`, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' })) });

/** What each registry answers, shaped like the real ones (challenge header, token answer, media types). */
function answer(host: string, url: URL, auth: string | undefined, res: http.ServerResponse): void {
  const json = (status: number, body: unknown, type = 'application/json', extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, ...extra }).end(JSON.stringify(body));
  };
  // Token services: anonymous GETs with scope (and service) as query parameters.
  if (host === 'ghcr.io' && url.pathname === '/token') return json(200, { token: `ghcr:${url.searchParams.get('scope')}` });
  if (host === 'quay.io' && url.pathname === '/v2/auth') return json(200, { token: `quay:${url.searchParams.get('service')}:${url.searchParams.get('scope')}` });
  if (host === 'auth.docker.io' && url.pathname === '/token') return json(200, { token: `hub:${url.searchParams.get('service')}:${url.searchParams.get('scope')}`, access_token: 'same', expires_in: 300 });
  const m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname);
  if (!m) return json(404, { errors: [{ code: 'NOT_FOUND' }] });
  const [, repo, ref] = m;
  const challenge: Record<string, string> = {
    'ghcr.io': `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:${repo}:pull"`,
    'quay.io': 'Bearer realm="https://quay.io/v2/auth",service="quay.io"',
    'registry-1.docker.io': `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:${repo}:pull"`,
  };
  const want: Record<string, string> = {
    'ghcr.io': `Bearer ghcr:repository:${repo}:pull`,
    'quay.io': `Bearer quay:quay.io:repository:${repo}:pull`,
    'registry-1.docker.io': `Bearer hub:registry.docker.io:repository:${repo}:pull`,
  };
  if (auth !== want[host]) return json(401, { errors: [{ code: 'UNAUTHORIZED' }] }, 'application/json', { 'www-authenticate': challenge[host]! });
  if (host === 'ghcr.io' && repo === 'org/app' && ref === '1.0') {
    // GHCR images pushed by BuildKit: an OCI index whose attestation manifests have platform unknown/unknown.
    return json(200, {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { mediaType: OCI_MANIFEST, digest: 'sha256:ghcramd', size: 700, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: OCI_MANIFEST, digest: 'sha256:ghcratt', size: 560, platform: { architecture: 'unknown', os: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      ],
    }, OCI_INDEX, { 'docker-content-digest': 'sha256:ghcrindex' });
  }
  if (host === 'ghcr.io' && ref === 'sha256:ghcramd') return json(200, manifest(OCI_MANIFEST, [3_100_000, 40_000]), OCI_MANIFEST);
  if (host === 'quay.io' && repo === 'prometheus/node-exporter' && ref === 'v1.8.0') {
    return json(200, { schemaVersion: 2, mediaType: DOCKER_LIST, manifests: [{ mediaType: DOCKER_MANIFEST, digest: 'sha256:quayarm', size: 1000, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } }] }, DOCKER_LIST);
  }
  if (host === 'quay.io' && ref === 'sha256:quayarm') return json(200, manifest(DOCKER_MANIFEST, [11_000_000, 1_500_000]), DOCKER_MANIFEST);
  if (host === 'registry-1.docker.io' && repo === 'library/python' && ref === '3.12-slim') return json(200, manifest(DOCKER_MANIFEST, [28_000_000, 3_500_000, 12_000_000]), DOCKER_MANIFEST);
  return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN' }] });
}

before(async () => {
  dir = tempDir('dsh-proxy-');
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=dsh test registries', '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`], { stdio: 'ignore' });
  registry = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const host = String(req.headers.host ?? '').replace(/:443$/, '');
    seen.push(`${host} ${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    answer(host, new URL(req.url ?? '/', `https://${host}`), req.headers.authorization, res);
  });
  await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
  const registryPort = (registry.address() as AddressInfo).port;
  proxy = http.createServer((_req, res) => res.writeHead(405).end()); // plain requests are not expected: HTTPS only tunnels
  proxy.on('connection', (socket: net.Socket) => {
    proxySockets.add(socket);
    socket.on('close', () => proxySockets.delete(socket));
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    if (refuseTunnels) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    const [host, port] = (req.url ?? '').split(':');
    if (!HOSTS.includes(host!) || port !== '443') return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    const up = net.connect(registryPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  fs.writeFileSync(path.join(dir, 'ca.pem'), fs.readFileSync(cert));
});

after(async () => {
  await new Promise((r) => registry?.close(r));
  for (const socket of proxySockets) socket.destroy();
  await new Promise((r) => proxy?.close(r));
});

/** lookUpImage in a fresh Node process with only the given environment's proxy and CA settings. */
async function lookUpInChild(image: string, platform: string, env: Record<string, string>): Promise<{ ok: boolean; image?: { compressedBytes: number; layers: number[]; digest?: string }; reason?: string }> {
  const module = path.join(__dirname, 'imageRegistry.ts');
  const script = `const m = await import(${JSON.stringify(module)}); const lookUpImage = m.lookUpImage ?? m.default.lookUpImage; process.stdout.write(JSON.stringify(await lookUpImage(${JSON.stringify(image)}, ${JSON.stringify(platform)})));`;
  // Async spawn: the servers answering the child live in this process's event loop.
  return await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`child exited ${code}: ${err}${out}`));
      }
    });
  });
}

test('GHCR, Quay and Docker Hub through an HTTPS CONNECT proxy: their own token challenges, sizes summed', async () => {
  const env = { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') };
  const ghcr = await lookUpInChild('ghcr.io/org/app:1.0', 'linux/amd64', env);
  assert.ok(ghcr.ok, JSON.stringify(ghcr) + seen.join('\n'));
  assert.deepEqual([ghcr.image!.compressedBytes, ghcr.image!.digest], [3_140_000, 'sha256:ghcramd']);
  const quay = await lookUpInChild('quay.io/prometheus/node-exporter:v1.8.0', 'linux/arm64', env);
  assert.ok(quay.ok, JSON.stringify(quay));
  assert.equal(quay.image!.compressedBytes, 12_500_000);
  const hub = await lookUpInChild('python:3.12-slim', 'linux/amd64', env);
  assert.ok(hub.ok, JSON.stringify(hub));
  assert.deepEqual(hub.image!.layers, [28_000_000, 3_500_000, 12_000_000]);

  // Every request went through a tunnel to the name the reference gave (nothing resolved here);
  // Docker Hub's token came from auth.docker.io, its separate token service.
  assert.deepEqual([...new Set(tunnels)].sort(), ['auth.docker.io:443', 'ghcr.io:443', 'quay.io:443', 'registry-1.docker.io:443']);
  assert.ok(seen.includes('auth.docker.io GET /token?service=registry.docker.io&scope=repository%3Alibrary%2Fpython%3Apull -'), seen.join('\n'));
  // Quay's challenge names no scope: the pull scope for the repository is asked for.
  assert.ok(seen.some((s) => s.startsWith('quay.io GET /v2/auth?service=quay.io&scope=repository%3Aprometheus%2Fnode-exporter%3Apull -')), seen.join('\n'));
  // The first request to each registry is anonymous; the attestation manifest is never fetched.
  for (const h of ['ghcr.io', 'quay.io', 'registry-1.docker.io']) assert.ok(seen.find((s) => s.startsWith(`${h} GET /v2/`))!.endsWith(' -'), h);
  assert.ok(!seen.some((s) => s.includes('ghcratt')));
});

test('through the proxy: an untrusted certificate and a refused tunnel are reasons, never numbers', async () => {
  const untrusted = await lookUpInChild('ghcr.io/org/app:1.0', 'linux/amd64', { HTTPS_PROXY: proxyUrl });
  assert.ok(!untrusted.ok && /request to ghcr\.io failed/.test(untrusted.reason ?? ''), JSON.stringify(untrusted));
  refuseTunnels = true;
  try {
    const refused = await lookUpInChild('quay.io/prometheus/node-exporter:v1.8.0', 'linux/arm64', { HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') });
    assert.ok(!refused.ok && /proxy 127\.0\.0\.1:\d+ refused the tunnel \(HTTP 407\)/.test(refused.reason ?? ''), JSON.stringify(refused));
  } finally {
    refuseTunnels = false;
  }
  // Without a proxy the names do not resolve here: a reason again (and the proxy saw nothing new).
  const before = tunnels.length;
  const direct = await lookUpInChild('ghcr.io/org/app:1.0', 'linux/amd64', { NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem'), NO_PROXY: '*' });
  assert.ok(!direct.ok, JSON.stringify(direct));
  assert.equal(tunnels.length, before);
});
