#!/usr/bin/env node
// Measures what `npm install <pkg>` adds to an image layer, for the most used npm packages.
//
// For each package: a fresh temp project and a fresh npm cache, then
//   npm install <pkg> --omit=dev --ignore-scripts --no-audit --no-fund --cache <tmp>
// and we record
//   nodeModulesBytes  apparent size of all regular files under node_modules (what a layer tar holds)
//   nodeModulesFiles  number of regular files there
//   nodeModulesGzBytes  `tar -c node_modules | gzip -6` size (≈ the pulled, compressed layer)
//   cacheBytes        size of the npm cache dir afterwards (what ~/.npm keeps if not cleaned)
//   packages          installed package count (the dependency closure, incl. itself)
// --ignore-scripts: postinstall downloads (puppeteer's browser, prebuild-install addons) are not counted;
// the output's caveats say so.
//
// Usage: node scripts/gen-npm-sizes.mjs [--only a,b] [--jobs 3] [--out server/data/npm-packages.json]
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, lstat, readFile, writeFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Chosen by weekly downloads and by how often they show up in Dockerfile-built Node services.
const PACKAGES = [
  'express', 'react', 'react-dom', 'next', 'typescript', 'lodash', 'axios', 'webpack', 'vite',
  '@babel/core', 'eslint', 'jest', 'prisma', '@prisma/client', 'sharp', 'puppeteer-core',
  'puppeteer', 'mongoose', 'mongodb', 'pg', 'mysql2', 'redis', 'ioredis', 'socket.io', 'dotenv',
  'cors', 'body-parser', 'moment', 'dayjs', 'uuid', 'chalk', 'commander', 'yargs', 'nodemon', 'pm2',
  'ts-node', 'tsx', 'rxjs', '@nestjs/core', '@nestjs/common', '@nestjs/platform-express', 'vue',
  '@angular/core', 'svelte', 'fastify', 'koa', 'aws-sdk', '@aws-sdk/client-s3', 'firebase-admin',
  'winston', 'pino', 'jsonwebtoken', 'bcrypt', 'bcryptjs', 'zod', 'class-validator', 'graphql',
  'apollo-server', '@apollo/server', 'prettier', 'tailwindcss', 'sass', 'esbuild', 'rollup',
  'node-fetch', 'ws', 'sequelize', 'typeorm', 'knex', 'sqlite3', 'better-sqlite3', 'playwright',
  'openai', 'stripe', 'multer', 'passport', 'helmet', 'morgan', 'cheerio', 'date-fns', 'nuxt',
  'serve', 'http-server', '@types/node', 'core-js', 'react-scripts', '@remix-run/node', 'hono',
];

function parseArgs(argv) {
  const args = { jobs: 3, only: undefined, out: path.join(repoRoot, 'server/data/npm-packages.json'), timeoutMs: 300_000 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--jobs') args.jobs = Number(argv[++i]);
    else if (a === '--only') args.only = argv[++i].split(',');
    else if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--timeout') args.timeoutMs = Number(argv[++i]) * 1000;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function run(cmd, args, opts) {
  return new Promise((resolve) => {
    execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...opts }, (error, stdout, stderr) => {
      resolve({ error, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

// Apparent sizes of regular files (symlinks such as node_modules/.bin entries are a few bytes of tar header).
async function measureTree(dir) {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) {
        bytes += (await lstat(full)).size;
        files++;
      }
    }
  }
  return { bytes, files };
}

async function countPackages(nodeModules) {
  let count = 0;
  const walk = async (dir) => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        await walk(full);
        continue;
      }
      if (existsSync(path.join(full, 'package.json'))) count++;
      if (existsSync(path.join(full, 'node_modules'))) await walk(path.join(full, 'node_modules'));
    }
  };
  await walk(nodeModules);
  return count;
}

async function gzipSize(projectDir) {
  const result = await run('sh', ['-c', 'tar -cf - node_modules | gzip -6 | wc -c'], { cwd: projectDir, timeout: 300_000 });
  const n = Number(result.stdout.trim());
  return result.error || !Number.isFinite(n) ? undefined : n;
}

async function measurePackage(name, timeoutMs) {
  const work = await mkdtemp(path.join(tmpdir(), 'npm-size-'));
  const project = path.join(work, 'app');
  const cache = path.join(work, 'cache');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'measure', version: '1.0.0', private: true }));
  const started = Date.now();
  try {
    const result = await run(
      'npm',
      ['install', name, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--cache', cache, '--loglevel=error'],
      { cwd: project, timeout: timeoutMs, env: { ...process.env, npm_config_cache: cache } },
    );
    if (result.error) {
      return { name, error: (result.error.killed ? 'timeout: ' : '') + (result.stderr.trim().split('\n').slice(-3).join(' | ') || String(result.error.message)).slice(0, 300) };
    }
    const nodeModules = path.join(project, 'node_modules');
    const pkgJson = JSON.parse(await readFile(path.join(nodeModules, name, 'package.json'), 'utf8'));
    const tree = await measureTree(nodeModules);
    const cacheTree = await measureTree(path.join(cache, '_cacache'));
    return {
      name,
      version: pkgJson.version,
      nodeModulesBytes: tree.bytes,
      nodeModulesFiles: tree.files,
      nodeModulesGzBytes: await gzipSize(project),
      packages: await countPackages(nodeModules),
      cacheBytes: cacheTree.bytes,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } catch (error) {
    return { name, error: String(error).slice(0, 300) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function main() {
  const args = parseArgs(process.argv);
  const names = args.only ?? PACKAGES;
  const npmVersion = (await run('npm', ['-v'])).stdout.trim();
  const results = new Map();
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      const r = await measurePackage(name, args.timeoutMs);
      results.set(name, r);
      process.stderr.write(r.error ? `FAIL ${name}: ${r.error}\n` : `ok   ${name}@${r.version} ${(r.nodeModulesBytes / 1e6).toFixed(1)} MB, cache ${(r.cacheBytes / 1e6).toFixed(1)} MB\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, args.jobs) }, worker));

  // --only refreshes some entries and keeps the others.
  let previous = {};
  if (args.only && existsSync(args.out)) previous = JSON.parse(readFileSync(args.out, 'utf8')).packages ?? {};
  const date = new Date().toISOString().slice(0, 10);
  const packages = { ...previous };
  const failures = [];
  for (const name of names) {
    const r = results.get(name);
    if (!r || r.error) {
      failures.push({ name, error: r?.error ?? 'not run' });
      continue;
    }
    const { name: _n, seconds: _s, ...rest } = r;
    packages[name] = { ...rest, date };
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  const out = {
    source:
      `Measured by scripts/gen-npm-sizes.mjs: npm ${npmVersion} on Node ${process.version} (${process.platform}/${process.arch}, host ${hostname()}), ` +
      'installing each package alone into an empty project from the public npm registry with ' +
      '`npm install <pkg> --omit=dev --ignore-scripts --no-audit --no-fund --cache <fresh dir>`.',
    registry: 'public npm registry (default)',
    fields: {
      version: 'version npm resolved on the date measured',
      nodeModulesBytes: 'sum of apparent sizes of regular files in node_modules (the whole dependency closure)',
      nodeModulesFiles: 'count of those files',
      nodeModulesGzBytes: 'size of `tar -c node_modules | gzip -6` (≈ compressed layer bytes)',
      packages: 'installed packages in the closure, including the package itself',
      cacheBytes: 'size of the npm cache (_cacache) after the install: what ~/.npm keeps in the layer unless cleaned',
    },
    caveats:
      'Install scripts were not run: packages that download or compile binaries at install time (puppeteer\'s Chromium into ~/.cache, ' +
      'playwright browsers, prebuild-install/node-gyp addons such as sqlite3) are larger in a real build. Platform binaries shipped as ' +
      'optional npm packages (sharp\'s @img/sharp-libvips-*, esbuild, prisma engines in @prisma/*) are counted, for linux/x64 glibc only.',
    failures,
    packages: sorted,
  };
  await mkdir(path.dirname(args.out), { recursive: true });
  await writeFile(args.out, JSON.stringify(out, null, 1) + '\n');
  process.stderr.write(`wrote ${args.out}: ${Object.keys(sorted).length} packages, ${failures.length} failures\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
