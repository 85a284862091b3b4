import { loadDataJson } from './dataDir';

export interface PipPackageSize {
  /** Installed bytes of the package alone (dependencies not included: see requires / closureBytes). */
  bytes: number;
  /** Download size of the wheel (estimated by re-zipping the measured install); absent for Debian-sourced entries. */
  wheelBytes?: number;
  version?: string;
  /** Dependencies (normalized names) from the measured wheel's Requires-Dist. */
  requires?: string[];
  /** bytes plus the known sizes of the requires closure; deps without data are skipped (see unknownDependencies). */
  closureBytes?: number;
  unknownDependencies?: string[];
  /** Range of `bytes`, when the source gives one (Debian stand-ins: the measured pip/Debian ratio's spread). */
  low?: number;
  high?: number;
  confidence: 'high' | 'medium' | 'low';
  source: string;
}

interface PipEntry {
  bytes: number;
  wheelBytes?: number;
  version?: string;
  requires?: string[];
  confidence: 'high' | 'medium' | 'low';
  source: string;
  note?: string;
  /** pure | compiled | bundled | measured (scripts/gen-pip-sizes.mjs). */
  kind?: string;
  /** Debian's Installed-Size of the same project, kept beside a measured install. */
  debian?: { bytes: number; source: string };
}

interface PipFile {
  packages: Record<string, PipEntry>;
}

/**
 * PEP 503 normalized project name from a requirement: 'Flask[async]>=2; python_version>"3.8"' → 'flask',
 * 'typing_extensions' → 'typing-extensions'. URLs and paths are returned as-is (lowercased).
 */
export function normalizePipName(requirement: string): string {
  let spec = requirement.trim();
  const marker = spec.indexOf(';');
  if (marker >= 0) spec = spec.slice(0, marker);
  const at = spec.indexOf(' @ ');
  if (at >= 0) spec = spec.slice(0, at);
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec.trim())?.[0] ?? spec.trim();
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function pipData(): PipFile {
  return loadDataJson<PipFile>('pip-packages.json');
}

export interface DebianToPipRatio {
  /** Median of (bytes pip installed from the PyPI wheel, .pyc included) ÷ (Debian's Installed-Size). */
  median: number;
  /** 10th and 90th percentile. */
  low: number;
  high: number;
  /** Packages measured both ways. */
  n: number;
}

const ratioCache = new Map<string, DebianToPipRatio>();

/**
 * How much more pip writes than Debian's python3-* package of the same project: `.pyc` files (Debian
 * compiles them only at install time, outside Installed-Size), tests and data Debian strips or splits
 * off, libraries the wheel bundles. Measured on the table's own packages that have both a real pip
 * install and a Debian figure ('pure' ones, and the others together as 'native').
 */
export function debianToPipRatio(kind: 'pure' | 'native'): DebianToPipRatio {
  const hit = ratioCache.get(kind);
  if (hit) return hit;
  const ratios = Object.values(pipData().packages)
    .filter((e) => e.debian && e.debian.bytes > 0 && e.confidence === 'high' && e.wheelBytes !== undefined && (e.kind === 'pure') === (kind === 'pure'))
    .map((e) => e.bytes / e.debian!.bytes)
    .sort((a, b) => a - b);
  const q = (p: number) => (ratios.length ? ratios[Math.min(ratios.length - 1, Math.max(0, Math.round(p * (ratios.length - 1))))]! : 1);
  const r = { median: q(0.5), low: q(0.1), high: q(0.9), n: ratios.length };
  ratioCache.set(kind, r);
  return r;
}

const isDebianSourced = (e: PipEntry) => e.source.startsWith('debian ');

/** Installed bytes (and range) of a table entry as pip would write them. */
function entrySize(entry: PipEntry): { bytes: number; low?: number; high?: number; ratio?: DebianToPipRatio } {
  if (!isDebianSourced(entry)) return { bytes: entry.bytes };
  const ratio = debianToPipRatio(entry.kind === 'pure' ? 'pure' : 'native');
  return { bytes: Math.round(entry.bytes * ratio.median), low: Math.round(entry.bytes * ratio.low), high: Math.round(entry.bytes * ratio.high), ratio };
}

/** Size of a popular Python package (see scripts/gen-pip-sizes.mjs); undefined when neither source had it. */
export function pipPackageSize(requirement: string): PipPackageSize | undefined {
  const name = normalizePipName(requirement);
  const packages = pipData().packages;
  const entry = packages[name];
  if (!entry) return undefined;
  const size = entrySize(entry);
  const base = entry.note ? `${entry.source}; ${entry.note}` : entry.source;
  const result: PipPackageSize = {
    bytes: size.bytes,
    // A Debian stand-in is low confidence: its spread (below) is wide.
    confidence: size.ratio ? 'low' : entry.confidence,
    source: size.ratio
      ? `${base}; × ${size.ratio.median.toFixed(2)} for what pip writes that Debian's package does not (.pyc, stripped or split-off files, bundled libraries): median of the ${size.ratio.n} ${entry.kind === 'pure' ? 'pure-Python' : 'compiled'} packages measured both ways (×${size.ratio.low.toFixed(2)}–×${size.ratio.high.toFixed(2)})`
      : base,
  };
  if (size.low !== undefined) result.low = size.low;
  if (size.high !== undefined) result.high = size.high;
  if (entry.wheelBytes !== undefined) result.wheelBytes = entry.wheelBytes;
  if (entry.version !== undefined) result.version = entry.version;
  if (entry.requires) {
    result.requires = entry.requires;
    // Walk Requires-Dist; each distribution counts once.
    const seen = new Set<string>([name]);
    const unknown: string[] = [];
    let total = size.bytes;
    const stack = [...entry.requires];
    while (stack.length) {
      const dep = stack.pop() as string;
      if (seen.has(dep)) continue;
      seen.add(dep);
      const depEntry = packages[dep];
      if (!depEntry) {
        unknown.push(dep);
        continue;
      }
      total += entrySize(depEntry).bytes;
      stack.push(...(depEntry.requires ?? []));
    }
    result.closureBytes = total;
    if (unknown.length) result.unknownDependencies = unknown.sort();
  }
  return result;
}
