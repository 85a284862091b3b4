/**
 * The dependency closure `npm install <name>@<range>` installs, resolved from registry packuments the
 * way npm does it closely enough for sizes: the `latest` tag when it satisfies the range, else the
 * highest satisfying version; dependencies, non-optional peer dependencies and the optional
 * dependencies whose os/cpu/libc fit the platform (npm ≥ 7 installs peers); bundled dependencies ship
 * inside their parent's tarball. Each name@version counts once (npm's hoisted tree rarely holds one
 * version twice). Used by scripts/gen-npm-sizes.mjs and by the run-time look-up (npmLookups.ts).
 */
import * as semver from 'semver';

/** The parts of a packument version (full or abbreviated "corgi" format) the resolver reads. */
export interface PackumentVersion {
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bundleDependencies?: string[] | boolean;
  bundledDependencies?: string[] | boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  deprecated?: string;
  hasInstallScript?: boolean;
  scripts?: Record<string, string>;
  dist?: { tarball?: string; unpackedSize?: number; fileCount?: number };
}

export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, PackumentVersion>;
}

export interface ClosureMember {
  name: string;
  version: string;
  tarball?: string;
  /** dist.unpackedSize when the registry gives it. */
  unpackedSize?: number;
  /** It runs a preinstall/install/postinstall script (may download or compile more than its tarball). */
  installScript?: boolean;
}

export interface NpmClosure {
  root: ClosureMember;
  /** Every package installed, the root first. */
  members: ClosureMember[];
  /** Dependencies that could not be resolved (no packument, no satisfying version, git/file specs). */
  unresolved: string[];
}

export interface Platform {
  os: string;
  cpu: string;
  libc: 'glibc' | 'musl';
}

export const LINUX_X64_GLIBC: Platform = { os: 'linux', cpu: 'x64', libc: 'glibc' };

/** os/cpu/libc lists with npm's `!name` negations. */
function fits(list: string[] | undefined, value: string): boolean {
  if (!list || list.length === 0) return true;
  const allowed = list.filter((v) => !v.startsWith('!'));
  if (list.includes(`!${value}`)) return false;
  return allowed.length === 0 || allowed.includes(value);
}

export function fitsPlatform(v: PackumentVersion, platform: Platform): boolean {
  return fits(v.os, platform.os) && fits(v.cpu, platform.cpu) && fits(v.libc, platform.libc);
}

/** The version npm picks for a range: the latest tag when it satisfies (npm prefers it), else the highest match. */
export function pickVersion(packument: Packument, range: string): PackumentVersion | undefined {
  const versions = packument.versions ?? {};
  const tags = packument['dist-tags'] ?? {};
  const wanted = range.trim() === '' || range === 'latest' ? '*' : range.trim();
  if (tags[wanted] && versions[tags[wanted]]) return versions[tags[wanted]];
  const latest = tags.latest;
  if (latest && versions[latest] && semver.satisfies(latest, wanted, { loose: true })) return versions[latest];
  const best = semver.maxSatisfying(Object.keys(versions), wanted, { loose: true });
  return best ? versions[best] : undefined;
}

/** `npm:real-name@range` aliases → [real-name, range]; git, file and URL specs → undefined. */
export function splitSpec(name: string, range: string): [string, string] | undefined {
  if (range.startsWith('npm:')) {
    const rest = range.slice(4);
    const at = rest.indexOf('@', rest.startsWith('@') ? 1 : 0);
    return at > 0 ? [rest.slice(0, at), rest.slice(at + 1)] : [rest, '*'];
  }
  if (/^(git|github|gitlab|bitbucket|file|link|workspace|https?):|^(\.\.?|~)?\/|^[\w-]+\/[\w.-]+(#.*)?$/.test(range)) return undefined;
  return [name, range];
}

/**
 * Resolves the closure breadth first. `getPackument` returns undefined for a package it cannot get;
 * it is called once per name (the caller caches and may fetch in parallel ahead of time).
 */
export async function resolveNpmClosure(
  name: string,
  range: string,
  getPackument: (name: string) => Promise<Packument | undefined>,
  platform: Platform = LINUX_X64_GLIBC,
  maxPackages = 5000,
): Promise<NpmClosure | undefined> {
  const rootPackument = await getPackument(name);
  const rootVersion = rootPackument && pickVersion(rootPackument, range);
  if (!rootVersion) return undefined;
  const member = (n: string, v: PackumentVersion): ClosureMember => {
    const m: ClosureMember = { name: n, version: v.version };
    if (v.dist?.tarball) m.tarball = v.dist.tarball;
    if (typeof v.dist?.unpackedSize === 'number') m.unpackedSize = v.dist.unpackedSize;
    if (v.hasInstallScript || v.scripts?.preinstall || v.scripts?.install || v.scripts?.postinstall) m.installScript = true;
    return m;
  };
  const root = member(name, rootVersion);
  const members: ClosureMember[] = [root];
  const seen = new Set([`${name}@${rootVersion.version}`]);
  const unresolved = new Set<string>();
  let level: PackumentVersion[] = [rootVersion];
  while (level.length && members.length < maxPackages) {
    const wanted: { name: string; range: string; optional: boolean }[] = [];
    for (const v of level) {
      const bundled = new Set(Array.isArray(v.bundleDependencies) ? v.bundleDependencies : Array.isArray(v.bundledDependencies) ? v.bundledDependencies : []);
      const all = v.bundleDependencies === true || v.bundledDependencies === true;
      const add = (deps: Record<string, string> | undefined, optional: boolean) => {
        for (const [n, r] of Object.entries(deps ?? {})) if (!all && !bundled.has(n)) wanted.push({ name: n, range: String(r), optional });
      };
      add(v.dependencies, false);
      add(v.optionalDependencies, true);
      const peers = Object.fromEntries(Object.entries(v.peerDependencies ?? {}).filter(([n]) => !v.peerDependenciesMeta?.[n]?.optional));
      add(peers, false);
    }
    // Fetch the level's packuments together (the caller's getPackument may run them in parallel).
    const specs = wanted.map((w) => ({ ...w, spec: splitSpec(w.name, w.range) }));
    const packuments = new Map<string, Packument | undefined>();
    await Promise.all(
      [...new Set(specs.filter((s) => s.spec).map((s) => s.spec![0]))].map(async (n) => packuments.set(n, await getPackument(n).catch(() => undefined))),
    );
    const next: PackumentVersion[] = [];
    for (const w of specs) {
      if (!w.spec) {
        if (!w.optional) unresolved.add(`${w.name}@${w.range}`);
        continue;
      }
      const [realName, realRange] = w.spec;
      const p = packuments.get(realName);
      const v = p && pickVersion(p, realRange);
      if (!v) {
        if (!w.optional) unresolved.add(`${w.name}@${w.range}`);
        continue;
      }
      if (w.optional && !fitsPlatform(v, platform)) continue;
      const key = `${realName}@${v.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      members.push(member(realName, v));
      next.push(v);
    }
    level = next;
  }
  return { root, members, unresolved: [...unresolved].sort() };
}
