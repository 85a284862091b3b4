#!/usr/bin/env node
// A small caching HTTP forward proxy for the real-build tests: builds reach it as `http_proxy` (a build
// argument Docker keeps out of the image history and the cache key), so every build that installs curl
// does not download curl again. Only immutable files are cached, on disk, across runs:
//   …/pool/…/<name>.(deb|udeb|dsc|tar.*)   Debian archive files: a pool file name never changes content
//   …/by-hash/SHA256/<hash>                 index files named by their hash (checked before they are kept)
// Everything else (InRelease, other hosts, Range/conditional requests, other methods) passes through
// untouched, and CONNECT (https) is a plain tunnel, so a build sees the archive exactly as it would
// without the proxy: apt still checks every file against the signed InRelease it fetched itself.
//   node test/docker/aptcache.mjs <cache-dir>     prints `listening <port>` once ready; SIGTERM stops it
//                                                 and prints one `stats {json}` line
import http from 'node:http';
import net from 'node:net';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync, readdirSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';

const HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const POOL = /\/pool\/[^?#]+\.(?:deb|udeb|dsc|tar\.(?:gz|xz|bz2))$/;
const BY_HASH = /\/by-hash\/SHA256\/([0-9a-f]{64})$/;
/** Files not used for this long are dropped when the cache starts (the next run fetches them again). */
const MAX_AGE_DAYS = 14;

export function cacheable(method, url, headers) {
  if (method !== 'GET' || headers.range || headers['if-range']) return false;
  if (url.protocol !== 'http:' || url.search || url.pathname.includes('..')) return false;
  return POOL.test(url.pathname) || BY_HASH.test(url.pathname);
}

function forwardHeaders(h) {
  const out = {};
  for (const [k, v] of Object.entries(h)) if (!HOP.has(k.toLowerCase())) out[k] = v;
  return out;
}

function prune(dir) {
  const old = Date.now() - MAX_AGE_DAYS * 86_400_000;
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true, recursive: true }); } catch { return; }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath ?? e.path, e.name);
    try { if (statSync(p).atimeMs < old && statSync(p).mtimeMs < old) rmSync(p, { force: true }); } catch { /* gone */ }
  }
}

export function startAptCacheServer(dir) {
  mkdirSync(dir, { recursive: true });
  prune(dir);
  const stats = { hits: 0, hitBytes: 0, misses: 0, missBytes: 0, passed: 0, tunnels: 0, errors: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

  const server = http.createServer((req, res) => {
    let url;
    try { url = new URL(req.url); } catch { res.writeHead(400).end('absolute URL expected (forward proxy)\n'); return; }
    const file = cacheable(req.method, url, req.headers) ? join(dir, url.host, url.pathname) : undefined;
    if (file) {
      let st;
      try { st = statSync(file); } catch { /* not cached */ }
      if (st?.isFile()) {
        stats.hits++;
        stats.hitBytes += st.size;
        try { utimesSync(file, new Date(), st.mtime); } catch { /* read-only */ }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size });
        createReadStream(file).pipe(res);
        return;
      }
    }
    const up = http.request({ agent, host: url.hostname, port: url.port || 80, method: req.method, path: url.pathname + url.search, headers: forwardHeaders(req.headers) }, (ur) => {
      res.writeHead(ur.statusCode, forwardHeaders(ur.headers));
      if (!file || ur.statusCode !== 200) {
        stats.passed++;
        ur.pipe(res);
        return;
      }
      stats.misses++;
      // Stream to the client and to a temporary file; keep the file only if it is complete (and, for
      // by-hash files, has the hash its name says).
      const tmp = `${file}.part-${process.pid}-${Math.random().toString(36).slice(2)}`;
      mkdirSync(dirname(file), { recursive: true });
      const out = createWriteStream(tmp);
      const hash = createHash('sha256');
      let bytes = 0;
      ur.on('data', (d) => { bytes += d.length; hash.update(d); out.write(d); });
      ur.pipe(res);
      ur.on('end', () => out.end(() => {
        const want = Number(ur.headers['content-length'] ?? NaN);
        const byHash = BY_HASH.exec(url.pathname)?.[1];
        const complete = ur.complete && (Number.isNaN(want) || want === bytes) && (!byHash || byHash === hash.digest('hex'));
        stats.missBytes += bytes;
        try { if (complete) renameSync(tmp, file); else rmSync(tmp, { force: true }); } catch { rmSync(tmp, { force: true }); }
      }));
      ur.on('error', () => { out.destroy(); rmSync(tmp, { force: true }); });
    });
    up.on('error', (e) => {
      stats.errors++;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`aptcache: ${e.message}\n`);
      else res.destroy();
    });
    req.pipe(up);
  });

  // https and anything else tunnelled: bytes in, bytes out, nothing looked at.
  server.on('connect', (req, client, head) => {
    stats.tunnels++;
    const [host, port] = req.url.split(/:(?=\d+$)/);
    const up = net.connect(Number(port) || 443, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head?.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => { stats.errors++; client.destroy(); });
    client.on('error', () => up.destroy());
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  return { server, stats };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) { console.error('usage: aptcache.mjs <cache-dir>'); process.exit(2); }
  const { server, stats } = startAptCacheServer(dir);
  server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
  const stop = () => { console.log(`stats ${JSON.stringify(stats)}`); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent (the test run) went away: do not outlive it.
  process.stdin.on('end', stop);
  process.stdin.resume();
}
