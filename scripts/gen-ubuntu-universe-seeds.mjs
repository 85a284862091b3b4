#!/usr/bin/env node
// Writes scripts/data/ubuntu-universe-seeds.txt: the universe/multiverse package names that the repository's
// Dockerfile corpora (test/fixtures/official, bench/rules, test/builds/corpus, examples; not the accuracy bench's
// layers) install with apt, in jammy or noble. scripts/gen-apt-db.mjs --ubuntu ships those names and their
// dependency closures for jammy and noble; other universe names keep the Debian stand-in.
// Reads the Packages lists of gen-apt-db.mjs --ubuntu (all components are fetched). No network.
// Usage: node scripts/gen-ubuntu-universe-seeds.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packagesFiles, parsePackagesFile } from './apt-common.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CORPORA = ['test/fixtures/official', 'bench/rules', 'test/builds/corpus', 'examples'];
const RELEASES = ['jammy', 'noble'];

/** Words after `apt-get install` / `apt install` in a Dockerfile's instructions (comments skipped). */
export function aptInstallWords(text) {
  const words = new Set();
  const lines = text.replace(/\\\r?\n/g, ' ').split('\n').filter((l) => !/^\s*#/.test(l));
  for (const line of lines) {
    for (const m of line.matchAll(/\bapt(?:-get)?\s+(?:[^;&|]*?\s)?install\s([^;&|#]*)/g)) {
      for (const w of m[1].split(/\s+/)) if (/^[a-z0-9][a-z0-9.+-]+$/.test(w)) words.add(w);
    }
  }
  return words;
}

function dockerfiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) dockerfiles(p, out);
    else if (/Dockerfile|\.dockerfile$/i.test(e.name)) out.push(p);
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const named = new Set();
  for (const dir of CORPORA) for (const f of dockerfiles(path.join(repoRoot, dir))) for (const w of aptInstallWords(fs.readFileSync(f, 'utf8'))) named.add(w);
  const seeds = new Set();
  for (const suite of RELEASES) {
    const component = new Map();
    for (const f of packagesFiles(suite, 'amd64')) {
      const m = /_dists_([^_]+)_(.+)_binary-[^_]+_Packages$/.exec(f);
      if (!m || m[1].endsWith('-backports')) continue;
      for (const p of parsePackagesFile(fs.readFileSync(f, 'utf8'))) if (component.get(p.Package) !== 'main') component.set(p.Package, m[2]);
    }
    if (!component.size) throw new Error(`no ${suite} lists: run node scripts/gen-apt-db.mjs --ubuntu --fetch-only first`);
    for (const w of named) if (['universe', 'multiverse'].includes(component.get(w))) seeds.add(w);
  }
  const out = path.join(repoRoot, 'scripts', 'data', 'ubuntu-universe-seeds.txt');
  const header = `# universe/multiverse names installed by the Dockerfiles of ${CORPORA.join(', ')} (jammy or noble); made by scripts/gen-ubuntu-universe-seeds.mjs on ${new Date().toISOString().slice(0, 10)}\n`;
  fs.writeFileSync(out, header + [...seeds].sort().join('\n') + '\n');
  console.error(`${seeds.size} seeds from ${named.size} names -> ${path.relative(repoRoot, out)}`);
}
