/** The rule API: each rule declares what it is and reports through one small context (ESLint-style). */
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import type { LayerModel, SizeModel, StageModel } from '../model/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RuleMeta {
  /** Public id, stable: used in settings, ignores, docs and output. */
  id: string;
  defaultSeverity: Severity;
  /** One line: what the rule finds. */
  description: string;
  /** The hadolint rule it corresponds to, if any (its ignores are honoured). */
  hadolint?: string;
  fixable: boolean;
  /** Only about the shipped image: silent in build-only stages. */
  shippedOnly: boolean;
}

export interface Waste {
  bytes: number;
  low: number;
  high: number;
  /** The size of the waste is not known (still worth saying there is some). */
  unknown: boolean;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * How sure a fix is (rustc's Applicability, ESLint's fix vs suggestion): `safe` fixes had every
 * assumption checked against the whole stage (and the stages built on it) and are what "fix all" and
 * `--fix` apply; `suggestion`s are offered in the editor only, and their title says what to check.
 */
export type FixSafety = 'safe' | 'suggestion';

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The one obvious fix for its finding (the editor's preferred quick fix). */
  isPreferred: boolean;
  kind?: 'quickfix' | 'refactor';
  /** Absent means `safe` for a preferred quick fix and `suggestion` otherwise. Fix-all applies only safe ones. */
  safety?: FixSafety;
  /** What the fix assumes: checked when safe, for the user to check when a suggestion. */
  assumes?: string[];
}

/** Is this a fix "fix all" and `--fix` may apply? A preferred, safe quick fix with edits. */
export function isSafeFix(fix: Fix): boolean {
  return fix.isPreferred && (fix.kind ?? 'quickfix') === 'quickfix' && fix.edits.length > 0 && (fix.safety ?? 'safe') === 'safe';
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** Document offsets (end exclusive). */
  start: number;
  end: number;
  message: string;
  waste?: Waste;
  instructionIndex: number;
  /** The span is dead weight (shown faded): e.g. a cleanup that frees nothing. */
  unnecessary?: boolean;
  fixes: Fix[];
  /** Earlier instructions whose bytes this finding counts again (a later rm, a merge): the engine keeps one report per waste. */
  related?: number[];
  /** The package manager the finding is about (apt, apk, pip, npm, go, bundler …), for "one hint per manager". */
  manager?: string;
}

export interface ReportInput {
  start: number;
  end: number;
  message: string;
  instruction: ParsedInstruction;
  waste?: Waste;
  unnecessary?: boolean;
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding (a user setting still wins). */
  severity?: Severity;
  /** See Finding.related. */
  related?: number[];
  /** See Finding.manager (default: the rule's own manager, engine.ts RULE_MANAGER). */
  manager?: string;
}

export interface RuleContext {
  readonly model: SizeModel;
  readonly parsed: ParsedDockerfile;
  report(input: ReportInput): void;
  /** The layer of an instruction (undefined for FROM / outside stages). */
  layer(instr: ParsedInstruction): LayerModel | undefined;
  stageOf(instr: ParsedInstruction): StageModel | undefined;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** Helpers most rules need. */
export function commandSpan(cmd: ShellCommand): { start: number; end: number } {
  return { start: cmd.start, end: cmd.end };
}

export function waste(bytes: number, low = bytes, high = bytes, unknown = false): Waste {
  return { bytes: Math.round(bytes), low: Math.round(low), high: Math.round(high), unknown };
}

export const UNKNOWN_WASTE: Waste = { bytes: 0, low: 0, high: 0, unknown: true };
