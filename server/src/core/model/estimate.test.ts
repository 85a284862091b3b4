// Stage totals: addEstimates as plain loops gives what the closures it replaced gave, on random layers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { weakerConfidence } from './format';
import { addEstimates, emptyEstimate, part, sumParts, unknownPart } from './estimate';
import type { Confidence, SizeEstimate } from './types';

/** addEstimates before it lost its closures (6f2a7e7), kept as the reference. */
function reference(list: SizeEstimate[]): SizeEstimate {
  const e = emptyEstimate();
  let confidence: Confidence = 'exact';
  for (const x of list) {
    e.bytes += x.bytes;
    e.low += x.low;
    e.high += x.high;
    e.compressedBytes += x.compressedBytes;
    e.hasUnknown ||= x.hasUnknown;
  }
  const contentOf = (x: SizeEstimate) => (x.parts.length ? x.parts.reduce((n, p) => n + (p.framing ? 0 : p.bytes), 0) : x.bytes);
  for (const x of list) {
    if (x.confidence === 'unknown' && contentOf(x) === 0 && !x.hasUnknown) continue;
    if (e.bytes === 0 || x.bytes >= e.bytes * 0.1 || x.hasUnknown) confidence = weakerConfidence(confidence, x.confidence === 'unknown' ? 'low' : x.confidence);
  }
  if (list.some((x) => x.confidence === 'unknown' && contentOf(x) === 0 && x.parts.some((p) => p.unknown))) confidence = weakerConfidence(confidence, 'low');
  e.confidence = list.every((x) => contentOf(x) === 0) && e.hasUnknown ? 'unknown' : confidence;
  return e;
}

test('addEstimates: the same totals and confidence as the reference on random layers', () => {
  let seed = 16;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const confidences: Confidence[] = ['exact', 'high', 'medium', 'low', 'unknown'];
  const layer = (): SizeEstimate => {
    const kind = rand(5);
    if (kind === 0) return emptyEstimate(confidences[rand(5)]);
    if (kind === 1) return { ...emptyEstimate(confidences[rand(5)]), bytes: rand(3) * 1000, hasUnknown: rand(2) === 0 };
    const parts = Array.from({ length: rand(4) }, () => {
      const r = rand(4);
      if (r === 0) return unknownPart('u', 's');
      const p = part({ label: 'p', bytes: rand(3) === 0 ? 0 : rand(1e6), confidence: confidences[rand(4)], source: 's' });
      if (r === 1) p.framing = true;
      return p;
    });
    return sumParts(parts);
  };
  for (let i = 0; i < 5000; i++) {
    const list = Array.from({ length: 1 + rand(4) }, layer);
    assert.deepEqual(addEstimates(list), reference(list), JSON.stringify(list));
  }
});
