#!/usr/bin/env node
// Measures, in real `docker build` layers, what every `apt-get install` puts of debconf's cache in
// its layer: apt's DPkg::Pre-Install-Pkgs hook (dpkg-preconfigure, /etc/apt/apt.conf.d/70debconf)
// opens /var/cache/debconf/templates.dat and config.dat for writing on every install, even when no
// installed package uses debconf. Unchanged, they are copied up by overlayfs: the classic builder
// (and podman) on overlay2 ship them; BuildKit's overlay differ skips copy-ups with the lower file's
// size and mtime, and vfs storage (a compare-based diff) never sees them, nor did the chroot sets of
// scripts/measure-apt-deltas.sh (size + mtime diff). Packages with templates also leave -old copies.
// Run with the engine's default storage (overlay2 where available: `DSH_STORAGE_DRIVER=vfs` shows 0).
// Builds on the private engine of test/docker (debootstrapped bookworm and bookworm-slim; root) and
// writes apt.debconfRewriteBytes (+ its note and source) into server/data/apt/calibration.json.
//   node scripts/measure-apt-debconf.mjs [--dry-run]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localFrom, startEngine } from '../test/docker/engine.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const install = (base, pkgs) => `FROM debian:${base}\nRUN apt-get update && apt-get install -y --no-install-recommends ${pkgs} && rm -rf /var/lib/apt/lists/*\n`;
// No package of the first three depends on debconf; tzdata does (its templates are added).
const CASES = [
  { id: 'bookworm jq', text: install('bookworm', 'jq'), debconf: false },
  { id: 'bookworm-slim jq', text: install('bookworm-slim', 'jq'), debconf: false },
  { id: 'bookworm libzstd-dev', text: install('bookworm', 'libzstd-dev'), debconf: false },
  { id: 'bookworm tzdata', text: install('bookworm', 'tzdata'), debconf: true },
  { id: 'bookworm-slim tzdata', text: install('bookworm-slim', 'tzdata'), debconf: true },
];

/** Regular-file bytes under var/cache/debconf/ in the image's last layer, read from `docker save`. */
function debconfBytesOfLastLayer(archive, work) {
  execFileSync('tar', ['-C', work, '-xf', archive]);
  const manifest = JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8'))[0];
  const listing = execFileSync('tar', ['-tvf', join(work, manifest.Layers.at(-1))], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const files = {};
  for (const line of listing.split('\n')) {
    const m = /^-\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
    if (m && /^(\.\/)?var\/cache\/debconf\//.test(m[2])) files[m[2].replace(/^\.\//, '')] = Number(m[1]);
  }
  return files;
}

const engine = await startEngine({ bases: true });
const results = [];
try {
  for (const c of CASES) {
    const work = mkdtempSync(join(tmpdir(), 'dsh-debconf-'));
    try {
      writeFileSync(join(work, 'Dockerfile'), localFrom(c.text));
      const tag = `dsh-measure/debconf:${results.length}`;
      const b = await engine.docker(['build', '--network', 'host', '-q', '-t', tag, '-f', join(work, 'Dockerfile'), work]);
      if (b.code !== 0) throw new Error(`${c.id}: build failed: ${b.stderr.slice(-400)}`);
      const s = await engine.docker(['save', '-o', join(work, 'image.tar'), tag]);
      if (s.code !== 0) throw new Error(`${c.id}: save failed: ${s.stderr}`);
      const files = debconfBytesOfLastLayer(join(work, 'image.tar'), work);
      const bytes = Object.values(files).reduce((a, b) => a + b, 0);
      results.push({ ...c, bytes, files });
      console.log(`${c.id.padEnd(24)} debconf ${String(bytes).padStart(9)} B  ${Object.entries(files).map(([f, n]) => `${f.split('/').pop()} ${n}`).join(', ')}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
} finally {
  await engine.stop();
}

const plain = results.filter((r) => !r.debconf).map((r) => r.bytes);
if (!plain.length || plain.some((b) => b !== plain[0])) console.warn(`note: installs without debconf packages differ: ${plain.join(', ')}`);
const rewrite = Math.min(...plain);
if (process.argv.includes('--dry-run')) process.exit(0);
const file = join(root, 'server', 'data', 'apt', 'calibration.json');
const cal = JSON.parse(readFileSync(file, 'utf8'));
cal.apt.debconfRewriteBytes = rewrite;
cal.apt.notes.debconfRewriteBytes =
  `/var/cache/debconf bytes (templates.dat + config.dat, opened for writing by dpkg-preconfigure and copied up unchanged) in the layer of an apt-get install of packages that do not use debconf: shipped by the classic builder and podman on overlay storage, dropped by BuildKit's differ (same size and mtime) and absent with vfs; the model adds it to the high end of the range only. Measured in classic-builder overlay2 layers by scripts/measure-apt-debconf.mjs on ${new Date().toISOString().slice(0, 10)} ` +
  `(debootstrapped bookworm and bookworm-slim: ${results.map((r) => `${r.id} ${r.bytes}`).join('; ')}); installs of packages that use debconf add the -old copies (debconfCacheBytes)`;
writeFileSync(file, JSON.stringify(cal, null, 1) + '\n');
console.log(`wrote apt.debconfRewriteBytes = ${rewrite} to ${file}`);
