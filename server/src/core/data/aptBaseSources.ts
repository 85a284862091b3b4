/**
 * server/data/apt/base-sources.json (scripts/gen-apt-base-sources.mjs): which archive binaries share a
 * source package with a base-image binary, and the archive's version of each base binary. apt >= 2.6
 * upgrades installed binaries of the same source when it installs one (APT::Get::Upgrade-By-Source-Package).
 */
import type { AptArch, AptSuite } from './aptDb';

interface SourceEntry {
  binaries: string[];
  base: Record<string, string | Partial<Record<AptArch, string>>>;
}
export interface AptBaseSourcesFile {
  source: string;
  suites: Partial<Record<AptSuite, Record<string, SourceEntry>>>;
}

export class AptBaseSources {
  private readonly sourceByBinary = new Map<string, Map<string, string>>();

  constructor(private readonly file: AptBaseSourcesFile) {
    for (const [suite, sources] of Object.entries(file.suites)) {
      const bySuite = new Map<string, string>();
      for (const [src, e] of Object.entries(sources ?? {})) for (const b of e.binaries) bySuite.set(b, src);
      this.sourceByBinary.set(suite, bySuite);
    }
  }

  get source(): string {
    return this.file.source;
  }

  /** The source package of `binary`, if it shares one with a base-image binary. */
  sourceOf(suite: AptSuite, binary: string): string | undefined {
    return this.sourceByBinary.get(suite)?.get(binary);
  }

  /** Base-image binaries built from `source`. */
  baseBinaries(suite: AptSuite, source: string): string[] {
    return Object.keys(this.file.suites[suite]?.[source]?.base ?? {});
  }

  /** The archive's (newest across suite, -updates, -security) version of a base-image binary. */
  archiveVersion(suite: AptSuite, arch: AptArch, binary: string): string | undefined {
    const src = this.sourceOf(suite, binary);
    const v = src ? this.file.suites[suite]?.[src]?.base[binary] : undefined;
    return typeof v === 'string' ? v : v?.[arch];
  }

  /** Every base-image binary the table knows, for `apt-get upgrade`. */
  allBaseBinaries(suite: AptSuite): string[] {
    return Object.values(this.file.suites[suite] ?? {}).flatMap((e) => Object.keys(e.base));
  }
}
