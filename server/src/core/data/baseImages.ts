import { loadDataJson } from './dataDir';

export interface ImageRef {
  /** Registry host (with port) when not Docker Hub; Docker Hub (docker.io, index.docker.io, registry-1.docker.io) is left undefined. */
  registry?: string;
  /** Lowercased repository path; Docker Hub's implicit `library/` is removed (`python`, `bitnami/redis`). */
  repository: string;
  tag?: string;
  /** `sha256:<hex>` when the reference pins a digest. */
  digest?: string;
  raw: string;
}

export type BaseImageFamily = 'debian' | 'ubuntu' | 'alpine' | 'fedora' | 'rhel' | 'amazonlinux' | 'busybox' | 'scratch' | 'unknown';

export interface BaseImageInfo {
  /** Data key after alias resolution, e.g. 'python:3.12-slim'. */
  key: string;
  /** As in the data, e.g. 'debian-trixie', 'alpine-3.24.2'. */
  os?: string;
  family: BaseImageFamily;
  /** 'bookworm' | 'trixie' | 'jammy' | 'noble' | '3.24' (alpine major.minor) | '44' (fedora) ... */
  suite?: string;
  /** Pull size (sum of gzip layers) for the requested platform. */
  compressedBytes?: number;
  /** On-disk size; estimated unless the data measured it for this platform (see uncompressedEstimated). */
  uncompressedBytes?: number;
  uncompressedEstimated: boolean;
  /** platform → compressed bytes, for every platform in the data. */
  platforms: Record<string, number>;
  /** dpkg path-exclude is active (debian -slim and images FROM it, ubuntu's minimized images): docs/man pages of apt installs are not written. */
  slimDpkg: boolean;
  /**
   * Packages known to be installed: the OS base list plus what the official Dockerfiles install and keep, with their
   * dependencies. A lower bound (libraries kept by the docker-library ldd/apt-mark pattern are not listed).
   */
  packages?: string[];
  /** The Debian release whose OS list stands in for this image's (bullseye, buster: the data has none of theirs). */
  packagesStandIn?: string;
  /**
   * Installed versions of the OS base's packages in one recorded build of the tag (repo-info report):
   * a newer pull of the tag may have newer ones.
   */
  packageVersions?: { versions: Record<string, string>; source: string };
  /** Package manager of the base OS. */
  packageManager?: 'dpkg' | 'apk' | 'rpm';
  /** FROM image of the official Dockerfile. */
  parent?: string;
  /** Layer count (linux/amd64) of the base image. */
  layers?: number;
  /** The platform whose numbers are reported (the requested one, or linux/amd64 when the data lacks it). */
  platform: string;
  source: string;
  confidence: 'high' | 'medium' | 'low';
  /**
   * Set when the asked tag is not in the data and another tag of the same variant and OS release stands in.
   * `osPinned`: the asked tag names its OS release (`-bookworm`, `-alpine3.20`, `jammy`, or an OS image's own
   * version); when it does not, the release is the stand-in's, which an older tag may not have had.
   */
  /** `oldBuild`: the stand-in is a build over a year old (a 2023 report), answered at low confidence. */
  standIn?: { asked: string; sameVersion: boolean; osPinned: boolean; oldBuild?: boolean };
}

interface ImageEntry {
  commit: string;
  /** Where an entry not from the shared snapshot was read (repo-info path@commit). */
  source?: string;
  os?: string;
  family: BaseImageFamily;
  suite?: string;
  platforms: Record<string, number>;
  layers?: number;
  uncompressedBytes?: number;
  uncompressedSource?: string;
  parent?: string;
  /** The application version the report's history showed (ENV PYTHON_VERSION=3.12.11 …), where it was recorded. */
  version?: string;
  slimDpkg: boolean;
  osPackages?: string;
  /** Key in base-packages.json `dockerfileSets`. */
  dockerfileSet?: string;
  /** The build the report showed (YYYY-MM-DD), for entries read from remote reports. */
  built?: string;
  /** The Debian release whose OS list stands in for this older one's (bullseye, buster: the data has no list of theirs). */
  osPackagesStandIn?: string;
}

interface BaseImagesFile {
  readDate: string;
  /** When the entries with their own `source` (scripts/data/repo-info/remote-sizes.json) were read. */
  remoteReadDate?: string;
  aliases: Record<string, string>;
  /**
   * Tags that docker-library/official-images lists in the same tag group as a tag of the data (nginx:1.31-alpine
   * with nginx:alpine), read at another time than the sizes: the same version line, not the same image.
   */
  libraryAliases?: Record<string, string>;
  libraryAliasesSource?: string;
  /** Where the tag groups were read: the repository, its commit and the commit's date. */
  libraryAliasesFrom?: { repository: string; commit: string; date: string };
  /**
   * Per official repository, [line, full] version words (scripts/gen-base-images.mjs `versionLineWords`): a line is
   * named by `line` words (postgres 18, python 3.12); a full release has `full` (postgres 18.6, python 3.12.11).
   */
  versionLineWords?: Record<string, [number, number]>;
  uncompressedRatios: Record<string, { median: number } | string>;
  images: Record<string, ImageEntry>;
}

interface BasePackagesFile {
  images: Record<string, { manager: string; source: string; packages: string[]; versions?: Record<string, string>; versionsSource?: string }>;
  /**
   * What the official Dockerfiles down an image's FROM chain install and keep (`named`), and the Depends/Pre-Depends
   * closure of those names over the OS list (`closure`, plus `closureByArch[arch]`), resolved by scripts/gen-base-images.mjs.
   */
  dockerfileSets?: Record<string, DockerfileSet>;
}

/** `base`: the set of the chain this one extends (its packages are installed too); the lists hold only what this one adds. */
interface DockerfileSet {
  base?: string;
  named: string[];
  closure?: string[];
  closureByArch?: Record<string, string[]>;
}

function dockerfileSetPackages(sets: Record<string, DockerfileSet> | undefined, key: string | undefined, arch: string, depth = 0): string[] {
  const set = key ? sets?.[key] : undefined;
  if (!set || depth > 16) return [];
  return [...dockerfileSetPackages(sets, set.base, arch, depth + 1), ...set.named, ...(set.closure ?? []), ...(set.closureByArch?.[arch] ?? [])];
}

/** linux/amd64 → amd64 (the apt architecture names the data uses). */
const APT_ARCH: Record<string, string> = { 'linux/amd64': 'amd64', 'linux/arm64/v8': 'arm64', 'linux/arm/v7': 'armhf' };

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/**
 * Parses an image reference the way `docker pull` reads it: `[registry[:port]/]path[:tag][@digest]`.
 * The first path component is a registry only if it contains '.' or ':' or is 'localhost'.
 */
export function parseImageRef(ref: string): ImageRef {
  const raw = ref;
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1).toLowerCase() || undefined;
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first.toLowerCase() === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  let repository = rest.toLowerCase();
  if (registry && DOCKER_HUB_HOSTS.has(registry)) registry = undefined;
  if (!registry && repository.startsWith('library/')) repository = repository.slice('library/'.length);
  const result: ImageRef = { repository, raw };
  if (registry) result.registry = registry;
  if (tag) result.tag = tag;
  if (digest) result.digest = digest;
  return result;
}

// Registries that serve Docker Hub's official images unchanged under another path.
function dockerHubMirrorRepository(ref: ImageRef): string | undefined {
  if (!ref.registry) return ref.repository;
  if (ref.registry === 'public.ecr.aws' && ref.repository.startsWith('docker/library/')) return ref.repository.slice('docker/library/'.length);
  if (ref.registry === 'mirror.gcr.io') return ref.repository.replace(/^library\//, '');
  return undefined;
}

/** 'amd64' | 'arm64' | 'linux/arm64' | 'aarch64' | 'arm' ... → the data's platform names. */
export function normalizePlatform(platform: string | undefined): string {
  const p = (platform ?? '').trim().toLowerCase();
  if (!p) return 'linux/amd64';
  const parts = p.split('/');
  const os = parts.length > 1 ? parts[0] : 'linux';
  const arch = parts.length > 1 ? parts[1] : parts[0];
  const variant = parts[2];
  if (arch === 'amd64' || arch === 'x86_64' || arch === 'x86-64') return `${os}/amd64`;
  if (arch === 'arm64' || arch === 'aarch64') return `${os}/arm64/v8`;
  if (arch === 'arm' || arch === 'armhf' || arch === 'armv7' || arch === 'armv7l') return `${os}/arm/${variant ?? 'v7'}`;
  return [os, arch, variant].filter(Boolean).join('/');
}

function baseImages(): BaseImagesFile {
  return loadDataJson<BaseImagesFile>('base-images.json');
}

/** `repo:tag` data key for a reference (tag defaults to latest), with aliases followed; undefined if not in the data. */
function resolveKey(ref: ImageRef): string | undefined {
  const repository = dockerHubMirrorRepository(ref);
  if (repository === undefined) return undefined;
  const data = baseImages();
  let key = `${repository}:${(ref.tag ?? 'latest').toLowerCase()}`;
  for (let hops = 0; hops < 4 && !data.images[key]; hops++) {
    const next = data.aliases[key];
    if (!next) return undefined;
    key = next;
  }
  return data.images[key] ? key : undefined;
}

/** The data key a tag of the same official-images tag group points at (see BaseImagesFile.libraryAliases). */
function libraryAliasKey(ref: ImageRef): string | undefined {
  const repository = dockerHubMirrorRepository(ref);
  if (repository === undefined) return undefined;
  const data = baseImages();
  const key = data.libraryAliases?.[`${repository}:${(ref.tag ?? 'latest').toLowerCase()}`];
  return key && data.images[key] ? key : undefined;
}

/** A tag of the same official tag group as a data tag: the same version line, medium (see libraryAliases). */
function libraryAliasStandIn(ref: ImageRef): { key: string; note: string; confidence: 'medium'; sameVersion: true; osPinned: boolean; oldBuild?: undefined } | undefined {
  const key = libraryAliasKey(ref);
  if (!key || !ref.tag) return undefined;
  const repository = splitKey(key).repository;
  const asked = ref.tag.toLowerCase();
  const from = baseImages().libraryAliasesFrom;
  const source = from ? `${from.repository} library/${repository}@${from.commit.slice(0, 12)} (${from.date})` : 'docker-library/official-images';
  return {
    key,
    confidence: 'medium',
    sameVersion: true,
    osPinned: !!parseTag(asked).os?.release || OS_REPOSITORIES.has(repository),
    note: `${repository}:${asked} is not in the data: sizes of ${key}, one tag group in ${source}, same version line (tags move: not the same digest)`,
  };
}

const OS_REPOSITORIES = new Set(['alpine', 'debian', 'ubuntu', 'fedora', 'amazonlinux', 'almalinux', 'rockylinux', 'oraclelinux', 'busybox']);
/** Debian's releases, oldest first. */
const DEBIAN_ORDER = ['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky', 'sid'];
const DEBIAN_SUITES = new Set(DEBIAN_ORDER);

/** A number that orders OS releases of one family: alpine 3.9 < 3.17, buster < bullseye, 20.04 < 22.04; 0 when none. */
function releaseOrder(os: { family?: string; release?: string } | undefined): number {
  const release = os?.release;
  if (!release) return 0;
  if (os.family === 'debian') return DEBIAN_ORDER.indexOf(release) + 1;
  const m = /^(\d+)\.(\d+)/.exec(release);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
}
const UBUNTU_SUITES = new Set(['trusty', 'xenial', 'bionic', 'focal', 'jammy', 'kinetic', 'lunar', 'mantic', 'noble', 'oracular', 'plucky', 'questing', 'resolute']);

/** What a tag says: `3.12.7-slim-bookworm` → version 3.12.7, variant [slim], OS debian bookworm. */
export interface TagParts {
  version?: string[];
  /** Variant words other than the OS release and snapshot date, sorted: `jdk`, `slim`, `fpm` … */
  variant: string[];
  os?: { family: 'debian' | 'ubuntu' | 'alpine' | 'windows'; release?: string };
  /** A snapshot date (`jammy-20240212`, `bookworm-20240110-slim`): the same release, another build. */
  date?: string;
}

export function parseTag(tag: string): TagParts {
  const tokens = tag.toLowerCase().split('-').filter(Boolean);
  const parts: TagParts = { variant: [] };
  // eclipse-temurin's `17.0.9_9` carries a build number after `_`: the version is 17.0.9.
  const v = tokens[0] ? /^(\d+(?:\.\d+)*)(?:_\d+)?$/.exec(tokens[0]) : null;
  if (v) {
    parts.version = v[1]!.split('.');
    tokens.shift();
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let m: RegExpExecArray | null;
    // eclipse-temurin, maven and gradle spell the release with a hyphen: 21-jdk-alpine-3.22.
    if (t === 'alpine' && /^\d+\.\d+$/.test(tokens[i + 1] ?? '')) parts.os = { family: 'alpine', release: tokens[++i]! };
    else if ((m = /^alpine(\d+\.\d+)?$/.exec(t))) parts.os = { family: 'alpine', ...(m[1] ? { release: m[1] } : {}) };
    else if (DEBIAN_SUITES.has(t)) parts.os = { family: 'debian', release: t };
    else if (UBUNTU_SUITES.has(t)) parts.os = { family: 'ubuntu', release: t };
    else if (/^(windowsservercore|nanoserver)/.test(t)) parts.os = { family: 'windows', release: t };
    else if (/^\d{8}(\.\d+)?$/.test(t)) parts.date = t;
    else parts.variant.push(t);
  }
  parts.variant.sort();
  return parts;
}

/**
 * The Alpine release an image name states even when the data has no entry for it: `alpine:3.16`,
 * `alpine:3.14.8`, `node:18-alpine3.16`. Package installs then use that release's package data;
 * the image's own size stays unknown.
 */
export function alpineReleaseOfName(image: string): string | undefined {
  const ref = parseImageRef(image);
  if (!ref.tag) return undefined;
  const repository = dockerHubMirrorRepository(ref);
  if (repository === 'alpine') {
    const m = /^(3\.\d+)(?:\.\d+)?$/.exec(ref.tag);
    if (m) return m[1];
    if (ref.tag === 'edge') return 'edge';
  }
  const os = parseTag(ref.tag).os;
  return os?.family === 'alpine' ? os.release : undefined;
}

interface Candidate {
  tag: string;
  key: string;
  parts: TagParts;
  /** The version words it stands for (candidateVersion). */
  version: string[] | undefined;
}

let candidatesByRepo: Map<string, Candidate[]> | undefined;
let candidatesFor: BaseImagesFile | undefined;

/** Every tag the data has (own entries and aliases) per repository, parsed once. */
function repositoryCandidates(repository: string): Candidate[] {
  const data = baseImages();
  if (!candidatesByRepo || candidatesFor !== data) {
    candidatesByRepo = new Map();
    candidatesFor = data;
    for (const name of [...Object.keys(data.images), ...Object.keys(data.aliases), ...Object.keys(data.libraryAliases ?? {})]) {
      const ref = parseImageRef(name);
      const key = resolveKey(ref) ?? libraryAliasKey(ref);
      if (!key) continue;
      const { repository: repo, tag } = splitKey(name);
      const list = candidatesByRepo.get(repo) ?? [];
      const parts = parseTag(tag);
      list.push({ tag, key, parts, version: candidateVersion(parts.version, key, data) });
      candidatesByRepo.set(repo, list);
    }
  }
  return candidatesByRepo.get(repository) ?? [];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Whether the data has tags of several minor lines under this major (python 3.11/3.12 → yes, node 22 → no). */
function majorHasLines(repository: string, major: string): boolean {
  return repositoryCandidates(repository).some((c) => c.parts.version?.[0] === major && c.parts.version.length > 1);
}

const versionNumber = (v: string | undefined) => (v === undefined ? -1 : Number(v));

/** The OS release an entry was built on: the tag's own word, else the data's `suite`. */
function candidateRelease(c: Candidate): { family?: string; release?: string } {
  if (c.parts.os?.release) return c.parts.os;
  const entry = baseImages().images[c.key];
  return { family: c.parts.os?.family ?? entry?.family, release: entry?.suite };
}

/**
 * The version words a candidate stands for: its tag's, extended to major.minor by the version its report showed
 * where that version starts with the tag's (redis:7 read as 7.4.11 → 7.4, so redis:7.4 is its version line and
 * redis:7.2 is not). Patch words are left out: a later patch of the same line is the same line.
 */
function candidateVersion(v: string[] | undefined, key: string, data: BaseImagesFile): string[] | undefined {
  if (!v || v.length >= 2) return v;
  // An alias that floats over the data's tag (mysql:8 → mysql:8.4) stands for the data's version.
  const keyVersion = parseTag(splitKey(key).tag).version;
  if (keyVersion && keyVersion.length > v.length && keyVersion[0] === v[0]) return keyVersion.slice(0, 2);
  const words = leadingVersionWords(data.images[key]?.version);
  if (!words || words.length < 2 || words[0] !== v[0]) return v;
  return words.slice(0, 2);
}

/** The numbers a recorded application version starts with: '7.4.11' → [7, 4, 11], '1.13.1-c1.13.1' → [1, 13, 1]. */
export function leadingVersionWords(version: string | undefined): string[] | undefined {
  return version ? /^\d+(?:\.\d+)*/.exec(version)?.[0].split('.') : undefined;
}

/**
 * Whether `asked` is the version line of a candidate `v`: they agree on every word but a full release's last
 * (a patch), and a candidate that floats over words the asker pinned is a line docker-library keeps a tag for
 * (node:22 for 22.11.0; not python:3 for 3.9.5). OS images (and repositories the official tag groups do not
 * cover) compare every word: their version is the release.
 */
function sameVersionLine(repository: string, asked: string[], v: string[], common: number): boolean {
  const words = OS_REPOSITORIES.has(repository) ? undefined : baseImages().versionLineWords?.[repository];
  if (!words) {
    const majorOnly = v.length === 1 && asked.length > 1 && !majorHasLines(repository, v[0]!);
    return common === Math.min(asked.length, v.length) && (v.length > 1 || asked.length === 1 || majorOnly);
  }
  const [line, full] = words;
  // A two-word version every tag spells in full is a release name (buildpack-deps:26.04), not major.patch.
  const patchWords = line === full && full < 3 ? 0 : 1;
  const compared = Math.min(asked.length, v.length, Math.max(full - patchWords, 1));
  if (common < compared) return false;
  return v.length >= Math.min(asked.length, full - patchWords) || v.length >= line;
}

/**
 * The nearest tag the data has: the same variant words, the same OS release (alpine3.19, bookworm,
 * jammy: the tag's word or, for tags that name none, the release the data's entry was built on) and the
 * same major version. 'medium' when it is the same version line (`3.12.7-slim` → `3.12-slim`,
 * `3-alpine` → the newest `3.x-alpine`, a snapshot date dropped), 'low' for another version of the same
 * major (`3.9.5` → `3.11`). Anything else (another variant, OS release or major, `latest`) is no answer:
 * the base is unknown. Each answer says which tag stood in.
 */
function nearestKey(ref: ImageRef, exclude?: string): { key: string; note: string; confidence: 'medium' | 'low'; sameVersion: boolean; osPinned: boolean; oldBuild?: boolean } | undefined {
  const repository = dockerHubMirrorRepository(ref);
  if (repository === undefined || !ref.tag) return undefined;
  const asked = ref.tag.toLowerCase();
  const want = parseTag(asked);
  let best: { c: Candidate; rank: number[]; sameVersion: boolean } | undefined;
  for (const c of repositoryCandidates(repository)) {
    if (c.tag === asked || c.key === exclude || c.parts.variant.join('-') !== want.variant.join('-')) continue;
    if (want.os?.release) {
      const got = candidateRelease(c);
      if (got.family !== want.os.family || got.release !== want.os.release) continue;
    } else if (want.os) {
      if (c.parts.os?.family !== want.os.family) continue;
    } else if (c.parts.os) continue;
    const a = want.version;
    const v = c.version;
    if (!a !== !v) continue;
    let common = 0;
    if (a && v) {
      if (a[0] !== v[0]) continue;
      while (common < a.length && common < v.length && a[common] === v[common]) common++;
    } else if (!want.date) continue;
    // Same line: the candidate is a shorter spelling of the asked version (3.12 for 3.12.7; node:22 for 22.11.0,
    // a line docker-library tags) or another patch of it, or the asked one floats over it.
    const sameVersion = !a || !v || sameVersionLine(repository, a, v, common);
    // In the OS images the version is the release itself (alpine:3.19, debian:12): no other release stands in.
    if (!sameVersion && OS_REPOSITORIES.has(repository)) continue;
    const bothHave = a && v && a[common] !== undefined && v[common] !== undefined;
    // A floating major tag (python:3) is farther from 3.9.5 than any 3.x line the data has.
    const next = bothHave ? Math.abs(versionNumber(a[common]) - versionNumber(v[common])) : sameVersion ? 0 : 1000;
    // Last, between tags pinned to different OS releases (php:8.1-fpm-alpine3.16 and -alpine3.17 for php:8.1-fpm-alpine):
    // the newer release, the one the floating tag moved on to.
    const rank = [sameVersion ? 1 : 0, common, v && a && v.length <= a.length ? 1 : 0, -next, versionNumber(v?.[common]), c.parts.os?.release ? 0 : 1, releaseOrder(c.parts.os)];
    const better = !best || compareRanks(rank, best.rank) > 0;
    if (better) best = { c, rank, sameVersion };
  }
  if (!best) return undefined;
  const { key } = best.c;
  const standIn = `${repository}:${best.c.tag}`;
  const osPinned = !!want.os?.release || OS_REPOSITORIES.has(repository);
  // An old build (the 2023 reports of end-of-life lines) stands in at low confidence, unless the tag written names its
  // OS release and version line (node:16-alpine3.17 for node:16-alpine, built on 3.17): a floating tag (maven:3,
  // python:3.8-alpine) may have been rebuilt since, on a later version or OS release.
  const built = oldBuild(baseImages(), key);
  const oldLow = built !== undefined && !(want.os?.release && best.sameVersion);
  const later = !want.os?.release && best.c.parts.os?.release ? ` and on a later ${best.c.parts.os.family} release` : '';
  const old = oldLow ? `; ${standIn} is a build of ${built}: ${repository}:${asked} may have been rebuilt since, on a later version${later}` : '';
  const how = best.sameVersion ? 'same image, variant and version line' : `same variant and OS release, another ${want.version?.[0]}.x version`;
  return {
    key,
    confidence: best.sameVersion && !oldLow ? 'medium' : 'low',
    sameVersion: best.sameVersion,
    osPinned,
    ...(oldLow ? { oldBuild: true } : {}),
    note: `${repository}:${asked} is not in the data: sizes of ${standIn}, ${how}${old}`,
  };
}

/**
 * The date of an entry's build when it is over a year older than the data's reading (the 2023-01 reports that are the
 * newest repo-info has of end-of-life lines: node 14, python 3.8, ruby 2.7 …), else undefined.
 */
function oldBuild(data: BaseImagesFile, key: string): string | undefined {
  const built = data.images[key]?.built;
  const read = data.remoteReadDate ?? data.readDate;
  if (!built || !read) return undefined;
  return Date.parse(read) - Date.parse(built) > 365 * 86_400_000 ? built : undefined;
}

/**
 * The tag that would stand in for data key `key` if the data lacked it (it and its aliases left out), for
 * measuring how far a stand-in's sizes are from the real ones (scripts/measure-base-standins.ts).
 */
export function standInWithout(key: string): { key: string; sameVersion: boolean } | undefined {
  const near = nearestKey(parseImageRef(key), key);
  // An old build's stand-in is answered at low confidence: measured with the other low ones (standInKind).
  return near && { key: near.key, sameVersion: near.sameVersion && !near.oldBuild };
}

/** The data key for exactly this reference (aliases followed, no nearest-tag stand-in), or undefined. */
export function exactBaseImageKey(ref: string): string | undefined {
  const parsed = parseImageRef(ref);
  return parsed.digest && !parsed.tag ? undefined : resolveKey(parsed);
}

function splitKey(key: string): { repository: string; tag: string } {
  const colon = key.lastIndexOf(':');
  return { repository: key.slice(0, colon), tag: key.slice(colon + 1) };
}

function uncompressedRatio(family: string): { ratio: number; basis: string } {
  const ratios = baseImages().uncompressedRatios;
  const own = ratios[family];
  if (own && typeof own === 'object') return { ratio: own.median, basis: `${family} median` };
  const all = ratios.all;
  return { ratio: typeof all === 'object' ? all.median : 2.75, basis: 'median of all measured images' };
}

const FAMILY_PACKAGE_MANAGER: Partial<Record<BaseImageFamily, 'dpkg' | 'apk' | 'rpm'>> = {
  debian: 'dpkg',
  ubuntu: 'dpkg',
  alpine: 'apk',
  fedora: 'rpm',
  rhel: 'rpm',
  amazonlinux: 'rpm',
};

/**
 * Size and contents of a known base image for a platform (default linux/amd64).
 * undefined = not in the data (private images, digest-only pins, build args like ${BASE}).
 * A tag+digest pin answers with the tag's numbers at low confidence: the digest is what was pulled then.
 */
export function lookupBaseImage(ref: string, platform: string = 'linux/amd64'): BaseImageInfo | undefined {
  const parsed = parseImageRef(ref);
  const wanted = normalizePlatform(platform);
  if (!parsed.registry && parsed.repository === 'scratch') {
    return {
      key: 'scratch',
      family: 'scratch',
      compressedBytes: 0,
      uncompressedBytes: 0,
      uncompressedEstimated: false,
      platforms: {},
      slimDpkg: false,
      packages: [],
      layers: 0,
      platform: wanted,
      source: 'scratch is the empty image: no layers',
      confidence: 'high',
    };
  }
  if (parsed.digest && !parsed.tag) return undefined;
  const exact = resolveKey(parsed);
  const near = exact ? undefined : (libraryAliasStandIn(parsed) ?? nearestKey(parsed));
  const key = exact ?? near?.key;
  if (!key) return undefined;
  const data = baseImages();
  const entry = data.images[key];
  if (!entry) return undefined;
  const { repository, tag } = splitKey(key);
  const platformUsed = entry.platforms[wanted] !== undefined ? wanted : 'linux/amd64';
  const compressedBytes = entry.platforms[platformUsed] ?? Object.values(entry.platforms)[0];
  const notes: string[] = [entry.source ? `docker-library/${entry.source}, read ${data.remoteReadDate ?? data.readDate}` : `docker-library/repo-info repos/${repository}/remote/${tag}.md@${entry.commit.slice(0, 12)}, read ${data.readDate}`];
  let confidence: BaseImageInfo['confidence'] = near?.confidence ?? 'high';
  if (near) notes.unshift(near.note);
  const built = oldBuild(data, key);
  if (built) notes.push(`sizes of its build of ${built}, the newest report the data has of this tag: a later build may differ`);
  if (platformUsed !== wanted) {
    notes.push(`${wanted} not in the data: ${platformUsed} sizes shown`);
    confidence = 'low';
  }
  if (parsed.digest) {
    notes.push('digest-pinned: sizes are for the tag, not the pinned digest');
    confidence = 'low';
  }

  let uncompressedBytes: number | undefined;
  let uncompressedEstimated = true;
  const amd64Compressed = entry.platforms['linux/amd64'];
  if (entry.uncompressedBytes !== undefined && platformUsed === 'linux/amd64') {
    uncompressedBytes = entry.uncompressedBytes;
    uncompressedEstimated = false;
    notes.push(`on disk: ${entry.uncompressedSource}`);
  } else if (entry.uncompressedBytes !== undefined && amd64Compressed && compressedBytes !== undefined) {
    // Same image on another architecture: scale its own measured amd64 ratio.
    const ratio = entry.uncompressedBytes / amd64Compressed;
    uncompressedBytes = Math.round(compressedBytes * ratio);
    notes.push(`on disk estimated: compressed × ${ratio.toFixed(2)} (this image's linux/amd64 ratio)`);
  } else if (compressedBytes !== undefined) {
    const { ratio, basis } = uncompressedRatio(entry.family);
    uncompressedBytes = Math.round(compressedBytes * ratio);
    notes.push(`on disk estimated: compressed × ${ratio} (${basis} of on-disk/compressed in repo-info)`);
  }
  if (uncompressedEstimated && confidence === 'high') confidence = 'medium';

  let packages: string[] | undefined;
  let packageVersions: BaseImageInfo['packageVersions'];
  if (entry.osPackages) {
    const data = loadDataJson<BasePackagesFile>('base-packages.json');
    const list = data.images[entry.osPackages];
    const fromDockerfiles = dockerfileSetPackages(data.dockerfileSets, entry.dockerfileSet, APT_ARCH[wanted] ?? 'amd64');
    if (list) packages = [...new Set([...list.packages, ...fromDockerfiles])].sort();
    if (list && entry.osPackagesStandIn) notes.push(`installed packages: ${entry.osPackagesStandIn}'s OS list and the official Dockerfiles' packages stand in for ${entry.suite ?? 'this release'}'s (no list of it in the data)`);
    if (list?.versions) packageVersions = { versions: list.versions, source: list.versionsSource ?? list.source };
  }

  const info: BaseImageInfo = {
    key,
    family: entry.family,
    uncompressedEstimated,
    platforms: { ...entry.platforms },
    slimDpkg: entry.slimDpkg,
    platform: platformUsed,
    source: notes.join('; '),
    confidence,
  };
  if (entry.os) info.os = entry.os;
  if (entry.osPackagesStandIn && packages) info.packagesStandIn = entry.osPackagesStandIn;
  if (entry.suite) info.suite = entry.suite;
  if (near) info.standIn = { asked: `${splitKey(key).repository}:${parsed.tag}`, sameVersion: near.sameVersion, osPinned: near.osPinned, ...(near.oldBuild ? { oldBuild: true } : {}) };
  if (compressedBytes !== undefined) info.compressedBytes = compressedBytes;
  if (uncompressedBytes !== undefined) info.uncompressedBytes = uncompressedBytes;
  if (packages) info.packages = packages;
  if (packageVersions) info.packageVersions = packageVersions;
  const manager = FAMILY_PACKAGE_MANAGER[entry.family];
  if (manager) info.packageManager = manager;
  if (entry.parent) info.parent = entry.parent;
  if (entry.layers !== undefined) info.layers = entry.layers;
  return info;
}

/** The installed package names of one base-packages.json list ('debian:bookworm-slim', 'ubuntu:20.04'), or undefined. */
export function basePackageList(key: string): string[] | undefined {
  return loadDataJson<BasePackagesFile>('base-packages.json').images[key]?.packages;
}

export interface SmallerVariant {
  key: string;
  compressedBytes?: number;
  uncompressedBytes?: number;
  /** Compressed (pull) bytes saved versus the current image; undefined when the target size is unknown. */
  savesBytes?: number;
  /** Saved on-disk bytes (estimated where either side is estimated). */
  savesUncompressedBytes?: number;
  tradeOff: string;
}

const LANGUAGE_SLIM_TRADEOFF: Record<string, string> = {
  python:
    'slim lacks compilers and headers (gcc, make, libc6-dev, *-dev libraries): packages without a prebuilt manylinux wheel fail to build unless you apt-get install build-essential, or build wheels in a full-image stage',
  node: 'slim lacks python3, make and g++: node-gyp native addons without prebuilt binaries fail to build (build them in a full-image stage)',
  ruby: 'slim lacks compilers and -dev headers: gems with C extensions (nokogiri without its native gem, pg, mysql2) need build-essential and headers installed first',
  rust: 'slim has the toolchain but not the extra -dev libraries and tools of buildpack-deps (libssl-dev, pkg-config, git): crates linking system libraries need them installed',
};

const LANGUAGE_ALPINE_TRADEOFF: Record<string, string> = {
  python:
    'alpine uses musl libc: manylinux (glibc) wheels will not install, so packages without musllinux wheels compile from source (needs build-base and headers, slow); DNS and locale behaviour differ; apk instead of apt',
  node: 'alpine uses musl libc: native addons need musl prebuilds (many ship only glibc ones) or build-base/python3 to compile; glibc-linked binaries downloaded at install time do not run',
  ruby: 'alpine uses musl libc: gems with C extensions compile from source (needs build-base and -dev headers); glibc-only precompiled gems do not install',
  golang: 'alpine uses musl libc: cgo builds link musl (fine for static CGO_ENABLED=0 builds); no gcc by default for cgo',
  rust: 'alpine uses musl libc: binaries target x86_64-unknown-linux-musl (static), crates with glibc-only system deps need musl -dev packages; the musl allocator can be slower',
};

const GENERIC_ALPINE_TRADEOFF =
  'alpine uses musl libc and busybox: glibc-linked binaries do not run, some behaviour (DNS, locales, iconv) differs, and packages come from apk instead of apt';
const GENERIC_SLIM_TRADEOFF = 'slim drops compilers, headers and common tools that the full image carries; install them if a build step needs them';

function tradeOffFor(repository: string, fromTag: string, toTag: string): string {
  if (/-jre/.test(toTag) && /-jdk/.test(fromTag)) {
    const alpine = toTag.includes('alpine') ? `; ${GENERIC_ALPINE_TRADEOFF}` : '';
    return `the JRE has no javac, jar, jlink or jshell: compile in a JDK build stage and run the jar here${alpine}`;
  }
  if (repository === 'debian' && toTag.endsWith('-slim')) {
    return 'same packages, but dpkg excludes man pages, /usr/share/doc and most locales (also for packages you apt-get install later)';
  }
  if (toTag.includes('alpine')) return LANGUAGE_ALPINE_TRADEOFF[repository] ?? GENERIC_ALPINE_TRADEOFF;
  if (toTag.includes('slim')) return LANGUAGE_SLIM_TRADEOFF[repository] ?? GENERIC_SLIM_TRADEOFF;
  if (repository === 'buildpack-deps') {
    return toTag.endsWith('-curl')
      ? 'curl variant: only curl, wget, gnupg and CA certificates on top of debian; no git, compilers or -dev headers'
      : 'scm variant: adds git, mercurial, subversion and openssh-client, but no compilers or -dev headers';
  }
  return 'a smaller official variant of the same version';
}

/** Tags of the same image and version that the official images publish as smaller variants. */
function candidateTags(repository: string, tag: string, entry: ImageEntry): string[] {
  const candidates: string[] = [];
  if (tag.includes('alpine')) return candidates;
  const withoutSlim = tag.replace(/-slim$/, '');
  if (tag === 'latest') candidates.push('slim', 'alpine');
  else if (!tag.endsWith('-slim')) candidates.push(`${tag}-slim`);
  candidates.push(`${withoutSlim}-alpine`);
  if (tag === 'latest' || tag === 'slim') candidates.push('alpine');
  if (tag.includes('-jdk')) {
    candidates.push(tag.replace('-jdk', '-jre'), `${tag.replace('-jdk', '-jre')}-alpine`);
  }
  if (tag.includes('-jre')) candidates.push(`${tag}-alpine`);
  if (repository === 'debian' && entry.suite && !tag.endsWith('-slim')) candidates.push(`${entry.suite}-slim`);
  if (repository === 'buildpack-deps' && entry.suite) candidates.push(`${entry.suite}-scm`, `${entry.suite}-curl`);
  return [...new Set(candidates)];
}

/**
 * Official smaller variants of the same image and version (python:3.12 → -slim, -alpine; eclipse-temurin jdk → jre;
 * debian:bookworm → bookworm-slim), only those smaller than the current one, largest first.
 * For compiler images (golang, rust, gcc) it also suggests the multi-stage runtime base, which is not a variant.
 */
export function smallerVariants(ref: string, platform: string = 'linux/amd64'): SmallerVariant[] {
  const current = lookupBaseImage(ref, platform);
  if (!current || current.family === 'scratch') return [];
  // Variants of a stand-in of another version would name an image of a version the user did not write.
  if (current.standIn && !current.standIn.sameVersion) return [];
  const entry = baseImages().images[current.key];
  if (!entry) return [];
  const { repository, tag } = splitKey(current.key);
  const seen = new Set<string>([current.key]);
  const variants: SmallerVariant[] = [];
  const add = (target: BaseImageInfo | undefined, tradeOff: string, keepIfNotSmaller = false) => {
    if (!target || seen.has(target.key)) return;
    seen.add(target.key);
    const variant: SmallerVariant = { key: target.key, tradeOff };
    if (target.compressedBytes !== undefined) variant.compressedBytes = target.compressedBytes;
    if (target.uncompressedBytes !== undefined) variant.uncompressedBytes = target.uncompressedBytes;
    if (current.compressedBytes !== undefined && target.compressedBytes !== undefined) {
      variant.savesBytes = current.compressedBytes - target.compressedBytes;
      if (variant.savesBytes <= 0 && !keepIfNotSmaller) return;
    }
    if (current.uncompressedBytes !== undefined && target.uncompressedBytes !== undefined) {
      variant.savesUncompressedBytes = current.uncompressedBytes - target.uncompressedBytes;
    }
    variants.push(variant);
  };
  for (const candidate of candidateTags(repository, tag, entry)) {
    add(lookupBaseImage(`${repository}:${candidate}`, platform), tradeOffFor(repository, tag, candidate));
  }
  variants.sort((a, b) => (b.compressedBytes ?? 0) - (a.compressedBytes ?? 0));

  // Compiler images: the win is a multi-stage build whose final stage is a runtime base, not a variant.
  const suite = entry.family === 'debian' ? entry.suite : undefined;
  if (repository === 'golang') {
    add(
      lookupBaseImage('scratch', platform),
      'not a variant: multi-stage build, `go build` with CGO_ENABLED=0 in this image, then COPY the binary into scratch or a distroless static image (add the binary size; no shell, no CA certificates unless copied)',
    );
  } else if ((repository === 'rust' || repository === 'gcc') && suite) {
    const runtime = lookupBaseImage(`debian:${suite}-slim`, platform);
    add(
      runtime,
      `not a variant: multi-stage build, compile in ${current.key} and COPY the binary into ${runtime?.key ?? 'a slim runtime image'} (same glibc; add the binary and any runtime libraries it links)`,
    );
  }
  return variants;
}

/**
 * Is `ref` a full (non-slim, non-alpine) tag of an official image whose full tags the data shows are
 * built FROM buildpack-deps (ruby:3.3, python:3.12, node:22, golang:1.26 …)? Such images already carry
 * compilers, -dev packages and their recommends; an old tag the data lacks is judged by its newer ones.
 */
export function onBuildpackDeps(ref: string): boolean {
  const parsed = parseImageRef(ref);
  const repository = dockerHubMirrorRepository(parsed);
  if (!repository) return false;
  if (repository === 'buildpack-deps') return !parseTag(parsed.tag ?? 'latest').variant.some((v) => v === 'curl' || v === 'scm');
  const wanted = parseTag(parsed.tag ?? 'latest');
  if (wanted.variant.some((v) => v !== 'bullseye' && v !== 'buster') || wanted.os?.family === 'alpine' || wanted.os?.family === 'windows') return false;
  for (const [key, entry] of Object.entries(baseImages().images)) {
    const { repository: r, tag } = splitKey(key);
    if (r !== repository) continue;
    const t = parseTag(tag);
    if (t.variant.length || t.os?.family === 'alpine') continue;
    if (entry.parent?.startsWith('buildpack-deps:') && !/-(curl|scm)$/.test(entry.parent)) return true;
  }
  return false;
}
