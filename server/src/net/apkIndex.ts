/**
 * The real APKINDEX of an Alpine release (network look-ups on): `APKINDEX.tar.gz` of the `main` and
 * `community` repositories for the stage's architecture, read from an Alpine mirror
 * (https://dl-cdn.alpinelinux.org/alpine/ unless DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR names another).
 *
 * The file is what `apk update` downloads: gzip members concatenated (the signature's, then the
 * index's), together one tar holding `.SIGN.RSA.*`, `DESCRIPTION` and `APKINDEX`. APKINDEX is
 * blank-line-separated records of `X:value` lines; we read `P:` name, `V:` version, `I:` installed
 * bytes, `D:` depends (`!name` conflicts dropped), `p:` provides and `k:` provider priority. The
 * signature is not checked: the index only prices packages, nothing is installed from it.
 *
 * Every request goes through safeFetch (http(s) only, 5 s per request, the analysis' budget,
 * same-host redirects, the download capped at 16 MB and the unpacked tar at 64 MB, the
 * environment's proxy). Parsed indexes are kept in memory and on disk
 * (~/.cache/dockerfile-size-hints/apkindex, 24 h); a failure is kept in memory for 10 minutes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { ApkIndexData } from '../core/data/apkDb';
import { ALPINE_MIRROR } from '../core/model/registryQueries';
import { FetchBudget, safeFetch } from './safeFetch';

export { ALPINE_MIRROR, alpineArch } from '../core/model/registryQueries';
export const APK_REPOSITORIES = ['main', 'community'] as const;

/** Compressed index at most (community x86_64 is ≈ 1.5 MB in 2026). */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;
/** Unpacked tar at most (a gzip bomb stops here). */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** '3.20' → 'v3.20'; 'edge' stays. Anything else is not a release we ask for. */
export function releaseDir(release: string): string | undefined {
  if (release === 'edge') return 'edge';
  return /^3\.\d{1,3}$/.test(release) ? `v${release}` : undefined;
}

export function apkIndexUrl(mirror: string, release: string, repository: string, arch: string): string | undefined {
  const dir = releaseDir(release);
  return dir ? `${mirror.endsWith('/') ? mirror : `${mirror}/`}${dir}/${repository}/${arch}/APKINDEX.tar.gz` : undefined;
}

/** The files of an APKINDEX.tar.gz (all gzip members, one tar); throws on a damaged or oversized archive. */
export function readApkIndexArchive(gz: Buffer, maxUnpacked = MAX_UNPACKED_BYTES): { description?: string; index: string } {
  const tar = zlib.gunzipSync(gz, { maxOutputLength: maxUnpacked });
  let description: string | undefined;
  let index: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = cString(header.subarray(0, 100));
    const size = parseInt(cString(header.subarray(124, 136)).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0 || at + 512 + size > tar.length) throw new Error('damaged tar in APKINDEX.tar.gz');
    const body = tar.subarray(at + 512, at + 512 + size);
    if (name === 'APKINDEX') index = body.toString('utf8');
    else if (name === 'DESCRIPTION') description = body.toString('utf8').trim();
    at += 512 + Math.ceil(size / 512) * 512;
  }
  if (index === undefined) throw new Error('no APKINDEX file in APKINDEX.tar.gz');
  return { description, index };
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

/** `so:libc.musl-x86_64.so.1=1` → `so:libc.musl.so.1` (the same token for every arch, as ../core/data/apkDb.ts asks). */
export function normalizeApkToken(token: string): string {
  return token.replace(/[=<>~].*$/, '').replace(/^so:libc\.musl-[a-z0-9_]+\.so\.1$/, 'so:libc.musl.so.1');
}

/**
 * Parses APKINDEX text into the graph the resolver reads. A provided name goes to the provider apk
 * would pick: a real package of that name, else the highest `k:` priority, else the `-default`
 * flavour, else the first in the index.
 */
export function parseApkIndex(text: string, into: ApkIndexData = { packages: {}, provides: {} }): ApkIndexData {
  const priority = new Map<string, number>();
  for (const record of text.split(/\n\s*\n/)) {
    let name = '';
    let installed = NaN;
    let depends: string[] = [];
    let provides: string[] = [];
    let k = 0;
    for (const line of record.split('\n')) {
      if (line.length < 2 || line[1] !== ':') continue;
      const value = line.slice(2).trim();
      switch (line[0]) {
        case 'P':
          name = value;
          break;
        case 'I':
          installed = Number(value);
          break;
        case 'D':
          depends = value.split(/\s+/).filter((t) => t && !t.startsWith('!'));
          break;
        case 'p':
          provides = value.split(/\s+/).filter(Boolean);
          break;
        case 'k':
          k = Number(value) || 0;
          break;
      }
    }
    if (!name || !Number.isFinite(installed) || installed < 0) continue;
    // The first repository listed (main) wins a name both have, as in /etc/apk/repositories order.
    if (into.packages[name]) continue;
    into.packages[name] = [installed, [...new Set(depends.map(normalizeApkToken))]];
    for (const p of provides) {
      const token = normalizeApkToken(p);
      const current = into.provides[token];
      const better = current === undefined || (priority.get(token) ?? 0) < k || (!(priority.get(token)! > k) && name === `${token}-default` && current !== `${token}-default`);
      if (better) {
        into.provides[token] = name;
        priority.set(token, k);
      }
    }
  }
  return into;
}

export interface ApkIndexAnswer {
  /** The merged graph (main first, then community), or undefined when no repository answered. */
  data?: ApkIndexData;
  /** What was read or why not, for the hover: 'APKINDEX v3.20 main (v3.20.3-…) + community, x86_64: 5,123 packages'. */
  source: string;
  /** A repository failed for a passing reason (budget, time-out): ask again next time. */
  transient?: boolean;
}

export interface ApkIndexOptions {
  /** Default ALPINE_MIRROR, or DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR from `env`. */
  mirror?: string;
  /** On-disk cache folder; false for none. */
  cacheDir?: string | false;
  ttlMs?: number;
  /** Proxy for safeFetch: 'env' (default) reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  proxy?: string;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  timeoutMs?: number;
}

const DAY = 24 * 3_600_000;
const FAILURE_TTL = 10 * 60_000;

/** Parsed indexes per release and architecture, in memory and on disk. */
export class ApkIndexCache {
  private readonly memory = new Map<string, { at: number; answer: ApkIndexAnswer }>();
  private readonly inFlight = new Map<string, Promise<ApkIndexAnswer>>();
  private readonly dir?: string;
  private readonly env: NodeJS.ProcessEnv;
  readonly mirror: string;

  constructor(private readonly opts: ApkIndexOptions = {}) {
    this.env = opts.env ?? process.env;
    this.mirror = opts.mirror ?? this.env.DOCKERFILE_SIZE_HINTS_ALPINE_MIRROR ?? ALPINE_MIRROR;
    if (opts.cacheDir !== false) this.dir = opts.cacheDir ?? path.join(this.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dockerfile-size-hints', 'apkindex');
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private key(release: string, arch: string): string {
    return `${this.mirror}|${release}|${arch}`;
  }

  private file(release: string, arch: string): string | undefined {
    return this.dir ? path.join(this.dir, `${Buffer.from(this.key(release, arch)).toString('base64url')}.json`) : undefined;
  }

  /** The cached answer (synchronous: the model asks while it builds), or undefined when never fetched or expired. */
  get(release: string, arch: string): ApkIndexAnswer | undefined {
    const key = this.key(release, arch);
    const ttl = this.opts.ttlMs ?? DAY;
    const hit = this.memory.get(key);
    if (hit && this.now() - hit.at < (hit.answer.data ? ttl : Math.min(ttl, FAILURE_TTL))) return hit.answer;
    const file = this.file(release, arch);
    if (!file) return undefined;
    try {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { at: number; answer: ApkIndexAnswer };
      if (saved.answer?.data && this.now() - saved.at < ttl) {
        this.memory.set(key, saved);
        return saved.answer;
      }
    } catch {
      // not cached
    }
    return undefined;
  }

  /** Fetches (once at a time per release and arch) unless cached. Never throws. */
  fetch(release: string, arch: string, budget: FetchBudget = new FetchBudget()): Promise<ApkIndexAnswer> {
    const cached = this.get(release, arch);
    if (cached) return Promise.resolve(cached);
    const key = this.key(release, arch);
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.download(release, arch, budget)
        .catch((e: Error) => ({ source: `APKINDEX look-up failed (${e.message})`, transient: true }) as ApkIndexAnswer)
        .then((answer) => {
          this.keep(release, arch, answer);
          return answer;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private keep(release: string, arch: string, answer: ApkIndexAnswer): void {
    const key = this.key(release, arch);
    // A look-up cut short by the budget is not remembered: the next analysis asks again.
    if (answer.transient && !answer.data) {
      this.memory.delete(key);
      return;
    }
    const entry = { at: this.now(), answer };
    this.memory.set(key, entry);
    const file = this.file(release, arch);
    if (!file || !answer.data || answer.transient) return;
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(entry));
      fs.renameSync(`${file}.tmp`, file);
    } catch {
      // an unwritable cache only costs a download next time
    }
  }

  private async download(release: string, arch: string, budget: FetchBudget): Promise<ApkIndexAnswer> {
    const read: string[] = [];
    const failed: string[] = [];
    let transient = false;
    const data: ApkIndexData = { packages: {}, provides: {} };
    // main before community: a name in both is main's (apk's repository order in the official images).
    const answers = await Promise.all(
      APK_REPOSITORIES.map(async (repo) => {
        const url = apkIndexUrl(this.mirror, release, repo, arch);
        if (!url) return { repo, error: `no Alpine release ${release}` };
        const r = await safeFetch(url, { method: 'GET', readBody: true, maxBytes: MAX_INDEX_BYTES, budget, timeoutMs: this.opts.timeoutMs, proxy: this.opts.proxy ?? 'env', env: this.env, headers: { accept: 'application/gzip, */*' } });
        if (!r.ok) return { repo, error: r.reason, transient: true };
        if (r.status !== 200) return { repo, error: `HTTP ${r.status}`, transient: r.status >= 500 || r.status === 429 };
        try {
          return { repo, files: readApkIndexArchive(r.body ?? Buffer.alloc(0)), bytes: r.body?.length ?? 0 };
        } catch (e) {
          return { repo, error: /maxOutputLength|buffer|Cannot create a Buffer/i.test((e as Error).message) ? `unpacks to more than ${MAX_UNPACKED_BYTES / 1024 / 1024} MB` : (e as Error).message };
        }
      }),
    );
    let archiveBytes = 0;
    for (const a of answers) {
      if ('files' in a && a.files) {
        archiveBytes += a.bytes;
        const before = Object.keys(data.packages).length;
        parseApkIndex(a.files.index, data);
        read.push(`${a.repo}${a.files.description ? ` (${a.files.description})` : ''}: ${Object.keys(data.packages).length - before} packages`);
      } else {
        failed.push(`${a.repo}: ${a.error}`);
        if (a.transient) transient = true;
      }
    }
    const host = new URL(this.mirror).host;
    const where = `APKINDEX of Alpine ${release} ${arch} from ${host}`;
    if (!read.length) return { source: `${where} not read (${failed.join('; ')})`, transient };
    const missing = failed.length ? `; not read: ${failed.join('; ')}` : '';
    // apk keeps each repository's APKINDEX.tar.gz as downloaded: their bytes are the index cache, when both were read.
    if (!failed.length) data.archiveBytes = archiveBytes;
    return { data, source: `${where}, ${new Date(this.now()).toISOString().slice(0, 10)}: ${read.join(', ')}${missing}`, transient };
  }
}
