/**
 * Code lenses (off by default): "≈ 212 MB · 2 problems" above heavy layers — those of 50 MB or
 * more, or at least a tenth of their image (the shipped image, or the build stage's own total).
 */
import type { Analysis } from '../analyze';
import { findingsOn } from './byInstruction';
import { approxSize } from './sizeText';

export const HEAVY_LAYER_BYTES = 50e6;
export const HEAVY_LAYER_SHARE = 0.1;

export interface SizeCodeLens {
  instructionIndex: number;
  /** 0-based line of the instruction. */
  line: number;
  title: string;
}

export function sizeCodeLenses(analysis: Analysis): SizeCodeLens[] {
  const { model } = analysis;
  const lenses: SizeCodeLens[] = [];
  for (const stage of model.stages) {
    const whole = stage.ships ? model.image.bytes : stage.total.bytes;
    for (const l of stage.layers) {
      if (!l.makesLayer) continue;
      const bytes = l.estimate.bytes;
      if (bytes < HEAVY_LAYER_BYTES && !(whole > 0 && bytes >= whole * HEAVY_LAYER_SHARE && bytes > 0)) continue;
      const problems = findingsOn(analysis, l.instruction.index).length;
      const parts = [approxSize(l.estimate)];
      if (!stage.ships) parts.push('not shipped');
      if (problems) parts.push(`${problems} problem${problems === 1 ? '' : 's'}`);
      lenses.push({ instructionIndex: l.instruction.index, line: l.instruction.line, title: parts.join(' · ') });
    }
  }
  return lenses;
}
