/**
 * The built image in the editor: hover lines ("estimated 212 MB · built 198 MB"), inlay-hint suffixes
 * and diagnostics with the real bytes a line created that a later line deleted or rewrote. Pure: the
 * comparison (../builtImage/compare) is made from what the engine reported.
 */
import type { Analysis } from '../analyze';
import type { BuiltComparison, BuiltLayer } from '../builtImage/compare';
import { formatBytes } from '../model/format';

/** Below this, real waste is not worth a diagnostic (dpkg status rewrites and the like). */
export const BUILT_WASTE_MIN_BYTES = 1_000_000;

export function builtLayerFor(c: BuiltComparison, instructionIndex: number): BuiltLayer | undefined {
  return c.layers.find((l) => l.instructionIndex === instructionIndex);
}

const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/[\r\n]+/g, ' ')}\``;

/** Markdown lines for the hover of one instruction (empty when the image has no entry for it). */
export function builtHoverLines(c: BuiltComparison, instructionIndex: number): string[] {
  const l = builtLayerFor(c, instructionIndex);
  if (!l) return [];
  const lines = [`**Built** ${code(c.image.ref)} (${c.image.engine}): ${formatBytes(l.builtBytes)} · estimated ${formatBytes(l.estimate.bytes)}`];
  if (l.outsideRange) {
    const range = l.estimate.low === l.estimate.high ? formatBytes(l.estimate.low) : `${formatBytes(l.estimate.low)}–${formatBytes(l.estimate.high)}`;
    lines.push(`- ⚠ the built layer is outside the estimated range (${range}): the estimate is off here`);
  }
  for (const w of c.waste.filter((x) => x.createdBy === instructionIndex && x.bytes >= BUILT_WASTE_MIN_BYTES).slice(0, 2)) {
    lines.push(`- ⚠ ${formatBytes(w.bytes)} created here are ${w.action} ${w.removedLine === undefined ? 'later' : `at line ${w.removedLine + 1}`} but still shipped (measured)`);
  }
  if (c.mismatch) lines.push(`- ${c.mismatch.replace(/[*_`[\]<>]/g, '')}`);
  return lines;
}

/** " · built 198 MB" for an inlay hint, '' when the image has no entry for the instruction. */
export function builtInlaySuffix(c: BuiltComparison, instructionIndex: number): string {
  const l = builtLayerFor(c, instructionIndex);
  return l ? ` · built ${formatBytes(l.builtBytes)}` : '';
}

export interface BuiltDiagnostic {
  instructionIndex: number;
  start: number;
  end: number;
  message: string;
  bytes: number;
}

export function builtDiagnostics(analysis: Analysis, c: BuiltComparison): BuiltDiagnostic[] {
  const out: BuiltDiagnostic[] = [];
  for (const w of c.waste) {
    if (w.createdBy === undefined || w.bytes < BUILT_WASTE_MIN_BYTES) continue;
    const instr = analysis.parsed.instructions[w.createdBy];
    if (!instr) continue;
    const where = w.removedLine === undefined ? 'later' : `at line ${w.removedLine + 1}`;
    const example = w.examples[0] ? ` (${w.examples[0].path}${w.files > 1 ? ` and ${w.files - 1} more` : ''})` : '';
    out.push({
      instructionIndex: instr.index,
      start: instr.start,
      end: instr.end,
      bytes: w.bytes,
      message: `${formatBytes(w.bytes)} created here are ${w.action} ${where} but still shipped${example}: measured in the built image ${c.image.ref}.`,
    });
  }
  return out;
}
