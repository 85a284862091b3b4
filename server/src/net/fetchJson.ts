/**
 * One JSON document over http(s) for the registry look-ups: http and https only, a timeout per
 * request, redirects followed (at most 5, http(s) only), the body capped (a bigger answer is an
 * error, not a truncated parse). Never throws: resolves with the value or a reason.
 */
import * as http from 'node:http';
import * as https from 'node:https';

export interface FetchJsonOptions {
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  headers?: Record<string, string>;
}

export type JsonAnswer = { ok: true; value: unknown } | { ok: false; status?: number; reason: string };

const USER_AGENT = 'dockerfile-size-hints (size look-up)';

export async function fetchJson(url: string, options: FetchJsonOptions = {}): Promise<JsonAnswer> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') return { ok: false, reason: 'only http and https are looked up' };
    const answer = await get(current, timeoutMs, maxBytes, options.headers ?? {});
    if ('location' in answer) {
      if (hop >= maxRedirects) return { ok: false, reason: `more than ${maxRedirects} redirects` };
      try {
        current = new URL(answer.location, current);
      } catch {
        return { ok: false, reason: 'redirected to an invalid URL' };
      }
      continue;
    }
    if (!answer.ok) return answer;
    try {
      return { ok: true, value: JSON.parse(answer.body) };
    } catch {
      return { ok: false, reason: `${current.host} did not answer JSON` };
    }
  }
}

function get(url: URL, timeoutMs: number, maxBytes: number, extra: Record<string, string>): Promise<{ ok: true; body: string } | { ok: false; status?: number; reason: string } | { location: string }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (v: { ok: true; body: string } | { ok: false; status?: number; reason: string } | { location: string }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(v);
    };
    let req: http.ClientRequest;
    try {
      req = (url.protocol === 'https:' ? https : http).request(url, { method: 'GET', agent: false, headers: { 'user-agent': USER_AGENT, accept: 'application/json', 'accept-encoding': 'identity', ...extra } }, (res) => {
        const status = res.statusCode ?? 0;
        if ([301, 302, 303, 307, 308].includes(status)) {
          res.resume();
          const location = res.headers.location;
          finish(location ? { location } : { ok: false, status, reason: `HTTP ${status} without a Location` });
          return;
        }
        if (status < 200 || status >= 300) {
          res.resume();
          finish({ ok: false, status, reason: `${url.host} answered HTTP ${status}` });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          res.destroy();
          finish({ ok: false, reason: `answer larger than ${Math.round(maxBytes / 1e6)} MB` });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            res.destroy();
            finish({ ok: false, reason: `answer larger than ${Math.round(maxBytes / 1e6)} MB` });
          } else chunks.push(c);
        });
        res.on('end', () => finish({ ok: true, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (e) => finish({ ok: false, reason: `request failed (${e.message})` }));
      });
    } catch (e) {
      resolve({ ok: false, reason: `request failed (${(e as Error).message})` });
      return;
    }
    const timer = setTimeout(() => {
      finish({ ok: false, reason: `no answer within ${timeoutMs / 1000} s` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, reason: `request failed (${e.code ?? e.message})` }));
    req.end();
  });
}
