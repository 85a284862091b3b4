/**
 * Hover text (Markdown), at most ~15 lines, most important first:
 *  - any instruction: its layer's estimate, the running totals of the stage and the shipped image,
 *    a table of the parts with where each number comes from, dead weight, and the findings there;
 *  - FROM: the base image's sizes per platform, OS, and the smaller official variants with their sizes
 *    and what you give up;
 *  - the stage name in `COPY --from=` / `RUN --mount=from=`: what that stage contributes.
 * Every number goes through model/format.ts, so it reads exactly like the CLI.
 */
import type { Analysis } from '../analyze';
import { lookupBaseImage, smallerVariants } from '../data/baseImages';
import { formatBytes, formatEstimate, formatRange } from '../model/format';
import type { LayerModel, SizePart, StageModel } from '../model/types';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { Finding } from '../rules/types';
import { findingsOn } from './byInstruction';
import { deadWeight, deadWeightByInstruction, formatDeadWeight } from './deadWeight';
import { mdCode, mdMessage, mdText } from './markdown';
import { onDiskText, pullText } from './sizeText';

/** Parts rows in the table, the "N more parts" row included. */
const MAX_PART_ROWS = 5;
const MAX_FINDINGS = 3;
const MAX_VARIANTS = 3;
const MAX_SOURCE = 70;

export function instructionAt(analysis: Analysis, offset: number): ParsedInstruction | undefined {
  return analysis.parsed.instructions.find((i) => offset >= i.start && offset <= i.end);
}

export function hoverMarkdown(analysis: Analysis, offset: number): string | undefined {
  const instr = instructionAt(analysis, offset);
  if (!instr) return undefined;
  const stage = analysis.model.stages[instr.stageIndex];
  if (!stage) return undefined;
  const ref = stageReferenceAt(instr, offset);
  if (ref !== undefined) {
    const text = stageReferenceHover(analysis, instr, ref);
    if (text) return text;
  }
  if (instr.keyword === 'FROM' && instr === stage.parsed.from) return fromHover(analysis, stage);
  const layer = analysis.model.layers.get(instr.index);
  return layer ? layerHover(analysis, stage, layer) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Instructions

function layerHover(analysis: Analysis, stage: StageModel, layer: LayerModel): string {
  const { instruction: instr, estimate } = layer;
  const lines: string[] = [];
  const where = stage.ships ? '' : ` — ${stageName(stage)} is a build stage, not shipped`;
  if (layer.makesLayer) {
    lines.push(`**Layer**: ${onDiskText(estimate)}, ${pullText(estimate)}; confidence ${estimate.confidence}${where}`);
  } else {
    lines.push(`**${mdText(instr.keyword)}**: no filesystem layer (image settings only), adds 0 B${where}`);
  }
  lines.push(runningTotals(analysis, stage, layer));

  if (layer.makesLayer && estimate.parts.length) lines.push('', ...partsTable(estimate.parts));

  const notes: string[] = [];
  const dead = deadWeightByInstruction(analysis.model);
  for (const t of (dead.touched.get(instr.index) ?? []).slice(0, 2)) {
    const size = t.unknown ? 'unknown size' : formatBytes(t.bytes);
    const verb = t.action === 'delete' ? 'Deletes' : t.action === 'move' ? 'Moves' : 'Rewrites';
    const stays = t.action === 'delete' ? 'frees nothing: the bytes stay in' : 'the old copy stays in';
    notes.push(`- ⚠ ${verb} ${mdCode(t.path)} (${size}) — ${stays} line ${t.createdLine !== undefined ? t.createdLine + 1 : '?'}'s layer`);
  }
  const deletedLater = dead.created.get(instr.index) ?? [];
  if (deletedLater.length) {
    const bytes = deletedLater.reduce((a, d) => a + d.bytes, 0);
    const unknown = deletedLater.some((d) => d.unknown);
    const by = [...new Set(deletedLater.map((d) => d.touchedLine + 1))].join(', ');
    notes.push(`- ⚠ ${formatDeadWeight(bytes, unknown)} of this layer is deleted or overwritten later (line ${by}) but still ships: delete it in this ${instr.keyword}, or use a multi-stage build`);
  }
  const findings = findingLines(findingsOn(analysis, instr.index));
  if (notes.length || findings.length) lines.push('', ...notes, ...findings);
  return markdownLines(lines);
}

function runningTotals(analysis: Analysis, stage: StageModel, layer: LayerModel): string {
  const { model } = analysis;
  const shipped = model.stages[model.image.stageIndex];
  if (!stage.ships) return `${cap(stageName(stage))} so far: ${formatEstimate(layer.stageTotal)} (not in the image; only what \`COPY --from\` takes ships)`;
  const dw = deadWeight(analysis);
  const reclaim = dw.bytes > 0 || dw.hasUnknown ? `, ${formatDeadWeight(dw.bytes, dw.hasUnknown)} reclaimable` : '';
  const total = shipped ? `image total ${formatEstimate(shipped.total)}${reclaim}` : 'image total unknown';
  const soFar = formatEstimate(layer.stageTotal);
  // On the shipped stage's last layer the running total is the image total: say it once.
  if (shipped && soFar === formatEstimate(shipped.total)) return `${cap(stageName(stage))} so far = image total ${soFar}${reclaim}`;
  return `${cap(stageName(stage))} and shipped image so far: ${soFar} · ${total}`;
}

function partsTable(parts: SizePart[]): string[] {
  const known = parts.filter((p) => !p.unknown).sort((a, b) => b.bytes - a.bytes);
  const unknown = parts.filter((p) => p.unknown);
  let shown = [...known, ...unknown];
  let rest: SizePart[] = [];
  if (shown.length > MAX_PART_ROWS) {
    // Unknown parts keep a row (up to two): an unknown can be the biggest part.
    const unknownShown = unknown.slice(0, 2);
    const knownSlots = MAX_PART_ROWS - 1 - unknownShown.length;
    shown = [...known.slice(0, knownSlots), ...unknownShown];
    rest = [...known.slice(knownSlots), ...unknown.slice(2)];
  }
  const rows = ['| part | size | source |', '|---|---|---|'];
  for (const p of shown) rows.push(`| ${cell(p.label)} | ${partSize(p)} | ${cell(short(p.source, MAX_SOURCE))} |`);
  if (rest.length) {
    const bytes = rest.reduce((a, p) => a + p.bytes, 0);
    rows.push(`| ${rest.length} more parts | ${formatDeadWeight(bytes, rest.some((p) => p.unknown))} | |`);
  }
  return rows;
}

function partSize(p: SizePart): string {
  if (p.unknown) return 'unknown';
  // Possible but not counted (an upgrade a stale base would need): only its high end is known.
  if (p.bytes === 0 && p.high > 0) return `0 B (up to ${formatBytes(p.high)})`;
  if (p.confidence === 'exact' || p.low === p.high) return formatBytes(p.bytes);
  return `≈ ${formatBytes(p.bytes)} (${formatRange(p.low, p.high)})`;
}

function findingLines(findings: readonly Finding[]): string[] {
  const lines = findings.slice(0, MAX_FINDINGS).map((f) => {
    const saves = f.waste ? (f.waste.unknown ? ' — saves an unknown amount' : f.waste.bytes > 0 ? ` — saves ≈ ${formatBytes(f.waste.bytes)}` : '') : '';
    return `- ${mdCode(f.rule)}${saves}: ${mdMessage(short(f.message, 140))}`;
  });
  if (findings.length > MAX_FINDINGS) lines.push(`- …and ${findings.length - MAX_FINDINGS} more problems`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// FROM

function fromHover(analysis: Analysis, stage: StageModel): string {
  const { model } = analysis;
  const b = stage.base;
  const lines: string[] = [];
  const shipped = stage.ships ? '' : ' — build stage, not shipped';
  const stageTotal = `${cap(stageName(stage))} total: ${formatEstimate(stage.total)} (base + ${stage.layers.filter((l) => l.makesLayer).length} layers)`;
  const findings = findingLines(findingsOn(analysis, stage.parsed.from.index));

  if (b.parentStage !== undefined) {
    const parent = model.stages[b.parentStage];
    lines.push(`**FROM ${parent ? stageName(parent) : mdCode(b.image)}**: starts with everything it contains, ${onDiskText(b.estimate)}${shipped}`);
    lines.push(stageTotal);
    if (findings.length) lines.push('', ...findings);
    return markdownLines(lines);
  }
  // Asked as written, so a tag the data lacks keeps its stand-in note and only gets variants of its own version.
  const info = b.known && b.key ? baseInfo(b.lookup ?? b.key, b.estimate.compressedBytes, stagePlatform(analysis, stage)) : undefined;
  if (b.family === 'scratch') {
    lines.push(`**FROM \`scratch\`**: the empty image, 0 B${shipped}`, stageTotal);
    if (findings.length) lines.push('', ...findings);
    return markdownLines(lines);
  }
  if (!info) {
    lines.push(`**FROM ${b.image ? mdCode(b.image) : '(no image)'}**: size unknown — ${b.source === 'unknown image' ? 'not in the base-image data (official Docker Hub images)' : mdText(b.source)}${shipped}`);
    lines.push(stageTotal);
    if (findings.length) lines.push('', ...findings);
    return markdownLines(lines);
  }
  const measured = info.uncompressedEstimated ? 'estimated' : 'measured';
  const os = info.os ? ` · ${info.os}` : info.family !== 'unknown' ? ` · ${info.family}` : '';
  lines.push(
    `**FROM ${mdCode(info.standIn ? b.image : info.key)}**${info.standIn ? ` (not in the data: sizes of ${mdCode(info.key)}${info.standIn.sameVersion ? ', same version line' : ', another version'})` : ''}: ${onDiskText(b.estimate)} (${measured}), ${info.compressedBytes !== undefined ? formatBytes(info.compressedBytes) : 'unknown'} to pull${os}; confidence ${b.estimate.confidence}${shipped}`,
  );
  const platforms = Object.entries(info.platforms).map(([p, bytes]) => (p === info.platform ? `**${p} ${formatBytes(bytes)}**` : `${p} ${formatBytes(bytes)}`));
  if (platforms.length) lines.push(`Pull size per platform: ${platforms.join(' · ')}`);
  lines.push(stageTotal);

  const variants = smallerVariants(b.lookup ?? info.key, info.platform).slice(0, MAX_VARIANTS);
  if (variants.length) {
    lines.push('', '| smaller variant | pull | on disk | you give up |', '|---|---|---|---|');
    for (const v of variants) {
      const pull = v.compressedBytes !== undefined ? `${formatBytes(v.compressedBytes)}${v.savesBytes ? ` (−${formatBytes(v.savesBytes)})` : ''}` : 'unknown';
      const disk = v.uncompressedBytes !== undefined ? `≈ ${formatBytes(v.uncompressedBytes)}` : 'unknown';
      lines.push(`| ${mdCode(v.key)} | ${pull} | ${disk} | ${cell(firstClause(v.tradeOff))} |`);
    }
  }
  if (findings.length) lines.push('', ...findings);
  lines.push('', `_${cell(short(info.source, 160))}_`);
  return markdownLines(lines);
}

function stagePlatform(analysis: Analysis, stage: StageModel): string {
  const p = stage.parsed.platform;
  // `--platform=$BUILDPLATFORM` and friends mean the platform we model.
  return p && !p.includes('$') ? p : analysis.model.options.platform;
}

/**
 * The data's entry for the model's base, for the platform the model used: an `arm32v7/ubuntu` image
 * or a FROM --platform picks another platform's numbers, recognisable by the pull size it counted.
 */
function baseInfo(key: string, modelCompressed: number, platform: string) {
  const info = lookupBaseImage(key, platform);
  if (!info || info.compressedBytes === modelCompressed) return info;
  const used = Object.entries(info.platforms).find(([, bytes]) => bytes === modelCompressed)?.[0];
  return used ? lookupBaseImage(key, used) : info;
}

// ---------------------------------------------------------------------------------------------
// COPY --from=<stage> / RUN --mount=from=<stage>

function stageReferenceAt(instr: ParsedInstruction, offset: number): string | undefined {
  for (const f of instr.flags) {
    if (offset < f.start || offset > f.end) continue;
    if (f.name === 'from' && f.value) return f.value;
    if (f.name === 'mount' && f.options.from) return f.options.from;
  }
  return undefined;
}

function stageReferenceHover(analysis: Analysis, instr: ParsedInstruction, ref: string): string | undefined {
  const { model } = analysis;
  const r = ref.toLowerCase();
  const source = model.stages.find((s) => s.name === r) ?? (/^\d+$/.test(r) ? model.stages[Number(r)] : undefined);
  if (!source || source.index >= instr.stageIndex) {
    return `**${mdCode(ref)}**: not an earlier stage of this Dockerfile — the image ${mdCode(ref)} is pulled at build time; only what is copied from it counts`;
  }
  const lines: string[] = [];
  const ships = source.ships ? 'also shipped (the image is built FROM it)' : 'a build stage: not shipped, only what is copied from it ships';
  lines.push(`**${cap(stageName(source))}** (FROM ${mdCode(source.base.image)}, line ${source.parsed.from.line + 1}): ${formatEstimate(source.total)} in total; ${ships}`);
  const layer = model.layers.get(instr.index);
  if (layer && instr.keyword !== 'RUN') {
    const takes = formatEstimate(layer.estimate);
    lines.push(`This ${instr.keyword} takes ${takes === 'unknown' ? 'an unknown amount' : `${takes} on disk`} from it, ${pullText(layer.estimate)}`);
    if (layer.estimate.parts.length) lines.push('', ...partsTable(layer.estimate.parts));
  } else if (instr.keyword === 'RUN') {
    lines.push('Mounted for this RUN only: nothing of it is added to the layer unless the RUN copies it');
  }
  const users = source.copiedBy.filter((i) => i !== instr.stageIndex).map((i) => stageName(model.stages[i]));
  if (users.length) lines.push(`Also used by ${users.join(', ')}`);
  return markdownLines(lines);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** "stage `build`", "stage 0" (as the CLI names them). */
export function stageName(s: StageModel): string {
  return s.name ? `stage ${mdCode(s.name)}` : `stage ${s.index}`;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Table cells and text from the Dockerfile or the data: `code` spans kept, the rest escaped (`|` included). */
function cell(s: string): string {
  return mdMessage(s);
}

function short(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1).trimEnd() + '…' : s;
}

/** "slim lacks compilers and headers (gcc, …): packages without …" → the part before the first ':' or ';'. */
function firstClause(s: string): string {
  const m = /^[^:;]+/.exec(s);
  return short((m ? m[0] : s).trim(), 110);
}

/** Joins hover lines so each stays on its own line: Markdown would otherwise run plain lines together. */
export function markdownLines(lines: string[]): string {
  return lines
    .map((line, i) => {
      const next = lines[i + 1];
      const plain = (l: string | undefined) => !!l && l.trim() !== '' && !l.startsWith('|') && !/^\s*[-*] /.test(l);
      return plain(line) && plain(next) ? `${line}  ` : line;
    })
    .join('\n');
}
