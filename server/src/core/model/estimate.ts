/** Arithmetic on size estimates: parts with ranges and confidences summed into layers and totals. */
import { compressionRatio } from '../data/compression';
import { weakerConfidence } from './format';
import type { Confidence, ContentKind, SizeEstimate, SizePart } from './types';

/** Default spread around a point estimate for each confidence, when the source gives no range. */
export const SPREAD: Record<Confidence, [number, number]> = {
  exact: [1, 1],
  high: [0.9, 1.1],
  medium: [0.75, 1.35],
  low: [0.5, 2],
  unknown: [0, 0],
};

export interface PartInput {
  label: string;
  bytes: number;
  confidence: Confidence;
  source: string;
  kind?: ContentKind;
  low?: number;
  high?: number;
  compressedBytes?: number;
}

/**
 * A label as we may show it: every `scheme://user:password@` loses its `user:password@` (an ADD URL,
 * `pip install git+https://token@…`, an apt .deb URL), so reports and hovers never echo credentials.
 */
export function withoutCredentials(label: string): string {
  return label.includes('@') ? label.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/?#@\s]*@/g, '$1') : label;
}

export function part(p: PartInput): SizePart {
  const kind = p.kind ?? 'mixed';
  // Indexed, not destructured: destructuring iterates (an object per step, for every part of every layer).
  const spread = SPREAD[p.confidence];
  const lo = spread[0];
  const hi = spread[1];
  const bytes = Math.max(0, Math.round(p.bytes));
  return {
    label: withoutCredentials(p.label),
    bytes,
    low: Math.round(p.low ?? bytes * lo),
    high: Math.round(p.high ?? bytes * hi),
    compressedBytes: Math.round(p.compressedBytes ?? bytes * compressionRatio(kind)),
    confidence: p.confidence,
    source: p.source,
    kind,
  };
}

/** A part whose size we cannot know before the build: shown as such, counted as 0. */
export function unknownPart(label: string, source: string): SizePart {
  return { label: withoutCredentials(label), bytes: 0, low: 0, high: 0, compressedBytes: 0, confidence: 'unknown', source, kind: 'mixed', unknown: true };
}

export function emptyEstimate(confidence: Confidence = 'exact'): SizeEstimate {
  return { bytes: 0, low: 0, high: 0, compressedBytes: 0, confidence, parts: [], hasUnknown: false };
}

/**
 * Sums parts. The confidence is the weakest among parts that carry at least a tenth of the bytes
 * (a 2 kB guess does not make a 200 MB exact figure "low"); any unknown part caps it at "low",
 * and a layer made only of unknown parts is "unknown".
 */
export function sumParts(parts: SizePart[]): SizeEstimate {
  const e = emptyEstimate();
  e.parts = parts;
  for (const p of parts) {
    e.bytes += p.bytes;
    e.low += p.low;
    e.high += p.high;
    e.compressedBytes += p.compressedBytes;
    if (p.unknown) e.hasUnknown = true;
  }
  let confidence: Confidence = 'exact';
  for (const p of parts) {
    if (p.unknown) continue;
    if (e.bytes === 0 || p.bytes >= e.bytes * 0.1) confidence = weakerConfidence(confidence, p.confidence);
  }
  // The tar framing alone does not make a layer of unknown content known.
  const content = parts.reduce((n, p) => n + (p.framing ? 0 : p.bytes), 0);
  if (e.hasUnknown) confidence = content === 0 ? 'unknown' : weakerConfidence(confidence, 'low');
  e.confidence = confidence;
  return e;
}

/** Adds estimates (a stage total = base + layers); parts are not merged, only totals. */
export function addEstimates(list: SizeEstimate[]): SizeEstimate {
  const e = emptyEstimate();
  let confidence: Confidence = 'exact';
  for (const x of list) {
    e.bytes += x.bytes;
    e.low += x.low;
    e.high += x.high;
    e.compressedBytes += x.compressedBytes;
    e.hasUnknown ||= x.hasUnknown;
  }
  // Plain loops over a module function: closures per call were most of what a stage's running totals allocated.
  let unknownEmpty = false;
  let allEmpty = true;
  for (const x of list) {
    const content = contentOf(x);
    if (content !== 0) allEmpty = false;
    if (x.confidence === 'unknown' && content === 0 && !unknownEmpty && hasUnknownPart(x)) unknownEmpty = true;
    if (x.confidence === 'unknown' && content === 0 && !x.hasUnknown) continue;
    if (e.bytes === 0 || x.bytes >= e.bytes * 0.1 || x.hasUnknown) confidence = weakerConfidence(confidence, x.confidence === 'unknown' ? 'low' : x.confidence);
  }
  if (unknownEmpty) confidence = weakerConfidence(confidence, 'low');
  e.confidence = allEmpty && e.hasUnknown ? 'unknown' : confidence;
  return e;
}

/** The bytes of an estimate's content (its parts but the tar framing; the total when it has no parts). */
function contentOf(x: SizeEstimate): number {
  if (!x.parts.length) return x.bytes;
  let n = 0;
  for (const p of x.parts) n += p.framing ? 0 : p.bytes;
  return n;
}

function hasUnknownPart(x: SizeEstimate): boolean {
  for (const p of x.parts) if (p.unknown) return true;
  return false;
}

