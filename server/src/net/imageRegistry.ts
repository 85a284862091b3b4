/**
 * Base-image sizes from the image's registry, for a FROM image the bundled data lacks (network
 * look-ups on only). Speaks the OCI distribution API anonymously: the manifest (an index → the
 * platform's manifest), with Docker Hub's and any registry's bearer-token challenge answered by an
 * anonymous token request; the layers' compressed sizes are summed. No credentials are sent unless
 * configured through DOCKERFILE_SIZE_HINTS_REGISTRY_AUTH (JSON `{"host": "user:password"}`); Docker's
 * credential helpers and ~/.docker/config.json are never read. HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * (or an explicit proxy, e.g. VS Code's http.proxy) are honoured; every request has a time limit and
 * a size cap; answers are cached in memory and on disk with an expiry.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';

export interface RegistryImage {
  /** Sum of the platform manifest's layer sizes (what a pull downloads). */
  compressedBytes: number;
  layers: number[];
  registry: string;
  repository: string;
  reference: string;
  /** The platform manifest's digest, when the registry said it. */
  digest?: string;
  /** ISO time of the look-up. */
  lookedUpAt: string;
}

export type RegistryAnswer = { ok: true; image: RegistryImage } | { ok: false; reason: string; status?: number };

export interface RegistryOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** `http://proxy:3128`; default: HTTPS_PROXY / HTTP_PROXY from the environment, NO_PROXY honoured. */
  proxy?: string;
  env?: NodeJS.ProcessEnv;
  /** Registries to speak plain http to (tests; Docker treats 127.0.0.0/8 the same way). */
  insecure?: (host: string) => boolean;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `python:3.12-slim` → registry-1.docker.io, library/python, 3.12-slim (Docker's reference rules). */
export function parseImageRef(image: string): { registry: string; repository: string; reference: string } | undefined {
  let rest = image.trim();
  if (!rest || /\s|\$/.test(rest)) return undefined;
  let registry = 'registry-1.docker.io';
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  if (first && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first === 'docker.io' || first === 'index.docker.io' ? 'registry-1.docker.io' : first;
    rest = rest.slice(slash + 1);
  }
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(rest)) return undefined;
  const repository = registry === 'registry-1.docker.io' && !rest.includes('/') ? `library/${rest}` : rest;
  return { registry, repository, reference };
}

function noProxy(host: string, env: NodeJS.ProcessEnv): boolean {
  const list = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return list.some((n) => n === '*' || h === n.replace(/^\./, '') || h.endsWith(n.startsWith('.') ? n : `.${n}`));
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

class Http {
  constructor(private readonly opts: RegistryOptions) {}

  private proxyFor(url: URL): URL | undefined {
    const env = this.opts.env ?? process.env;
    const raw = this.opts.proxy ?? (url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy));
    if (!raw || noProxy(url.host, env)) return undefined;
    try {
      return new URL(raw);
    } catch {
      return undefined;
    }
  }

  get(url: URL, headers: Record<string, string>): Promise<Response> {
    const timeoutMs = this.opts.timeoutMs ?? 5000;
    const maxBytes = this.opts.maxBytes ?? 4 * 1024 * 1024;
    return new Promise((resolve, reject) => {
      let done = false;
      const fail = (why: string) => {
        if (!done) {
          done = true;
          clearTimeout(timer);
          reject(new Error(why));
        }
      };
      const onResponse = (res: http.IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            res.destroy();
            fail(`answer from ${url.host} larger than ${Math.round(maxBytes / 1024)} kB`);
          } else chunks.push(c);
        });
        res.on('end', () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', (e) => fail(`request to ${url.host} failed (${e.message})`));
      };
      const base = { headers: { 'user-agent': 'dockerfile-size-hints (base image look-up)', 'accept-encoding': 'identity', ...headers } };
      const proxy = this.proxyFor(url);
      let req: http.ClientRequest;
      if (proxy && url.protocol === 'https:') {
        // HTTPS through an HTTP proxy: CONNECT, then TLS to the registry over the tunnel.
        req = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: `${url.hostname}:${url.port || 443}`, headers: { host: `${url.hostname}:${url.port || 443}` } });
        req.on('connect', (res, socket) => {
          if (res.statusCode !== 200) return fail(`proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode})`);
          const secure = tls.connect({ socket, servername: url.hostname });
          // The port is explicit: with createConnection Node would otherwise send `Host: name:80`.
          const inner = https.request(url, { ...base, port: url.port || 443, createConnection: () => secure }, onResponse);
          inner.on('error', (e) => fail(`request to ${url.host} failed (${e.message})`));
          inner.end();
        });
      } else if (proxy) {
        req = http.request({ host: proxy.hostname, port: proxy.port || 80, path: url.toString(), ...base }, onResponse);
      } else {
        req = (url.protocol === 'https:' ? https : http).request(url, { ...base, agent: false }, onResponse);
      }
      req.on('error', (e: NodeJS.ErrnoException) => fail(`request to ${url.host} failed (${e.code ?? e.message})`));
      const timer = setTimeout(() => {
        fail(`no answer from ${url.host} within ${timeoutMs / 1000} s`);
        req.destroy();
      }, timeoutMs);
      req.end();
    });
  }
}

function parseChallenge(header: string | undefined): { realm: string; service?: string; scope?: string } | undefined {
  if (!header || !/^bearer\s/i.test(header)) return undefined;
  const out: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!.toLowerCase()] = m[2]!;
  return out.realm ? { realm: out.realm, service: out.service, scope: out.scope } : undefined;
}

function credentialsFor(host: string, env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DOCKERFILE_SIZE_HINTS_REGISTRY_AUTH;
  if (!raw) return undefined;
  try {
    const map = JSON.parse(raw) as Record<string, string>;
    return map[host];
  } catch {
    return undefined;
  }
}

/** `linux/arm/v7` → os, architecture, variant as manifests name them. */
function platformParts(platform: string): { os: string; architecture: string; variant?: string } {
  const [o = 'linux', architecture = 'amd64', variant] = platform.split('/');
  return { os: o, architecture, variant: variant ?? (architecture === 'arm64' ? 'v8' : undefined) };
}

/** Looks one image up for one platform. Never throws. */
export async function lookUpImage(image: string, platform: string, opts: RegistryOptions = {}): Promise<RegistryAnswer> {
  const ref = parseImageRef(image);
  if (!ref) return { ok: false, reason: `'${image}' is not an image reference` };
  const env = opts.env ?? process.env;
  const client = new Http(opts);
  const scheme = opts.insecure?.(ref.registry) || /^(localhost|127\.\d+\.\d+\.\d+)(:\d+)?$/.test(ref.registry) ? 'http' : 'https';
  let token: string | undefined;
  const auth = credentialsFor(ref.registry, env);

  const fetchManifest = async (reference: string): Promise<{ ok: true; json: Record<string, unknown>; digest?: string } | { ok: false; reason: string; status?: number }> => {
    // Tags and digests go into the path as they are (the API does not percent-decode `sha256:`).
    if (!/^[\w][\w.+:-]{0,200}$/.test(reference)) return { ok: false, reason: `'${reference}' is not a tag or digest` };
    const url = new URL(`${scheme}://${ref.registry}/v2/${ref.repository}/manifests/${reference}`);
    for (let attempt = 0; attempt < 2; attempt++) {
      let res: Response;
      try {
        res = await client.get(url, { accept: MANIFEST_TYPES, ...(token ? { authorization: `Bearer ${token}` } : {}) });
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
      if (res.status === 401 && !token) {
        const challenge = parseChallenge(String(res.headers['www-authenticate'] ?? ''));
        if (!challenge) return { ok: false, status: 401, reason: `${ref.registry} asks for credentials (none are sent)` };
        let realm: URL;
        try {
          realm = new URL(challenge.realm);
        } catch {
          return { ok: false, reason: `${ref.registry} named an invalid token service` };
        }
        if (realm.protocol !== 'https:' && realm.protocol !== 'http:') return { ok: false, reason: 'token service is not http(s)' };
        if (challenge.service) realm.searchParams.set('service', challenge.service);
        realm.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
        try {
          const t = await client.get(realm, auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {});
          if (t.status !== 200) return { ok: false, status: t.status, reason: `the token service of ${ref.registry} answered HTTP ${t.status}` };
          const body = JSON.parse(t.body.toString('utf8')) as { token?: string; access_token?: string };
          token = body.token ?? body.access_token;
          if (!token) return { ok: false, reason: `the token service of ${ref.registry} gave no token` };
        } catch (e) {
          return { ok: false, reason: (e as Error).message };
        }
        continue;
      }
      if (res.status === 404) return { ok: false, status: 404, reason: `${ref.registry} has no ${ref.repository}:${reference}` };
      if (res.status !== 200) return { ok: false, status: res.status, reason: `${ref.registry} answered HTTP ${res.status}` };
      try {
        const json = JSON.parse(res.body.toString('utf8')) as Record<string, unknown>;
        if (!json || typeof json !== 'object') throw new Error('not an object');
        return { ok: true, json, digest: typeof res.headers['docker-content-digest'] === 'string' ? res.headers['docker-content-digest'] : undefined };
      } catch {
        return { ok: false, reason: `${ref.registry} sent a manifest that is not JSON` };
      }
    }
    return { ok: false, reason: `${ref.registry} refused the anonymous token` };
  };

  const first = await fetchManifest(ref.reference);
  if (!first.ok) return first;
  let manifest = first.json;
  let digest = first.digest;
  if (Array.isArray(manifest.manifests)) {
    const want = platformParts(platform);
    const entries = manifest.manifests as { digest?: string; platform?: { os?: string; architecture?: string; variant?: string } }[];
    const match =
      entries.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture && (m.platform?.variant ?? undefined) === want.variant) ??
      entries.find((m) => m.platform?.os === want.os && m.platform?.architecture === want.architecture && !want.variant);
    if (!match?.digest) return { ok: false, reason: `${image} has no manifest for ${platform} (it has ${entries.map((m) => [m.platform?.os, m.platform?.architecture, m.platform?.variant].filter(Boolean).join('/')).filter(Boolean).join(', ') || 'none'})` };
    const second = await fetchManifest(match.digest);
    if (!second.ok) return second;
    manifest = second.json;
    digest = match.digest;
  }
  const layers = manifest.layers;
  if (!Array.isArray(layers) || !layers.every((l) => l && typeof (l as { size?: unknown }).size === 'number' && (l as { size: number }).size >= 0)) {
    return { ok: false, reason: `the manifest of ${image} lists no layer sizes` };
  }
  const sizes = (layers as { size: number }[]).map((l) => l.size);
  return {
    ok: true,
    image: { compressedBytes: sizes.reduce((a, b) => a + b, 0), layers: sizes, registry: ref.registry, repository: ref.repository, reference: ref.reference, digest, lookedUpAt: new Date().toISOString() },
  };
}

/** Look-ups cached in memory and on disk (per image and platform), with an expiry. */
export class RegistryImageCache {
  private readonly memory = new Map<string, { at: number; answer: RegistryAnswer }>();
  private readonly dir?: string;

  constructor(
    private readonly opts: RegistryOptions & { ttlMs?: number; cacheDir?: string | false } = {},
  ) {
    if (opts.cacheDir !== false) this.dir = opts.cacheDir ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dockerfile-size-hints', 'registry');
  }

  private key(image: string, platform: string): string {
    return `${image}|${platform}`;
  }

  private file(key: string): string | undefined {
    return this.dir ? path.join(this.dir, `${Buffer.from(key).toString('base64url')}.json`) : undefined;
  }

  /** The cached answer (synchronous: the model asks while it builds), or undefined. */
  get(image: string, platform: string): RegistryAnswer | undefined {
    const key = this.key(image, platform);
    const ttl = this.opts.ttlMs ?? 24 * 3_600_000;
    const hit = this.memory.get(key);
    if (hit && Date.now() - hit.at < ttl) return hit.answer;
    const file = this.file(key);
    if (!file) return undefined;
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { at: number; answer: RegistryAnswer };
      if (Date.now() - saved.at < ttl && saved.answer?.ok) {
        this.memory.set(key, saved);
        return saved.answer;
      }
    } catch {
      // not cached
    }
    return undefined;
  }

  async fetch(image: string, platform: string): Promise<RegistryAnswer> {
    const cached = this.get(image, platform);
    if (cached) return cached;
    const answer = await lookUpImage(image, platform, this.opts);
    const entry = { at: Date.now(), answer };
    this.memory.set(this.key(image, platform), entry);
    const file = this.file(this.key(image, platform));
    // Only successes are kept on disk: a refusal or a time-out is asked again next time.
    if (file && answer.ok) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(entry));
        fs.renameSync(`${file}.tmp`, file);
      } catch {
        // an unwritable cache only costs a look-up next time
      }
    }
    return answer;
  }
}
