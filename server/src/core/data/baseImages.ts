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
  /** Packages known to be installed: the OS base list plus those the official Dockerfiles name. A lower bound (dependencies of the named ones are not listed). */
  packages?: string[];
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
}

interface ImageEntry {
  commit: string;
  os?: string;
  family: BaseImageFamily;
  suite?: string;
  platforms: Record<string, number>;
  layers?: number;
  uncompressedBytes?: number;
  uncompressedSource?: string;
  parent?: string;
  slimDpkg: boolean;
  osPackages?: string;
  dockerfilePackages?: string[];
}

interface BaseImagesFile {
  readDate: string;
  aliases: Record<string, string>;
  uncompressedRatios: Record<string, { median: number } | string>;
  images: Record<string, ImageEntry>;
}

interface BasePackagesFile {
  images: Record<string, { manager: string; source: string; packages: string[]; versions?: Record<string, string>; versionsSource?: string }>;
}

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

const SUITES = ['bookworm', 'trixie', 'bullseye', 'buster', 'jammy', 'noble', 'focal'];

/**
 * The nearest tag the data has, for the spellings people write: a Debian/Ubuntu suite suffix
 * (`3.12-slim-bookworm`, `22-bookworm-slim`), an Alpine release suffix (`22-alpine3.22`), a patch
 * version (`3.12.7-slim`, `16.4`) — same image and version, so 'medium' — or, failing those,
 * the same variant of another version (`nginx:1.27-alpine` → `nginx:alpine`, `redis:7` →
 * `redis:latest`) at 'low'. Each answer says which tag stood in.
 */
function nearestKey(ref: ImageRef): { key: string; note: string; confidence: 'medium' | 'low'; suite?: string } | undefined {
  const repository = dockerHubMirrorRepository(ref);
  if (repository === undefined || !ref.tag) return undefined;
  const asked = ref.tag.toLowerCase();
  const tryTag = (tag: string) => resolveKey({ ...ref, tag, digest: undefined });
  let tag = asked;
  let suite: string | undefined;
  const suiteMatch = new RegExp(`^(.*?)-?(${SUITES.join('|')})(-slim)?$`).exec(tag);
  if (suiteMatch && suiteMatch[1]) {
    suite = suiteMatch[2];
    tag = `${suiteMatch[1]}${suiteMatch[3] ?? ''}`;
  }
  tag = tag.replace(/-alpine3\.\d+$/, '-alpine').replace(/^alpine3\.\d+$/, 'alpine');
  // Shorten the version: 3.12.7-slim → 3.12-slim → 3-slim.
  const versioned = /^(\d+(?:\.\d+)*)(.*)$/.exec(tag);
  const candidates: string[] = [tag];
  if (versioned) {
    const parts = versioned[1].split('.');
    for (let n = parts.length - 1; n >= 1; n--) candidates.push(`${parts.slice(0, n).join('.')}${versioned[2]}`);
  }
  for (const c of candidates) {
    if (c === asked) continue;
    const key = tryTag(c);
    if (key) return { key, suite, confidence: 'medium', note: `${repository}:${asked} is not in the data: sizes of ${key} (same image and version)` };
  }
  // Another version of the same variant.
  const variant = versioned ? versioned[2].replace(/^-/, '') : '';
  for (const c of [variant, variant ? '' : undefined, 'latest'].filter((x): x is string => x !== undefined && x !== '')) {
    const key = tryTag(c);
    if (key) return { key, suite, confidence: 'low', note: `${repository}:${asked} is not in the data: sizes of ${key} (another version of the same image)` };
  }
  return undefined;
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
  const near = exact ? undefined : nearestKey(parsed);
  const key = exact ?? near?.key;
  if (!key) return undefined;
  const data = baseImages();
  const entry = data.images[key];
  if (!entry) return undefined;
  const { repository, tag } = splitKey(key);
  const platformUsed = entry.platforms[wanted] !== undefined ? wanted : 'linux/amd64';
  const compressedBytes = entry.platforms[platformUsed] ?? Object.values(entry.platforms)[0];
  const notes: string[] = [`docker-library/repo-info repos/${repository}/remote/${tag}.md@${entry.commit.slice(0, 12)}, read ${data.readDate}`];
  let confidence: BaseImageInfo['confidence'] = near?.confidence ?? 'high';
  if (near) notes.unshift(near.note);
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
  // `-bookworm` asked of a tag whose data is trixie: the bookworm package list where we have one.
  const osPackages = near?.suite && entry.suite && entry.osPackages ? entry.osPackages.replace(entry.suite, near.suite) : entry.osPackages;
  if (osPackages) {
    const list = loadDataJson<BasePackagesFile>('base-packages.json').images[osPackages] ?? loadDataJson<BasePackagesFile>('base-packages.json').images[entry.osPackages ?? ''];
    if (list) packages = [...new Set([...list.packages, ...(entry.dockerfilePackages ?? [])])].sort();
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
  if (entry.os) info.os = near?.suite && entry.suite ? entry.os.replace(entry.suite, near.suite) : entry.os;
  if (entry.suite) info.suite = near?.suite ?? entry.suite;
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
