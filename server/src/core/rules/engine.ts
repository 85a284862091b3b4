/**
 * Runs the rules over a model: owns severities, per-rule settings, inline ignores
 * (`# size-hints ignore=...`, `# size-hints ignore-file=...`, `# hadolint ignore=DL...`) and the
 * shipped-stage filter, so rules only check and report.
 */
import type { ParsedInstruction } from '../parse/dockerfile';
import type { SizeModel } from '../model/types';
import { ALL_RULES } from './index';
import type { Finding, ReportInput, Rule, RuleContext, Severity, SeveritySetting, Waste } from './types';

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
  const commentLines = new Set(parsed.comments.map((c) => c.line));
  for (const instr of parsed.instructions) {
    // The ignore comment sits on one of the comment lines directly above the instruction.
    for (let line = instr.line - 1; line >= 0; line--) {
      const set = byLine.get(line);
      const isComment = commentLines.has(line);
      if (set) byInstruction.set(instr.index, new Set([...(byInstruction.get(instr.index) ?? []), ...set]));
      if (!isComment) break;
    }
  }
  return { file, byInstruction };
}

/** The fixes of a finding without any (shared: a fix is never added to it, oneReportPerWaste copies before adding). */
const NO_FIXES: Finding['fixes'] = [];

export function runRules(model: SizeModel, settings: RuleSettings = {}, rules: Rule[] = ALL_RULES): Finding[] {
  const ignores = parseIgnores(model);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = settings.severities?.[rule.meta.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.meta.defaultSeverity;
    // The ids an ignore may name (the rule's, its hadolint code): made once per rule, not per report.
    const ids = [rule.meta.id, ...(rule.meta.hadolint ? [rule.meta.hadolint] : [])];
    const anyIgnore = ignores.file.size > 0 || ignores.byInstruction.size > 0;
    const ignored = (instr: ParsedInstruction) => {
      if (!anyIgnore) return false;
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
        const finding: Finding = {
          rule: rule.meta.id,
          severity: setting ?? input.severity ?? (smallCache(rule.meta.id, input.waste) ? 'hint' : severity),
          start: input.start,
          end: Math.max(input.end, input.start),
          message: input.message,
          waste: input.waste,
          instructionIndex: input.instruction.index,
          unnecessary: input.unnecessary,
          fixes: input.fixes ?? NO_FIXES,
        };
        // Set after the others, in this order (as the spread they replace did): no throwaway objects per finding.
        if (input.related?.length) finding.related = input.related;
        const manager = input.manager ?? RULE_MANAGER[rule.meta.id];
        if (manager) finding.manager = manager;
        findings.push(finding);
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
  findings.sort((a, b) => a.start - b.start || ruleOrder(a.rule, b.rule));
  return oneReportPerWaste(model, findings.filter((f) => mattersForItsStage(model, f)));
}

/**
 * `a.localeCompare(b)` for rule ids, by rank: the handful of distinct ids are ordered with localeCompare once per
 * run, not once per comparison (a 1 MB file sorts ~35,000 findings, many on the same offset).
 */
function ruleOrder(a: string, b: string): number {
  if (a === b) return 0;
  let ra = RULE_RANK.get(a);
  let rb = RULE_RANK.get(b);
  if (ra === undefined || rb === undefined) {
    const ids = [...new Set([...RULE_RANK.keys(), a, b])].sort((x, y) => x.localeCompare(y));
    RULE_RANK.clear();
    // Ids localeCompare calls equal share a rank (none of ours do; kept exact all the same).
    ids.forEach((id, k) => RULE_RANK.set(id, k > 0 && ids[k - 1].localeCompare(id) === 0 ? RULE_RANK.get(ids[k - 1])! : k));
    ra = RULE_RANK.get(a)!;
    rb = RULE_RANK.get(b)!;
  }
  return ra - rb;
}
const RULE_RANK = new Map<string, number>();

/** Rules that still say something true about a stage nothing ships: rebuild speed, a slow build, a broken reference. */
const BUILD_STAGE_RULES = new Set(['cache-mount-available', 'copy-from-missing-stage', 'useradd-lastlog', 'internal-error']);

/**
 * A stage that does not ship matters only for the paths later stages copy out of it
 * (`COPY --from=build /hello /hello` takes one file, not the apt lists): a finding there stays only
 * when something its RUN created lies under a copied path.
 */
function mattersForItsStage(model: SizeModel, f: Finding): boolean {
  if (BUILD_STAGE_RULES.has(f.rule) || f.instructionIndex < 0) return true;
  const instr = model.parsed.instructions[f.instructionIndex];
  const stage = instr ? model.stages[instr.stageIndex] : undefined;
  if (!stage || stage.ships) return true;
  // A finding without bytes (a plain merge hint) says nothing about what is copied out.
  if (!f.waste) return false;
  const copied = copiedPaths(model, stage.index);
  if (copied === 'all') return true;
  const created = model.layers.get(f.instructionIndex)?.created.map((e) => e.path) ?? [];
  return created.some((p) => copied.some((c) => p === c || p.startsWith(c + '/')));
}

/** What later stages copy out of a stage: absolute path prefixes, or 'all' (its root, or a path we cannot read). */
function copiedPaths(model: SizeModel, stageIndex: number): string[] | 'all' {
  let memo = COPIED.get(model);
  if (!memo) {
    // Only instructions that name another stage can copy out of one: found once per model.
    const refs: ParsedInstruction[] = [];
    for (const other of model.stages)
      for (const i of other.parsed.instructions)
        if ((i.keyword === 'RUN' && i.flags.some((fl) => fl.name === 'mount' && fl.options.from !== undefined)) || ((i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.some((fl) => fl.name === 'from'))) refs.push(i);
    COPIED.set(model, (memo = { refs, byStage: new Map() }));
  }
  let out = memo.byStage.get(stageIndex);
  if (!out) memo.byStage.set(stageIndex, (out = copiedPathsFrom(model, stageIndex, memo.refs)));
  return out;
}
const COPIED = new WeakMap<SizeModel, { refs: ParsedInstruction[]; byStage: Map<number, string[] | 'all'> }>();

function copiedPathsFrom(model: SizeModel, stageIndex: number, refs: ParsedInstruction[]): string[] | 'all' {
  const stage = model.stages[stageIndex];
  const out: string[] = [];
  for (const i of refs) {
    if (i.keyword === 'RUN' && i.flags.some((fl) => fl.name === 'mount' && fl.options.from !== undefined && (fl.options.from === stage.name || fl.options.from === String(stageIndex)))) return 'all';
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const from = i.flags.find((fl) => fl.name === 'from')?.value;
    if (from === null || from === undefined || (from !== stage.name && from !== String(stageIndex))) continue;
    const sources = i.execForm ? (i.execArgs ?? []).slice(0, -1) : i.args.slice(0, -1);
    for (const src of sources) {
      if (src.includes('$')) return 'all';
      // Up to the first wildcard, without trailing "/" or "/.": `/app/*.jar` → `/app`.
      const fixed = ('/' + src.split(/[*?[]/)[0]).replace(/\/+/g, '/').replace(/(\/\.)+$/, '').replace(/\/[^/]*$/, (m) => (/[*?[]/.test(src) ? '' : m)).replace(/\/+$/, '');
      if (!fixed) return 'all';
      out.push(fixed);
    }
  }
  return out;
}

/** The package manager of the rules about one manager; rules about several say it per finding (ReportInput.manager). */
export const RULE_MANAGER: Record<string, string> = {
  'apt-lists-kept': 'apt',
  'apt-no-install-recommends': 'apt',
  'apt-update-alone': 'apt',
  'apk-no-cache': 'apk',
  'apk-build-deps-kept': 'apk',
  'pip-cache-kept': 'pip',
  'uv-cache-kept': 'uv',
  'npm-cache-kept': 'npm',
  'yarn-cache-kept': 'yarn',
  'pnpm-store-kept': 'pnpm',
  'dnf-cache-kept': 'dnf',
  'yum-cache-kept': 'yum',
  'zypper-cache-kept': 'zypper',
  'conda-cache-kept': 'conda',
  'gem-docs-installed': 'gem',
  'gem-cache-kept': 'bundler',
  'go-cache-kept': 'go',
  'maven-repo-kept': 'maven',
  'composer-cache-kept': 'composer',
};

/** Rules about a package manager's download cache left in the layer. */
const CACHE_RULES = new Set(['pip-cache-kept', 'uv-cache-kept', 'npm-cache-kept', 'yarn-cache-kept', 'pnpm-store-kept', 'dnf-cache-kept', 'yum-cache-kept', 'zypper-cache-kept', 'conda-cache-kept', 'gem-cache-kept', 'go-cache-kept', 'maven-repo-kept', 'composer-cache-kept']);

/**
 * A cache estimated under 1 MiB (pip's 203 kB for gunicorn, odoo's 930 kB npm cache for rtlcss) is a hint, not a
 * warning: issue 14's "a few kB of change is not a warning", as consecutive-run already does. Unknown sizes stay warnings.
 */
function smallCache(rule: string, w: Waste | undefined): boolean {
  return CACHE_RULES.has(rule) && !!w && !w.unknown && w.bytes < 1024 * 1024;
}

/** Same bytes, several rules: the first rule names the cause and the better fix, the second is folded into it. */
const SAME_WASTE_SAME_RUN: [keep: string, drop: string][] = [
  ['apt-update-alone', 'apt-lists-kept'],
  ['delete-in-later-layer', 'consecutive-run'],
  ['chmod-chown-in-later-layer', 'consecutive-run'],
  ['apk-build-deps-kept', 'build-tools-in-final-image'],
];

/** Rules that name what a layer keeps (the cause); a later rm or merge of those bytes is the same waste. */
const CAUSE_RULES = new Set(['apt-lists-kept', 'apt-update-alone', 'rpm-refresh-alone', 'pip-cache-kept', 'uv-cache-kept', 'npm-cache-kept', 'yarn-cache-kept', 'pnpm-store-kept', 'dnf-cache-kept', 'yum-cache-kept', 'zypper-cache-kept', 'apk-no-cache', 'conda-cache-kept', 'gem-cache-kept', 'go-cache-kept', 'download-kept']);

/** Most severe first. */
const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info', 'hint'];

/**
 * One waste, one diagnostic: several findings of one rule on one RUN become one (their bytes added);
 * rules that see the same bytes are folded into the one that names the cause, whose message says so.
 * Totals over the result count each byte once.
 */
export function oneReportPerWaste(model: SizeModel, findings: Finding[]): Finding[] {
  // "Rule @ instruction" keys as small integers (rule number × width + index − lowest), and the indexes below as typed
  // arrays over them: ~35,000 findings of a 1 MB file were three template strings each, then entries of five Maps.
  const ruleNo = new Map<string, number>();
  let lowest = -1;
  let highest = -1;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (!ruleNo.has(f.rule)) ruleNo.set(f.rule, ruleNo.size);
    lowest = Math.min(lowest, f.instructionIndex);
    highest = Math.max(highest, f.instructionIndex);
  }
  const width = highest - lowest + 1;
  const keys = ruleNo.size * width;
  // Asked only for indexes of these findings (in [lowest, highest]): distinct rule/index pairs, distinct keys.
  const keyOf = (rule: string, index: number): number | undefined => {
    const n = ruleNo.get(rule);
    return n === undefined ? undefined : n * width + (index - lowest);
  };
  // 1. One rule, one RUN, one report (a RUN with five `pip install`s has one pip cache).
  // The findings are runRules' own objects (made by its report()), changed in place; a fixes array is a rule's, so
  // it is copied before the first fix is added to it (most findings are never merged: no copy of each).
  const merged: Finding[] = [];
  // key × 2 + related → 1 + the position in `merged` of the first finding with that key (0: none yet).
  const byKey = new Int32Array(keys * 2);
  const ownFixes = new Set<Finding>();
  const addFixes = (to: Finding, fixes: Finding['fixes']) => {
    if (!ownFixes.has(to)) {
      to.fixes = [...to.fixes];
      ownFixes.add(to);
    }
    for (let k = 0; k < fixes.length; k++) to.fixes.push(fixes[k]);
  };
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    // A finding that only re-counts a cause's bytes (related) is kept apart from one that does not, until step 3 has
    // folded the first kind into its cause: merged first, the other's own bytes would go with it (loro-whisper's rm
    // of driver libraries and of the apt lists, issue 14 fresh4).
    const key = keyOf(f.rule, f.instructionIndex)! * 2 + (f.related?.length ? 1 : 0);
    const first = f.instructionIndex >= 0 && f.rule !== 'consecutive-run' ? byKey[key]! : 0;
    if (!first) {
      merged.push(f);
      byKey[key] = merged.length;
      continue;
    }
    mergeInto(merged[first - 1]!, f, addFixes);
  }

  // 2. Same RUN, two rules for the same bytes.
  const dropped = new Uint8Array(merged.length);
  // Lists over `merged` (in its order) as 1 + position chains, so each look-up below is not a scan of every finding:
  // the findings of one key, and the cause rules' findings of one instruction.
  const ruleHead = new Int32Array(keys);
  const ruleNext = new Int32Array(merged.length);
  const causeHead = new Int32Array(width);
  const causeNext = new Int32Array(merged.length);
  for (let m = merged.length - 1; m >= 0; m--) {
    const f = merged[m]!;
    const key = keyOf(f.rule, f.instructionIndex)!;
    ruleNext[m] = ruleHead[key]!;
    ruleHead[key] = m + 1;
    if (CAUSE_RULES.has(f.rule)) {
      const at = f.instructionIndex - lowest;
      causeNext[m] = causeHead[at]!;
      causeHead[at] = m + 1;
    }
  }
  /** The position of the first finding not dropped in the chain from `head`, or -1. */
  const firstKept = (head: number, next: Int32Array): number => {
    for (let k = head; k; k = next[k - 1]!) if (!dropped[k - 1]) return k - 1;
    return -1;
  };
  for (const [keep, drop] of SAME_WASTE_SAME_RUN) {
    const keepNo = ruleNo.get(keep);
    if (keepNo === undefined || !ruleNo.has(drop)) continue;
    for (let m = 0; m < merged.length; m++) {
      const d = merged[m]!;
      if (d.rule !== drop) continue;
      const k = firstKept(ruleHead[keepNo * width + (d.instructionIndex - lowest)]!, ruleNext);
      if (k < 0 || dropped[m]) continue;
      dropped[m] = 1;
      fold(merged[k]!, d, addFixes);
    }
  }
  // 3. A later rm or merge that only re-counts bytes a cause rule already reports on their own RUN.
  for (let m = 0; m < merged.length; m++) {
    const f = merged[m]!;
    if (dropped[m] || !f.related?.length || CAUSE_RULES.has(f.rule)) continue;
    const causes: number[] = [];
    let found = true;
    for (const r of f.related) {
      const c = r >= lowest && r <= highest ? firstKept(causeHead[r - lowest]!, causeNext) : -1;
      if (c < 0) {
        found = false;
        break;
      }
      // Each cause once, in the order first named.
      if (!causes.includes(c)) causes.push(c);
    }
    if (!found) continue;
    dropped[m] = 1;
    const line = (model.parsed.instructions[f.instructionIndex]?.line ?? -1) + 1;
    for (const c of causes) merged[c]!.message += ` (the ${f.rule} on line ${line} frees none of it)`;
  }
  // 4. At most one hint per package manager per file: a manager that already has a hint of its own
  // (apk-build-deps-kept in a toolchain image) does not also get the cache-mount one.
  // Compared by the package manager each finding is about, not by rule-id prefix (build-tools-in-final-image's
  // apt packages, gem-cache-kept's bundler, npm-dev-dependencies' yarn).
  const hintsOf = new Map<string, number>();
  for (let m = 0; m < merged.length; m++) {
    const o = merged[m]!;
    if (!dropped[m] && o.severity === 'hint' && o.manager) hintsOf.set(o.manager, (hintsOf.get(o.manager) ?? 0) + 1);
  }
  for (let m = 0; m < merged.length; m++) {
    const f = merged[m]!;
    if (f.rule !== 'cache-mount-available' || dropped[m] || !f.manager) continue;
    const own = f.severity === 'hint' ? 1 : 0;
    // Another hint (not dropped) about the same manager: this one goes.
    if ((hintsOf.get(f.manager) ?? 0) - own > 0) {
      dropped[m] = 1;
      hintsOf.set(f.manager, (hintsOf.get(f.manager) ?? 0) - own);
    }
  }
  // 5. What step 1 kept apart and step 3 did not fold: one rule, one RUN, one report again.
  const out: Finding[] = [];
  // key → 1 + the position in `out` of the first survivor with that key.
  const survivors = new Int32Array(keys);
  for (let m = 0; m < merged.length; m++) {
    const f = merged[m]!;
    if (dropped[m]) continue;
    const key = keyOf(f.rule, f.instructionIndex)!;
    const first = f.instructionIndex >= 0 && f.rule !== 'consecutive-run' ? survivors[key]! : 0;
    if (!first) {
      out.push(f);
      survivors[key] = out.length;
    } else mergeInto(out[first - 1]!, f, addFixes);
  }
  return out;
}

/** Merges `f` into `first`: one rule's findings in one RUN become one report (the worst severity, waste added). */
function mergeInto(first: Finding, f: Finding, addFixes: (to: Finding, fixes: Finding['fixes']) => void): void {
  first.waste = addWaste(first.waste, f.waste);
  addFixes(first, f.fixes);
  // The report says what the worst of them says: a hint first in the RUN must not hide a warning after it.
  if (SEVERITY_ORDER.indexOf(f.severity) < SEVERITY_ORDER.indexOf(first.severity)) {
    first.severity = f.severity;
    first.message = f.message + (first.message.match(/ \(and \d+ more in this RUN\)$/)?.[0] ?? '');
    first.start = f.start;
    first.end = f.end;
  }
  first.related = f.related || first.related ? [...new Set([...(first.related ?? []), ...(f.related ?? [])])] : undefined;
  const n = first.message.match(/ \(and (\d+) more in this RUN\)$/)?.[1] ?? '0';
  first.message = first.message.replace(/ \(and \d+ more in this RUN\)$/, '') + ` (and ${Number(n) + 1} more in this RUN)`;
}

function fold(keep: Finding, drop: Finding, addFixes: (to: Finding, fixes: Finding['fixes']) => void): void {
  if (!keep.waste && drop.waste) keep.waste = drop.waste;
  keep.message += ` (also ${drop.rule})`;
  addFixes(keep, drop.fixes.map((fx) => ({ ...fx, isPreferred: fx.isPreferred && !keep.fixes.some((k) => k.isPreferred) })));
}

function addWaste(a: Finding['waste'], b: Finding['waste']): Finding['waste'] {
  if (!a) return b;
  if (!b) return a;
  return { bytes: a.bytes + b.bytes, low: a.low + b.low, high: a.high + b.high, unknown: a.unknown || b.unknown };
}
