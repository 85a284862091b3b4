#!/usr/bin/env node
// Measures what `npm install -g <pkg>` really writes, the way a Docker layer holds it: each package installed
// alone into a fresh prefix with its own fresh cache (HOME and --cache in a temp folder), then every part
// tarred and gzipped (`tar -c | gzip -6`, as the layer tar is gzipped) on its own and all together:
//   node_modules + bin links (the prefix), and the cache (~/.npm): _cacache/content-v2 (the tarballs as
//   downloaded, and the packuments as the registry served them), _cacache/index-v5 (one entry per cached
//   request), _logs and npm's small state files.
// It also records what the registry served: the Content-Type answered to the abbreviated-packument ("corgi")
// Accept header, and whether the versions carry dist.signatures (the public registry's corgi docs do).
// Writes bench/accuracy/npm-cache-layout.json (date, npm, node and registry in the file). Do not edit it by hand.
//
// Run: node scripts/measure-npm-cache.mjs [pkg ...]   (default: rtlcss express nodemon)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(repoRoot, 'bench/accuracy/npm-cache-layout.json');
const pkgs = process.argv.slice(2).length ? process.argv.slice(2) : ['rtlcss', 'express', 'nodemon'];
const npmVersion = execFileSync('npm', ['--version']).toString().trim();
const registry = execFileSync('npm', ['config', 'get', 'registry']).toString().trim();

function files(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
const sum = (ps) => ps.reduce((s, p) => s + statSync(p).size, 0);
/** `tar -c <paths> | gzip -6` bytes, paths relative to `cwd`. */
const tgz = (cwd, paths) => gzipSync(execFileSync('tar', ['--sort=name', '-cf', '-', ...paths], { cwd, maxBuffer: 1 << 30 }), { level: 6 }).length;

async function registryShape(name) {
  const res = await fetch(registry.replace(/\/?$/, '/') + name.replace('/', '%2f'), { headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*' } });
  const doc = await res.json();
  const versions = Object.values(doc.versions ?? {});
  return {
    contentType: res.headers.get('content-type'),
    versions: versions.length,
    withSignatures: versions.filter((v) => Array.isArray(v.dist?.signatures)).length,
    withPgpSignature: versions.filter((v) => typeof v.dist?.['npm-signature'] === 'string').length,
    withReadme: 'readme' in doc,
    withDescription: versions.filter((v) => 'description' in v).length,
  };
}

const rows = {};
for (const pkg of pkgs) {
  const dir = mkdtempSync(path.join(tmpdir(), 'npm-cache-layout-'));
  try {
    const home = path.join(dir, 'root');
    mkdirSync(home);
    execFileSync('npm', ['install', '-g', pkg, '--prefix', path.join(dir, 'usr/local'), '--cache', path.join(home, '.npm'), '--no-audit', '--no-fund', '--loglevel=warn'], {
      env: { ...process.env, HOME: home, npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const cacache = path.join(home, '.npm/_cacache');
    const content = files(path.join(cacache, 'content-v2'));
    // A cached tarball starts with gzip's magic bytes; the rest are packuments (JSON).
    const isGzip = (p) => { const b = readFileSync(p); return b[0] === 0x1f && b[1] === 0x8b; };
    const tarballs = content.filter(isGzip);
    const packuments = content.filter((p) => !isGzip(p));
    const gzOf = (ps) => ps.reduce((s, p) => s + gzipSync(readFileSync(p), { level: 6 }).length, 0);
    const versionsIn = packuments.reduce((s, p) => s + Object.keys(JSON.parse(readFileSync(p, 'utf8')).versions ?? {}).length, 0);
    const modules = path.join(dir, 'usr/local/lib/node_modules');
    const packages = files(modules).filter((p) => p.endsWith(`${path.sep}package.json`) && path.basename(path.dirname(p)) !== 'node_modules' && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/@]+[\\/]package\.json$/.test(p)).length;
    const index = files(path.join(cacache, 'index-v5'));
    rows[pkg] = {
      packages,
      nodeModulesBytes: sum(files(modules)),
      prefixGz: tgz(dir, ['usr']),
      binLinks: existsSync(path.join(dir, 'usr/local/bin')) ? readdirSync(path.join(dir, 'usr/local/bin')).length : 0,
      tarballs: tarballs.length,
      tarballBytes: sum(tarballs),
      packuments: packuments.length,
      packumentVersions: versionsIn,
      packumentBytes: sum(packuments),
      packumentGzBytes: gzOf(packuments),
      indexEntries: index.length,
      indexBytes: sum(index),
      indexGz: tgz(cacache, ['index-v5']),
      contentGz: tgz(cacache, ['content-v2']),
      logsGz: tgz(path.join(home, '.npm'), ['_logs']),
      cacheGz: tgz(home, ['.npm']),
      layerGz: tgz(dir, ['usr', 'root']),
      registryServed: await registryShape(pkg),
    };
    process.stderr.write(`${pkg}: ${JSON.stringify(rows[pkg])}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

writeFileSync(
  OUT,
  JSON.stringify(
    {
      source: `scripts/measure-npm-cache.mjs: npm ${npmVersion} on Node ${process.version} (${process.platform}/${process.arch}), registry ${registry}, each package installed alone with \`npm install -g <pkg> --prefix <tmp>/usr/local --cache <tmp>/root/.npm\`; sizes of regular files, gz = \`tar -c | gzip -6\` of the named folders (one gzip stream, as a layer).`,
      date: new Date().toISOString().slice(0, 10),
      npm: npmVersion,
      node: process.version,
      registry,
      fields: {
        packages: 'packages installed (package.json files directly under a node_modules folder)',
        prefixGz: 'usr/ (node_modules and the bin links) as tar.gz',
        tarballs: 'cached tarballs (content-v2 files starting with the gzip magic)', packuments: 'cached packuments (the other content-v2 files)',
        packumentVersions: 'versions listed in those packuments', packumentGzBytes: 'each packument gzipped on its own, summed',
        indexEntries: 'index-v5 files (one per cached request)', indexGz: 'index-v5/ as tar.gz', contentGz: 'content-v2/ as tar.gz',
        logsGz: '_logs/ as tar.gz', cacheGz: 'the whole ~/.npm as tar.gz', layerGz: 'usr/ and root/ together as tar.gz (the layer)',
        registryServed: 'the packument of the package itself as the registry served it to the corgi Accept header',
      },
      packages: rows,
    },
    null,
    1,
  ) + '\n',
);
process.stderr.write(`wrote ${path.relative(repoRoot, OUT)}\n`);
