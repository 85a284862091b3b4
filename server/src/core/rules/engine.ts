/**
 * Runs the rules over a model: owns severities, per-rule settings, inline ignores
 * (`# size-hints ignore=...`, `# size-hints ignore-file=...`, `# hadolint ignore=DL...`) and the
 * shipped-stage filter, so rules only check and report.
 */
import type { ParsedInstruction } from '../parse/dockerfile';
import type { SizeModel } from '../model/types';
import { ALL_RULES } from './index';
import type { Finding, ReportInput, Rule, RuleContext, Severity, SeveritySetting } from './types';

export interface RuleSettings {
  /** rule id → severity or 'off'. */
  severities?: Record<string, SeveritySetting>;
}

interface Ignores {
  file: Set<string>;
  /** instruction index → ignored rule ids (and hadolint codes). */
  byInstruction: Map<number, Set<string>>;
}

export function parseIgnores(model: SizeModel): Ignores {
  const { parsed } = model;
  const file = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (const c of parsed.comments) {
    const m = /^#\s*(size-hints|hadolint)\s+(ignore|ignore-file|global\s+ignore)\s*=\s*([A-Za-z0-9_,\- ]+)/.exec(c.text.trim());
    if (!m) continue;
    const ids = m[3].split(',').map((x) => x.trim()).filter(Boolean);
    if (m[2] === 'ignore') {
      const set = byLine.get(c.line) ?? new Set();
      ids.forEach((i) => set.add(i));
      byLine.set(c.line, set);
    } else ids.forEach((i) => file.add(i));
  }
  const byInstruction = new Map<number, Set<string>>();
  for (const instr of parsed.instructions) {
    // The ignore comment sits on one of the comment lines directly above the instruction.
    for (let line = instr.line - 1; line >= 0; line--) {
      const set = byLine.get(line);
      const isComment = parsed.comments.some((c) => c.line === line);
      if (set) byInstruction.set(instr.index, new Set([...(byInstruction.get(instr.index) ?? []), ...set]));
      if (!isComment) break;
    }
  }
  return { file, byInstruction };
}

export function runRules(model: SizeModel, settings: RuleSettings = {}, rules: Rule[] = ALL_RULES): Finding[] {
  const ignores = parseIgnores(model);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = settings.severities?.[rule.meta.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.meta.defaultSeverity;
    const ignored = (instr: ParsedInstruction) => {
      const ids = [rule.meta.id, ...(rule.meta.hadolint ? [rule.meta.hadolint] : [])];
      const local = ignores.byInstruction.get(instr.index);
      return ids.some((i) => ignores.file.has(i) || local?.has(i));
    };
    const ctx: RuleContext = {
      model,
      parsed: model.parsed,
      layer: (instr) => model.layers.get(instr.index),
      stageOf: (instr) => model.stages[instr.stageIndex],
      report: (input: ReportInput) => {
        if (ignored(input.instruction)) return;
        if (rule.meta.shippedOnly && !model.stages[input.instruction.stageIndex]?.ships) return;
        findings.push({
          rule: rule.meta.id,
          severity: setting ?? input.severity ?? severity,
          start: input.start,
          end: Math.max(input.end, input.start),
          message: input.message,
          waste: input.waste,
          instructionIndex: input.instruction.index,
          unnecessary: input.unnecessary,
          fixes: input.fixes ?? [],
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (err) {
      // A rule bug must not take the others (or the server) down.
      findings.push({
        rule: 'internal-error',
        severity: 'hint',
        start: 0,
        end: 0,
        message: `rule ${rule.meta.id} failed: ${(err as Error).message}`,
        instructionIndex: -1,
        fixes: [],
      });
    }
  }
  findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
  return findings;
}
