/**
 * The one way this project talks to the network (size look-ups of downloads, package indexes).
 * Every caller gets the same limits, so a hostile Dockerfile or server cannot make an analysis
 * probe other hosts, hang, or fill memory:
 *
 * - http and https only; nothing but our user agent and the caller's
 *   headers is sent (no cookies, no credentials: `user:pass@` in a URL is removed before the
 *   request and never appears in a message — see `redactUrl`);
 * - redirects followed only to the same host (http → https on that host allowed), at most
 *   `FETCH_LIMITS.maxRedirects`;
 * - each request gives up after `timeoutMs`; all requests of one analysis share a `FetchBudget`
 *   (10 s by default): when it is spent, the rest fail at once with a clear reason;
 * - a body is read only when asked (`readBody`), and never beyond `maxBytes`;
 * - a proxy only when the caller asks (`proxy`): an explicit `http://host:port`, or `'env'` for
 *   HTTPS_PROXY / HTTP_PROXY with NO_PROXY honoured (https goes through a CONNECT tunnel, so the proxy
 *   sees only the host name). Without `proxy` no proxy setting is read.
 *
 * Use:
 *   const budget = new FetchBudget();                       // one per analysis
 *   const r = await safeFetch(url, { method: 'GET', readBody: true, maxBytes: 2e6, budget });
 *   if (r.ok) use(r.status, r.headers, r.body); else note(r.reason);
 * Never throws, never rejects.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export const FETCH_LIMITS = {
  /** Per request (each redirect hop is one request). */
  timeoutMs: 5000,
  /** Every request of one analysis together (FetchBudget's default). */
  analysisBudgetMs: 10_000,
  maxRedirects: 5,
  /** Largest body read when the caller gives no `maxBytes`. */
  maxResponseBytes: 8 * 1024 * 1024,
};

export const USER_AGENT = 'dockerfile-size-hints';

/** The time every request of one analysis shares; ask `remainingMs()` before each request. */
export class FetchBudget {
  private readonly deadline: number;
  constructor(
    readonly totalMs = FETCH_LIMITS.analysisBudgetMs,
    private readonly now: () => number = Date.now,
  ) {
    this.deadline = now() + totalMs;
  }
  remainingMs(): number {
    return Math.max(0, this.deadline - this.now());
  }
  get spent(): boolean {
    return this.remainingMs() <= 0;
  }
}

export interface SafeFetchOptions {
  method?: 'GET' | 'HEAD';
  /** Extra request headers (e.g. `range`); never credentials. */
  headers?: Record<string, string>;
  /** Read the body (GET only). Otherwise the connection is dropped as soon as the headers arrive. */
  readBody?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  budget?: FetchBudget;
  /** `'env'`: HTTPS_PROXY / HTTP_PROXY / NO_PROXY of `env` (default process.env); a URL: that proxy. */
  proxy?: string;
  env?: NodeJS.ProcessEnv;
}

export type SafeResponse =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body?: Buffer; /** Final URL, credentials removed. */ url: string; redirects: number }
  | { ok: false; reason: string; /** Set when the reason is the shared budget (worth asking again later). */ budgetSpent?: boolean };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The URL without `user:pass@` (for requests and messages). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
}

function defaultPort(u: URL): string {
  return u.port || (u.protocol === 'https:' ? '443' : '80');
}

/** Same host (and port), or the same host moving from http to https on the default ports. */
export function sameHostRedirect(from: URL, to: URL): boolean {
  if (from.hostname.toLowerCase() !== to.hostname.toLowerCase()) return false;
  if (from.protocol === to.protocol) return defaultPort(from) === defaultPort(to);
  return from.protocol === 'http:' && to.protocol === 'https:' && !from.port && !to.port;
}

/** NO_PROXY: `*`, host names and `.suffix` / `suffix` domains (ports ignored). */
export function bypassesProxy(host: string, env: NodeJS.ProcessEnv): boolean {
  const list = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return list.some((n) => n === '*' || h === n.replace(/^\./, '').replace(/:\d+$/, '') || h.endsWith(n.startsWith('.') ? n : `.${n}`));
}

/** The proxy a request to `url` goes through, or undefined (direct). */
export function proxyFor(url: URL, proxy: string | undefined, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  if (!proxy) return undefined;
  const raw = proxy !== 'env' ? proxy : url.protocol === 'https:' ? (env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy) : (env.HTTP_PROXY ?? env.http_proxy);
  if (!raw || bypassesProxy(url.host, env)) return undefined;
  try {
    const u = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
    return u.protocol === 'http:' ? u : undefined;
  } catch {
    return undefined;
  }
}

export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeResponse> {
  const maxRedirects = options.maxRedirects ?? FETCH_LIMITS.maxRedirects;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  let redirects = 0;
  for (;;) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      return { ok: false, reason: redirects ? `redirected to a ${current.protocol.replace(/:$/, '')} URL (only http and https are looked up)` : 'only http and https URLs are looked up' };
    }
    // Credentials are never sent (nor echoed).
    current.username = '';
    current.password = '';
    const budget = options.budget;
    if (budget?.spent) return { ok: false, reason: `not asked: the ${formatSeconds(budget.totalMs)} network budget of this analysis is spent`, budgetSpent: true };
    const perRequest = options.timeoutMs ?? FETCH_LIMITS.timeoutMs;
    const timeoutMs = budget ? Math.min(perRequest, budget.remainingMs()) : perRequest;
    const byBudget = !!budget && timeoutMs < perRequest;
    let answer: Answer;
    try {
      answer = await request(current, options, timeoutMs, byBudget ? budget : undefined);
    } catch (e) {
      const err = e as Error & { budgetSpent?: boolean };
      return { ok: false, reason: err.message || 'request failed', budgetSpent: err.budgetSpent };
    }
    if (REDIRECTS.has(answer.status)) {
      const location = answer.headers.location;
      if (!location) return { ok: false, reason: `HTTP ${answer.status} without a Location` };
      if (++redirects > maxRedirects) return { ok: false, reason: `more than ${maxRedirects} redirects` };
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        return { ok: false, reason: 'redirected to an invalid URL' };
      }
      if ((next.protocol === 'http:' || next.protocol === 'https:') && !sameHostRedirect(current, next)) {
        return { ok: false, reason: `redirected to another host (${next.host}): not followed` };
      }
      current = next;
      continue;
    }
    return { ok: true, status: answer.status, headers: answer.headers, body: answer.body, url: current.toString(), redirects };
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body?: Buffer;
}

function request(url: URL, options: SafeFetchOptions, timeoutMs: number, budget: FetchBudget | undefined): Promise<Answer> {
  const method = options.method ?? 'HEAD';
  const maxBytes = options.maxBytes ?? FETCH_LIMITS.maxResponseBytes;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, 'accept-encoding': 'identity', accept: '*/*', ...options.headers };
    delete headers.authorization;
    delete headers.cookie;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    let req: http.ClientRequest | undefined;
    const finish = (err: Error | undefined, answer?: Answer) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (err) reject(err);
      else resolve(answer as Answer);
    };
    timer = setTimeout(() => {
      const e = new Error(budget ? `not finished: the ${formatSeconds(budget.totalMs)} network budget of this analysis is spent` : `no answer within ${formatSeconds(timeoutMs)}`) as Error & { budgetSpent?: boolean };
      e.budgetSpent = !!budget;
      finish(e);
      req?.destroy();
    }, timeoutMs);
    const onResponse = (res: http.IncomingMessage) => {
      res.on('error', () => undefined);
      const status = res.statusCode ?? 0;
      if (!options.readBody || method !== 'GET' || REDIRECTS.has(status)) {
        finish(undefined, { status, headers: res.headers });
        // Nothing of the body is needed: drop the connection instead of downloading it.
        res.destroy();
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        finish(new Error(`response too large (${declared} bytes; at most ${maxBytes} are read)`));
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          finish(new Error(`response too large (more than ${maxBytes} bytes)`));
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => finish(undefined, { status, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('close', () => finish(new Error('connection closed before the end of the response')));
    };
    const proxy = proxyFor(url, options.proxy, options.env);
    try {
      if (proxy && url.protocol === 'https:') {
        // HTTPS through an HTTP proxy: CONNECT host:port, then TLS to the host over the tunnel.
        const target = `${url.hostname}:${url.port || 443}`;
        req = http.request({ host: proxy.hostname, port: proxy.port || 80, method: 'CONNECT', path: target, headers: { host: target, 'user-agent': USER_AGENT }, agent: false });
        req.on('connect', (res, socket) => {
          if (res.statusCode !== 200) {
            socket.destroy();
            finish(new Error(`proxy ${proxy.host} refused the tunnel (HTTP ${res.statusCode})`));
            return;
          }
          const secure = tls.connect({ socket, servername: url.hostname });
          // The port is explicit: with createConnection Node would otherwise send `Host: name:80`.
          const inner = https.request(url, { method, headers, port: url.port || 443, createConnection: () => secure }, onResponse);
          inner.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`request failed (${e.code ?? e.message})`)));
          req = inner;
          inner.end();
        });
      } else if (proxy) {
        req = http.request({ host: proxy.hostname, port: proxy.port || 80, method, path: url.toString(), headers: { ...headers, host: url.host }, agent: false }, onResponse);
      } else {
        req = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent: false }, onResponse);
      }
    } catch (e) {
      finish(new Error(`request failed (${(e as Error).message})`));
      return;
    }
    req.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`request failed (${e.code ?? e.message})`)));
    req.end();
  });
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
