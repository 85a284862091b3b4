#!/usr/bin/env node
// Measures gzip -6 ratios (what `docker push` and registries store per layer: tar + gzip at the default level)
// on real files of this machine, per kind of content, and writes server/data/compression.json.
//
// ratio = gzip(tar(files)) bytes / sum of the files' apparent sizes: the number to multiply an on-disk
// (apparent) estimate by to get pull bytes. The tar stream adds 512-byte headers per file, which is why
// many small files (node_modules) compress a little worse than their content alone would.
//
// Usage: node scripts/measure-compression.mjs [--out server/data/compression.json] [--cap-mb 300]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, openSync, readSync, closeSync, readdirSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outFile = args.includes('--out') ? path.resolve(args[args.indexOf('--out') + 1]) : path.join(repoRoot, 'server/data/compression.json');
const capBytes = (args.includes('--cap-mb') ? Number(args[args.indexOf('--cap-mb') + 1]) : 300) * 1024 * 1024;

/**
 * Regular files under roots that pass `accept`, in a stable order. Each root gets an equal share of the cap so
 * one big directory does not stand for the whole kind. Hard links count once (tar and layers store them once).
 */
function collect(roots, accept, cap = capBytes) {
  const files = [];
  const seenInodes = new Set();
  let total = 0;
  const existing = roots.filter((r) => existsSync(r));
  for (const root of existing) {
    const share = cap / existing.length;
    let bytes = 0;
    const walk = (dir) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
      } catch {
        return;
      }
      for (const entry of entries) {
        if (bytes >= share) return;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && accept(full)) {
          const stat = lstatSync(full);
          const inode = `${stat.dev}:${stat.ino}`;
          if (stat.size === 0 || seenInodes.has(inode)) continue;
          seenInodes.add(inode);
          files.push(full);
          bytes += stat.size;
        }
      }
    };
    walk(root);
    total += bytes;
  }
  return { files, bytes: total };
}

function isElf(file) {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4);
    return readSync(fd, buf, 0, 4, 0) === 4 && buf.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    closeSync(fd);
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'compression-'));
// Removed however the run ends: done, an error, or Ctrl-C / a timeout's SIGTERM (turned into an exit).
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

/** gzip -6 of the tar stream of the files, as a layer is built. */
function measure(name, description, roots, { files, bytes }) {
  if (!files.length) {
    console.error(`skip ${name}: no files`);
    return undefined;
  }
  const list = path.join(work, `${name}.list`);
  writeFileSync(list, files.join('\0'));
  const sh = (cmd) => Number(execFileSync('sh', ['-c', cmd], { maxBuffer: 1 << 20 }).toString().trim());
  const tarBytes = sh(`tar -cf - --null -T '${list}' 2>/dev/null | wc -c`);
  const gzipBytes = sh(`tar -cf - --null -T '${list}' 2>/dev/null | gzip -6 | wc -c`);
  const ratio = Math.round((gzipBytes / bytes) * 1000) / 1000;
  console.error(`${name}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB → ${(gzipBytes / 1e6).toFixed(1)} MB gz, ratio ${ratio}`);
  return { ratio, files: files.length, apparentBytes: bytes, tarBytes, gzipBytes, description, roots };
}

const results = {};
const record = (name, description, roots, accept, cap) => {
  const r = measure(name, description, roots, collect(roots, accept, cap));
  if (r) results[name] = r;
};

const multiarch = '/usr/lib/x86_64-linux-gnu';
record('binary', 'ELF executables and shared libraries', [multiarch, '/usr/bin', '/usr/sbin', '/usr/libexec'], (f) => !/\.(a|o)$/.test(f) && isElf(f));

const textExt = /\.(py|js|mjs|cjs|ts|h|hpp|c|cc|md|txt|rst|html|css|json|xml|ya?ml|pl|pm|rb|sh|conf)$/i;
record(
  'text',
  'source and documentation text (.py stdlib, .h headers, .js, .pm, docs, configs)',
  ['/usr/lib/python3.11', '/usr/include', '/usr/share/perl', '/usr/share/doc', '/usr/lib/node_modules', '/etc'],
  (f) => textExt.test(f) && !f.includes('/site-packages/') && !f.includes('/dist-packages/'),
  200 * 1024 * 1024,
);

const archiveExt = /\.(gz|tgz|xz|bz2|zst|zip|jar|whl|png|jpe?g|lz4)$/i;
record(
  'archive',
  'already-compressed files (.gz man/doc pages, .jar, .whl, .png, .xz, .zip)',
  ['/usr/share/java', '/root/.m2', '/usr/share/man', '/usr/share/doc', '/usr/share/icons', '/root/.pyenv/versions/3.13.0/lib/python3.13/ensurepip', '/usr/share/pixmaps'],
  (f) => archiveExt.test(f),
  200 * 1024 * 1024,
);

// A typical Node server's dependencies, installed fresh (install scripts off, like our npm size measurements).
const npmProject = path.join(work, 'npm-app');
mkdirSync(npmProject);
writeFileSync(path.join(npmProject, 'package.json'), JSON.stringify({ name: 'measure', version: '1.0.0', private: true }));
const npmPackages = ['express', 'typescript', 'axios', 'lodash', 'pg', 'prisma', '@prisma/client', 'winston', 'zod', 'react', 'react-dom', 'dayjs', 'jsonwebtoken'];
const npmResult = spawnSync('npm', ['install', ...npmPackages, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--cache', path.join(work, 'npm-cache')], {
  cwd: npmProject,
  stdio: ['ignore', 'ignore', 'inherit'],
  timeout: 600_000,
});
if (npmResult.status === 0) {
  record('node_modules', `node_modules of a fresh \`npm install ${npmPackages.join(' ')}\``, [path.join(npmProject, 'node_modules')], () => true);
  results.node_modules.roots = [`<tmp>/node_modules (${npmPackages.join(', ')})`];
} else {
  console.error('npm install failed: node_modules not measured');
}

const pyenvSitePackages = '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages';
record('python', 'a real Python site-packages installed from PyPI wheels (numpy, scipy, boto3, pydantic, cryptography, ...), incl. .so and .pyc', [pyenvSitePackages], () => true, 1024 * 1024 * 1024);

// Docker's debian/ubuntu images set Acquire::GzipIndexes (docker-gzip-indexes), so apt keeps Packages
// indexes compressed (.lz4) in /var/lib/apt/lists; that is what an `apt-get update` layer holds.
record('apt-lists', 'apt-get update lists as stored with docker-gzip-indexes (lz4 Packages + InRelease)', ['/var/lib/apt/lists'], (f) => !f.includes('/partial/') && !f.endsWith('/lock'));
// The same indexes decompressed (images without GzipIndexes keep plain text).
const textLists = path.join(work, 'apt-lists-text');
mkdirSync(textLists);
for (const name of readdirSync('/var/lib/apt/lists')) {
  const full = path.join('/var/lib/apt/lists', name);
  if (name.endsWith('.lz4')) execFileSync('lz4', ['-dqf', full, path.join(textLists, name.slice(0, -4))]);
}
record('apt-lists-text', 'the same Packages indexes decompressed (plain text, no GzipIndexes)', [textLists], () => true);

const parts = ['binary', 'text', 'archive', 'node_modules', 'python'].filter((k) => results[k]);
// 'mixed': the pooled ratio of the measured sets, for layers whose content kind is unknown.
const pooledGzip = parts.reduce((sum, k) => sum + results[k].gzipBytes, 0);
const pooledBytes = parts.reduce((sum, k) => sum + results[k].apparentBytes, 0);
const mixed = {
  ratio: Math.round((pooledGzip / pooledBytes) * 1000) / 1000,
  description: `pooled over ${parts.join(', ')} (sum of gzip bytes / sum of apparent bytes)`,
};

const date = new Date().toISOString().slice(0, 10);
const gzipVersion = execFileSync('gzip', ['--version']).toString().split('\n')[0];
const os = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']).toString().trim();
const out = {
  source: `Measured by scripts/measure-compression.mjs on ${date}: ${os}, ${process.arch}, ${cpus().length} CPUs, host ${hostname()}, ${gzipVersion} -6 over tar streams of the files listed per kind.`,
  method: 'ratio = gzip -6 (tar of the files) / sum of apparent file sizes; multiply on-disk bytes by it to estimate compressed layer (pull) bytes',
  date,
  ratios: Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v.ratio])),
  mixed,
  measurements: results,
  aptListsBytes: {
    bytes: results['apt-lists']?.apparentBytes,
    note: 'size of /var/lib/apt/lists after apt-get update of debian bookworm main+updates+security (amd64, GzipIndexes) on this machine',
  },
};
out.ratios.mixed = mixed.ratio;
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${outFile}`);
