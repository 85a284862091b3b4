/**
 * The CLI's human report: per stage a table of layers (line, instruction, size on disk, pull size,
 * confidence, bar), the shipped total and pull time, then the findings grouped by line with their
 * savings and fix hints. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
 */
import type { Analysis } from '../analyze';
import { deadWeight, formatDeadWeight } from '../features/deadWeight';
import { approxSize, shortSize } from '../features/sizeText';
import { preferredFix } from '../fixes/fixAll';
import { formatBytes, formatDuration, formatEstimate } from '../model/format';
import type { SizeEstimate } from '../model/types';
import type { Finding, Severity } from '../rules/types';
import { positionAt } from '../parse/dockerfile';
import { safeText } from './safeText';
import { shortText } from './shortText';

export interface TextOptions {
  color: boolean;
  /** Width of the instruction column. */
  instructionWidth?: number;
  barWidth?: number;
}

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

export function painter(color: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (color && s ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39), cyan: wrap(36, 39) };
}

export function severityColor(p: Paint, s: Severity): (x: string) => string {
  return s === 'error' ? p.red : s === 'warning' ? p.yellow : s === 'info' ? p.blue : p.dim;
}

const BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + BLOCKS[eighths % 8];
}

/** `[...s].length` (code points: a surrogate pair counts once) without making the array. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
function padEnd(s: string, n: number): string {
  const len = codePoints(s);
  return len >= n ? s : s + ' '.repeat(n - len);
}
function padStart(s: string, n: number): string {
  const len = codePoints(s);
  return len >= n ? s : ' '.repeat(n - len) + s;
}

function pullSize(e: SizeEstimate): string {
  if (e.confidence === 'unknown' && e.bytes === 0 && e.compressedBytes === 0) return 'unknown';
  return formatBytes(e.compressedBytes) + (e.hasUnknown ? '+?' : '');
}

function diskSize(e: SizeEstimate): string {
  const s = shortSize(e);
  return s.endsWith(' + unknown') ? s.replace(' + unknown', '+?') : s;
}

function savings(f: Finding): string {
  if (!f.waste) return '';
  if (f.waste.unknown) return f.waste.bytes > 0 ? `saves ≥ ${formatBytes(f.waste.bytes)}` : 'saves an unknown amount';
  if (f.waste.bytes <= 0) return '';
  return f.waste.low !== f.waste.high && f.waste.low !== f.waste.bytes ? `saves ≈ ${formatBytes(f.waste.bytes)}` : `saves ${formatBytes(f.waste.bytes)}`;
}

/**
 * The report's lines, joined a few thousand at a time: a 1 MB Dockerfile's report has ~100,000 lines, and each one
 * kept until the end was copied by every scavenge on its way to the old generation (the report's joined chunks are
 * large objects, never copied). The text is the lines joined by `\n`, as one join of them all would make it.
 */
class Lines {
  private readonly chunks: string[] = [];
  private pending: string[] = [];

  push(line: string): void {
    this.pending.push(line);
    if (this.pending.length >= LINES_PER_CHUNK) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.chunks.push(this.pending.join('\n'));
    this.pending = [];
  }

  join(): string {
    this.flush();
    return this.chunks.join('\n');
  }
}
const LINES_PER_CHUNK = 2048;

export function textReport(path: string, a: Analysis, options: TextOptions): string {
  const p = painter(options.color);
  const iw = options.instructionWidth ?? 48;
  const bw = options.barWidth ?? 16;
  const { model } = a;
  // Every piece of user text (paths, names, instructions, messages) goes through safeText: no escape sequence reaches the terminal.
  const out = new Lines();
  out.push(p.bold(safeText(path)));
  const rows = model.stages.flatMap((s) => [s.base.estimate.bytes, ...s.layers.filter((l) => l.makesLayer).map((l) => l.estimate.bytes)]);
  const max = Math.max(0, ...rows);
  for (const s of model.stages) {
    const label = s.name ? safeText(s.name) : `${s.index}`;
    const role = s.ships ? (s.index === model.image.stageIndex ? p.green('shipped') : p.green('shipped (base of the target)')) : p.dim('build only, not shipped');
    out.push(`  ${p.bold(`Stage ${label}`)} · FROM ${safeText(s.base.image)} · ${role} · ${formatEstimate(s.total)}`);
    out.push(p.dim(`    ${padStart('LINE', 5)}  ${padEnd('INSTRUCTION', iw)}  ${padStart('ON DISK', 10)}  ${padStart('PULL', 10)}  ${padEnd('CONFIDENCE', 10)}`));
    const row = (line: number, instr: string, e: SizeEstimate) => {
      const text = `    ${padStart(String(line), 5)}  ${padEnd(safeText(shortText(instr, iw)), iw)}  ${padStart(diskSize(e), 10)}  ${padStart(pullSize(e), 10)}  ${padEnd(e.confidence, 10)}  `;
      out.push((s.ships ? text : p.dim(text)) + p.cyan(bar(e.bytes, max, bw)));
    };
    const from = s.parsed.from;
    row(from.line + 1, a.parsed.text.slice(from.start, from.end), s.base.estimate);
    for (const l of s.layers) if (l.makesLayer) row(l.instruction.line + 1, a.parsed.text.slice(l.instruction.start, l.instruction.end), l.estimate);
  }
  const img = model.image;
  const shipped = model.stages[img.stageIndex];
  if (shipped) {
    const range = /\(([^()]*)\)$/.exec(formatEstimate(shipped.total));
    out.push('');
    if (img.unknownBase) out.push(`  ${p.bold('Image')} ${p.bold('size unknown')}: base image ${safeText(img.unknownBase)} is not in the data`);
    else out.push(
      `  ${p.bold('Image')} ${p.bold(approxSize(shipped.total))}${range ? ` (${range[1]})` : ''} on disk · ${pullSize(shipped.total)} to pull · ${pullSize(shipped.total) === 'unknown' ? 'unknown time' : formatDuration(img.pullSeconds)} at ${model.options.bandwidthMbps} Mbit/s · confidence ${img.confidence}`,
    );
    const dw = deadWeight(a);
    if (dw.bytes > 0 || dw.hasUnknown) out.push(`  Reclaimable ${p.yellow(formatDeadWeight(dw.bytes, dw.hasUnknown))}: created by one layer, deleted or overwritten by a later one, still shipped`);
  } else {
    out.push('');
    out.push('  No stages: nothing to build.');
  }
  for (const n of model.notes) out.push(p.dim(`  note: ${safeText(n)}`));

  out.push('');
  if (!a.findings.length) {
    out.push(`  ${p.green('No findings.')}`);
    return out.join();
  }
  const known = a.findings.reduce((s, f) => s + (f.waste && !f.waste.unknown ? f.waste.bytes : 0), 0);
  out.push(`  ${p.bold(`Findings (${a.findings.length})`)}${known > 0 ? ` · up to ${formatBytes(known)} to save (savings can overlap)` : ''}`);
  // Each finding's line (findingRange's). runRules sorts the findings by where they start, so their lines mostly come in
  // order: then each line's findings are one run of them, and the Map and the sort below (the same groups, in the same
  // order) are not needed.
  const { findings } = a;
  const ls = a.parsed.lineStarts;
  const lineOf = new Int32Array(findings.length);
  let inOrder = true;
  for (let i = 0; i < findings.length; i++) {
    lineOf[i] = positionAt(ls, Math.max(0, findings[i]!.start)).line + 1;
    if (i > 0 && lineOf[i]! < lineOf[i - 1]!) inOrder = false;
  }
  const group = (line: number, fs: Finding[], from: number, to: number) => {
    const src = a.parsed.text.slice(ls[line - 1] ?? 0, (ls[line] ?? a.parsed.text.length + 1) - 1);
    out.push(`  ${p.bold(`line ${line}`)}  ${p.dim(safeText(shortText(src, 70)))}`);
    for (let k = from; k < to; k++) {
      const f = fs[k]!;
      const sev = severityColor(p, f.severity)(padEnd(f.severity, 7));
      const save = savings(f);
      out.push(`    ${sev} ${f.rule}: ${safeText(f.message)}${save ? '  ' + p.green(`[${save}]`) : ''}`);
      const fix = preferredFix(f);
      if (fix) out.push(`            ${p.dim('fix:')} ${safeText(fix.title)} ${p.dim('(--fix applies it)')}`);
    }
  };
  if (inOrder) {
    for (let i = 0; i < findings.length; ) {
      let j = i + 1;
      while (j < findings.length && lineOf[j] === lineOf[i]) j++;
      group(lineOf[i]!, findings, i, j);
      i = j;
    }
    return out.join();
  }
  const byLine = new Map<number, Finding[]>();
  for (let i = 0; i < findings.length; i++) {
    const list = byLine.get(lineOf[i]!);
    if (list) list.push(findings[i]!);
    else byLine.set(lineOf[i]!, [findings[i]!]);
  }
  for (const [line, fs] of [...byLine].sort((x, y) => x[0] - y[0])) group(line, fs, 0, fs.length);
  return out.join();
}
