/** One number format everywhere (hover, hints, CLI, diagnostics): decimal units like Docker's CLI. */
import type { Confidence, SizeEstimate } from './types';

const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unknown';
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  if (u === 0) return `${sign}${Math.round(v)} B`;
  // Three significant digits: 2.31 MB, 38.2 MB, 212 MB.
  const text = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${sign}${text.replace(/\.0+$/, '').replace(/(\.\d*?)0+$/, '$1')} ${UNITS[u]}`;
}

/** "180–260 MB" (shared unit when it matches), or "180 kB–1.2 MB". */
export function formatRange(low: number, high: number): string {
  const a = formatBytes(low);
  const b = formatBytes(high);
  if (a === b) return a;
  const [an, au] = a.split(' ');
  const [bn, bu] = b.split(' ');
  return au === bu ? `${an}–${bn} ${bu}` : `${a}–${b}`;
}

/** "≈ 212 MB (180–260 MB)", "0 B", "unknown", "≥ 12 MB + unknown". */
export function formatEstimate(e: Pick<SizeEstimate, 'bytes' | 'low' | 'high' | 'confidence' | 'hasUnknown'>): string {
  if (e.confidence === 'unknown' && e.bytes === 0) return 'unknown';
  const main = e.confidence === 'exact' ? formatBytes(e.bytes) : `≈ ${formatBytes(e.bytes)}`;
  const range = e.low !== e.high && e.confidence !== 'exact' ? ` (${formatRange(e.low, e.high)})` : '';
  return e.hasUnknown ? `≥ ${formatBytes(e.bytes)} + unknown` : `${main}${range}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'unknown';
  if (seconds < 1) return '< 1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export const CONFIDENCE_ORDER: Confidence[] = ['exact', 'high', 'medium', 'low', 'unknown'];

export function weakerConfidence(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCE_ORDER.indexOf(a) >= CONFIDENCE_ORDER.indexOf(b) ? a : b;
}
