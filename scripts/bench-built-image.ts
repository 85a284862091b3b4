// Benchmark (not a test): "Compare with Built Image" on a multi-GB image in bounded memory. A stand-in
// docker CLI (bench/built-image/fake-docker.mjs) streams a generated `docker save` archive: a plain
// layer of zero-filled files, a gzipped layer of random bytes, and a layer deleting one 64 MiB file.
// Reports throughput and the peak RSS growth while streaming, and checks the result is right.
//   npm run bench:built-image [-- --plain-mb 2048 --gzip-mb 256]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { inspectBuiltImage } from '../server/src/engine/engine';

const ROOT = path.resolve(__dirname, '..');
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const plainMb = arg('plain-mb', 2048);
const gzipMb = arg('gzip-mb', 256);
const MIB = 1 << 20;

/** A tar with one file `blob` of random bytes, gzipped (level 1, like a fast export) to `file`. */
async function makeGzipLayer(file: string, mb: number): Promise<void> {
  const header = Buffer.alloc(512, 0);
  header.write('blob', 0);
  header.write('0000644\0', 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write((mb * MIB).toString(8).padStart(11, '0') + '\0', 124);
  header.write('15000000000\0', 136);
  header.fill(' ', 148, 156);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  async function* chunks() {
    yield header;
    for (let i = 0; i < mb; i++) yield randomBytes(MIB);
    yield Buffer.alloc(1024);
  }
  await pipeline(Readable.from(chunks()), createGzip({ level: 1 }), fs.createWriteStream(file));
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-bench-built-'));
  try {
    const gz = path.join(dir, 'layer2.tar.gz');
    await makeGzipLayer(gz, gzipMb);
    process.env.FAKE_PLAIN_MB = String(plainMb);
    process.env.FAKE_GZIP_FILE = gz;
    const fake = path.join(ROOT, 'bench', 'built-image', 'fake-docker.mjs');
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    let streamed = 0;
    const t0 = performance.now();
    const built = await inspectBuiltImage('fake:1', { engine: 'docker', path: fake, layers: true, timeoutMs: 30 * 60_000, onProgress: (n) => (streamed = n) });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const w = built.waste!;
    const plainBytes = Math.round(plainMb / 64) * 64 * MIB;
    const ok =
      w.layerBytes[0] === plainBytes &&
      w.layerBytes[1] === gzipMb * MIB &&
      w.shadowed.some((s) => s.createdIn === 0 && s.removedIn === 2 && s.action === 'deleted' && s.bytes === 64 * MIB);
    const rows = [
      ['archive streamed', `${(streamed / 1e9).toFixed(2)} GB (${plainMb} MiB plain + ${gzipMb} MiB gzipped random)`],
      ['time', `${seconds.toFixed(1)} s (${(streamed / 1e6 / seconds).toFixed(0)} MB/s)`],
      ['RSS before / peak', `${(base / 1e6).toFixed(0)} MB / ${(peak / 1e6).toFixed(0)} MB (+${((peak - base) / 1e6).toFixed(0)} MB)`],
      ['layer bytes read', w.layerBytes.map((b) => `${(b / MIB).toFixed(0)} MiB`).join(', ')],
      ['result', ok ? 'right (layer bytes and the 64 MiB shipped deletion)' : `WRONG: ${JSON.stringify({ layerBytes: w.layerBytes, shadowed: w.shadowed })}`],
    ];
    for (const [k, v] of rows) console.log(`${k.padEnd(20)} ${v}`);
    if (!ok) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
