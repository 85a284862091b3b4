#!/usr/bin/env node
// Builds server/data/npm-packages.json: what `npm install <pkg>` puts in a layer, for the 500 most
// downloaded npm packages and every package the test and bench corpora install, from the npm registry itself.
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
// Incremental by default: the packages already in the output file keep their closure and the date it
// was measured (`added`); only names not yet in it are resolved, and only tarballs of name@versions
// not yet in `members` are downloaded. `--refresh` re-resolves every package (all tarballs again,
// unless cached). Tarball measurements are cached in ~/.cache/dockerfile-size-hints/npm-tarballs.json
// ($XDG_CACHE_HOME honoured). `--dry-run` prints the wanted names and what is new, and writes nothing.
//
// Run: node --import tsx scripts/gen-npm-sizes.mjs [--top 500] [--jobs 8] [--refresh] [--dry-run] [--out server/data/npm-packages.json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import semver from 'semver';
import { resolveNpmClosure } from '../server/src/net/npmClosure.ts';
import { corpusNames } from './npm-corpus.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HIGH_IMPACT = 'npm-high-impact@1.13.0';
const REGISTRY = (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/?$/, '/');

const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const TOP = Number(opt('--top', 500));
const JOBS = Number(opt('--jobs', 8));
const OUT = path.resolve(opt('--out', path.join(repoRoot, 'server/data/npm-packages.json')));
const REFRESH = argv.includes('--refresh');
const DRY_RUN = argv.includes('--dry-run');
/** Older majors kept per package: the latest version of each of the N majors below the measured one (`--majors 0`: none). */
const MAJORS = Number(opt('--majors', 2));
const CACHE_DIR = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'dockerfile-size-hints');
const CACHE_FILE = path.join(CACHE_DIR, 'npm-tarballs.json');
/** Folders whose Dockerfiles, JSON and Markdown name the packages the corpora install. */
export const CORPUS_DIRS = ['examples', 'test', 'bench'];

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

async function topDownloads() {
  const dir = mkdtempSync(path.join(tmpdir(), 'npm-high-impact-'));
  try {
    execFileSync('npm', ['install', '--prefix', dir, HIGH_IMPACT, '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
    const mod = await import(pathToFileURL(path.join(dir, 'node_modules/npm-high-impact/index.js')).href);
    return mod.npmTopDownloads.slice(0, TOP);
  } finally {
    rmSync(dir, { recursive: true, force: true }); // the list is in memory now
  }
}

export const cache = existsSync(CACHE_FILE) ? JSON.parse(readFileSync(CACHE_FILE, 'utf8')) : {};
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
export function getPackument(name) {
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

// Versions listed in each name's packument as the registry serves it (abbreviated Accept header): npm caches every
// packument of a closure, and the public registry's carry a signature per version (npmSizes.ts prices them per version).
// Packuments already read for a closure are counted from memory; the others are fetched and only their count kept.
const versionCounts = new Map();
export function versionCount(name) {
  if (!versionCounts.has(name)) {
    versionCounts.set(
      name,
      (packuments.has(name)
        ? packuments.get(name)
        : limited(async () => {
            const res = await fetchRetry(REGISTRY + name.replace('/', '%2f'), { headers: { accept: 'application/vnd.npm.install-v1+json' } });
            return res ? JSON.parse(await res.text()) : undefined;
          })
      ).then((doc) => (doc ? Object.keys(doc.versions ?? {}).length : undefined)),
    );
  }
  return versionCounts.get(name);
}
/** Versions in the packuments of a closure's distinct names (name@version keys); undefined if one could not be read. */
async function closureVersions(keys) {
  const names = [...new Set(keys.map((k) => k.slice(0, k.lastIndexOf('@'))))];
  const counts = await Promise.all(names.map((n) => versionCount(n).catch(() => undefined)));
  return counts.some((c) => c === undefined) ? undefined : counts.reduce((a, b) => a + b, 0);
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

/** { bytes, files, tgz } of one closure member's tarball, downloaded once (cached by name@version). */
export function measureTarball(member) {
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

/** The closures of an existing output file as name → { entry, keys: name@version of its members, own first }. */
export function previousClosures(file) {
  if (!existsSync(file)) return { packages: new Map(), sizes: new Map(), added: {}, why: {} };
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const sizes = new Map(data.members.map((k, i) => [k, { bytes: data.sizes[2 * i] * 100, tgz: data.sizes[2 * i + 1] * 100 }]));
  const packages = new Map();
  for (const [name, entry] of Object.entries(data.packages)) {
    const ids = [entry.m[0]];
    let at = 0;
    for (let i = 1; i < entry.m.length; i++) ids.push((at += entry.m[i]));
    packages.set(name, { entry, keys: ids.map((id) => data.members[id]) });
  }
  // Tables written before `added` existed were measured on their `date`.
  const added = data.added ?? { [data.date]: [...packages.keys()].sort() };
  return { packages, sizes, added, why: data.why ?? {}, members: data.members, versionsCounted: data.versionsCounted };
}

async function main() {
  const top = await topDownloads();
  const corpus = corpusNames(repoRoot, CORPUS_DIRS);
  // The packages measured by real installs (bench/accuracy/npm-installs.json) too, so the table can be checked against them.
  const installed = Object.keys(JSON.parse(readFileSync(path.join(repoRoot, 'bench/accuracy/npm-installs.json'), 'utf8')).packages);
  const wanted = [...new Set([...top, ...corpus.keys(), ...EXTRA, ...installed])];
  // Why each name is wanted: its download rank, the first corpus file naming it, or the lists.
  const why = {};
  top.forEach((n, i) => (why[n] = `top ${i + 1}`));
  for (const [n, f] of corpus) why[n] ??= f;
  for (const n of installed) why[n] ??= 'bench/accuracy/npm-installs.json';
  for (const n of EXTRA) why[n] ??= 'EXTRA';
  const previous = REFRESH ? { packages: new Map(), sizes: new Map(), added: {}, why: {}, members: [] } : previousClosures(OUT);
  // Incremental: what the table has stays (only --refresh drops or re-measures).
  const kept = [...new Set([...wanted.filter((n) => previous.packages.has(n)), ...previous.packages.keys()])];
  const fresh = wanted.filter((n) => !previous.packages.has(n));
  process.stderr.write(`${top.length} top, ${corpus.size} from corpora, ${wanted.length} in all: ${kept.length} kept from ${path.relative(repoRoot, OUT)}, ${fresh.length} to resolve (${fresh.slice(0, 30).join(', ')}${fresh.length > 30 ? ', …' : ''})\n`);
  if (DRY_RUN) return;
  // Measured sizes: the previous table's members (rounded to 100 B, as stored), then the download cache.
  for (const [k, v] of previous.sizes) cache.tarballs[k] ??= { bytes: v.bytes, tgz: v.tgz, fromTable: true };
  const closures = new Map();
  for (const n of kept) closures.set(n, { root: { version: previous.packages.get(n).entry.v }, keys: previous.packages.get(n).keys, entry: previous.packages.get(n).entry });
  const failures = [];
  const newMembers = new Map();
  await Promise.all(
    fresh.map(async (name) => {
      const c = await resolveNpmClosure(name, 'latest', getPackument).catch((e) => (failures.push({ name, error: String(e.message ?? e) }), undefined));
      if (!c) {
        if (!failures.some((f) => f.name === name)) failures.push({ name, error: 'not resolvable from the registry (no latest version?)' });
        return;
      }
      if (c.root.deprecatedOnly) return;
      closures.set(name, { ...c, keys: c.members.map((m) => `${m.name}@${m.version}`) });
      for (const m of c.members) newMembers.set(`${m.name}@${m.version}`, m);
    }),
  );
  // Older majors (a pin like `mongo-express@0.54.0` or `express@4` installs another closure than the latest):
  // the latest version of each of the MAJORS majors below the measured one, kept like the packages (incremental).
  const olderMajors = new Map();
  if (MAJORS > 0) {
    await Promise.all(
      [...closures.keys()].map(async (name) => {
        const c = closures.get(name);
        const version = c.root.version;
        const had = c.entry?.o;
        if (had) {
          const keysOf = (o) => { const ids = [o.m[0]]; let at = 0; for (let i = 1; i < o.m.length; i++) ids.push((at += o.m[i])); return ids.map((id) => previous.members[id]); };
          olderMajors.set(name, Object.fromEntries(Object.entries(had).map(([M, o]) => [M, { v: o.v, p: o.p, keys: keysOf(o), kept: true }])));
          return;
        }
        const pk = await getPackument(name);
        if (!pk || !semver.valid(version)) return;
        const current = semver.major(version);
        const majors = [...new Set(Object.keys(pk.versions ?? {}).filter((v) => semver.valid(v) && !semver.prerelease(v)).map((v) => semver.major(v)))].filter((M) => M < current).sort((a, b) => b - a).slice(0, MAJORS);
        const out = {};
        for (const M of majors) {
          const oc = await resolveNpmClosure(name, `${M}.x`, getPackument).catch(() => undefined);
          if (!oc || oc.root.deprecatedOnly) continue;
          out[M] = { v: oc.root.version, keys: oc.members.map((m) => `${m.name}@${m.version}`), p: Math.round([...new Set(oc.members.map((x) => x.name))].reduce((sum, n) => sum + (packumentBytes.get(n) ?? 0), 0) / 100) };
          for (const m of oc.members) newMembers.set(`${m.name}@${m.version}`, m);
        }
        if (Object.keys(out).length) olderMajors.set(name, out);
      }),
    );
    process.stderr.write(`older majors: ${[...olderMajors.values()].reduce((n, o) => n + Object.keys(o).length, 0)} closures of ${olderMajors.size} packages\n`);
  }
  const toMeasure = [...newMembers.entries()].filter(([k]) => !cache.tarballs[k]).map(([, m]) => m);
  process.stderr.write(`${closures.size} closures; ${newMembers.size} name@versions in the new ones, ${toMeasure.length} tarballs to download\n`);
  let done = 0;
  const saveCache = saveTarballCache;
  await Promise.all(
    toMeasure.map(async (m) => {
      await measureTarball(m);
      if (++done % 200 === 0) {
        process.stderr.write(`  ${done}/${toMeasure.length}\n`);
        saveCache();
      }
    }),
  );
  saveCache();

  // Shared member table: closures reference it by index, so several packages installed together
  // count each dependency once.
  const used = new Set([...[...closures.values()].flatMap((c) => c.keys), ...[...olderMajors.values()].flatMap((o) => Object.values(o).flatMap((x) => x.keys))]);
  const memberKeys = [...used].filter((k) => cache.tarballs[k]).sort();
  const index = new Map(memberKeys.map((k, i) => [k, i]));
  const packages = {};
  const today = new Date().toISOString().slice(0, 10);
  const added = {};
  for (const name of [...closures.keys()].sort()) {
    const c = closures.get(name);
    const missing = c.keys.filter((k) => !index.has(k));
    if (missing.length) {
      failures.push({ name, error: `tarball not measured: ${missing.join(', ')}` });
      continue;
    }
    const ids = c.keys.map((k) => index.get(k));
    // The package's own index first, then its dependencies' indices sorted and delta-encoded (smaller file).
    const deps = ids.slice(1).sort((a, b) => a - b);
    const m = [ids[0], ...deps.map((x, i) => x - (i ? deps[i - 1] : 0))];
    if (c.entry) {
      packages[name] = { ...c.entry, m };
      const date = Object.keys(previous.added).find((d) => previous.added[d].includes(name)) ?? today;
      (added[date] ??= []).push(name);
      continue;
    }
    const packumentSum = [...new Set(c.members.map((x) => x.name))].reduce((s, n) => s + (packumentBytes.get(n) ?? 0), 0);
    const entry = { v: c.root.version, m, p: Math.round(packumentSum / 100) };
    if (c.unresolved.length) entry.u = c.unresolved;
    const scripted = c.members.filter((x) => x.installScript).map((x) => x.name);
    if (scripted.length) entry.s = scripted;
    packages[name] = entry;
    (added[today] ??= []).push(name);
  }
  // Older majors' closures, encoded as the packages' (own index first, then delta-encoded dependencies).
  const encode = (keys) => { const ids = keys.map((k) => index.get(k)); const deps = ids.slice(1).sort((a, b) => a - b); return [ids[0], ...deps.map((x, i) => x - (i ? deps[i - 1] : 0))]; };
  for (const [name, o] of olderMajors) {
    if (!packages[name]) continue;
    const enc = {};
    for (const [M, x] of Object.entries(o)) if (x.keys.every((k) => index.has(k))) enc[M] = { v: x.v, m: encode(x.keys), p: x.p };
    if (Object.keys(enc).length) packages[name].o = enc;
    else delete packages[name].o;
  }
  // n: versions in the closure's packuments, counted when the package was added (or, for the packages added before n
  // existed, on the date in versionsCounted); `--refresh` recounts. Older majors' closures alike.
  let counted = 0;
  const countedToday = [];
  await Promise.all(
    Object.entries(packages).map(async ([name, entry]) => {
      const c = closures.get(name);
      const prevEntry = previous.packages.get(name)?.entry;
      if (prevEntry?.n !== undefined && c.entry) entry.n = prevEntry.n;
      else {
        const n = await closureVersions(c.keys);
        if (n !== undefined) { entry.n = n; if (c.entry) countedToday.push(name); }
      }
      for (const [M, enc] of Object.entries(entry.o ?? {})) {
        const prevN = prevEntry?.o?.[M]?.n;
        if (prevN !== undefined && c.entry) enc.n = prevN;
        else {
          const n = await closureVersions(olderMajors.get(name)[M].keys);
          if (n !== undefined) enc.n = n;
        }
      }
      if (++counted % 100 === 0) process.stderr.write(`  versions counted for ${counted} packages\n`);
    }),
  );
  const versionsCounted = { ...(previous.versionsCounted ?? {}) };
  if (countedToday.length) versionsCounted[today] = [...new Set([...(versionsCounted[today] ?? []), ...countedToday])].sort();
  // `why` only for names not in the top list (the rank of those is in npm-high-impact).
  const whyOut = Object.fromEntries(Object.keys(packages).filter((n) => !why[n]?.startsWith('top ')).map((n) => [n, why[n] ?? previous.why[n] ?? 'earlier list']).sort());
  const out = {
    source:
      `scripts/gen-npm-sizes.mjs: closures resolved from the npm registry's packuments (${REGISTRY}) for linux/x64 glibc, ` +
      'every tarball of every closure downloaded and its files summed; incremental (each package keeps the date it was measured, `added`). ' +
      `The list: the ${TOP} most downloaded packages (npmTopDownloads of ${HIGH_IMPACT}, sorted by weekly downloads), plus every package installed in ${CORPUS_DIRS.join('/, ')}/ (Dockerfiles, their text in JSON, Markdown code blocks), plus the packages of bench/accuracy/npm-installs.json and named ones (see EXTRA in the script); \`why\` says which, for those not in the top list.`,
    date: today,
    registry: REGISTRY,
    fields: {
      members: 'every measured name@version, sorted',
      sizes: 'per member two numbers, in units of 100 bytes: its files\' bytes (what node_modules holds), its tarball\'s bytes',
      'packages.<name>.v': 'version the latest tag pointed to on the date it was added',
      'packages.<name>.m': 'the closure npm installs, as indices into members: the package\'s own, then its dependencies\' sorted and delta-encoded (each the difference to the one before)',
      'packages.<name>.p': 'bytes of the closure\'s abbreviated packuments (npm caches them beside the tarballs), in units of 100 bytes',
      'packages.<name>.n': 'versions listed in the closure\'s packuments (each distinct name once) as the registry served them: counted when the package was added, or on the date of `versionsCounted` that names it',
      'packages.<name>.s': 'closure members with an install script (hasInstallScript): a real build may download or compile more',
      'packages.<name>.u': 'dependencies that could not be resolved (git/file specs): not counted',
      'packages.<name>.o': 'older majors: major → { v, m, p } of the latest version of that major (the --majors majors below v), encoded as v/m/p/n are',
      versionsCounted: 'date → the packages added before `n` existed whose closures\' versions (and their older majors\') were counted that day',
      added: 'date → the packages resolved and measured that day',
      why: 'name → why it is in the table when it is not one of the top downloads: the corpus file that installs it, npm-installs.json or EXTRA',
    },
    caveats:
      'Install scripts are not run: packages that download or build binaries at install time (puppeteer\'s browser, node-gyp addons) are larger in a real build. ' +
      'Each name@version counts once; npm\'s tree can nest one version twice (rare). Optional platform packages are those for linux/x64 glibc.',
    failures: failures.sort((a, b) => a.name.localeCompare(b.name)),
    added: Object.fromEntries(Object.entries(added).sort().map(([d, ns]) => [d, ns.sort()])),
    why: whyOut,
    versionsCounted,
    members: memberKeys,
    sizes: memberKeys.flatMap((k) => [Math.round(cache.tarballs[k].bytes / 100), Math.round((cache.tarballs[k].tgz ?? 0) / 100)]),
    packages,
  };
  writeFileSync(OUT, JSON.stringify(out) + '\n');
  process.stderr.write(`wrote ${OUT}: ${Object.keys(packages).length} packages (${fresh.length} new), ${memberKeys.length} members, ${failures.length} failures\n`);
}

/** Writes the download cache (not the entries seeded from the table). */
export function saveTarballCache() {
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(CACHE_FILE, JSON.stringify({ tarballs: Object.fromEntries(Object.entries(cache.tarballs).filter(([, v]) => !v.fromTable)) }));
}

// Imported (scripts/bench-npm-pins.ts reuses the registry reads and tarball measurements): no run.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
