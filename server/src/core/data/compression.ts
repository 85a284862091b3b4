import { loadDataJson } from './dataDir';

export type CompressionKind = 'binary' | 'text' | 'archive' | 'node_modules' | 'python' | 'apt-lists' | 'mixed' | 'dev-packages';

interface CompressionFile {
  source: string;
  ratios: Record<string, number>;
}

// Used only if the data file lacks a kind: rough gzip -6 ratios, well inside the measured spread.
const FALLBACK_RATIOS: Record<CompressionKind, number> = {
  binary: 0.4,
  text: 0.25,
  archive: 0.95,
  node_modules: 0.3,
  python: 0.3,
  'apt-lists': 0.77,
  mixed: 0.37,
  'dev-packages': 0.26,
};

/**
 * gzip -6 compressed bytes per on-disk (apparent) byte for a kind of layer content, measured by
 * scripts/measure-compression.mjs (server/data/compression.json). Multiply on-disk bytes by it to get pull bytes.
 * 'apt-lists' is the lists as Docker's debian/ubuntu images store them (lz4, Acquire::GzipIndexes).
 */
export function compressionRatio(kind: CompressionKind): number {
  const measured = loadDataJson<CompressionFile>('compression.json').ratios[kind];
  return typeof measured === 'number' && measured > 0 && measured <= 1 ? measured : FALLBACK_RATIOS[kind];
}

/** Provenance line of the compression ratios (machine, date, method). */
export function compressionSource(): string {
  return loadDataJson<CompressionFile>('compression.json').source;
}
