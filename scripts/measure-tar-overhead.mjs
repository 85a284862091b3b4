#!/usr/bin/env node
// Measures what the layer tar format adds around a layer's files: the end-of-archive blocks, a 512 B
// header per entry (files, directories, symlinks, and the parent directories a diff includes), data
// padded to 512 B; and what that costs after gzip (level 6, the default of Go's compress/gzip that
// BuildKit uses). Writes server/data/tar-overhead.json, read by model/estimate.ts (layer framing).
//   node scripts/measure-tar-overhead.mjs
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BLOCK = 512;
const MTIME = 1764800000; // a fixed build time: headers of one layer share it, as in a real build

/** A POSIX ustar header as Go's archive/tar writes it for a layer entry (root-owned, no user names). */
function header(name, { type = '0', size = 0, mode = 0o644, link = '' } = {}) {
  const h = Buffer.alloc(BLOCK, 0);
  const put = (s, off, len) => h.write(s.slice(0, len), off, 'utf8');
  const oct = (n, len) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(name, 0, 100);
  put(oct(mode, 8), 100, 8);
  put(oct(0, 8), 108, 8);
  put(oct(0, 8), 116, 8);
  // (uname/gname 'root' as tar.FileInfoHeader fills them from the build's /etc/passwd)
  put(oct(size, 12), 124, 12);
  put(oct(MTIME, 12), 136, 12);
  h.fill(' ', 148, 156);
  put(type, 156, 1);
  put(link, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  put('root', 265, 32);
  put('root', 297, 32);
  let sum = 0;
  for (const b of h) sum += b;
  put(oct(sum, 7) + ' ', 148, 8);
  return h;
}

/** A layer tar of the given entries (directories end in `/`), with the end-of-archive blocks. */
function layerTar(entries) {
  const parts = [];
  for (const e of entries) {
    if (e.name.endsWith('/')) parts.push(header(e.name, { type: '5', mode: 0o755 }));
    else if (e.link) parts.push(header(e.name, { type: '2', mode: 0o777, link: e.link }));
    else {
      parts.push(header(e.name, { size: e.data.length }));
      const padded = Buffer.alloc(Math.ceil(e.data.length / BLOCK) * BLOCK, 0);
      e.data.copy(padded);
      parts.push(padded);
    }
  }
  parts.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(parts);
}

const gz = (b) => gzipSync(b, { level: 6 }).length;
const script = Buffer.from('#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n  set -- app "$@"\nfi\nexec "$@"\n'.padEnd(124, '#').slice(0, 124));
const text = Buffer.from("Package: php*\nPin: release *\nPin-Priority: -1\n".repeat(4).slice(0, 200));
const cases = {
  'empty layer': [],
  'mkdir /app': [{ name: 'app/' }],
  'mkdir -p /opt/app/data': [{ name: 'opt/' }, { name: 'opt/app/' }, { name: 'opt/app/data/' }],
  '124 B script into /usr/local/bin': [{ name: 'usr/' }, { name: 'usr/local/' }, { name: 'usr/local/bin/' }, { name: 'usr/local/bin/docker-entrypoint.sh', data: script }],
  '200 B text into /etc/apt/preferences.d': [{ name: 'etc/' }, { name: 'etc/apt/' }, { name: 'etc/apt/preferences.d/' }, { name: 'etc/apt/preferences.d/no-debian-php', data: text }],
  '4 symlinks in /usr/local/bin': [{ name: 'usr/' }, { name: 'usr/local/' }, { name: 'usr/local/bin/' }, ...['a', 'b', 'c', 'd'].map((n) => ({ name: `usr/local/bin/${n}`, link: `/opt/app/bin/${n}` }))],
  '20 empty files in one directory': [{ name: 'data/' }, ...Array.from({ length: 20 }, (_, i) => ({ name: `data/file-${i}.txt`, data: Buffer.alloc(0) }))],
};
const measured = {};
for (const [name, entries] of Object.entries(cases)) {
  const tar = layerTar(entries);
  measured[name] = { entries: entries.length, tarBytes: tar.length, gzipBytes: gz(tar) };
}
// Small text files (entrypoint scripts, configs) compress much less than the big-file ratios say: gzip
// has little to work with in a few hundred bytes. Their cost inside a layer stream is measured as the
// growth of the gzip of a one-file layer over the same layer with an empty file, on this machine's shell
// scripts and /etc files (real scripts of the sizes people COPY), and kept as a median ratio per size band.
const BANDS = [256, 1024, 4096, 16384, 65536];
const samples = BANDS.map(() => []);
const candidates = [];
for (const dir of ['/usr/bin', '/usr/sbin', '/etc', '/etc/default', '/etc/init.d', '/usr/share/debconf', '/usr/lib/os-release']) {
  let names = [];
  try {
    names = statSync(dir).isDirectory() ? readdirSync(dir).map((n) => join(dir, n)) : [dir];
  } catch {
    continue;
  }
  for (const f of names) {
    try {
      const st = statSync(f);
      if (!st.isFile() || st.size === 0 || st.size > BANDS[BANDS.length - 1]) continue;
      const data = readFileSync(f);
      if (data.includes(0)) continue; // text only
      candidates.push(data);
    } catch {}
  }
}
for (const data of candidates) {
  const band = BANDS.findIndex((b) => data.length <= b);
  const dirs = [{ name: 'usr/' }, { name: 'usr/local/' }, { name: 'usr/local/bin/' }];
  const withFile = gz(layerTar([...dirs, { name: 'usr/local/bin/entrypoint.sh', data }]));
  const withEmpty = gz(layerTar([...dirs, { name: 'usr/local/bin/entrypoint.sh', data: Buffer.alloc(0) }]));
  samples[band].push((withFile - withEmpty) / data.length);
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1] : NaN;
};
const smallText = BANDS.map((upTo, i) => ({ upToBytes: upTo, ratio: Math.round(med(samples[i]) * 1000) / 1000, files: samples[i].length, p10: Math.round(samples[i].sort((a, b) => a - b)[Math.floor(samples[i].length * 0.1)] * 1000) / 1000, p90: Math.round(samples[i][Math.floor(samples[i].length * 0.9)] * 1000) / 1000 }));

const empty = measured['empty layer'];
const one = measured['mkdir /app'];
const nested = measured['mkdir -p /opt/app/data'];
const many = measured['20 empty files in one directory'];
const out = {
  what: 'The tar framing of a layer: end-of-archive blocks, 512 B per entry header, data padded to 512 B; and their gzip cost; and what small text files cost after gzip. Read by server/src/core/model/tarFraming.ts.',
  source: `scripts/measure-tar-overhead.mjs: ustar headers as Go archive/tar writes them, gzip level 6 (node zlib ${process.versions.zlib}); small text files: ${candidates.length} text files of ${BANDS[BANDS.length - 1]} B at most from /usr/bin, /usr/sbin, /etc of this machine (Linux ${release()}), ${new Date().toISOString().slice(0, 10)}`,
  endOfArchiveBytes: 2 * BLOCK,
  headerBytes: BLOCK,
  blockBytes: BLOCK,
  emptyLayerGzipBytes: empty.gzipBytes,
  // Go's compress/gzip writes the empty layer as 32 B (the well-known empty-layer blob
  // sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4 is 32 bytes); zlib gives 29.
  registryEmptyLayerGzipBytes: 32,
  firstEntryGzipBytes: one.gzipBytes - empty.gzipBytes,
  // An entry in another directory costs more than one beside a similar name.
  nextEntryGzipBytes: Math.round((nested.gzipBytes - one.gzipBytes) / (nested.entries - 1)),
  nextSimilarEntryGzipBytes: Math.round((many.gzipBytes - one.gzipBytes) / (many.entries - 1)),
  smallText,
  cases: measured,
};
writeFileSync(join(root, 'server', 'data', 'tar-overhead.json'), JSON.stringify(out, null, 1) + '\n');
console.log(JSON.stringify(out, null, 1));
