/**
 * Inlay hints: `+212 MB` at the end of each layer-making instruction, the base image's size after
 * FROM, and the shipped image's total (with its dead weight) on the shipped stage's last line.
 * Build-only stages are marked "not shipped".
 */
import type { Analysis } from '../analyze';
import { formatBytes, formatEstimate } from '../model/format';
import { deadWeight, formatDeadWeight } from './deadWeight';
import { approxSize, pullText, shortSize } from './sizeText';

export interface SizeInlayHint {
  /** Document offset the hint sits at (the end of the instruction). */
  offset: number;
  label: string;
  tooltip: string;
  /** The instruction's stage ends up in the shipped image. */
  shipped: boolean;
  instructionIndex: number;
}

const NOT_SHIPPED = ' (not shipped)';

export function sizeInlayHints(analysis: Analysis): SizeInlayHint[] {
  const hints: SizeInlayHint[] = [];
  const { model } = analysis;
  for (const stage of model.stages) {
    const mark = stage.ships ? '' : NOT_SHIPPED;
    const stageNote = stage.ships ? '' : `\nBuild stage ${stage.name ?? stage.index}: not in the shipped image (only what COPY --from takes ships).`;
    const from = stage.parsed.from;
    const base = stage.base;
    if (base.parentStage === undefined && base.family !== 'scratch') {
      hints.push({
        offset: from.end,
        label: `base ${shortSize(base.estimate)}${mark}`,
        tooltip: `Base image ${base.image}: ${formatEstimate(base.estimate)} on disk, ${pullText(base.estimate)}; confidence ${base.estimate.confidence}.${stageNote}`,
        shipped: stage.ships,
        instructionIndex: from.index,
      });
    }
    for (const l of stage.layers) {
      if (!l.makesLayer) continue;
      const e = l.estimate;
      hints.push({
        offset: l.instruction.end,
        label: `+${shortSize(e)}${mark}`,
        tooltip: `This layer: ${formatEstimate(e)} on disk, ${pullText(e)}; confidence ${e.confidence}.\nStage so far: ${formatEstimate(l.stageTotal)}.${stageNote}`,
        shipped: stage.ships,
        instructionIndex: l.instruction.index,
      });
    }
    if (stage.index === model.image.stageIndex) {
      const last = stage.parsed.instructions[stage.parsed.instructions.length - 1] ?? from;
      const dw = deadWeight(analysis);
      const reclaim = dw.bytes > 0 || dw.hasUnknown ? ` (${formatDeadWeight(dw.bytes, dw.hasUnknown)} reclaimable)` : '';
      const total = `image ${approxSize(stage.total)}${reclaim}`;
      const tooltip = `Shipped image: ${formatEstimate(stage.total)} on disk, ${formatBytes(model.image.compressedBytes)} to pull; confidence ${model.image.confidence}.${
        reclaim ? `\nReclaimable: ${formatDeadWeight(dw.bytes, dw.hasUnknown)} created by one layer and deleted or overwritten by a later one. Ways to get it back: ${dw.remedies.join('; ')}.` : ''
      }`;
      const prev = hints.find((h) => h.instructionIndex === last.index);
      if (prev) {
        prev.label += ` · ${total}`;
        prev.tooltip += `\n${tooltip}`;
      } else hints.push({ offset: last.end, label: total, tooltip, shipped: true, instructionIndex: last.index });
    }
  }
  return hints.sort((a, b) => a.offset - b.offset);
}
