/** Applies non-overlapping text edits (document offsets) to a string. */
import type { TextEdit } from '../rules/types';

/**
 * Edits are applied from the end of the text backwards; one that overlaps an edit already applied
 * is skipped. Insertions at the same offset keep their listed order. Linear in text size plus
 * O(e log e) in the number of edits: the kept edits are found first, then the text is joined once.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  // Stable order for insertions at the same offset: the one listed first ends up first.
  const sorted = edits.map((e, k) => ({ e, k })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.k - a.k);
  const kept: TextEdit[] = [];
  let limit = Infinity;
  for (const { e } of sorted) {
    if (e.end > limit) continue; // overlaps an edit already applied: skip it
    kept.push(e);
    limit = e.start;
  }
  const parts: string[] = [];
  let at = 0;
  for (let i = kept.length - 1; i >= 0; i--) {
    const e = kept[i];
    parts.push(text.slice(at, e.start), e.newText);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
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

/**
 * A set of edits no two of which clash, kept sorted by start (distinct: equal starts would clash),
 * so "does this edit clash with any of them?" looks only at the neighbours of its position.
 */
export class EditSet {
  private readonly edits: TextEdit[] = [];

  /** The first kept edit that clashes with e, or undefined. */
  clashWith(e: TextEdit): TextEdit | undefined {
    const list = this.edits;
    // First kept edit starting after e ends: none from there on can clash.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start <= e.end) lo = mid + 1;
      else hi = mid;
    }
    // Walking back: kept edits are disjoint, so their ends fall too; stop once one ends before e starts.
    for (let j = lo - 1; j >= 0 && list[j].end >= e.start; j--) if (editsClash(e, list[j])) return list[j];
    return undefined;
  }

  /** Adds e (the caller checked it clashes with none). */
  add(e: TextEdit): void {
    const list = this.edits;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].start < e.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo === list.length) list.push(e);
    else list.splice(lo, 0, e);
  }
}

/** Do any two of these edits clash? */
export function anyClash(edits: TextEdit[]): boolean {
  const set = new EditSet();
  for (const e of edits) {
    if (set.clashWith(e)) return true;
    set.add(e);
  }
  return false;
}

/** Drops edits that clash with an earlier one in the list (first wins). */
export function nonOverlapping(edits: TextEdit[]): TextEdit[] {
  const kept: TextEdit[] = [];
  const set = new EditSet();
  for (const e of edits) {
    if (set.clashWith(e)) continue;
    set.add(e);
    kept.push(e);
  }
  return kept;
}
