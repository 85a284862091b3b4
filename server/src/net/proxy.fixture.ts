/** Test fixture: a forward proxy on 127.0.0.1 that logs what it is asked (safeFetch, remote sizes). */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A forward proxy on 127.0.0.1: plain http requests in absolute form, CONNECT tunnels for https. */
export async function startProxy(log: string[]): Promise<{ server: http.Server; url: string }> {
  const net = await import('node:net');
  const server = http.createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const up = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.on('connect', (req, socket) => {
    log.push(`CONNECT ${req.url}`);
    const [host, port] = String(req.url).split(':');
    const up = net.connect(Number(port), host === 'pypi.example' ? '127.0.0.1' : host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
