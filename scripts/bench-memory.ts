// Language-server memory over open/change/close cycles (npm run bench:memory [cycles]): the built
// server over stdio with a real LSP client, 10,000 cycles by default, once without waiting for
// diagnostics (as fast as the client can send) and once waiting for each document's diagnostics.
// The server's heap (after a full GC, sizeHints/stats) is sampled every 1,000 cycles; the check is
// the growth from the first sample to the last, against a bound that a leak of even one small
// object per cycle would pass (a per-cycle leak of the 10 kB document would be ~100 MB).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileUri, startServer, ROOT } from '../test/protocol/lspClient';

const cycles = Number(process.argv[2] ?? 10_000);
const BOUND_MB = 20;
const docs = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .map((d) => path.join(ROOT, 'examples', d, 'Dockerfile'))
  .filter((f) => fs.existsSync(f))
  .map((f) => fs.readFileSync(f, 'utf8'));

async function run(wait: boolean): Promise<boolean> {
  const server = await startServer({ nodeArgs: ['--expose-gc'] });
  const heap = async () => ((await server.connection.sendRequest('sizeHints/stats')) as { heapUsed: number }).heapUsed / 1e6;
  const samples: number[] = [];
  const t = Date.now();
  for (let i = 0; i < cycles; i++) {
    // Distinct URIs: nothing may be kept per document once it is closed.
    const uri = fileUri(path.join(ROOT, 'examples', `cycle-${i}`, 'Dockerfile'));
    const text = docs[i % docs.length]!;
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + `\nRUN echo ${i}\n` }] });
    if (wait) await server.diagnostics(uri, (p) => p.version === 2, 30_000);
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    if (i % 1000 === 999 || i === 0) samples.push(await heap());
  }
  const stats = (await server.connection.sendRequest('sizeHints/stats')) as Record<string, number>;
  const rss = Number(fs.readFileSync(`/proc/${server.process.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? NaN) / 1024;
  await server.stop();
  const growth = samples[samples.length - 1]! - samples[1 < samples.length ? 1 : 0]!;
  const ok = growth < BOUND_MB;
  console.log(
    `${cycles} open/change/close cycles, ${wait ? 'waiting for diagnostics' : 'not waiting'}: ${((Date.now() - t) / 1000).toFixed(0)} s; heap MB per 1,000 cycles ${samples.map((s) => s.toFixed(1)).join(' → ')}; growth after the first 1,000: ${growth.toFixed(1)} MB (bound ${BOUND_MB}) ${ok ? 'ok' : 'TOO MUCH'}; peak RSS ${rss.toFixed(0)} MB; held after: ${JSON.stringify(stats)}`,
  );
  return ok;
}

void (async () => {
  // `npm run bench:memory -- 10000 nowait`: only the run that does not wait (the waiting one is slow).
  const a = await run(false);
  const b = process.argv[3] === 'nowait' ? true : await run(true);
  process.exit(a && b ? 0 : 1);
})();
