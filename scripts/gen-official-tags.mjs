#!/usr/bin/env node
// Reads docker-library/official-images' library files (the manifest of every official image: which tags
// name the same image) and writes, for the repositories server/data/base-images.json knows, the groups of
// tags that are one Linux image: `nginx` → [1.31.4-alpine, mainline-alpine, 1-alpine, 1.31-alpine, alpine, …].
// scripts/gen-base-images.mjs turns a group that contains a tag of the data into aliases of it, so that
// `FROM nginx:1.31-alpine` is the measured nginx:alpine and `FROM nginx:1.27-alpine` stands in with it as
// another 1.x version, instead of being unknown for want of any versioned nginx tag.
//
// Usage: node scripts/gen-official-tags.mjs <official-images git dir> [--commit <rev>]
// (a clone or a bare mirror of https://github.com/docker-library/official-images; read with `git show`)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const gitDir = args[0];
if (!gitDir || gitDir.startsWith('--')) {
  console.error('usage: gen-official-tags.mjs <official-images git dir> [--commit <rev>]');
  process.exit(2);
}
const ci = args.indexOf('--commit');
const rev = ci >= 0 ? args[ci + 1] : 'HEAD';
const git = (...a) => execFileSync('git', ['--git-dir', gitDir.endsWith('.git') || gitDir.endsWith('/repo') ? gitDir : path.join(gitDir, '.git'), ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', rev).trim();
const date = git('show', '-s', '--format=%cI', commit).trim();

/** The entries of one library file: blank-line separated blocks of `Key: value` lines (RFC 2822 style). */
export function parseLibraryFile(text) {
  const entries = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields = {};
    let last;
    for (const line of block.split('\n')) {
      if (line.startsWith('#') || !line.trim()) continue;
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (m) fields[(last = m[1])] = m[2].trim();
      else if (last && /^\s/.test(line)) fields[last] += ' ' + line.trim();
    }
    if (fields.Tags) entries.push(fields);
  }
  return entries;
}

const list = (s) => (s ?? '').split(',').map((t) => t.trim()).filter(Boolean);

const data = JSON.parse(readFileSync(path.join(repoRoot, 'server/data/base-images.json'), 'utf8'));
const repositories = [...new Set(Object.keys(data.images).map((k) => k.slice(0, k.lastIndexOf(':'))))]
  .filter((r) => !r.includes('/'))
  .sort();

const groups = {};
const missing = [];
for (const repository of repositories) {
  let text;
  try {
    text = git('show', `${commit}:library/${repository}`);
  } catch {
    missing.push(repository);
    continue;
  }
  const out = [];
  for (const e of parseLibraryFile(text)) {
    // The data's sizes are linux/amd64 (and other Linux platforms): Windows entries are other images.
    if (/windows/i.test(e.Constraints ?? '') || /windows|nanoserver/i.test(e.Tags)) continue;
    if (e.Architectures && !list(e.Architectures).includes('amd64')) continue;
    out.push([...list(e.Tags), ...list(e.SharedTags)]);
  }
  if (out.length) groups[repository] = out;
}

const outFile = path.join(repoRoot, 'scripts/data/official-images/tag-groups.json');
mkdirSync(path.dirname(outFile), { recursive: true });
const result = {
  source: 'https://github.com/docker-library/official-images library/<repository>',
  commit,
  commitDate: date,
  generatedBy: 'scripts/gen-official-tags.mjs',
  what:
    'per repository of server/data/base-images.json, the tag groups (Tags + SharedTags) of each Linux entry that includes amd64; ' +
    'every tag of a group names the same image at that commit',
  missing,
  groups,
};
writeFileSync(outFile, JSON.stringify(result, null, 1).replace(/\n {3,}/g, ' ').replace(/\n  \]/g, ' ]') + '\n');
console.log(`wrote ${Object.values(groups).reduce((n, g) => n + g.length, 0)} groups of ${Object.keys(groups).length} repositories (${missing.length} without a library file: ${missing.join(' ')}) from ${commit.slice(0, 7)} (${date})`);
