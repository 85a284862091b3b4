/** Applies non-overlapping text edits (document offsets) to a string. */
import type { TextEdit } from '../rules/types';

export function applyEdits(text: string, edits: TextEdit[]): string {
  // Stable order for insertions at the same offset: the one listed first ends up first.
  const sorted = edits.map((e, k) => ({ e, k })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.k - a.k);
  let out = text;
  let limit = Infinity;
  for (const { e } of sorted) {
    if (e.end > limit) continue; // overlaps an edit already applied: skip it
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Do two edits conflict? Overlapping ranges, two insertions at one offset, or an insertion at a replacement's boundary. */
export function editsClash(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const aIns = a.start === a.end;
  const bIns = b.start === b.end;
  if (aIns && bIns) return a.start === b.start;
  if (aIns) return a.start === b.start || a.start === b.end;
  if (bIns) return b.start === a.start || b.start === a.end;
  return false;
}

/** Drops edits that clash with an earlier one in the list (first wins). */
export function nonOverlapping(edits: TextEdit[]): TextEdit[] {
  const kept: TextEdit[] = [];
  for (const e of edits) if (!kept.some((k) => editsClash(e, k))) kept.push(e);
  return kept;
}
