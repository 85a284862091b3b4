/**
 * The built-image comparison in the CLI's outputs: a text section (each layer's estimate beside the
 * real size, dive's score, the shipped deletions by line) and the JSON fields of
 * docs/cli-output.schema.json (`builtBytes` per layer, `image.builtBytes`, `image.efficiency`,
 * `image.builtWastedBytes`, and `built` with the deletions).
 */
import type { Analysis } from '../analyze';
import type { BuiltComparison } from '../builtImage/compare';
import { shortInstruction } from '../features/summary';
import { formatBytes } from '../model/format';
import type { JsonFile } from './json';
import { safeText } from './safeText';
import { painter } from './text';

export interface JsonBuiltWaste {
  line: number | null;
  removedAtLine: number | null;
  action: 'deleted' | 'rewritten';
  bytes: number;
  files: number;
  paths: string[];
}

export interface JsonBuilt {
  ref: string;
  id: string;
  engine: string;
  inspectedAt: string;
  /** Why the image may not be a build of this file; null when it lines up. */
  mismatch: string | null;
  baseBytes: number;
  waste: JsonBuiltWaste[];
}

/** Lines are 1-based in the outputs. */
const line1 = (l: number | undefined) => (l === undefined ? null : l + 1);

export function builtWasteLine(a: Analysis, w: BuiltComparison['waste'][number]): string {
  const what = w.action === 'deleted' ? 'deleted' : 'rewritten';
  const where = w.removedLine === undefined ? 'by the base image' : `at line ${w.removedLine + 1}`;
  const from = w.createdLine === undefined ? 'from the base image' : `created at line ${w.createdLine + 1}`;
  const example = w.examples[0] ? ` (${safeText(w.examples[0].path)}${w.files > 1 ? ` and ${w.files - 1} more` : ''})` : '';
  void a;
  return `${formatBytes(w.bytes)} ${from} ${what} ${where} but still shipped${example}`;
}

export function builtText(a: Analysis, c: BuiltComparison, color: boolean): string {
  const p = painter(color);
  const out: string[] = [];
  out.push(
    `  ${p.bold('Built image')} ${safeText(c.image.ref)} (${c.image.id.slice(7, 19)}, ${c.image.engine}) · ${formatBytes(c.image.builtBytes)} on disk` +
      (c.image.efficiency !== undefined ? ` · efficiency ${(c.image.efficiency * 100).toFixed(1)} % · ${formatBytes(c.image.builtWastedBytes ?? 0)} wasted (dive's measure)` : ''),
  );
  if (c.mismatch) out.push(`  ${p.yellow('!')} ${safeText(c.mismatch)}`);
  out.push(p.dim(`    ${'LINE'.padStart(5)}  ${'INSTRUCTION'.padEnd(40)}  ${'ESTIMATED'.padStart(10)}  ${'BUILT'.padStart(10)}`));
  for (const l of c.layers) {
    const instr = a.parsed.instructions[l.instructionIndex];
    if (!instr) continue;
    if (l.builtBytes === 0 && l.estimate.bytes === 0 && !['RUN', 'COPY', 'ADD'].includes(instr.keyword)) continue;
    const text = safeText(shortInstruction(a.parsed.text.slice(instr.start, instr.end), 40));
    const flag = l.outsideRange ? p.yellow(' outside the estimated range') : '';
    out.push(`    ${String(l.line + 1).padStart(5)}  ${text.padEnd(40)}  ${formatBytes(l.estimate.bytes).padStart(10)}  ${formatBytes(l.builtBytes).padStart(10)}${flag}`);
  }
  if (c.waste.length) {
    out.push(`  ${p.bold('Shipped but deleted or rewritten')} (read from the layer tars):`);
    for (const w of c.waste.slice(0, 10)) out.push(`    ${w.createdLine === undefined ? 'base' : `line ${w.createdLine + 1}`}: ${builtWasteLine(a, w)}`);
    if (c.waste.length > 10) out.push(p.dim(`    … and ${c.waste.length - 10} more`));
  }
  return out.join('\n');
}

/** Adds the comparison to a file of the JSON report (in place) and returns it. */
export function withBuiltJson(file: JsonFile, a: Analysis, c: BuiltComparison): JsonFile {
  const byLine = new Map(c.layers.map((l) => [l.line + 1, l.builtBytes]));
  const f = file as JsonFile & { built?: JsonBuilt };
  const img = f.image as JsonFile['image'] & { builtBytes?: number; efficiency?: number | null; builtWastedBytes?: number | null };
  img.builtBytes = c.image.builtBytes;
  img.efficiency = c.image.efficiency ?? null;
  img.builtWastedBytes = c.image.builtWastedBytes ?? null;
  for (const s of f.stages) {
    for (const l of s.layers as (JsonFile['stages'][number]['layers'][number] & { builtBytes?: number | null })[]) {
      l.builtBytes = s.ships ? (byLine.get(l.line) ?? null) : null;
    }
  }
  void a;
  f.built = {
    ref: c.image.ref,
    id: c.image.id,
    engine: c.image.engine,
    inspectedAt: c.image.inspectedAt,
    mismatch: c.mismatch ?? null,
    baseBytes: c.baseBytes,
    waste: c.waste.map((w) => ({ line: line1(w.createdLine), removedAtLine: line1(w.removedLine), action: w.action, bytes: w.bytes, files: w.files, paths: w.examples.map((e) => e.path) })),
  };
  return f;
}
