#!/usr/bin/env node
// Measures what the layer tar format adds around a layer's files: the end-of-archive blocks, a 512 B
// header per entry (files, directories, symlinks, and the parent directories a diff includes), data
// padded to 512 B; and what that costs after gzip (level 6, the default of Go's compress/gzip that
// BuildKit uses). Writes server/data/tar-overhead.json, read by model/estimate.ts (layer framing).
//   node scripts/measure-tar-overhead.mjs
import { writeFileSync } from 'node:fs';
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
  put(oct(size, 12), 124, 12);
  put(oct(MTIME, 12), 136, 12);
  h.fill(' ', 148, 156);
  put(type, 156, 1);
  put(link, 157, 100);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
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
const empty = measured['empty layer'];
const one = measured['mkdir /app'];
const many = measured['20 empty files in one directory'];
const out = {
  what: 'The tar framing of a layer: end-of-archive blocks, 512 B per entry header, data padded to 512 B; and their gzip cost. Read by server/src/core/model/estimate.ts (layerFraming).',
  source: `scripts/measure-tar-overhead.mjs: ustar headers as Go archive/tar writes them, gzip level 6 (node zlib ${process.versions.zlib}), ${new Date().toISOString().slice(0, 10)}`,
  endOfArchiveBytes: 2 * BLOCK,
  headerBytes: BLOCK,
  blockBytes: BLOCK,
  emptyLayerGzipBytes: empty.gzipBytes,
  firstEntryGzipBytes: one.gzipBytes - empty.gzipBytes,
  nextEntryGzipBytes: Math.round((many.gzipBytes - one.gzipBytes) / (many.entries - 1)),
  cases: measured,
};
writeFileSync(join(root, 'server', 'data', 'tar-overhead.json'), JSON.stringify(out, null, 1) + '\n');
console.log(JSON.stringify(out, null, 1));
