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
  /** Bytes of the APKINDEX.tar.gz files read (main + community, both read): what `apk update` keeps in /var/cache/apk. */
  archiveBytes?: number;
}

interface ApkDbFile {
  releases: string[];
  sizes: Record<string, Record<string, number>>;
  sizeSources: Record<string, string[]>;
  base: Record<string, string[]>;
  archFactor: number;
  index: ApkIndexData & { release: string; arch: string };
  /** Releases whose reports come from apk-tools 2 (every file rounded up to 4 KiB). */
  roundedReleases?: string[];
  /** Per package: the share of an apk-tools 2 size that is file bytes (apk-tools 3 size ÷ 2, at most 1). */
  roundedShare?: Record<string, number>;
  /** The same share by size band (below `below` bytes; null: the rest), for packages without both sizes. */
  roundedBandShare?: { below: number | null; share: number }[];
  /** Package → origin (source package), where they differ. */
  origins?: Record<string, string>;
  /** Per release (3.18+): package → the packages its dependencies resolved to in real images (Trivy reports). */
  observed?: Record<string, Record<string, string[]>>;
}

/** Where a package's size came from, best first. */
export type ApkSizeFrom = 'live-index' | 'live-index-rounded' | 'release' | 'nearest-release' | 'other-index';

export interface ApkPackage {
  name: string;
  bytes: number;
  from: ApkSizeFrom;
  /** The release whose report gave the size ('release' / 'nearest-release'). */
  release?: string;
  /** The requested name that pulled it in first (itself for a requested package). */
  root?: string;
  /**
   * Where its dependencies came from: the live index, a release's observed edges ('observed', with
   * `depsRelease`), or the 3.17 index ('index'): on a newer release that graph can miss dependencies.
   */
  depsFrom?: 'live' | 'observed' | 'index';
  depsRelease?: string;
  /** Its dependencies are the 3.17 index's on a newer release (and it has some): the closure may differ there. */
  olderGraph?: boolean;
}

/** server/data/apk/graph-age.json (scripts/measure-apk-graph-age.ts): closure bytes, observed ÷ 3.17-index edges. */
export interface ApkGraphAge {
  release: string;
  samples: number;
  low: number;
  high: number;
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
  /**
   * Base packages of the same origin as an added one (libcrypto3 and libssl3 for openssl): apk moves them to
   * the repository's version with it, which rewrites them whole when the base is older than the repository.
   */
  sameOrigin: (ApkPackage & { with: string })[];
}

/** `3.24` → 24; 'edge' → after every release. */
function minor(release: string): number {
  if (release === 'edge') return 1000;
  const m = /^3\.(\d+)/.exec(release);
  return m ? Number(m[1]) : -1;
}

export class ApkDatabase {
  constructor(
    private readonly db: ApkDbFile,
    /** How far a closure from the 3.17 index strays on a newer release (measured; undefined: not measured). */
    readonly graphAge?: ApkGraphAge,
  ) {}

  static fromFile(file: string): ApkDatabase {
    const ageFile = path.join(path.dirname(file), 'graph-age.json');
    const age = fs.existsSync(ageFile) ? (JSON.parse(fs.readFileSync(ageFile, 'utf8')) as ApkGraphAge) : undefined;
    return new ApkDatabase(JSON.parse(zlib.brotliDecompressSync(fs.readFileSync(file)).toString('utf8')) as ApkDbFile, age);
  }

  get releases(): readonly string[] {
    return this.db.releases;
  }

  /** Releases with reports, nearest to `release` first (a newer one wins a tie: packages only grow). */
  private byDistance(release: string): readonly string[] {
    // Sorted once per release: asked for every package sized (each base package of each apk add).
    let order = this.distanceOrders.get(release);
    if (!order) {
      const want = minor(release);
      order = [...this.db.releases].sort((a, b) => Math.abs(minor(a) - want) - Math.abs(minor(b) - want) || minor(b) - minor(a));
      if (this.distanceOrders.size >= 1000) this.distanceOrders.clear(); // release names come from Dockerfiles: bounded
      this.distanceOrders.set(release, order);
    }
    return order;
  }

  private readonly distanceOrders = new Map<string, string[]>();

  /** The packages alpine:<release> itself has (nearest release with a report). */
  basePackages(release: string): string[] {
    for (const r of this.byDistance(release)) if (this.db.base[r]) return this.db.base[r];
    return [];
  }

  /**
   * The base set against a live index: the report's base packages (nearest release) that the index
   * has, closed over its dependencies, so a release whose libraries were renamed (libcrypto1.1 on
   * 3.16, libcrypto3 later) gets its own through apk-tools and ssl_client.
   */
  liveBase(release: string, live: ApkIndexData): string[] {
    const have = new Set<string>();
    const queue = this.basePackages(release).filter((n) => live.packages[n]);
    while (queue.length) {
      const token = queue.shift()!;
      const t = token.replace(/[=<>~].*$/, '').replace(/^so:libc\.musl-[a-z0-9_]+\.so\.1$/, 'so:libc.musl.so.1');
      const name = live.packages[t] ? t : live.provides[t];
      if (!name || have.has(name)) continue;
      have.add(name);
      queue.push(...live.packages[name]![1]);
    }
    return [...have];
  }

  /** Installed bytes of one package for `release`: the release's reports, the nearest release's, the index × arch factor. */
  size(name: string, release: string): ApkPackage | undefined {
    const own = this.db.sizes[release]?.[name];
    if (own !== undefined) return { name, bytes: this.fileBytes(name, own, release), from: 'release', release };
    for (const r of this.byDistance(release)) {
      const b = this.db.sizes[r]?.[name];
      if (b !== undefined) return { name, bytes: this.fileBytes(name, b, r), from: 'nearest-release', release: r };
    }
    const entry = this.db.index.packages[name];
    if (entry) return { name, bytes: this.fileBytes(name, Math.round(entry[0] * this.db.archFactor), this.db.index.release), from: 'other-index' };
    return undefined;
  }

  /**
   * A live index's `I:`: apk-tools 2 (releases up to 3.22) counts every file rounded up to 4 KiB, so the
   * same file-byte share as the reports' applies (per package, else by size band); 3.23 on is file bytes.
   */
  liveSize(name: string, installed: number, release: string): ApkPackage {
    if (release === 'edge' || minor(release) > 22) return { name, bytes: installed, from: 'live-index' };
    const band = this.db.roundedBandShare?.find((b) => b.below === null || installed < b.below);
    const share = this.db.roundedShare?.[name] ?? band?.share ?? 1;
    return { name, bytes: Math.round(installed * share), from: 'live-index-rounded' };
  }

  /** File bytes from a reported size: apk-tools 2 sizes (≤ 3.22, the 3.17 index) round every file up to 4 KiB. */
  private fileBytes(name: string, reported: number, from: string): number {
    if (!this.db.roundedReleases?.includes(from)) return reported;
    const band = this.db.roundedBandShare?.find((b) => b.below === null || reported < b.below);
    const share = this.db.roundedShare?.[name] ?? band?.share ?? 1;
    return Math.round(reported * share);
  }

  /**
   * A library the base has under another soname version (libcrypto1.1 on 3.16 where the 3.17 graph says
   * libcrypto3), or busybox's /bin/sh before busybox-binsh was split out (3.17): what the release's own
   * graph would have found installed.
   */
  private installedAs(name: string, have: ReadonlySet<string>): boolean {
    if (name === 'busybox-binsh') return have.has('busybox');
    const stem = /^(lib[a-z_+-]*?)\d[\d.]*$/.exec(name)?.[1];
    if (!stem) return false;
    for (const h of have) if (h !== name && /^(lib[a-z_+-]*?)\d[\d.]*$/.exec(h)?.[1] === stem) return true;
    return false;
  }

  /**
   * A package's dependencies offline: the observed edges of the release nearest to `release`, or the 3.17
   * index when that is nearer (or the only one that has the package). Dependency tokens (so:, cmd:) or names.
   */
  private offlineDeps(name: string, release: string): { deps: string[]; from: 'observed' | 'index'; release: string } | undefined {
    const indexRelease = this.db.index.release;
    let candidates = this.depsOrders.get(release);
    if (!candidates) {
      const want = minor(release);
      candidates = [indexRelease, ...Object.keys(this.db.observed ?? {})].sort((a, b) => Math.abs(minor(a) - want) - Math.abs(minor(b) - want) || minor(b) - minor(a));
      if (this.depsOrders.size >= 1000) this.depsOrders.clear();
      this.depsOrders.set(release, candidates);
    }
    for (const r of candidates) {
      if (r === indexRelease) {
        const entry = this.db.index.packages[name];
        if (entry) return { deps: entry[1], from: 'index', release: r };
      } else {
        const deps = this.db.observed?.[r]?.[name];
        if (deps) return { deps, from: 'observed', release: r };
      }
    }
    return undefined;
  }

  /** `apk add names…` on `release` with `installed` already there; `live` (a real APKINDEX of the stage) wins. */
  resolve(names: string[], release: string, installed: ReadonlySet<string>, live?: ApkIndexData): ApkResolution {
    const graph = live ?? this.db.index;
    const have = new Set([...installed, ...(live ? this.liveBase(release, live) : this.basePackages(release))]);
    const seen = new Set<string>();
    const packages: ApkPackage[] = [];
    const unknown: string[] = [];
    const depsUnknown: string[] = [];
    const observedHas = (t: string) => Object.values(this.db.observed ?? {}).some((r) => r[t]);
    const toPackage = (token: string): string | undefined => {
      const t = token.replace(/[=<>~].*$/, '').replace(/^so:libc\.musl-[a-z0-9_]+\.so\.1$/, 'so:libc.musl.so.1');
      if (graph.packages[t]) return t;
      const provider = graph.provides[t];
      if (provider) return provider;
      if (!live && !t.includes(':') && !t.startsWith('/') && (observedHas(t) || this.size(t, release))) return t;
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
      if (have.has(name) || this.installedAs(name, have)) continue;
      const liveEntry = live?.packages[name];
      const sized: ApkPackage | undefined = liveEntry ? this.liveSize(name, liveEntry[0], release) : this.size(name, release);
      const deps = live ? (liveEntry ? { deps: liveEntry[1], from: 'live' as const, release } : undefined) : this.offlineDeps(name, release);
      const olderGraph = deps?.from === 'index' && minor(release) > minor(deps.release) && deps.deps.some((d) => !d.startsWith('so:libc.musl'));
      if (!sized) unknown.push(name);
      else packages.push({ ...sized, root, depsFrom: deps?.from, depsRelease: deps?.release, ...(olderGraph ? { olderGraph } : {}) });
      if (!deps) depsUnknown.push(name);
      else for (const dep of deps.deps) queue.push({ token: dep, requested: false, root });
    }
    const sameOrigin: (ApkPackage & { with: string })[] = [];
    const addedOrigins = new Map(packages.map((p) => [this.originOf(p.name), p.name]));
    for (const name of this.basePackages(release)) {
      const added = addedOrigins.get(this.originOf(name));
      if (!added) continue;
      const sized = this.size(name, release);
      if (sized && sized.bytes > 0) sameOrigin.push({ ...sized, with: added });
    }
    return { packages, unknown, depsUnknown, release, sameOrigin };
  }

  /** A package's origin: the index's, else a same-stem library's (libcrypto1.1 → libcrypto3 → openssl), else its name. */
  private originOf(name: string): string {
    const origins = this.db.origins ?? {};
    if (origins[name]) return origins[name];
    const stem = LIBRARY_STEM.exec(name)?.[1];
    if (!stem) return name;
    // The first origin of each stem, in the index's order: built once (a scan of every origin for each base
    // package of each apk add was most of a 1 MB file of official Dockerfiles' garbage).
    if (!this.stemOrigins) {
      this.stemOrigins = new Map();
      for (const [n, o] of Object.entries(origins)) {
        const s = LIBRARY_STEM.exec(n)?.[1];
        if (s && !this.stemOrigins.has(s)) this.stemOrigins.set(s, o);
      }
    }
    return this.stemOrigins.has(stem) ? this.stemOrigins.get(stem)! : name;
  }

  private stemOrigins: Map<string, string> | undefined;
  private readonly depsOrders = new Map<string, string[]>();
}

const LIBRARY_STEM = /^(lib[a-z_+-]*?)\d[\d.]*$/;

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
