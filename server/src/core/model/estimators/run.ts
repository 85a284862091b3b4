/** Estimates one RUN: every simple command, in order, through the estimator that knows it. */
import { MAX_EXPANSION, type ParsedInstruction } from '../../parse/dockerfile';
import { estimateApk } from './apk';
import { estimateApt, isApt, writesNoRecommendsConfig } from './apt';
import { estimateBuild, estimateDownload, estimateGit, estimateVcsImport, type RemoteEnvironment } from './downloads';
import { estimateFileOp } from './fileOps';
import { estimateGem, isGemInstall } from './gem';
import { estimateNode } from './node';
import { estimateOtherCommand } from './otherCommands';
import { estimateConda, isCondaTool } from './conda';
import { estimatePip, estimateVenv, pipInvocation } from './pip';
import { estimateRpm, RPM_MANAGERS } from './rpm';
import { RunContext, StageState } from './runContext';
import type { ModelOptions } from '../types';
import { baseName, type ShellBranch, type ShellCommand, type ShellWord } from '../../parse/shell';


export interface RunEnvironment extends RemoteEnvironment {
  /** Reads a file of the build context by path relative to the context root (undefined: unknown). */
  readContextFile?: (relPath: string) => string | undefined;
  /** Where the stage's files came from in the context, for `pip install -r` of a copied file. */
  contextPathFor?: (absPath: string) => string | undefined;
}

export function estimateRun(instr: ParsedInstruction, state: StageState, options: ModelOptions, env: RunEnvironment): RunContext {
  const ctx = new RunContext(state, instr, options);
  ctx.remote = { remoteSize: env.remoteSize, networkOff: env.networkOff, apkIndex: env.apkIndex };
  // `RUN --mount=type=bind,source=requirements.txt,target=/tmp/req.txt`: the context file is there
  // for this RUN only (bind is the default type; `from=` binds another stage, not the context).
  const binds = instr.flags
    .filter((f) => f.name === 'mount' && (f.options.type ?? 'bind') === 'bind' && !f.options.from)
    .map((f) => ({ target: ctx.resolve(f.options.target ?? f.options.dst ?? f.options.destination ?? ''), source: (f.options.source ?? f.options.src ?? '.').replace(/^\.?\/+/, '') || '.' }))
    .filter((b) => b.target !== '/');
  const readFromImage = (p: string) => {
    const abs = ctx.resolve(p);
    for (const b of binds) {
      if (abs === b.target) return env.readContextFile?.(b.source);
      if (abs.startsWith(b.target + '/')) return env.readContextFile?.(b.source === '.' ? abs.slice(b.target.length + 1) : `${b.source}/${abs.slice(b.target.length + 1)}`);
    }
    const rel = env.contextPathFor?.(abs);
    return rel !== undefined ? env.readContextFile?.(rel) : undefined;
  };
  const arms = new ArmTracker(ctx);
  // Wrappers (`sudo`, `gosu`, `env`, …) are already unwrapped by the shell parser.
  for (const raw of instr.shell?.commands ?? []) {
    if (!arms.enter(raw)) continue;
    // Only a command inside an `if`/`case` arm has parts to stamp: the others need no snapshot of the entries (a Set per command).
    const before = raw.branches?.length ? { entries: new Set(ctx.entries), extra: ctx.extraParts.length } : undefined;
    estimateCommand(raw, ctx, state, readFromImage);
    if (before) arms.stamp(raw, before);
  }
  arms.finish();
  return ctx;
}

function estimateCommand(raw: ShellCommand, ctx: RunContext, state: StageState, readFromImage: (p: string) => string | undefined): void {
  if (trackVariables(raw, ctx)) return;
  const cmd = expandCommand(raw, ctx);
  if (cmd.condition) ctx.recordCondition(cmd);
  if (estimateFileOp(cmd, ctx)) return;
  if (isApt(cmd)) {
    estimateApt(cmd, ctx);
    return;
  }
  if (writesNoRecommendsConfig(cmd)) {
    state.aptRecommendsOff = true;
    return;
  }
  if (cmd.name === 'apk') {
    estimateApk(cmd, ctx);
    return;
  }
  if (RPM_MANAGERS.has(cmd.name)) {
    estimateRpm(cmd, ctx);
    return;
  }
  if (estimateVenv(cmd, ctx)) return;
  if (pipInvocation(cmd)) {
    estimatePip(cmd, ctx, readFromImage);
    return;
  }
  if (isCondaTool(cmd)) {
    estimateConda(cmd, ctx);
    return;
  }
  if (isGemInstall(cmd)) {
    estimateGem(cmd, ctx);
    return;
  }
  if (cmd.name === 'npm' || cmd.name === 'yarn' || cmd.name === 'pnpm') {
    if (!estimateBuild(cmd, ctx)) estimateNode(cmd, ctx, readFromImage);
    return;
  }
  if (cmd.name === 'curl' || cmd.name === 'wget') {
    estimateDownload(cmd, ctx);
    return;
  }
  if (cmd.name === 'git') {
    estimateGit(cmd, ctx);
    return;
  }
  if (cmd.name === 'vcs') {
    estimateVcsImport(cmd, ctx);
    return;
  }
  if (!estimateBuild(cmd, ctx)) estimateOtherCommand(cmd, ctx);
}

/**
 * Shell variables the rest of the RUN expands: `deps="a b"`, `export X=…`, `arch="$(dpkg
 * --print-architecture)"` (the platform decides it). An assignment in an undecided branch or a loop,
 * or from a command's output, makes the variable unknown. True when the command was only that.
 */
function trackVariables(cmd: ShellCommand, ctx: RunContext): boolean {
  if (cmd.name === '.' || cmd.name === 'source' || cmd.name === 'eval' || cmd.name === 'read' || cmd.name === 'mapfile') ctx.opaqueShell = true;
  const exported = cmd.name === 'export' || cmd.name === 'local' || cmd.name === 'declare' || cmd.name === 'readonly';
  // `X=1 cmd` sets X for that command only.
  const words = exported ? cmd.argv.slice(1).filter((w) => !w.value.startsWith('-')) : !cmd.name && cmd.connector !== '|' ? cmd.assignments : [];
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq <= 0) continue;
    const name = w.value.slice(0, eq).replace(/\+$/, '');
    const rawValue = w.value.slice(eq + 1);
    const uncertain = cmd.conditional && !ctx.armCertain(cmd);
    let value: string | undefined = uncertain ? undefined : ctx.expandShell(rawValue);
    if (value !== undefined && (/\$\(|`/.test(value))) value = undefined;
    if (w.value.slice(0, eq).endsWith('+')) value = value === undefined ? undefined : (ctx.variable(name) ?? '') + value;
    // A value past the expansion cap (`a=$a$a` in a row doubles it) is not followed: unknown.
    if (value !== undefined && value.length > MAX_EXPANSION) value = undefined;
    ctx.shellVars.set(name, value);
    if (exported && value !== undefined) ctx.env.set(name, value);
  }
  return exported || (!cmd.name && cmd.assignments.length > 0 && !cmd.groupOutput);
}

/**
 * The command as the shell runs it: known variables expanded in its words, and an unquoted
 * expansion split into several words (`apt-get install $PHPIZE_DEPS curl` installs each package).
 * Offsets stay those of the word as written.
 */
export function expandCommand(cmd: ShellCommand, ctx: RunContext): ShellCommand {
  if (!cmd.argv.some((w) => w.hasExpansion || w.value.includes('$'))) return cmd;
  const argv: ShellWord[] = [];
  for (const w of cmd.argv) {
    if (!w.hasExpansion && !w.value.includes('$')) {
      argv.push(w);
      continue;
    }
    const value = ctx.expandShell(w.value);
    const still = /\$|`/.test(value);
    // Field splitting applies to unquoted expansions only: `"$X"` stays one word.
    const split = !/["']/.test(w.raw) && /\s/.test(value) ? splitFields(value) : [value];
    for (const v of split) argv.push({ ...w, value: v, hasExpansion: still && /\$|`/.test(v) });
  }
  if (!argv.length) return { ...cmd, argv };
  return { ...cmd, argv, name: cmd.name === baseName(cmd.argv[0]!.value) ? baseName(argv[0]!.value) : cmd.name };
}

/**
 * Field splitting of an expanded word. A command substitution left unexpanded (`$(curl -s …/stable.txt)`, backticks)
 * is one opaque piece: its output, not its source text, is what the shell would split (jenkins agents'
 * `curl -LO https://…/release/$(curl -s …)/bin/linux/amd64/kubectl` saves `kubectl`).
 */
export function splitFields(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let tick = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '`') tick = !tick;
    else if (c === '$' && value[i + 1] === '(') {
      depth++;
      cur += '$(';
      i++;
      continue;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) depth--;
    if (/\s/.test(c) && depth === 0 && !tick) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

const ALTERNATIVE = (b: ShellBranch) => `${b.group}`;

/**
 * `if`/`case` arms: only one runs. An arm the platform decides (`case "$(dpkg
 * --print-architecture)" in amd64) …`) runs alone; the others are skipped. For arms nobody can
 * decide before the build, each arm is estimated on the same starting state and the layer counts
 * them as a range, smallest to largest arm (RunContext.parts), not as a sum.
 */
class ArmTracker {
  private active?: { key: string; arm: number; installedAtStart: Set<string>; union: Set<string> };
  constructor(private readonly ctx: RunContext) {}

  /** false: the command is in an arm that does not run on this platform. */
  enter(cmd: ShellCommand): boolean {
    const undecided = this.ctx.undecidedBranch(cmd);
    if (undecided === null) return false;
    const key = undecided && ALTERNATIVE(undecided);
    if (this.active && (!undecided || key !== this.active.key)) this.close();
    if (undecided && key) {
      if (!this.active) {
        this.active = { key, arm: undecided.arm, installedAtStart: new Set(this.ctx.state.installed), union: new Set() };
      } else if (this.active.arm !== undecided.arm) {
        // Each arm starts from the same packages: another arm's install must not make this one's smaller.
        for (const p of this.ctx.state.installed) this.active.union.add(p);
        this.ctx.state.installed.clear();
        for (const p of this.active.installedAtStart) this.ctx.state.installed.add(p);
        this.active.arm = undecided.arm;
      }
      this.ctx.declareAlternative(key, undecided);
      if (isFailure(cmd)) this.ctx.failingArm(key, undecided.arm);
    }
    return true;
  }

  stamp(cmd: ShellCommand, before: { entries: Set<unknown>; extra: number }): void {
    const undecided = this.ctx.undecidedBranch(cmd);
    if (!undecided) return;
    const key = ALTERNATIVE(undecided);
    for (const e of this.ctx.entries) if (!before.entries.has(e)) this.ctx.armOfPart.set(e.part, { key, arm: undecided.arm });
    for (const p of this.ctx.extraParts.slice(before.extra)) this.ctx.armOfPart.set(p, { key, arm: undecided.arm });
  }

  private close(): void {
    if (!this.active) return;
    for (const p of this.active.union) this.ctx.state.installed.add(p);
    this.active = undefined;
  }

  finish(): void {
    this.close();
  }
}

/** `exit 1`, `false`: an arm that fails the build is not an alternative the image can have. */
function isFailure(cmd: ShellCommand): boolean {
  if (cmd.inCondition) return false;
  if (cmd.name === 'false') return true;
  return cmd.name === 'exit' && (cmd.argv[1]?.value ?? '0') !== '0';
}
