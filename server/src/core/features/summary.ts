/**
 * A compact, serialisable summary of the model for the status bar and the layer view. Every text
 * is formatted here (model/format.ts) so the client only lays it out; every number is the model's.
 */
import type { Analysis } from '../analyze';
import { formatBytes, formatDuration, formatEstimate } from '../model/format';
import type { Confidence, LayerModel, SizeEstimate, StageModel } from '../model/types';
import type { ParsedInstruction } from '../parse/dockerfile';
import { findingsOn, groupBy } from './byInstruction';
import { deadWeight, formatDeadWeight, type DeadWeightItem } from './deadWeight';
import { approxSize, pullText, shortSize } from './sizeText';

export interface LayerSummaryItem {
  /** `base`: the stage's base image (its FROM line); `layer`: a RUN/COPY/ADD layer. */
  kind: 'base' | 'layer';
  /** ParsedInstruction.index: a stable id within one version of the file. */
  index: number;
  /** 0-based first and last line of the instruction. */
  line: number;
  endLine: number;
  keyword: string;
  /** The instruction on one line, shortened. */
  instruction: string;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  hasUnknown: boolean;
  /** "212 MB", "212 MB + unknown", "unknown". */
  sizeText: string;
  /** "≈ 212 MB (180–260 MB)": what the CLI prints. */
  estimateText: string;
  /** "≈ 74 MB to pull". */
  pullText: string;
  /** Bytes the findings on this instruction say are wasted (known ones). */
  wastedBytes: number;
  /** "38 MB", "unknown amount", "38 MB + unknown"; '' when nothing is wasted. */
  wastedText: string;
  /** Bytes of this layer that a later layer deletes or overwrites (still shipped). */
  reclaimableBytes: number;
  /** '' when none. */
  reclaimableText: string;
  findings: number;
  /** With a compared built image: its real size for this instruction ("198 MB"); absent otherwise. */
  builtBytes?: number;
  builtText?: string;
}

export interface StageSummary {
  index: number;
  name?: string;
  /** `build`, or the index (`0`) of an unnamed stage. */
  label: string;
  /** The FROM image as resolved (`python:3.12`, a stage name, `scratch`). */
  base: string;
  ships: boolean;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  hasUnknown: boolean;
  /** "≈ 1.25 GB (1.1–1.4 GB)". */
  totalText: string;
  line: number;
  endLine: number;
  reclaimableBytes: number;
  reclaimableText: string;
  /** The base image row first, then the layers in file order. */
  layers: LayerSummaryItem[];
}

export interface ReclaimableItem {
  /** 0-based lines of the layer that created the bytes and of the one that deleted/overwrote them. */
  createdLine?: number;
  touchedLine: number;
  action: 'delete' | 'rewrite' | 'move';
  path: string;
  bytesText: string;
  shipped: boolean;
}

export interface ImageSummary {
  /** Status bar text: "Image ≈ 412 MB · 152 MB pull". */
  text: string;
  /** Status bar tooltip: totals, reclaimable bytes and how to get them back. */
  tooltip: string;
  stageIndex: number;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  hasUnknown: boolean;
  pullSeconds: number;
  /** "≈ 412 MB (380–450 MB)". */
  totalText: string;
  pullText: string;
  reclaimableBytes: number;
  reclaimableHasUnknown: boolean;
  /** "120 MB", "unknown amount", "0 B". */
  reclaimableText: string;
  reclaimable: ReclaimableItem[];
  /** Which of: delete in the creating layer, multi-stage build, squashing apply. */
  remedies: string[];
  notes: string[];
  stages: StageSummary[];
  /** With a compared built image ("Compare with Built Image…"). */
  built?: { ref: string; engine: string; builtBytes: number; efficiency?: number; wastedBytes?: number; mismatch?: string; text: string };
}

export function shortInstruction(text: string, max = 60): string {
  const one = text.replace(/\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

export function layerSummary(analysis: Analysis): ImageSummary {
  const { model } = analysis;
  const img = model.image;
  const dw = deadWeight(analysis);
  const deadByStage = groupBy(dw.items, (d) => d.stageIndex);
  const stages = model.stages.map((s) => stageSummary(analysis, s, deadByStage.get(s.index) ?? []));
  const shipped = model.stages[img.stageIndex];
  const total: SizeEstimate = shipped?.total ?? { bytes: 0, low: 0, high: 0, compressedBytes: 0, confidence: 'unknown', parts: [], hasUnknown: true };
  const reclaimableText = formatDeadWeight(dw.bytes, dw.hasUnknown);
  const hasReclaim = dw.bytes > 0 || dw.hasUnknown;

  // An unknown base makes the whole image unknown: its own layers' bytes are no size for the image.
  const sizeText = img.unknownBase ? 'size unknown' : `${approxSize(total)} · ${formatBytes(img.compressedBytes)} pull`;
  const text = `Image ${sizeText}${hasReclaim ? ` · ${reclaimableText} reclaimable` : ''}`;
  const shippedItems = dw.items.filter((i) => i.shipped);
  const tooltip = [
    img.unknownBase
      ? `Shipped image${shipped ? ` (stage ${shipped.name ?? shipped.index})` : ''}: size unknown: the base image ${img.unknownBase} is not in the data.`
      : `Shipped image${shipped ? ` (stage ${shipped.name ?? shipped.index})` : ''}: ${formatEstimate(total)} on disk, ${formatBytes(img.compressedBytes)} to pull (${formatDuration(img.pullSeconds)} at ${model.options.bandwidthMbps} Mbit/s); confidence ${img.confidence}.`,
    hasReclaim
      ? `Reclaimable: ${reclaimableText} created by one layer and deleted or overwritten by a later one (${shippedItems
          .slice(0, 3)
          .map((i) => `line ${(i.createdLine ?? -1) + 1} → line ${i.touchedLine + 1}`)
          .join(', ')}); it still ships.`
      : 'Reclaimable: 0 B (no layer deletes or overwrites files of an earlier layer).',
    ...(hasReclaim ? [`To get it back: ${dw.remedies.join('; ')}.`] : []),
    ...model.notes,
  ].join('\n');

  return {
    text,
    tooltip,
    stageIndex: img.stageIndex,
    bytes: img.bytes,
    low: img.low,
    high: img.high,
    compressedBytes: img.compressedBytes,
    confidence: img.confidence,
    hasUnknown: img.hasUnknown,
    pullSeconds: img.pullSeconds,
    totalText: img.unknownBase ? 'size unknown (base image not in the data)' : formatEstimate(total),
    pullText: img.unknownBase ? 'unknown to pull' : `${formatBytes(img.compressedBytes)} to pull`,
    reclaimableBytes: dw.bytes,
    reclaimableHasUnknown: dw.hasUnknown,
    reclaimableText,
    reclaimable: dw.items.map((i) => ({
      createdLine: i.createdLine,
      touchedLine: i.touchedLine,
      action: i.action,
      path: i.path,
      bytesText: i.unknown ? 'unknown' : formatBytes(i.bytes),
      shipped: i.shipped,
    })),
    remedies: dw.remedies,
    notes: model.notes,
    stages,
  };
}

function stageSummary(analysis: Analysis, s: StageModel, stageDead: DeadWeightItem[]): StageSummary {
  const deadByCreator = groupBy(stageDead, (d) => d.createdIndex);
  const from = s.parsed.from;
  const base: LayerSummaryItem = {
    ...item(analysis, from, s.base.estimate, 'base', []),
    instruction: shortInstruction(analysis.parsed.text.slice(from.start, from.end)),
  };
  const lastLine = s.parsed.instructions[s.parsed.instructions.length - 1]?.endLine ?? from.endLine;
  const reclaimable = s.reclaimableBytes;
  const reclaimUnknown = stageDead.some((d) => d.unknown);
  return {
    index: s.index,
    name: s.name,
    label: s.name ?? String(s.index),
    base: s.base.image,
    ships: s.ships,
    bytes: s.total.bytes,
    low: s.total.low,
    high: s.total.high,
    compressedBytes: s.total.compressedBytes,
    confidence: s.total.confidence,
    hasUnknown: s.total.hasUnknown,
    totalText: formatEstimate(s.total),
    line: from.line,
    endLine: lastLine,
    reclaimableBytes: reclaimable,
    reclaimableText: reclaimable > 0 || reclaimUnknown ? formatDeadWeight(reclaimable, reclaimUnknown) : '',
    layers: [base, ...s.layers.filter((l) => l.makesLayer).map((l) => layerItem(analysis, l, deadByCreator.get(l.instruction.index) ?? []))],
  };
}

function layerItem(analysis: Analysis, l: LayerModel, deletedLater: DeadWeightItem[]): LayerSummaryItem {
  return item(analysis, l.instruction, l.estimate, 'layer', deletedLater);
}

function item(analysis: Analysis, instr: ParsedInstruction, e: SizeEstimate, kind: LayerSummaryItem['kind'], deletedLater: DeadWeightItem[]): LayerSummaryItem {
  const fs = findingsOn(analysis, instr.index);
  const wastedBytes = fs.reduce((a, f) => a + (f.waste && !f.waste.unknown ? f.waste.bytes : 0), 0);
  const wastedUnknown = fs.some((f) => f.waste?.unknown);
  const reclaimableBytes = deletedLater.reduce((a, d) => a + d.bytes, 0);
  const reclaimUnknown = deletedLater.some((d) => d.unknown);
  return {
    kind,
    index: instr.index,
    line: instr.line,
    endLine: instr.endLine,
    keyword: instr.keyword,
    instruction: shortInstruction(analysis.parsed.text.slice(instr.start, instr.end)),
    bytes: e.bytes,
    low: e.low,
    high: e.high,
    compressedBytes: e.compressedBytes,
    confidence: e.confidence,
    hasUnknown: e.hasUnknown,
    sizeText: shortSize(e),
    estimateText: formatEstimate(e),
    pullText: pullText(e),
    wastedBytes,
    wastedText: wastedBytes > 0 || wastedUnknown ? formatDeadWeight(wastedBytes, wastedUnknown) : '',
    reclaimableBytes,
    reclaimableText: reclaimableBytes > 0 || reclaimUnknown ? formatDeadWeight(reclaimableBytes, reclaimUnknown) : '',
    findings: fs.length,
  };
}
