/**
 * What `apk add` installs on Alpine, from Alpine's own data (server/data/apk/apk.json.br, made by
 * scripts/gen-apk-db.mjs): installed sizes per release from repo-info reports, the dependency graph of
 * a real APKINDEX, the base package set per release. A live APKINDEX (network look-ups) can replace
 * the graph and the sizes of one release: see `ApkIndexData`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { dataDir } from './dataDir';

/** One parsed APKINDEX: per package installed bytes and dependency tokens; provides: token → package. */
export interface ApkIndexData {
  packages: Record<string, [installedBytes: number, depends: string[]]>;
  provides: Record<string, string>;
}

interface ApkDbFile {
  releases: string[];
  sizes: Record<string, Record<string, number>>;
  sizeSources: Record<string, string[]>;
  base: Record<string, string[]>;
  archFactor: number;
  index: ApkIndexData & { release: string; arch: string };
}

/** Where a package's size came from, best first. */
export type ApkSizeFrom = 'live-index' | 'release' | 'nearest-release' | 'other-index';

export interface ApkPackage {
  name: string;
  bytes: number;
  from: ApkSizeFrom;
  /** The release whose report gave the size ('release' / 'nearest-release'). */
  release?: string;
  /** The requested name that pulled it in first (itself for a requested package). */
  root?: string;
}

export interface ApkResolution {
  /** Packages the command adds (requested and their dependencies), minus what is installed. */
  packages: ApkPackage[];
  /** Requested names (or dependencies) that no Alpine source here knows. */
  unknown: string[];
  /** Packages whose dependencies are not known (sized alone). */
  depsUnknown: string[];
  /** The release the sizes are for, as asked (e.g. '3.24'). */
  release: string;
}

/** `3.24` → 24; 'edge' → after every release. */
function minor(release: string): number {
  if (release === 'edge') return 1000;
  const m = /^3\.(\d+)/.exec(release);
  return m ? Number(m[1]) : -1;
}

export class ApkDatabase {
  constructor(private readonly db: ApkDbFile) {}

  static fromFile(file: string): ApkDatabase {
    return new ApkDatabase(JSON.parse(zlib.brotliDecompressSync(fs.readFileSync(file)).toString('utf8')) as ApkDbFile);
  }

  get releases(): readonly string[] {
    return this.db.releases;
  }

  /** Releases with reports, nearest to `release` first (a newer one wins a tie: packages only grow). */
  private byDistance(release: string): string[] {
    const want = minor(release);
    return [...this.db.releases].sort((a, b) => Math.abs(minor(a) - want) - Math.abs(minor(b) - want) || minor(b) - minor(a));
  }

  /** The packages alpine:<release> itself has (nearest release with a report). */
  basePackages(release: string): string[] {
    for (const r of this.byDistance(release)) if (this.db.base[r]) return this.db.base[r];
    return [];
  }

  /** Installed bytes of one package for `release`: the release's reports, the nearest release's, the index × arch factor. */
  size(name: string, release: string): ApkPackage | undefined {
    const own = this.db.sizes[release]?.[name];
    if (own !== undefined) return { name, bytes: own, from: 'release', release };
    for (const r of this.byDistance(release)) {
      const b = this.db.sizes[r]?.[name];
      if (b !== undefined) return { name, bytes: b, from: 'nearest-release', release: r };
    }
    const entry = this.db.index.packages[name];
    if (entry) return { name, bytes: Math.round(entry[0] * this.db.archFactor), from: 'other-index' };
    return undefined;
  }

  /** `apk add names…` on `release` with `installed` already there; `live` (a real APKINDEX of the stage) wins. */
  resolve(names: string[], release: string, installed: ReadonlySet<string>, live?: ApkIndexData): ApkResolution {
    const graph = live ?? this.db.index;
    const have = new Set([...installed, ...this.basePackages(release)]);
    const seen = new Set<string>();
    const packages: ApkPackage[] = [];
    const unknown: string[] = [];
    const depsUnknown: string[] = [];
    const toPackage = (token: string): string | undefined => {
      const t = token.replace(/[=<>~].*$/, '').replace(/^so:libc\.musl-[a-z0-9_]+\.so\.1$/, 'so:libc.musl.so.1');
      if (graph.packages[t]) return t;
      const provider = graph.provides[t];
      if (provider) return provider;
      if (!live && !t.includes(':') && !t.startsWith('/') && this.size(t, release)) return t;
      return undefined;
    };
    const queue: { token: string; requested: boolean; root: string }[] = names.map((token) => ({ token, requested: true, root: token }));
    while (queue.length) {
      const { token, requested, root } = queue.shift()!;
      const name = toPackage(token);
      if (!name) {
        // musl's loader and /bin/sh are in every Alpine image.
        if (!requested && (token.startsWith('so:libc.musl') || token === '/bin/sh')) continue;
        if (!unknown.includes(token)) unknown.push(token);
        continue;
      }
      if (seen.has(name)) continue;
      seen.add(name);
      if (have.has(name)) continue;
      const liveEntry = live?.packages[name];
      const sized: ApkPackage | undefined = liveEntry ? { name, bytes: liveEntry[0], from: 'live-index' } : this.size(name, release);
      if (!sized) unknown.push(name);
      else packages.push({ ...sized, root });
      const entry = graph.packages[name];
      if (!entry) depsUnknown.push(name);
      else for (const dep of entry[1]) queue.push({ token: dep, requested: false, root });
    }
    return { packages, unknown, depsUnknown, release };
  }
}

let loaded: ApkDatabase | null | undefined;
/** server/data/apk/apk.json.br, loaded on first use; undefined when missing. */
export function apkDatabase(): ApkDatabase | undefined {
  if (loaded === undefined) {
    try {
      loaded = ApkDatabase.fromFile(path.join(dataDir(), 'apk', 'apk.json.br'));
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/** Forget the loaded data (tests that switch the data dir). */
export function resetApkDatabase(): void {
  loaded = undefined;
}
