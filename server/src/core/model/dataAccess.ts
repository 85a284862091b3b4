/** Lazy access to the shipped data: loaded on first use, never at start-up; missing data means "unknown". */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AptDatabase, AptArch, AptSuite, DebianAptSuite, UBUNTU_APT_SUITES, isUbuntuAptSuite, loadAptMeasurements } from '../data/aptDb';
import { dataDir } from '../data/dataDir';
import { AptBaseSources, type AptBaseSourcesFile } from '../data/aptBaseSources';

let apt: AptDatabase | null | undefined;
let aptMeasures: ReturnType<typeof loadAptMeasurements> | null | undefined;

export function aptDatabase(): AptDatabase | undefined {
  if (apt === undefined) {
    try {
      apt = AptDatabase.fromDirectory(path.join(dataDir(), 'apt'));
    } catch {
      apt = null;
    }
  }
  return apt ?? undefined;
}

export function aptMeasurements(): ReturnType<typeof loadAptMeasurements> | undefined {
  if (aptMeasures === undefined) {
    try {
      aptMeasures = loadAptMeasurements(path.join(dataDir(), 'apt'));
    } catch {
      aptMeasures = null;
    }
  }
  return aptMeasures ?? undefined;
}

/** server/data/apt/calibration.json (scripts/bench-accuracy.ts --write-calibration; docs/accuracy.md). */
export interface AptCalibration {
  dpkgStatusBytes: number;
  perPackageBytes: number;
  debconfCacheBytes: number;
  /** templates.dat + config.dat, rewritten by dpkg-preconfigure on every install (docker build layers). */
  debconfRewriteBytes?: number;
  /** Files and directories an installed package adds (apt-deltas.json): a purge writes a whiteout for each. */
  filesPerPackage?: number;
  installedSizeFactor: number;
  slimKeptShareByPackage: Record<string, number>;
}
let calibration: AptCalibration | null | undefined;
export function aptCalibration(): AptCalibration | undefined {
  if (calibration === undefined) {
    try {
      calibration = (JSON.parse(fs.readFileSync(path.join(dataDir(), 'apt', 'calibration.json'), 'utf8')) as { apt: AptCalibration }).apt;
    } catch {
      calibration = null;
    }
  }
  return calibration ?? undefined;
}

let baseSources: AptBaseSources | null | undefined;
/** server/data/apt/base-sources.json: same-source binaries of base packages and their archive versions. */
export function aptBaseSources(): AptBaseSources | undefined {
  if (baseSources === undefined) {
    try {
      baseSources = new AptBaseSources(JSON.parse(fs.readFileSync(path.join(dataDir(), 'apt', 'base-sources.json'), 'utf8')) as AptBaseSourcesFile);
    } catch {
      baseSources = null;
    }
  }
  return baseSources ?? undefined;
}

/**
 * Docker platform → Debian architecture. With an Ubuntu suite: the Ubuntu data has amd64 only
 * (ports.ubuntu.com, which serves the other arches, was not reachable), so other arches read the amd64
 * index, scaled by the arch/amd64 ratio measured on Debian's closures (ubuntu.json archStandIn).
 */
export function aptArchFor(platform: string, suite?: AptSuite): { arch: AptArch; proxy?: string; factor?: number; low?: number; high?: number } | undefined {
  const own = debianArchFor(platform);
  if (!own || !isUbuntuAptSuite(suite) || own.arch === 'amd64') return own;
  const ratio = ubuntuStandIn()?.archStandIn?.[own.arch];
  if (!ratio) return { arch: 'amd64', proxy: `${platform} estimated with Ubuntu's amd64 index (the data has no ${own.arch} index)` };
  return {
    arch: 'amd64',
    proxy: `${platform} estimated with Ubuntu's amd64 index × ${ratio.factor} (${ratio.source})`,
    factor: ratio.factor,
    low: ratio.low,
    high: ratio.high,
  };
}

function debianArchFor(platform: string): { arch: AptArch; proxy?: string } | undefined {
  const p = platform.toLowerCase();
  if (p.endsWith('/amd64') || p === 'amd64') return { arch: 'amd64' };
  if (p.includes('arm64') || p.includes('aarch64')) return { arch: 'arm64' };
  if (p.includes('arm/v7') || p === 'linux/arm') return { arch: 'armhf' };
  if (p.includes('arm/v6') || p.includes('arm/v5')) return { arch: 'armhf', proxy: `${platform} (armel) estimated with armhf sizes` };
  if (p.includes('386')) return { arch: 'amd64', proxy: `${platform} estimated with amd64 sizes` };
  return undefined;
}

/**
 * The package index for an OS family/suite. Ubuntu: the release's own index when the data has it, else
 * the nearest release's (trusty, xenial → bionic), stated; a release not named (or unknown) keeps the
 * Debian stand-in of ubuntu.json, stated, with its measured correction.
 */
export function aptSuiteFor(family: string, suite: string | undefined): { suite: AptSuite; proxy?: string; debianStandIn?: boolean } | undefined {
  const s = (suite ?? '').toLowerCase();
  if (family === 'debian') {
    if (s.startsWith('trixie') || s === '13' || s.startsWith('13')) return { suite: 'trixie' };
    if (s.startsWith('bookworm') || s === '12' || s.startsWith('12')) return { suite: 'bookworm' };
    if (s.startsWith('bullseye') || s.startsWith('11')) return { suite: 'bookworm', proxy: 'debian bullseye estimated with bookworm package sizes' };
    if (!s) return { suite: 'bookworm', proxy: 'debian release unknown: estimated with bookworm' };
    return { suite: 'trixie', proxy: `debian ${suite} estimated with trixie package sizes` };
  }
  if (family === 'ubuntu') {
    const codename = ubuntuCodename(s);
    const db = aptDatabase();
    if (isUbuntuAptSuite(codename) && db?.hasIndex(codename, 'amd64')) return { suite: codename };
    const near = nearestUbuntuIndex(codename);
    if (near) return { suite: near, proxy: `ubuntu ${suite} estimated with Ubuntu ${near}'s package index (the data has none for ${codename})` };
    return debianStandInFor(suite);
  }
  return undefined;
}

/** The Debian suite standing in for an Ubuntu release no Ubuntu index covers (or for packages outside the shipped components). */
export function debianStandInFor(suite: string | undefined): { suite: DebianAptSuite; proxy: string; debianStandIn: true } {
  const standIn = ubuntuStandIn()?.standInSuite[ubuntuCodename(suite)] ?? 'trixie';
  return { suite: standIn, proxy: `ubuntu ${suite ?? '(release unknown)'} estimated with Debian ${standIn}'s package index as a stand-in`, debianStandIn: true };
}

/** The nearest Ubuntu release (by release order) whose index the data has, for a named release without one. */
function nearestUbuntuIndex(codename: string): AptSuite | undefined {
  const u = ubuntuStandIn();
  const db = aptDatabase();
  if (!u || !db) return undefined;
  return nearestUbuntuRelease(codename, UBUNTU_APT_SUITES.filter((r) => db.hasIndex(r, 'amd64') && u.releases.includes(r)));
}

/** The nearest Ubuntu release (by release order) whose installed package list the data has; the newest listed one for a release the data does not name. */
export function nearestListedUbuntu(codename: string): string | undefined {
  const u = ubuntuStandIn();
  if (!u) return undefined;
  const listed = u.releases.filter((r) => u.packageLists[r]);
  return u.releases.includes(codename) ? nearestUbuntuRelease(codename, listed) : listed[listed.length - 1];
}

/** Of `candidates`, the release nearest to `codename` in ubuntu.json's release order (the first on a tie); none for a release it does not name. */
function nearestUbuntuRelease<T extends string>(codename: string, candidates: readonly T[]): T | undefined {
  const u = ubuntuStandIn();
  const at = u ? u.releases.indexOf(codename) : -1;
  if (!u || at < 0) return undefined;
  return [...candidates].sort((a, b) => Math.abs(u.releases.indexOf(a) - at) - Math.abs(u.releases.indexOf(b) - at))[0];
}

export interface UbuntuStandIn {
  standInSuite: Record<string, DebianAptSuite>;
  /** Ubuntu's index is amd64 only: the arch/amd64 ratio of install closures, measured on Debian's indexes. */
  archStandIn?: Partial<Record<AptArch, { factor: number; low: number; high: number; source: string }>>;
  releases: string[];
  /** Ubuntu codename → base-packages.json key of its installed package list. */
  packageLists: Record<string, string>;
  /** Measured real/estimated ratio of the stand-in on Ubuntu layers, and the spread a range must cover. */
  correction: { factor: number; low: number; high: number; fittedOn: string[]; source: string };
}

let ubuntuCache: UbuntuStandIn | null | undefined;
/** server/data/apt/ubuntu.json, read once on the first Ubuntu install. */
export function ubuntuStandIn(): UbuntuStandIn | undefined {
  if (ubuntuCache === undefined) {
    try {
      ubuntuCache = JSON.parse(fs.readFileSync(path.join(dataDir(), 'apt', 'ubuntu.json'), 'utf8')) as UbuntuStandIn;
    } catch {
      ubuntuCache = null;
    }
  }
  return ubuntuCache ?? undefined;
}

const UBUNTU_VERSIONS: Record<string, string> = { '14.04': 'trusty', '16.04': 'xenial', '18.04': 'bionic', '20.04': 'focal', '22.04': 'jammy', '24.04': 'noble', '26.04': 'resolute' };
/** 'jammy' | '22.04' | 'jammy-20240212' → 'jammy'. */
export function ubuntuCodename(suite: string | undefined): string {
  const s = (suite ?? '').toLowerCase();
  const version = /^(\d\d\.\d\d)/.exec(s)?.[1];
  if (version) return UBUNTU_VERSIONS[version] ?? s;
  return s.split('-')[0] ?? s;
}
