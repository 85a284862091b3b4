/**
 * The CLI's `--format json` report (docs/cli.md, docs/cli-output.schema.json), as a pure function of
 * analyses so the server could offer the same. Lines and columns are 1-based, `endColumn` is the
 * column just after the last character (as in SARIF); bytes are integers; `wastedBytes` is null when
 * a finding's waste is unknown or not measured; `hadolint` is null when no hadolint rule matches.
 */
import type { Analysis } from '../analyze';
import { preferredFix } from '../fixes/fixAll';
import type { Confidence } from '../model/types';
import { positionAt } from '../parse/dockerfile';
import { shortText } from './shortText';
import { ruleById } from '../rules/index';
import type { Finding, Severity } from '../rules/types';

export interface JsonPart {
  label: string;
  bytes: number;
  /** Present (true) only when the part's size is not known: `bytes` is then 0. */
  unknown?: true;
}

export interface JsonLayer {
  line: number;
  endLine: number;
  instruction: string;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  parts: JsonPart[];
}

export interface JsonStage {
  index: number;
  name: string | null;
  base: string;
  ships: boolean;
  bytes: number;
  compressedBytes: number;
  layers: JsonLayer[];
}

export interface JsonFinding {
  rule: string;
  hadolint: string | null;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  wastedBytes: number | null;
  fixable: boolean;
}

export interface JsonFile {
  path: string;
  image: { bytes: number; low: number; high: number; compressedBytes: number; pullSeconds: number };
  stages: JsonStage[];
  findings: JsonFinding[];
}

export interface JsonReport {
  version: 1;
  files: JsonFile[];
}

/** 1-based start/end of a finding (end column exclusive). */
export function findingRange(a: Analysis, f: Finding): { line: number; column: number; endLine: number; endColumn: number } {
  const ls = a.parsed.lineStarts;
  const start = positionAt(ls, Math.max(0, f.start));
  const end = positionAt(ls, Math.max(f.start, f.end));
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Known wasted bytes, or null (unknown amount, or the rule does not measure it). */
export function wastedBytes(f: Finding): number | null {
  return f.waste && !f.waste.unknown ? Math.round(f.waste.bytes) : null;
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n) : 0);

export function jsonFinding(a: Analysis, f: Finding): JsonFinding {
  return {
    rule: f.rule,
    hadolint: ruleById(f.rule)?.meta.hadolint ?? null,
    severity: f.severity,
    ...findingRange(a, f),
    message: f.message,
    wastedBytes: wastedBytes(f),
    fixable: !!preferredFix(f),
  };
}

export function jsonFile(path: string, a: Analysis): JsonFile {
  const { model } = a;
  const img = model.image;
  return {
    path,
    image: {
      bytes: int(img.bytes),
      low: int(img.low),
      high: int(img.high),
      compressedBytes: int(img.compressedBytes),
      pullSeconds: Number.isFinite(img.pullSeconds) ? Math.round(img.pullSeconds * 100) / 100 : 0,
    },
    stages: model.stages.map((s) => ({
      index: s.index,
      name: s.name ?? null,
      base: s.base.image,
      ships: s.ships,
      bytes: int(s.total.bytes),
      compressedBytes: int(s.total.compressedBytes),
      layers: s.layers
        .filter((l) => l.makesLayer)
        .map((l) => ({
          line: l.instruction.line + 1,
          endLine: l.instruction.endLine + 1,
          instruction: shortText(a.parsed.text.slice(l.instruction.start, l.instruction.end), 80),
          bytes: int(l.estimate.bytes),
          low: int(l.estimate.low),
          high: int(l.estimate.high),
          compressedBytes: int(l.estimate.compressedBytes),
          confidence: l.estimate.confidence,
          parts: l.estimate.parts.map((p) => (p.unknown ? { label: p.label, bytes: 0, unknown: true as const } : { label: p.label, bytes: int(p.bytes) })),
        })),
    })),
    findings: a.findings.map((f) => jsonFinding(a, f)),
  };
}

export function jsonReport(files: { path: string; analysis: Analysis }[]): JsonReport {
  return { version: 1, files: files.map((f) => jsonFile(f.path, f.analysis)) };
}
