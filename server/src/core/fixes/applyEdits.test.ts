// applyEdits and the clash index against the simple quadratic definitions they replaced (random
// edits, insertions and replacements sharing offsets). Their speed on large files: test/linearity.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TextEdit } from '../rules/types';
import { anyClash, applyEdits, editsClash, nonOverlapping } from './applyEdits';

/** The definition: apply from the end, one slice at a time, skipping an edit that overlaps an applied one. */
function applyEditsSlowly(text: string, edits: TextEdit[]): string {
  const sorted = edits.map((e, k) => ({ e, k })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.k - a.k);
  let out = text;
  let limit = Infinity;
  for (const { e } of sorted) {
    if (e.end > limit) continue;
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

const editsOn = (len: number) =>
  fc.array(
    fc.tuple(fc.nat({ max: len }), fc.nat({ max: 4 }), fc.string({ maxLength: 3 })).map(([start, w, newText]) => ({ start, end: Math.min(len, start + w), newText })),
    { maxLength: 12 },
  );

test('applyEdits gives what applying the edits one by one from the end gives', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 0, maxLength: 30 }).chain((text) => fc.tuple(fc.constant(text), editsOn(text.length))), ([text, edits]) => {
      assert.equal(applyEdits(text, edits), applyEditsSlowly(text, edits));
    }),
    { numRuns: 3000, seed: 16 },
  );
});

test('EditSet finds a clash exactly when some kept edit clashes (nonOverlapping, anyClash)', () => {
  fc.assert(
    fc.property(editsOn(20), (edits) => {
      const slowKept: TextEdit[] = [];
      for (const e of edits) if (!slowKept.some((k) => editsClash(e, k))) slowKept.push(e);
      assert.deepEqual(nonOverlapping(edits), slowKept);
      assert.equal(anyClash(edits), edits.some((e, i) => edits.some((o, j) => j < i && editsClash(e, o))));
    }),
    { numRuns: 3000, seed: 16 },
  );
});
