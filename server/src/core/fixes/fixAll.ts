/**
 * "Fix all size problems in this file": applies every preferred quick fix, re-analysing between
 * rounds so fixes that touch the same RUN compose. A fix is applied whole or not at all, never
 * together with a clashing edit in the same round (the clash waits for the next round, against
 * the new text). Stops when no preferred fix is left or nothing changes, so running it on its own
 * output changes nothing (idempotent); a text seen before ends it too (no oscillation).
 */
import { analyzeDockerfile, type Analysis, type AnalysisSettings } from '../analyze';
import type { ModelEnvironment } from '../model/sizeModel';
import { isSafeFix, type Finding, type Fix, type TextEdit } from '../rules/types';
import { anyClash, applyEdits, EditSet } from './applyEdits';

export interface FixAllResult {
  text: string;
  applied: { rule: string; title: string }[];
  rounds: number;
}

/** The fix "fix all" would apply for a finding: its preferred quick fix, if it is safe. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find(isSafeFix);
}

/** One round: the preferred fixes of these findings that do not clash with each other (first wins). */
export function compatibleFixes(findings: Finding[]): { edits: TextEdit[]; applied: FixAllResult['applied'] } {
  const edits: TextEdit[] = [];
  const taken = new EditSet();
  const applied: FixAllResult['applied'] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix) continue;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) continue; // the same fix offered by several findings (one merge for a group of RUNs)
    // A fix whose own edits clash is malformed: skip it rather than apply half of it.
    if (anyClash(fix.edits)) continue;
    if (fix.edits.some((e) => taken.clashWith(e))) continue;
    seen.add(key);
    edits.push(...fix.edits);
    for (const e of fix.edits) taken.add(e);
    applied.push({ rule: f.rule, title: fix.title });
  }
  return { edits, applied };
}

/**
 * `known`: the analysis of `text` with these settings, when the caller has it (the CLI analyses before
 * fixing): the first round uses it instead of analysing again. The result carries the analysis of
 * the fixed text when the last round made it (it then found nothing more to apply), so the caller
 * need not analyse that text once more.
 */
export function fixAll(text: string, settings: AnalysisSettings = {}, env: ModelEnvironment = {}, maxRounds = 10, known?: Analysis): FixAllResult & { analysis?: Analysis } {
  let current = text;
  const applied: FixAllResult['applied'] = [];
  const seenTexts = new Set([text]);
  let rounds = 0;
  let analysis: Analysis | undefined;
  while (rounds < maxRounds) {
    analysis = rounds === 0 && known ? known : analyzeDockerfile(current, settings, env);
    const round = compatibleFixes(analysis.findings);
    if (!round.edits.length) break;
    const next = applyEdits(current, round.edits);
    rounds++;
    if (next === current || seenTexts.has(next)) break;
    seenTexts.add(next);
    current = next;
    analysis = undefined;
    applied.push(...round.applied);
  }
  return { text: current, applied, rounds, ...(analysis ? { analysis } : {}) };
}
