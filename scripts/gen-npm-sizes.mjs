#!/usr/bin/env node
// Builds server/data/npm-packages.json: what `npm install <pkg>` puts in a layer, for the 500 most
// downloaded npm packages and every package the test corpora install, from the npm registry itself.
//
// Per package: the dependency closure npm installs for linux/x64 glibc (server/src/net/npmClosure.ts:
// latest tag or highest satisfying version, dependencies + non-optional peers + fitting optional deps,
// each name@version once), then every tarball of the closure is downloaded and its tar listing summed:
//   bytes   regular files' sizes (what node_modules holds: the registry's dist.unpackedSize, which this
//           registry mirror does not serve, is the same sum)
//   tgz     the tarball's size (npm's cache keeps it as is, so the cache is the tarballs + packuments)
// The list of the 500: npmTopDownloads of the npm package `npm-high-impact` (wooorm; sorted by weekly
// downloads, built from the npm download API), version pinned below.
//
// Run: node --import tsx scripts/gen-npm-sizes.mjs [--top 500] [--jobs 8] [--out server/data/npm-packages.json]
// Downloads are cached in $TMPDIR/npm-size-cache.json between runs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { resolveNpmClosure } from '../server/src/net/npmClosure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HIGH_IMPACT = 'npm-high-impact@1.13.0';
const REGISTRY = (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/?$/, '/');

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const TOP = Number(opt('--top', 500));
const JOBS = Number(opt('--jobs', 8));
const OUT = path.resolve(opt('--out', path.join(repoRoot, 'server/data/npm-packages.json')));
const CACHE_FILE = path.join(tmpdir(), 'npm-size-cache.json');

// Named in the issue or in the estimators' tests and docs, not (yet) in a corpus file.
const EXTRA = [
  'ghost-cli', 'rtlcss', 'npm', 'yarn', 'pnpm', 'typescript', 'express', 'next', 'react', 'react-dom', 'nodemon', 'pm2',
  'serve', 'http-server', 'ts-node', 'tsx', '@nestjs/cli', '@angular/cli', '@vue/cli', 'create-react-app', 'prisma',
  '@prisma/client', 'sharp', 'puppeteer', 'puppeteer-core', 'playwright', 'mongoose', 'pg', 'mysql2', 'redis', 'ioredis',
  'socket.io', 'fastify', 'koa', 'aws-sdk', '@aws-sdk/client-s3', 'firebase-admin', 'firebase-tools', 'vercel', 'netlify-cli',
  'nx', 'lerna', 'turbo', 'corepack', 'node-gyp', 'bcrypt', 'sqlite3', 'better-sqlite3', '@nestjs/core', '@nestjs/common',
  '@nestjs/platform-express', 'nuxt', 'vue', '@angular/core', 'svelte', 'gatsby', 'gatsby-cli', 'webpack', 'webpack-cli',
  'vite', 'eslint', 'prettier', 'jest', 'mocha', 'json-server', 'nodemon', 'forever', 'bower', 'grunt-cli', 'gulp-cli',
  'less', 'sass', 'node-sass', 'uglify-js', 'terser', 'cordova', 'ionic', '@ionic/cli', 'expo-cli', 'eas-cli', 'yo',
  'generator-code', '@vscode/vsce', 'snyk', 'dotenv', 'cross-env', 'rimraf', 'concurrently', 'openai', 'stripe',
  'zx', 'moment', 'winston', 'hono', '@remix-run/node', 'react-scripts', '@babel/core', 'tailwindcss', 'esbuild', 'rollup', 'graphql',
  '@apollo/server', 'apollo-server', 'typeorm', 'sequelize', 'knex', 'strapi', '@strapi/strapi', 'node-red', 'n8n',
  'verdaccio', 'mermaid', '@mermaid-js/mermaid-cli', 'markdownlint-cli', 'cspell', 'semantic-release', 'newman',
  'artillery', 'lighthouse', 'wrangler', 'aws-cdk', 'serverless', '@google/clasp', 'renovate', 'code-server',
];

function corpusNames() {
  // `npm install -g a b`, `npm i x@1`, `yarn (global) add x`, `pnpm add x` in the Dockerfiles the tests and benches read.
  const names = new Set();
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (entry === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else if (/Dockerfile|\.dockerfile$|\.json$|\.md$/i.test(entry)) {
        const text = readFileSync(full, 'utf8').replace(/\\\\\\n/g, ' ').replace(/\\n/g, '\n').replace(/\\t/g, ' ').replace(/\\"/g, '"').replace(/\\\n/g, ' ');
        for (const m of text.matchAll(/\b(?:npm[ \t]+(?:install|i|add)|yarn[ \t]+(?:global[ \t]+)?add|pnpm[ \t]+(?:add|install))[ \t]+([^&;|)\n`]*)/g)) {
          for (const raw of m[1].trim().split(/\s+/)) {
            // `"ghost-cli@$GHOST_CLI_VERSION"`: the name counts, the version comes from the build.
            const word = raw.replace(/^["']|["']$/g, '').replace(/@\$.*$/, '');
            if (!word || word.startsWith('-') || word.includes('$') || word.includes('/') && !word.startsWith('@')) continue;
            if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[^\s]*)?$/.test(word)) continue;
            names.add(word.replace(/(?<=.)@[^/]*$/, '').toLowerCase());
          }
        }
      }
    }
  };
  for (const dir of ['examples', 'test/fixtures', 'bench']) walk(path.join(repoRoot, dir));
  return [...names];
}

async function topDownloads() {
  const dir = mkdtempSync(path.join(tmpdir(), 'npm-high-impact-'));
  execFileSync('npm', ['install', '--prefix', dir, HIGH_IMPACT, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
  const mod = await import(pathToFileURL(path.join(dir, 'node_modules/npm-high-impact/index.js')).href);
  return mod.npmTopDownloads.slice(0, TOP);
}

let cache = existsSync(CACHE_FILE) ? JSON.parse(readFileSync(CACHE_FILE, 'utf8')) : {};
cache.tarballs ??= {};

// Abbreviated packuments, once per name, JOBS at a time.
const packuments = new Map();
const packumentBytes = new Map();
let active = 0;
const waiting = [];
async function limited(work) {
  if (active >= JOBS) await new Promise((r) => waiting.push(r));
  else active++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}
async function fetchRetry(url, init, tries = 3) {
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(120_000) });
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return res;
    } catch (e) {
      if (i + 1 >= tries) throw e;
      await new Promise((r) => setTimeout(r, 1000 * (i + 1)));
    }
  }
}
function getPackument(name) {
  if (!packuments.has(name)) {
    packuments.set(
      name,
      limited(async () => {
        const res = await fetchRetry(REGISTRY + name.replace('/', '%2f'), { headers: { accept: 'application/vnd.npm.install-v1+json' } });
        if (!res) return undefined;
        const text = await res.text();
        packumentBytes.set(name, text.length);
        return JSON.parse(text);
      }).catch((e) => {
        process.stderr.write(`packument ${name}: ${e.message}\n`);
        return undefined;
      }),
    );
  }
  return packuments.get(name);
}

// Sum of regular files in a tar stream (ustar, pax `size=` overrides, GNU long names skipped).
async function tarballSizes(url) {
  const res = await fetchRetry(url, {});
  if (!res) throw new Error('404');
  const tgz = Number(res.headers.get('content-length')) || undefined;
  const gunzip = Readable.fromWeb(res.body).pipe(createGunzip());
  let buf = Buffer.alloc(0);
  let skip = 0;
  let bytes = 0;
  let files = 0;
  let compressed = 0;
  let paxSize;
  let readingPax = 0;
  let paxBuf = [];
  for await (const chunk of gunzip) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    for (;;) {
      if (skip > 0) {
        const n = Math.min(skip, buf.length);
        if (readingPax > 0) {
          paxBuf.push(buf.subarray(0, Math.min(n, readingPax)));
          readingPax -= Math.min(n, readingPax);
        }
        skip -= n;
        buf = buf.subarray(n);
        if (skip > 0) break;
        if (paxBuf.length && readingPax === 0) {
          const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(Buffer.concat(paxBuf).toString('utf8'));
          paxSize = m ? Number(m[1]) : undefined;
          paxBuf = [];
        }
      }
      if (buf.length < 512) break;
      const header = buf.subarray(0, 512);
      buf = buf.subarray(512);
      if (header.every((b) => b === 0)) continue;
      const type = String.fromCharCode(header[156] || 48);
      let size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
      if (header[124] & 0x80) size = Number(header.readBigUInt64BE(128));
      if (type === 'x') readingPax = size;
      else if (type === '0' || type === '7') {
        const real = paxSize ?? size;
        bytes += real;
        files++;
        size = real;
        paxSize = undefined;
      } else if (type !== 'g' && type !== 'L' && type !== 'K') paxSize = undefined;
      skip = Math.ceil(size / 512) * 512;
    }
  }
  compressed = tgz;
  return { bytes, files, tgz: compressed };
}

function measureTarball(member) {
  const key = `${member.name}@${member.version}`;
  if (cache.tarballs[key]) return Promise.resolve(cache.tarballs[key]);
  return limited(async () => {
    const r = await tarballSizes(member.tarball);
    cache.tarballs[key] = r;
    return r;
  }).catch((e) => {
    process.stderr.write(`tarball ${key}: ${e.message}\n`);
    return undefined;
  });
}

async function main() {
  const top = await topDownloads();
  const corpus = corpusNames();
  // The packages measured by real installs (bench/accuracy/npm-installs.json) too, so the table can be checked against them.
  const installed = Object.keys(JSON.parse(readFileSync(path.join(repoRoot, 'bench/accuracy/npm-installs.json'), 'utf8')).packages);
  const wanted = [...new Set([...top, ...corpus, ...EXTRA, ...installed])];
  process.stderr.write(`${top.length} top, ${corpus.length} from corpora (${corpus.join(', ')}), ${wanted.length} in all\n`);
  const closures = new Map();
  const failures = [];
  await Promise.all(
    wanted.map(async (name) => {
      const c = await resolveNpmClosure(name, 'latest', getPackument).catch((e) => (failures.push({ name, error: String(e.message ?? e) }), undefined));
      if (!c) {
        if (!failures.some((f) => f.name === name)) failures.push({ name, error: 'not resolvable from the registry (no latest version?)' });
        return;
      }
      if (c.root.deprecatedOnly) return;
      closures.set(name, c);
    }),
  );
  const allMembers = new Map();
  for (const c of closures.values()) for (const m of c.members) allMembers.set(`${m.name}@${m.version}`, m);
  process.stderr.write(`${closures.size} closures, ${allMembers.size} distinct name@version; measuring tarballs\n`);
  let done = 0;
  await Promise.all(
    [...allMembers.values()].map(async (m) => {
      await measureTarball(m);
      if (++done % 200 === 0) {
        process.stderr.write(`  ${done}/${allMembers.size}\n`);
        writeFileSync(CACHE_FILE, JSON.stringify(cache));
      }
    }),
  );
  writeFileSync(CACHE_FILE, JSON.stringify(cache));

  // Shared member table: closures reference it by index, so several packages installed together
  // count each dependency once.
  const memberKeys = [...allMembers.keys()].filter((k) => cache.tarballs[k]).sort();
  const index = new Map(memberKeys.map((k, i) => [k, i]));
  const packages = {};
  for (const name of [...closures.keys()].sort()) {
    const c = closures.get(name);
    const missing = c.members.filter((m) => !index.has(`${m.name}@${m.version}`));
    if (missing.length) {
      failures.push({ name, error: `tarball not measured: ${missing.map((m) => m.name).join(', ')}` });
      continue;
    }
    const ids = c.members.map((m) => index.get(`${m.name}@${m.version}`));
    const packumentSum = [...new Set(c.members.map((m) => m.name))].reduce((s, n) => s + (packumentBytes.get(n) ?? 0), 0);
    // The package's own index first, then its dependencies' indices sorted and delta-encoded (smaller file).
    const deps = ids.slice(1).sort((a, b) => a - b);
    const entry = { v: c.root.version, m: [ids[0], ...deps.map((x, i) => x - (i ? deps[i - 1] : 0))], p: Math.round(packumentSum / 100) };
    if (c.unresolved.length) entry.u = c.unresolved;
    const scripted = c.members.filter((m) => m.installScript).map((m) => m.name);
    if (scripted.length) entry.s = scripted;
    packages[name] = entry;
  }
  const out = {
    source:
      `scripts/gen-npm-sizes.mjs, ${new Date().toISOString().slice(0, 10)}: closures resolved from the npm registry's packuments (${REGISTRY}) for linux/x64 glibc, ` +
      'every tarball of every closure downloaded and its files summed. ' +
      `The list: the ${TOP} most downloaded packages (npmTopDownloads of ${HIGH_IMPACT}, sorted by weekly downloads), plus every package installed in examples/, test/fixtures/ and bench/, plus the packages of bench/accuracy/npm-installs.json and named ones (see EXTRA in the script).`,
    date: new Date().toISOString().slice(0, 10),
    registry: REGISTRY,
    fields: {
      members: 'every measured name@version, sorted',
      sizes: 'per member two numbers, in units of 100 bytes: its files\' bytes (what node_modules holds), its tarball\'s bytes',
      'packages.<name>.v': 'version the latest tag pointed to on the date',
      'packages.<name>.m': 'the closure npm installs, as indices into members: the package\'s own, then its dependencies\' sorted and delta-encoded (each the difference to the one before)',
      'packages.<name>.p': 'bytes of the closure\'s abbreviated packuments (npm caches them beside the tarballs), in units of 100 bytes',
      'packages.<name>.s': 'closure members with an install script (hasInstallScript): a real build may download or compile more',
      'packages.<name>.u': 'dependencies that could not be resolved (git/file specs): not counted',
    },
    caveats:
      'Install scripts are not run: packages that download or build binaries at install time (puppeteer\'s browser, node-gyp addons) are larger in a real build. ' +
      'Each name@version counts once; npm\'s tree can nest one version twice (rare). Optional platform packages are those for linux/x64 glibc.',
    failures: failures.sort((a, b) => a.name.localeCompare(b.name)),
    members: memberKeys,
    sizes: memberKeys.flatMap((k) => [Math.round(cache.tarballs[k].bytes / 100), Math.round((cache.tarballs[k].tgz ?? 0) / 100)]),
    packages,
  };
  writeFileSync(OUT, JSON.stringify(out) + '\n');
  process.stderr.write(`wrote ${OUT}: ${Object.keys(packages).length} packages, ${memberKeys.length} members, ${failures.length} failures\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
