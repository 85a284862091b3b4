#!/usr/bin/env node
// Adds installed package versions to server/data/base-packages.json (`versions`, `versionsSource`) from
// docker-library/repo-info local reports, transcribed in scripts/data/repo-info/*.json (see its README).
// The model compares them with the archive's versions (server/data/apt/base-sources.json) to tell which
// base binaries an apt install would upgrade alongside a package of the same source.
//
// Usage: node scripts/gen-base-versions.mjs            # from scripts/data/repo-info/*.json
//        node scripts/gen-base-versions.mjs --fetch    # first re-download the reports (needs github.com)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
  'ubuntu-noble-24.04@34e0037.json': 'ubuntu:24.04',
  'ubuntu-resolute@452725d.json': 'ubuntu:26.04',
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--fetch')) {
    for (const file of Object.keys(IMAGES)) {
      const old = JSON.parse(fs.readFileSync(path.join(extractsDir, file), 'utf8'));
      const url = `https://raw.githubusercontent.com/${old.repo}/${old.commit}/${old.path}`;
      const res = await fetch(url);
      if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
      const md = await res.text();
      const header = md.split('\n').filter((l) => l.trim()).slice(0, 11).join('\n');
      fs.writeFileSync(path.join(extractsDir, file), JSON.stringify({ ...old, header, sources: parseRepoInfoReport(md) }, null, 1) + '\n');
      console.error(`fetched ${url}`);
    }
  }
  const data = JSON.parse(fs.readFileSync(packagesPath, 'utf8'));
  fs.writeFileSync(packagesPath, compactJson(addVersions(data), ['images']));
}
