import * as semver from 'semver';
import { loadDataJson } from './dataDir';

export interface NpmPackageSize {
  /** Bytes of node_modules after installing the package alone: its whole dependency closure, each name@version once. */
  bytes: number;
  /** The closure's tarballs: what npm downloads. */
  tarballBytes: number;
  /** What npm's cache (~/.npm/_cacache) keeps: the tarballs and the packuments. */
  cacheBytes: number;
  /** Packages in the closure, including itself. */
  packages: number;
  version: string;
  /** The spec asked for another version than the one measured (e.g. `express@4` while 5.x was measured). */
  otherVersion: boolean;
  /** Closure members that run an install script (they may download or compile more than their tarball). */
  installScripts: string[];
  source: string;
}

/** Several packages installed together (`npm install a b c`, a package.json): shared dependencies counted once. */
export interface NpmInstallSize {
  bytes: number;
  tarballBytes: number;
  /** npm's cache: tarballs and packuments. */
  cacheBytes: number;
  /** The packuments' part of cacheBytes (JSON: gzip takes it to about an eighth). */
  packumentBytes: number;
  /** Versions listed in those packuments (npmCacheCompressedBytes prices the public registry's signatures per version). */
  packumentVersions: number;
  packages: number;
  /** The requested names found in the table, and those not. */
  known: string[];
  unknown: string[];
  /** Requested names whose measured version is not the one asked for. */
  otherVersion: string[];
  source: string;
}

interface NpmClosureEntry {
  v: string;
  /** Member indices: own, then dependencies sorted and delta-encoded. */
  m: number[];
  /** Packument bytes / 100. */
  p: number;
  /** Versions listed in the closure's packuments (each distinct name once). */
  n?: number;
}

interface NpmEntry extends NpmClosureEntry {
  s?: string[];
  u?: string[];
  /** Older majors: major → the closure of that major's latest version. */
  o?: Record<string, NpmClosureEntry>;
}

interface NpmFile {
  date: string;
  registry: string;
  members: string[];
  /** Per member: files' bytes / 100, tarball bytes / 100. */
  sizes: number[];
  packages: Record<string, NpmEntry>;
}

function npmData(): NpmFile {
  return loadDataJson<NpmFile>('npm-packages.json');
}

function memberIds(entry: NpmClosureEntry): number[] {
  const ids = [entry.m[0]];
  let at = 0;
  for (let i = 1; i < entry.m.length; i++) ids.push((at += entry.m[i]));
  return ids;
}

/** The range part of a spec: 'express@^4' → '^4', '@scope/x@1' → '1', 'express' → undefined. */
export function npmSpecRange(spec: string): string | undefined {
  const trimmed = spec.trim();
  const at = trimmed.indexOf('@', trimmed.startsWith('@') ? 1 : 0);
  return at > 0 ? trimmed.slice(at + 1) : undefined;
}

function asksOtherVersion(spec: string, version: string): boolean {
  const range = npmSpecRange(spec);
  if (range === undefined || range === '' || range === 'latest' || range === '*') return false;
  try {
    return !semver.satisfies(version, range, { loose: true });
  } catch {
    return true;
  }
}

/**
 * The measured closure a spec installs: the latest version's, or, when the spec asks for an older major the table
 * also measured (`mongo-express@0.54.0`, `express@4`), that major's latest version's.
 */
function closureFor(entry: NpmEntry, spec: string): NpmClosureEntry {
  const range = npmSpecRange(spec);
  if (!entry.o || !asksOtherVersion(spec, entry.v) || range === undefined) return entry;
  const older = Object.values(entry.o);
  const fits = older.find((o) => !asksOtherVersion(spec, o.v));
  if (fits) return fits;
  let major: number | undefined;
  try {
    major = semver.minVersion(range, { loose: true })?.major;
  } catch {
    major = undefined;
  }
  return (major !== undefined ? entry.o[String(major)] : undefined) ?? entry;
}

const SOURCE = (data: NpmFile) => `npm registry closure: every tarball measured (scripts/gen-npm-sizes.mjs, ${data.date})`;

/**
 * Measured install size of an npm package (see scripts/gen-npm-sizes.mjs). Accepts `name`, `name@range`
 * and `@scope/name@range`; undefined when the package is not in the table.
 */
export function npmPackageSize(spec: string): NpmPackageSize | undefined {
  const name = npmPackageName(spec);
  const data = npmData();
  const entry = data.packages[name];
  if (!entry) return undefined;
  const closure = closureFor(entry, spec);
  let bytes = 0;
  let tarballBytes = 0;
  const ids = memberIds(closure);
  for (const id of ids) {
    bytes += data.sizes[2 * id] * 100;
    tarballBytes += data.sizes[2 * id + 1] * 100;
  }
  return {
    bytes,
    tarballBytes,
    cacheBytes: tarballBytes + closure.p * 100,
    packages: ids.length,
    version: closure.v,
    otherVersion: asksOtherVersion(spec, closure.v),
    installScripts: entry.s ?? [],
    source: `${SOURCE(data)}: ${name}@${closure.v} with ${ids.length} packages`,
  };
}

/** Sizes of several packages installed together, each dependency name@version counted once. */
export function npmInstallSize(specs: readonly string[]): NpmInstallSize {
  const data = npmData();
  const seen = new Set<number>();
  const out: NpmInstallSize = { bytes: 0, tarballBytes: 0, cacheBytes: 0, packumentBytes: 0, packumentVersions: 0, packages: 0, known: [], unknown: [], otherVersion: [], source: SOURCE(data) };
  let packumentBytes = 0;
  let packumentVersions = 0;
  for (const spec of specs) {
    const name = npmPackageName(spec);
    const entry = data.packages[name];
    if (!entry) {
      out.unknown.push(name);
      continue;
    }
    out.known.push(name);
    const closure = closureFor(entry, spec);
    if (asksOtherVersion(spec, closure.v)) out.otherVersion.push(spec);
    // Packuments of shared dependencies are cached once too: the largest closure's stands for the overlap.
    packumentBytes = Math.max(packumentBytes, closure.p * 100) + (seen.size ? Math.round(closure.p * 100 * 0.25) : 0);
    const versions = closureVersions(closure);
    packumentVersions = Math.max(packumentVersions, versions) + (seen.size ? Math.round(versions * 0.25) : 0);
    for (const id of memberIds(closure)) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.bytes += data.sizes[2 * id] * 100;
      out.tarballBytes += data.sizes[2 * id + 1] * 100;
    }
  }
  out.packages = seen.size;
  out.cacheBytes = out.tarballBytes + packumentBytes;
  out.packumentBytes = packumentBytes;
  out.packumentVersions = packumentVersions;
  return out;
}

/**
 * yarn v1's cache (/usr/local/share/.cache/yarn) keeps every package unpacked, its tarball
 * (.yarn-tarball.tgz) and a .yarn-metadata.json. Measured with yarn 1.22.22 on 2026-12-04
 * (express: 3.67 MB cache for 2.33 MB node_modules + 0.74 MB tarballs, 68 packages; lodash axios moment
 * dotenv pg mongoose winston: 26.7 MB for 21.2 + 4.46 MB, 93 packages): ≈ 10 kB per package beyond both.
 */
export const YARN_V1_METADATA_BYTES_PER_PACKAGE = 10_000;

/**
 * What npm's cache (~/.npm) costs in a layer's gzip, from bench/accuracy/npm-cache-layout.json (scripts/measure-npm-cache.mjs,
 * 2026-12-07: npm 11.19.1 `npm install -g` of rtlcss, express and nodemon, each into a fresh prefix and cache, tarred and
 * gzipped as a layer): the tarballs do not shrink again; the packuments gzip to 0.127 of their bytes (625,125 of 4,917,093 B,
 * 0.105–0.136 per install); and each cached package adds 1,158 B (its two index-v5 entries, the tar headers of its content
 * and index files and their hash folders, npm's log: 119,316 B over 103 packages, 1,118–1,432 per install).
 */
export const PACKUMENT_GZIP_RATIO = 0.127;
export const NPM_CACHE_GZ_PER_PACKAGE = 1_158;
/**
 * The packuments the table and the cache above measured are this registry's: it answers the abbreviated ("corgi") Accept
 * header with application/json documents whose versions carry no dist.signatures (npm-cache-layout.json, registryServed).
 * registry.npmjs.org's corgi documents carry on every version an ECDSA signature (96 base64 characters: ≈ 72 B that gzip
 * cannot shrink) and fileCount/unpackedSize, and older versions may also carry a PGP npm-signature (≈ 870 characters): bytes per version
 * that gzip barely shrinks. Priced per version listed in the closure's packuments (the table's `n`): 192 B, fitted on one
 * tuning layer, odoo:latest's `npm install -g rtlcss` (ubuntu:24.04, npm 9.2): (869,329 B real − 771,569 priced without
 * it) ÷ 510 versions = 191.7 (bench/accuracy/heldout-layers.json, tuningKinds npm; the fit also absorbs the rest of that
 * layer's error: its dpkg residue). Not measurable here (no signed packument is reachable); the signature alone is ≥ 72.
 */
export const PUBLIC_REGISTRY_GZ_PER_VERSION = 192;
/** Closures measured before `n` existed (none in the table now): versions ≈ packument bytes ÷ 1,432, the table's median per closure. */
const PACKUMENT_BYTES_PER_VERSION = 1_432;

function closureVersions(closure: NpmClosureEntry): number {
  return closure.n ?? Math.round((closure.p * 100) / PACKUMENT_BYTES_PER_VERSION);
}

/** The gzip bytes npm's cache adds to a layer: tarballs as they are, packuments (this registry's bytes + the public registry's signatures), per-package entries. */
export function npmCacheCompressedBytes(size: { tarballBytes: number; packumentBytes: number; packumentVersions: number; packages: number }): number {
  return size.tarballBytes + size.packumentBytes * PACKUMENT_GZIP_RATIO + size.packumentVersions * PUBLIC_REGISTRY_GZ_PER_VERSION + size.packages * NPM_CACHE_GZ_PER_PACKAGE;
}

export function yarnV1CacheBytes(size: { bytes: number; tarballBytes: number; packages: number }): number {
  return size.bytes + size.tarballBytes + size.packages * YARN_V1_METADATA_BYTES_PER_PACKAGE;
}

/** 'express@^5' → 'express', '@nestjs/core@11' → '@nestjs/core', 'npm:' aliases are left as given. */
export function npmPackageName(spec: string): string {
  const trimmed = spec.trim().toLowerCase();
  const versionAt = trimmed.indexOf('@', trimmed.startsWith('@') ? 1 : 0);
  return versionAt > 0 ? trimmed.slice(0, versionAt) : trimmed;
}

const memberIndexes = new WeakMap<NpmFile, Map<string, number>>();

/**
 * One name@version's measured files and tarball bytes, when it is in any measured closure of the table
 * (6,800 of them): the run-time look-up uses these before its median unpacked ÷ tarball ratio.
 */
export function measuredNpmMember(name: string, version: string): { bytes: number; tarballBytes: number } | undefined {
  const data = npmData();
  let index = memberIndexes.get(data);
  if (!index) memberIndexes.set(data, (index = new Map(data.members.map((k, i) => [k, i]))));
  const id = index.get(`${name}@${version}`);
  return id === undefined ? undefined : { bytes: data.sizes[2 * id] * 100, tarballBytes: data.sizes[2 * id + 1] * 100 };
}

/** Names of all measured npm packages. */
export function knownNpmPackages(): string[] {
  return Object.keys(npmData().packages);
}
