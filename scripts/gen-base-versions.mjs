#!/usr/bin/env node
// Adds installed package versions to server/data/base-packages.json (`versions`, `versionsSource`) from
// docker-library/repo-info local reports, transcribed in scripts/data/repo-info/*.json (see its README).
// The model compares them with the archive's versions (server/data/apt/base-sources.json) to tell which
// base binaries an apt install would upgrade alongside a package of the same source.
//
// Usage: node scripts/gen-base-versions.mjs            # from scripts/data/repo-info/*.json
//        node scripts/gen-base-versions.mjs --fetch    # first re-download the reports (needs github.com)
//        node scripts/gen-base-versions.mjs --from <dir> [--only <image>]
//          first re-read the reports from a local copy of docker-library/repo-info: a git directory (the `fetch`
//          tool's snapshot: `git show <commit>:<path>`) or a folder laid out as the repository (<dir>/<path>,
//          e.g. the report's text saved from a code-index read of <path> at <commit>); --only limits it to one image,
//          --note says how the copy was made (kept in the extract's `read`)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extractsDir = path.join(repoRoot, 'scripts', 'data', 'repo-info');
const packagesPath = path.join(repoRoot, 'server', 'data', 'base-packages.json');

/** extract file -> the base-packages.json image key it describes */
const IMAGES = {
  '13-slim@029a6a7.json': 'debian:trixie-slim',
  'bookworm-slim@321a824.json': 'debian:bookworm-slim',
  'bookworm@857995d.json': 'debian:bookworm',
  // Ubuntu: binary -> version transcriptions (`binaries`), see scripts/data/repo-info/README.md.
  'ubuntu-focal-20221130@72e4be7.json': 'ubuntu:20.04',
  'ubuntu-jammy-22.04@c577a25.json': 'ubuntu:22.04',
  'ubuntu-noble-24.04@34e0037.json': 'ubuntu:24.04',
  'ubuntu-resolute@452725d.json': 'ubuntu:26.04',
};

/** Reports an extract file is made from before it exists (--from); the others name theirs inside. */
const REPORTS = {
  // The report server/data/base-images.json cites for ubuntu:22.04's on-disk size (Created 2026-07-31).
  'ubuntu-jammy-22.04@c577a25.json': { repo: 'docker-library/repo-info', path: 'repos/ubuntu/local/22.04.md', commit: 'c577a25d6e0750ec8a3e8f6617f0ae999f9f76de', image: 'ubuntu:22.04' },
};

/** `### \`dpkg\` source package: \`openssl=3.5.4-1\`` + `- \`libssl3t64:amd64=3.5.4-1\`` lines -> sources */
export function parseRepoInfoReport(md) {
  const sources = {};
  let current;
  for (const line of md.split('\n')) {
    const src = /^### `dpkg` source package: `([^=`]+)=([^`]+)`/.exec(line);
    if (src) {
      current = sources[src[1]] = { version: src[2], binaries: {} };
      continue;
    }
    if (line.startsWith('### ')) current = undefined;
    const bin = current && /^- `([^:=`]+)(?::[a-z0-9]+)?=([^`]+)`\s*$/.exec(line);
    if (bin) current.binaries[bin[1]] = bin[2];
  }
  return sources;
}

/** Adds `versions` / `versionsSource` to the Debian and Ubuntu images of a base-packages.json object (in place). */
export function addVersions(data) {
  for (const [file, key] of Object.entries(IMAGES)) {
    const ex = JSON.parse(fs.readFileSync(path.join(extractsDir, file), 'utf8'));
    const img = data.images[key];
    if (!img) throw new Error(`${key} is not in base-packages.json`);
    const versions = { ...(ex.binaries ?? {}) };
    for (const s of Object.values(ex.sources ?? {})) Object.assign(versions, s.binaries);
    const missing = img.packages.filter((p) => !(p in versions));
    if (missing.length) console.error(`${key}: no version for ${missing.join(', ')}`);
    img.versions = Object.fromEntries(img.packages.filter((p) => p in versions).map((p) => [p, versions[p]]));
    const created = /Created: `?([^`T]+)/.exec(ex.header ?? '')?.[1];
    img.versionsSource = `repo-info ${ex.path}@${ex.commit}${created ? ` (the build of ${created})` : ''}, via scripts/data/repo-info/${file}`;
    console.error(`${key}: ${Object.keys(img.versions).length} versions`);
  }
  return data;
}

/** The layout scripts/gen-base-images.mjs writes: one image per line. */
export const compactJson = (obj, expandKeys) => {
  const lines = Object.entries(obj).map(([k, v]) => {
    if (expandKeys.includes(k) && v && typeof v === 'object') {
      const inner = Object.entries(v).map(([ik, iv]) => `  ${JSON.stringify(ik)}: ${JSON.stringify(iv)}`);
      return ` ${JSON.stringify(k)}: {\n ${inner.join(',\n ')}\n }`;
    }
    return ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
};

/** The extract file's JSON for a report's text: header lines, every source package with its binaries' versions. */
export function extractFromReport(meta, md, how) {
  const sources = parseRepoInfoReport(md);
  const binaries = Object.values(sources).reduce((n, s) => n + Object.keys(s.binaries).length, 0);
  const sections = md.split('\n').filter((l) => l.startsWith('### `dpkg` source package: ')).length;
  if (!binaries || Object.keys(sources).length !== sections) throw new Error(`${meta.path}@${meta.commit}: ${sections} dpkg sections, ${Object.keys(sources).length} parsed`);
  const header = md.split('\n').filter((l) => l.trim()).slice(0, 11).join('\n');
  const { binaries: _transcribed, transcribed: _note, ...rest } = meta;
  return { ...rest, header, read: `${how}; ${Object.keys(sources).length} source packages, ${binaries} binaries`, sources };
}

/** A report's text from a local copy of the repository: a git directory (fetch snapshot) or a checked-out folder. */
function readLocalReport(dir, meta) {
  if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'))) {
    return execFileSync('git', ['--git-dir', dir, 'show', `${meta.commit}:${meta.path}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  }
  return fs.readFileSync(path.join(dir, meta.path), 'utf8');
}

const argValue = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main() {
  const metaOf = (file) => (fs.existsSync(path.join(extractsDir, file)) ? JSON.parse(fs.readFileSync(path.join(extractsDir, file), 'utf8')) : REPORTS[file]);
  if (process.argv.includes('--fetch')) {
    for (const file of Object.keys(IMAGES)) {
      const old = metaOf(file);
      const url = `https://raw.githubusercontent.com/${old.repo}/${old.commit}/${old.path}`;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      fs.writeFileSync(path.join(extractsDir, file), JSON.stringify(extractFromReport(old, await res.text(), `downloaded from ${url}`), null, 1) + '\n');
      console.error(`fetched ${url}`);
    }
  }
  const from = argValue('--from');
  if (from) {
    const only = argValue('--only');
    for (const [file, key] of Object.entries(IMAGES)) {
      if (only && key !== only) continue;
      const meta = metaOf(file);
      const md = readLocalReport(from, meta);
      const note = argValue('--note');
      const ex = extractFromReport(meta, md, `read from a local copy of ${meta.repo} (${meta.path} at ${meta.commit}) by scripts/gen-base-versions.mjs --from${note ? ` (${note})` : ''}`);
      fs.writeFileSync(path.join(extractsDir, file), JSON.stringify(ex, null, 1) + '\n');
      console.error(`${file}: ${ex.read}`);
    }
  }
  const data = JSON.parse(fs.readFileSync(packagesPath, 'utf8'));
  fs.writeFileSync(packagesPath, compactJson(addVersions(data), ['images', 'dockerfileSets']));
}

// No top-level await: tests import this module (test/baseVersions.test.ts) through tsx's CommonJS transform.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main().catch((e) => {
  console.error(e);
  process.exit(1);
});
