/**
 * Refactorings offered on any range, with or without a finding: merging consecutive RUNs and
 * adding BuildKit cache mounts. Each is a pure function of the analysis (see mergeRuns.ts, cacheMount.ts).
 */
import type { Analysis } from '../analyze';
import type { Fix } from '../rules/types';
import { cacheMountsAt } from './cacheMount';
import { mergeRunsAt } from './mergeRuns';

export { addCacheMount, cacheNeeds } from './cacheMount';
export { isRefusal, mergeableGroups, mergeRuns, mergeRunsAt, type Refactor, type RefactorOutcome, type Refusal } from './mergeRuns';

/** Refactors (kind 'refactor', never preferred) for the RUNs the range [start, end] touches. */
export function refactorsAt(analysis: Pick<Analysis, 'parsed' | 'model'>, start: number, end: number): Fix[] {
  const { parsed, model } = analysis;
  const out: Fix[] = [];
  for (const m of mergeRunsAt(parsed, start, end, model)) out.push({ title: m.title, edits: m.edits, isPreferred: false, kind: 'refactor' });
  const mounts = cacheMountsAt(parsed, model, start, end);
  for (const c of mounts) out.push({ title: mounts.length > 1 ? `${c.title} on line ${c.instr.line + 1}` : c.title, edits: c.edits, isPreferred: false, kind: 'refactor' });
  return out;
}
