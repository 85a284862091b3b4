/**
 * The few size phrases the features share, built only from model/format.ts so the hover, hints,
 * status bar, layer view and CLI read the same. Unknown stays "unknown", never a made-up figure.
 */
import { formatBytes, formatEstimate } from '../model/format';
import type { SizeEstimate } from '../model/types';

type Sized = Pick<SizeEstimate, 'bytes' | 'confidence' | 'hasUnknown'>;

function allUnknown(e: Sized): boolean {
  return e.confidence === 'unknown' && e.bytes === 0;
}

/** "212 MB", "212 MB + unknown", "unknown": the point figure. */
export function shortSize(e: Sized): string {
  if (allUnknown(e)) return 'unknown';
  return e.hasUnknown ? `${formatBytes(e.bytes)} + unknown` : formatBytes(e.bytes);
}

/** "≈ 412 MB", "≥ 412 MB + unknown", "0 B" (exact): the point figure with its qualifier, no range. */
export function approxSize(e: Sized): string {
  if (allUnknown(e)) return 'unknown';
  if (e.hasUnknown) return `≥ ${formatBytes(e.bytes)} + unknown`;
  return e.confidence === 'exact' ? formatBytes(e.bytes) : `≈ ${formatBytes(e.bytes)}`;
}

/** "≈ 212 MB (180–260 MB) on disk" — formatEstimate, the CLI's own column. */
export function onDiskText(e: SizeEstimate): string {
  const text = formatEstimate(e);
  return text === 'unknown' ? 'size unknown on disk' : `${text} on disk`;
}

/** "≈ 74 MB to pull". */
export function pullText(e: SizeEstimate): string {
  if (allUnknown(e) && e.compressedBytes === 0) return 'unknown to pull';
  return `${e.hasUnknown ? '≥' : '≈'} ${formatBytes(e.compressedBytes)} to pull`;
}
