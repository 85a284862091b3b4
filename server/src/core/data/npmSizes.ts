import { loadDataJson } from './dataDir';

export interface NpmPackageSize {
  /** Apparent bytes of node_modules after installing the package alone (its whole production dependency closure). */
  bytes: number;
  /** Bytes the npm cache (~/.npm/_cacache) holds after that install: left in the layer unless cleaned or cache-mounted. */
  cacheBytes: number;
  /** gzip -6 of the node_modules tar, when measured. */
  gzipBytes?: number;
  files?: number;
  /** Packages in the closure, including itself. */
  packages?: number;
  version: string;
  source: string;
}

interface NpmEntry {
  version: string;
  nodeModulesBytes: number;
  nodeModulesFiles?: number;
  nodeModulesGzBytes?: number;
  packages?: number;
  cacheBytes: number;
  date: string;
}

interface NpmFile {
  packages: Record<string, NpmEntry>;
}

/**
 * Measured install size of a popular npm package (see scripts/gen-npm-sizes.mjs). Accepts `name`, `name@range`
 * and `@scope/name@range`; undefined when the package was not measured.
 */
export function npmPackageSize(spec: string): NpmPackageSize | undefined {
  const name = npmPackageName(spec);
  const entry = loadDataJson<NpmFile>('npm-packages.json').packages[name];
  if (!entry) return undefined;
  const result: NpmPackageSize = {
    bytes: entry.nodeModulesBytes,
    cacheBytes: entry.cacheBytes,
    version: entry.version,
    source: `npm install ${name}@${entry.version} --omit=dev --ignore-scripts measured ${entry.date} (scripts/gen-npm-sizes.mjs)`,
  };
  if (entry.nodeModulesGzBytes !== undefined) result.gzipBytes = entry.nodeModulesGzBytes;
  if (entry.nodeModulesFiles !== undefined) result.files = entry.nodeModulesFiles;
  if (entry.packages !== undefined) result.packages = entry.packages;
  return result;
}

/** 'express@^5' → 'express', '@nestjs/core@11' → '@nestjs/core', 'npm:' aliases are left as given. */
export function npmPackageName(spec: string): string {
  const trimmed = spec.trim().toLowerCase();
  const versionAt = trimmed.indexOf('@', trimmed.startsWith('@') ? 1 : 0);
  return versionAt > 0 ? trimmed.slice(0, versionAt) : trimmed;
}

/** Names of all measured npm packages. */
export function knownNpmPackages(): string[] {
  return Object.keys(loadDataJson<NpmFile>('npm-packages.json').packages);
}
