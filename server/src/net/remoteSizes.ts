/**
 * Sizes of remote files (ADD <url>, curl/wget downloads) by HTTP HEAD, for the core's
 * `ModelEnvironment.remoteSize`. Only the server and the CLI use it, and only when network look-ups
 * are allowed (`dockerfileSizeHints.networkLookups`, `--network`): the core never does I/O.
 *
 * - `lookup(url)`: synchronous, from the cache (undefined: never asked). An expired entry is still
 *   returned until `prefetch` has asked again.
 * - `prefetch(urls)`: HEAD requests with Node's http/https, following up to 5 redirects, 5 s per
 *   request, at most 4 URLs at a time, http and https only. The size is the final response's
 *   Content-Length; a server that refuses HEAD (405, 501, 403) is asked `GET` with
 *   `Range: bytes=0-0` and the total of its Content-Range is taken (the body is never read).
 *   Results, failures included, are kept for an hour. Never throws, never rejects.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { RemoteSize } from '../core/model/types';

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
}

interface Entry {
  value: RemoteSize;
  at: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** HEAD refused: 405 Method Not Allowed, 501 Not Implemented, 403 (URLs signed for GET only, e.g. S3). */
const HEAD_REFUSED = new Set([405, 501, 403]);
const USER_AGENT = 'dockerfile-size-hints (size look-up)';

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
  /** Bumped whenever an entry's value changes: analyses made before it may be out of date. */
  generation = 0;

  constructor(options: RemoteSizeOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 2000;
    this.now = options.now ?? Date.now;
  }

  lookup(url: string): RemoteSize | undefined {
    return this.entries.get(url)?.value;
  }

  /** Looks up the URLs not cached (or expired); true when any of them now has a different answer. */
  async prefetch(urls: Iterable<string>): Promise<boolean> {
    try {
      const unique = [...new Set(urls)];
      const before = unique.map((u) => this.entries.get(u)?.value);
      await Promise.all(unique.map((u) => this.fetchOnce(u)));
      return unique.some((u, i) => !sameValue(before[i], this.entries.get(u)?.value));
    } catch {
      return false;
    }
  }

  private fetchOnce(url: string): Promise<void> {
    const hit = this.entries.get(url);
    if (hit && this.now() - hit.at < this.ttlMs) return Promise.resolve();
    let p = this.inFlight.get(url);
    if (!p) {
      p = this.limited(() => remoteSize(url, this.timeoutMs, this.maxRedirects))
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

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
}

/** One URL's size by HEAD (or a one-byte ranged GET), following redirects. Never rejects. */
export async function remoteSize(url: string, timeoutMs = 5000, maxRedirects = 5): Promise<RemoteSize> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { source: 'not a valid URL' };
  }
  let method: 'HEAD' | 'GET' = 'HEAD';
  let redirects = 0;
  for (;;) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      return { source: redirects ? `redirected to a ${current.protocol.replace(/:$/, '')} URL (only http and https are looked up)` : 'only http and https URLs are looked up' };
    }
    let answer: Answer;
    try {
      answer = await request(current, method, timeoutMs);
    } catch (e) {
      return { source: (e as Error).message || 'request failed' };
    }
    const { status, headers } = answer;
    if (REDIRECTS.has(status)) {
      const location = headers.location;
      if (!location) return { source: `HTTP ${status} without a Location` };
      if (++redirects > maxRedirects) return { source: `more than ${maxRedirects} redirects` };
      try {
        current = new URL(location, current);
      } catch {
        return { source: 'redirected to an invalid URL' };
      }
      continue;
    }
    if (method === 'HEAD' && HEAD_REFUSED.has(status)) {
      method = 'GET';
      continue;
    }
    const host = current.host;
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
}

/** One request; resolves with the status and headers as soon as they arrive (the body is not read). */
function request(url: URL, method: 'HEAD' | 'GET', timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', accept: '*/*' };
    if (method === 'GET') headers.range = 'bytes=0-0';
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined, answer?: Answer) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (err) reject(err);
      else resolve(answer as Answer);
    };
    let req: http.ClientRequest;
    try {
      req = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent: false }, (res) => {
        finish(undefined, { status: res.statusCode ?? 0, headers: res.headers });
        // Nothing of the body is needed: drop the connection instead of downloading the file.
        res.on('error', () => undefined);
        if (method === 'GET') res.destroy();
        else res.resume();
      });
    } catch (e) {
      reject(new Error(`request failed (${(e as Error).message})`));
      return;
    }
    timer = setTimeout(() => {
      finish(new Error(`no answer within ${formatSeconds(timeoutMs)}`));
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`request failed (${e.code ?? e.message})`)));
    req.end();
  });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
