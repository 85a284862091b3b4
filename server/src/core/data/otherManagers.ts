import { loadDataJson } from './dataDir';

export interface OtherManagerPackageSize {
  /** Estimated installed bytes including dependencies a minimal base lacks. */
  bytes: number;
  confidence: 'low';
  source: string;
}

interface ManagerTable {
  factor: number;
  cache: { path: string; note: string };
  packages: Record<string, { bytes: number; source: string }>;
}

interface OtherManagersFile {
  /** apk sizes live in ./apkDb.ts (Alpine data); only the cache note is here. */
  apk: { cache: { path: string; note: string } };
  rpm: ManagerTable;
}

function lookup(table: 'rpm', spec: string): OtherManagerPackageSize | undefined {
  const entry = loadDataJson<OtherManagersFile>('other-managers.json')[table].packages[packageName(spec)];
  return entry ? { bytes: entry.bytes, confidence: 'low', source: entry.source } : undefined;
}

/** 'curl=8.5.0-r0' / 'py3-pip>=23' / 'nodejs~20' / 'gcc-c++-13.2' kept as given → bare lowercase name. */
function packageName(spec: string): string {
  return spec.trim().toLowerCase().split(/[=<>~]/)[0] ?? '';
}

/** `dnf/yum/microdnf install NAME` size, proxied from Debian with factor 1. */
export function rpmPackageSize(name: string): OtherManagerPackageSize | undefined {
  return lookup('rpm', name);
}

/** What the manager's cache keeps in a layer when not cleaned (apk: /var/cache/apk; dnf: /var/cache/dnf). Sizes unknown. */
export function packageManagerCache(manager: 'apk' | 'rpm'): { path: string; note: string } {
  return loadDataJson<OtherManagersFile>('other-managers.json')[manager].cache;
}
