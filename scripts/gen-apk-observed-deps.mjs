#!/usr/bin/env node
// Observed apk dependency edges of Alpine 3.18+ (the releases no APKINDEX at hand covers), from Trivy
// package reports (`trivy image --list-all-pkgs -f yaml`: each installed apk package with `DependsOn`, the
// packages apk resolved its D: line to in that image) that public repositories commit beside their
// images. Reads git snapshots (the `fetch` search tool's copies, /work/.mirror/<owner>+<name>/repo) of the
// repositories named below; writes scripts/data/apk-observed-deps.json: per Alpine minor release, per
// package, the dependency packages, and the report (repository, path, commit, date, image release) each
// release's edges came from. Nothing else of the reports is kept.
//
// Usage: node scripts/gen-apk-observed-deps.mjs [--mirror /work/.mirror] [--out scripts/data/apk-observed-deps.json]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const mirror = opt('--mirror', '/work/.mirror');
const outFile = path.resolve(opt('--out', path.join(repoRoot, 'scripts/data/apk-observed-deps.json')));

/** Repositories that commit Trivy package reports of Alpine-based images (found with the code search, 2026-12-05). */
const REPOS = ['nmaguiar/docker-openvpn', 'nmaguiar/nearless', 'nmaguiar/imgutils', 'nmaguiar/gcutils', 'nmaguiar/secutils', 'nmaguiar/socksd', 'nmaguiar/hVSCs', 'nmaguiar/netutils', 'nmaguiar/baseutils'];

/** git output; a snapshot can lack old objects (git stops there): what it listed up to that point. */
function git(dir, ...a) {
  try {
    return execFileSync('git', ['-C', dir, ...a], { encoding: 'utf8', maxBuffer: 2 ** 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return String(e.stdout ?? '');
  }
}

/** Parse one report: [{ release, packages: {name: deps[]} }] per alpine target. */
function parseReport(text) {
  const out = [];
  let cur;
  let pkg;
  let inDeps = false;
  for (const line of text.split('\n')) {
    const target = /^- Target: .*\(alpine (\d+\.\d+)\.(\S+)\)\s*$/.exec(line);
    if (target) {
      // Pre-release images (3.24.0_alpha…) are edge, not the release.
      cur = /_alpha|_beta|_rc/.test(target[2]) ? undefined : { release: target[1], packages: {} };
      if (cur) out.push(cur);
      pkg = undefined;
      continue;
    }
    if (/^- Target:/.test(line)) { cur = undefined; continue; }
    if (!cur) continue;
    const name = /^  - ID: (\S+?)@/.exec(line) && /^  - ID: (\S+?)@/.exec(line)[1];
    if (name) { pkg = name; cur.packages[pkg] ??= []; inDeps = false; continue; }
    if (/^    DependsOn:\s*$/.test(line)) { inDeps = true; continue; }
    const dep = inDeps && /^    - (\S+?)@\S+\s*$/.exec(line);
    if (dep && pkg) { if (!cur.packages[pkg].includes(dep[1])) cur.packages[pkg].push(dep[1]); continue; }
    if (!/^    - /.test(line)) inDeps = false;
  }
  return out;
}

const releases = {};
const sources = {};
for (const repo of REPOS) {
  const dir = path.join(mirror, repo.replace('/', '+'), 'repo');
  if (!existsSync(dir)) { console.error(`${repo}: no snapshot at ${dir} (fetch it first)`); continue; }
  const head = git(dir, 'rev-parse', 'HEAD').trim();
  const files = [...new Set(git(dir, 'log', '--format=', '--name-only', head).split('\n').filter((f) => /^\.github\/sec-[a-z-]*\.yaml$/.test(f)))];
  for (const file of files) {
    const commits = git(dir, 'log', '--format=%H %cs', head, '--', file).trim().split('\n').filter(Boolean).map((l) => l.split(' '));
    // One report per (file, image release): the newest commit whose report names that release.
    const seenRel = new Set();
    for (let i = 0; i < commits.length; i += 16) {
      const chunk = commits.slice(i, i + 16);
      const buf = spawnSync('git', ['-C', dir, 'cat-file', '--batch'], { input: chunk.map(([c]) => `${c}:${file}`).join('\n') + '\n', maxBuffer: 2 ** 30 }).stdout;
      let off = 0;
      for (const [commit, date] of chunk) {
        const nl = buf.indexOf(10, off);
        const m = / blob (\d+)$/.exec(buf.subarray(off, nl).toString());
        if (!m) { off = nl + 1; continue; }
        const size = Number(m[1]);
        const text = buf.subarray(nl + 1, nl + 1 + size).toString('utf8');
        off = nl + 1 + size + 1;
        for (const t of parseReport(text)) {
          if (Number(t.release.split('.')[1]) < 18 || seenRel.has(t.release)) continue;
          if (!Object.values(t.packages).some((d) => d.length)) continue;
          seenRel.add(t.release);
          const rel = (releases[t.release] ??= {});
          for (const [p, deps] of Object.entries(t.packages)) {
            const have = (rel[p] ??= []);
            for (const d of deps) if (!have.includes(d)) have.push(d);
          }
          (sources[t.release] ??= []).push(`${repo} ${file} @ ${commit} (${date})`);
        }
      }
    }
  }
}
const sorted = Object.fromEntries(
  Object.keys(releases)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .map((r) => [r, Object.fromEntries(Object.keys(releases[r]).sort().map((p) => [p, releases[r][p].sort()]))]),
);
const out = {
  what: 'Observed apk dependencies (package → the packages its D: line resolved to in a real image) per Alpine minor release, 3.18 and later.',
  source: 'Trivy package reports (trivy image --list-all-pkgs, YAML: Packages[].ID and DependsOn) committed to the repositories and commits listed per release in `sources`; read from git snapshots by scripts/gen-apk-observed-deps.mjs. Edges only: a package is listed with its dependencies in the images that had it installed; union over the reports of a release.',
  generatedBy: 'scripts/gen-apk-observed-deps.mjs',
  sources,
  releases: sorted,
};
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.log(`${path.relative(repoRoot, outFile)}: ${Object.entries(sorted).map(([r, p]) => `${r}: ${Object.keys(p).length} packages (${sources[r].length} reports)`).join('; ')}`);
