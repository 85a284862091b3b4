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
  /** The packuments' part of cacheBytes (JSON: gzip takes it to about a tenth). */
  packumentBytes: number;
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
  const out: NpmInstallSize = { bytes: 0, tarballBytes: 0, cacheBytes: 0, packumentBytes: 0, packages: 0, known: [], unknown: [], otherVersion: [], source: SOURCE(data) };
  let packumentBytes = 0;
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
  return out;
}

/**
 * yarn v1's cache (/usr/local/share/.cache/yarn) keeps every package unpacked, its tarball
 * (.yarn-tarball.tgz) and a .yarn-metadata.json. Measured with yarn 1.22.22 on 2026-12-04
 * (express: 3.67 MB cache for 2.33 MB node_modules + 0.74 MB tarballs, 68 packages; lodash axios moment
 * dotenv pg mongoose winston: 26.7 MB for 21.2 + 4.46 MB, 93 packages): ≈ 10 kB per package beyond both.
 */
export const YARN_V1_METADATA_BYTES_PER_PACKAGE = 10_000;

/** gzip of abbreviated packuments ÷ their size: es5-ext 0.12, express 0.09, typescript 0.05, debug 0.14 (measured 2026-12-04). */
export const PACKUMENT_GZIP_RATIO = 0.1;

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
