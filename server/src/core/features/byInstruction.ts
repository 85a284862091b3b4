/**
 * Per-instruction look-ups shared by the editor features: the findings on an instruction and the
 * dead-weight items a layer created, indexed once per analysis instead of filtering the whole list
 * for every instruction (a 1 MB file has tens of thousands of both).
 */
import type { Analysis } from '../analyze';
import type { Finding } from '../rules/types';

const FINDINGS = new WeakMap<readonly Finding[], Map<number, Finding[]>>();
const NONE: readonly never[] = [];

/** The findings on one instruction, in the analysis' order. */
export function findingsOn(analysis: Pick<Analysis, 'findings'>, instructionIndex: number): readonly Finding[] {
  let index = FINDINGS.get(analysis.findings);
  if (!index) {
    index = groupBy(analysis.findings, (f) => f.instructionIndex);
    FINDINGS.set(analysis.findings, index);
  }
  return index.get(instructionIndex) ?? NONE;
}

/** Groups items by a key, each group in the list's order. */
export function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const t of items) {
    const k = key(t);
    const list = out.get(k);
    if (list) list.push(t);
    else out.set(k, [t]);
  }
  return out;
}
