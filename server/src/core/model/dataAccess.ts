/** Lazy access to the shipped data: loaded on first use, never at start-up; missing data means "unknown". */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AptDatabase, AptArch, AptSuite, loadAptMeasurements } from '../data/aptDb';
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

/** Docker platform → Debian architecture. */
export function aptArchFor(platform: string): { arch: AptArch; proxy?: string } | undefined {
  const p = platform.toLowerCase();
  if (p.endsWith('/amd64') || p === 'amd64') return { arch: 'amd64' };
  if (p.includes('arm64') || p.includes('aarch64')) return { arch: 'arm64' };
  if (p.includes('arm/v7') || p === 'linux/arm') return { arch: 'armhf' };
  if (p.includes('arm/v6') || p.includes('arm/v5')) return { arch: 'armhf', proxy: `${platform} (armel) estimated with armhf sizes` };
  if (p.includes('386')) return { arch: 'amd64', proxy: `${platform} estimated with amd64 sizes` };
  return undefined;
}

/** Debian suite for an OS family/suite; Ubuntu uses the closest Debian suite as a proxy. */
export function aptSuiteFor(family: string, suite: string | undefined): { suite: AptSuite; proxy?: string } | undefined {
  const s = (suite ?? '').toLowerCase();
  if (family === 'debian') {
    if (s.startsWith('trixie') || s === '13' || s.startsWith('13')) return { suite: 'trixie' };
    if (s.startsWith('bookworm') || s === '12' || s.startsWith('12')) return { suite: 'bookworm' };
    if (s.startsWith('bullseye') || s.startsWith('11')) return { suite: 'bookworm', proxy: 'debian bullseye estimated with bookworm package sizes' };
    if (!s) return { suite: 'bookworm', proxy: 'debian release unknown: estimated with bookworm' };
    return { suite: 'trixie', proxy: `debian ${suite} estimated with trixie package sizes` };
  }
  if (family === 'ubuntu') {
    const standIn = ubuntuStandIn()?.standInSuite[ubuntuCodename(s)] ?? 'trixie';
    return { suite: standIn, proxy: `ubuntu ${suite ?? '(release unknown)'} estimated with Debian ${standIn}'s package index as a stand-in` };
  }
  return undefined;
}

export interface UbuntuStandIn {
  standInSuite: Record<string, AptSuite>;
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
