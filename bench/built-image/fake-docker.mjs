#!/usr/bin/env node
// A stand-in `docker` CLI for scripts/bench-built-image.ts: answers `version`, `image inspect`,
// `image history` and streams `image save` as a legacy docker-save archive generated on the fly,
// so a reader can be measured on a multi-GB image without building or storing one.
//   FAKE_PLAIN_MB   size of the first (plain tar) layer: files of 64 MiB of zeros under /data
//   FAKE_GZIP_FILE  an already gzipped layer tar for the second layer (made by the bench)
// The third layer deletes /data/f0 (a whiteout): 64 MiB created by layer 1 and still shipped.
import { createReadStream, statSync } from 'node:fs';

const MIB = 1 << 20;
const FILE = 64 * MIB;
const plainFiles = Math.max(1, Math.round(Number(process.env.FAKE_PLAIN_MB ?? 256) / 64));
const gzipFile = process.env.FAKE_GZIP_FILE;
const gzipBytes = gzipFile ? statSync(gzipFile).size : 0;

function header(name, size, type = '0') {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('15000000000\0', 136);
  h.fill(' ', 148, 156);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
const pad = (n) => (512 - (n % 512)) % 512;
const innerPlainSize = plainFiles * (512 + FILE) + 1024;
const innerWhiteout = Buffer.concat([header('data/.wh.f0', 0), Buffer.alloc(1024)]);
const config = Buffer.from(JSON.stringify({ history: [{ created_by: 'ADD data' }, { created_by: 'ADD blob.tgz' }, { created_by: 'RUN rm /data/f0' }] }));
const manifest = Buffer.from(JSON.stringify([{ Config: 'config.json', RepoTags: ['fake:1'], Layers: ['l1/layer.tar', 'l2/layer.tar', 'l3/layer.tar'] }]));
const sizes = [innerPlainSize, gzipBytes, innerWhiteout.length];

const [a, b] = process.argv.slice(2);
if (a === 'version') process.stdout.write('99.0-fake\n');
else if (a === 'image' && b === 'inspect') process.stdout.write(JSON.stringify([{ Id: 'sha256:' + 'f'.repeat(64), RepoTags: ['fake:1'], Size: innerPlainSize + gzipBytes * 1.1 }]) + '\n');
else if (a === 'image' && b === 'history') {
  const rows = [
    { CreatedBy: 'RUN rm /data/f0', Size: String(innerWhiteout.length) },
    { CreatedBy: 'ADD blob.tgz', Size: String(gzipBytes) },
    { CreatedBy: 'ADD data', Size: String(innerPlainSize) },
  ];
  process.stdout.write(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
} else if (a === 'image' && b === 'save') await save();
else {
  process.stderr.write(`fake-docker: unsupported ${process.argv.slice(2).join(' ')}\n`);
  process.exit(1);
}

function write(buf) {
  return process.stdout.write(buf) ? Promise.resolve() : new Promise((r) => process.stdout.once('drain', r));
}

async function save() {
  await write(header('manifest.json', manifest.length));
  await write(Buffer.concat([manifest, Buffer.alloc(pad(manifest.length))]));
  await write(header('config.json', config.length));
  await write(Buffer.concat([config, Buffer.alloc(pad(config.length))]));
  // Layer 1: plain tar of zero-filled files, generated chunk by chunk.
  await write(header('l1/layer.tar', sizes[0]));
  const zeros = Buffer.alloc(MIB);
  for (let i = 0; i < plainFiles; i++) {
    await write(header(`data/f${i}`, FILE));
    for (let m = 0; m < FILE / MIB; m++) await write(zeros);
  }
  await write(Buffer.alloc(1024));
  await write(Buffer.alloc(pad(sizes[0])));
  // Layer 2: the gzipped tar from disk.
  if (gzipFile) {
    await write(header('l2/layer.tar', gzipBytes));
    for await (const c of createReadStream(gzipFile, { highWaterMark: MIB })) await write(c);
    await write(Buffer.alloc(pad(gzipBytes)));
  }
  await write(header('l3/layer.tar', innerWhiteout.length));
  await write(Buffer.concat([innerWhiteout, Buffer.alloc(pad(innerWhiteout.length))]));
  await write(Buffer.alloc(1024));
}
