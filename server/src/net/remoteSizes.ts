/**
 * Sizes of remote files (ADD <url>, curl/wget downloads) by HTTP HEAD, for the core's
 * `ModelEnvironment.remoteSize`. Only the server and the CLI use it, and only when network look-ups
 * are allowed (`dockerfileSizeHints.networkLookups`, `--network`): the core never does I/O.
 *
 * - `lookup(url)`: synchronous, from the cache (undefined: never asked). An expired entry is still
 *   returned until `prefetch` has asked again.
 * - `prefetch(urls, budget)`: HEAD requests through `safeFetch` (./safeFetch.ts: http and https
 *   only, same-host redirects, at most 5, 5 s per request, credentials never sent, all requests of
 *   one analysis within one 10 s `FetchBudget`), at most 4 URLs at a time, through the proxy of
 *   HTTPS_PROXY / HTTP_PROXY with NO_PROXY honoured (as the package-index look-ups; `proxy` option). The size is the final
 *   response's Content-Length; a server that refuses HEAD (405, 501, 403) is asked `GET` with
 *   `Range: bytes=0-0` and the total of its Content-Range is taken (the body is never read).
 *   Results, failures included, are kept for an hour (not those cut short by the budget).
 *   Never throws, never rejects.
 */
import type { RemoteSize } from '../core/model/types';
import { FETCH_LIMITS, FetchBudget, safeFetch } from './safeFetch';

export interface RemoteSizeOptions {
  /** Per request (each redirect hop is one request). Default 5000 ms. */
  timeoutMs?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** URLs looked up at the same time. Default 4. */
  concurrency?: number;
  /** How long a result (or a failure) is kept. Default one hour. */
  ttlMs?: number;
  /** Entries kept at most (oldest dropped first). Default 2000. */
  maxEntries?: number;
  now?: () => number;
  /** safeFetch's proxy: 'env' (default) reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY of `env`; a URL; or '' for none. */
  proxy?: string;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** How a request leaves the machine (safeFetch's `proxy` and `env`). */
export interface Route {
  proxy?: string;
  env?: NodeJS.ProcessEnv;
}

interface Entry {
  value: RemoteSize;
  at: number;
}

/** A look-up the analysis' budget cut short: shown, but asked again next time. */
const TRANSIENT = new WeakSet<RemoteSize>();
/** HEAD refused: 405 Method Not Allowed, 501 Not Implemented, 403 (URLs signed for GET only, e.g. S3). */
const HEAD_REFUSED = new Set([405, 501, 403]);

export class RemoteSizeCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly concurrency: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly route: Route;
  /** Bumped whenever an entry's value changes: analyses made before it may be out of date. */
  generation = 0;

  constructor(options: RemoteSizeOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? FETCH_LIMITS.timeoutMs;
    this.maxRedirects = options.maxRedirects ?? FETCH_LIMITS.maxRedirects;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
    this.route = { proxy: (options.proxy ?? 'env') || undefined, env: options.env };
  }

  lookup(url: string): RemoteSize | undefined {
    return this.entries.get(url)?.value;
  }

  /**
   * Looks up the URLs not cached (or expired), within `budget` (one per analysis: 10 s for all its
   * requests); true when any of them now has a different answer.
   */
  async prefetch(urls: Iterable<string>, budget: FetchBudget = new FetchBudget()): Promise<boolean> {
    try {
      const unique = [...new Set(urls)];
      const before = unique.map((u) => this.entries.get(u)?.value);
      await Promise.all(unique.map((u) => this.fetchOnce(u, budget)));
      return unique.some((u, i) => !sameValue(before[i], this.entries.get(u)?.value));
    } catch {
      return false;
    }
  }

  private fetchOnce(url: string, budget: FetchBudget): Promise<void> {
    const hit = this.entries.get(url);
    if (hit && !TRANSIENT.has(hit.value) && this.now() - hit.at < this.ttlMs) return Promise.resolve();
    let p = this.inFlight.get(url);
    if (!p) {
      p = this.limited(() => remoteSize(url, this.timeoutMs, this.maxRedirects, budget, this.route))
        .then((value) => this.store(url, value))
        .catch(() => this.store(url, { source: 'look-up failed' }))
        .finally(() => this.inFlight.delete(url));
      this.inFlight.set(url, p);
    }
    return p;
  }

  private store(url: string, value: RemoteSize): void {
    const old = this.entries.get(url);
    if (!old || !sameValue(old.value, value)) this.generation++;
    this.entries.delete(url);
    this.entries.set(url, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    // A finished look-up hands its slot straight to the next one waiting.
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}

function sameValue(a: RemoteSize | undefined, b: RemoteSize | undefined): boolean {
  return a === b || (!!a && !!b && a.bytes === b.bytes && a.source === b.source);
}

/** One URL's size by HEAD (or a one-byte ranged GET), through safeFetch (direct unless `route` names a proxy). Never rejects. */
export async function remoteSize(url: string, timeoutMs: number = FETCH_LIMITS.timeoutMs, maxRedirects: number = FETCH_LIMITS.maxRedirects, budget?: FetchBudget, route: Route = {}): Promise<RemoteSize> {
  let r = await safeFetch(url, { method: 'HEAD', timeoutMs, maxRedirects, budget, proxy: route.proxy, env: route.env });
  if (r.ok && HEAD_REFUSED.has(r.status)) {
    r = await safeFetch(r.url, { method: 'GET', headers: { range: 'bytes=0-0' }, timeoutMs, maxRedirects: maxRedirects - r.redirects, budget, proxy: route.proxy, env: route.env });
  }
  if (!r.ok) {
    const value: RemoteSize = { source: r.reason };
    if (r.budgetSpent) TRANSIENT.add(value);
    return value;
  }
  const { status, headers } = r;
  const host = new URL(r.url).host;
  if (status === 206) {
    const total = /\/\s*(\d+)\s*$/.exec(String(headers['content-range'] ?? ''));
    return total ? { bytes: Number(total[1]), source: `Content-Range total from ${host}` } : { source: 'server gave no Content-Length' };
  }
  if (status >= 200 && status < 300) {
    const len = headers['content-length'];
    // A compressed transfer's length is not the file's.
    const encoded = headers['content-encoding'] && headers['content-encoding'] !== 'identity';
    if (len !== undefined && /^\d+$/.test(len.trim()) && !encoded) return { bytes: Number(len), source: `Content-Length from ${host}` };
    return { source: 'server gave no Content-Length' };
  }
  return { source: `server answered HTTP ${status}` };
}
