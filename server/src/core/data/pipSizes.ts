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

/** Size of a popular Python package (see scripts/gen-pip-sizes.mjs); undefined when neither source had it. */
export function pipPackageSize(requirement: string): PipPackageSize | undefined {
  const name = normalizePipName(requirement);
  const packages = pipData().packages;
  const entry = packages[name];
  if (!entry) return undefined;
  const result: PipPackageSize = {
    bytes: entry.bytes,
    confidence: entry.confidence,
    source: entry.note ? `${entry.source}; ${entry.note}` : entry.source,
  };
  if (entry.wheelBytes !== undefined) result.wheelBytes = entry.wheelBytes;
  if (entry.version !== undefined) result.version = entry.version;
  if (entry.requires) {
    result.requires = entry.requires;
    // Walk Requires-Dist; each distribution counts once.
    const seen = new Set<string>([name]);
    const unknown: string[] = [];
    let total = entry.bytes;
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
      total += depEntry.bytes;
      stack.push(...(depEntry.requires ?? []));
    }
    result.closureBytes = total;
    if (unknown.length) result.unknownDependencies = unknown.sort();
  }
  return result;
}
