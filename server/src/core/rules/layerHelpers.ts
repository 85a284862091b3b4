/** Helpers shared by the cross-layer rules (delete/chown in a later layer, downloads, archives, stages). */
import * as posix from 'node:path/posix';
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import { parseArgs, type ShellCommand } from '../parse/shell';
import { copySourcesAndDest } from '../model/estimators/copy';
import { formatBytes, formatRange } from '../model/format';
import { covers, resolvePath } from '../model/paths';
import type { FsTouch, SizeModel, StageModel } from '../model/types';
import type { RuleContext, TextEdit, Waste } from './types';
import { expandWord, stageReads } from './cacheRuleHelpers';
import { assignmentWords } from '../model/sizeModel';
import { waste } from './types';

export function instructionAt(parsed: ParsedDockerfile, index: number): ParsedInstruction | undefined {
  return parsed.instructions[index]?.index === index ? parsed.instructions[index] : parsed.instructions.find((i) => i.index === index);
}

/** `line 4 (COPY . /app)`: where an earlier layer came from, short enough for a message. */
export function describeInstruction(instr: ParsedInstruction | undefined): string {
  if (!instr) return 'an earlier layer';
  const args = instr.argsText.replace(/\s+/g, ' ').trim();
  const short = args.length > 40 ? `${args.slice(0, 37)}…` : args;
  return `line ${instr.line + 1} (${instr.keyword} ${short})`;
}

/** "≈ 12 MB (10–14 MB)", "≥ 12 MB (plus parts of unknown size)" or "an unknown number of bytes". */
export function describeBytes(bytes: number, low: number, high: number, unknown: boolean): string {
  if (unknown && bytes <= 0) return 'an unknown number of bytes';
  if (unknown) return `≥ ${formatBytes(bytes)} (plus parts of unknown size)`;
  if (low === high) return formatBytes(bytes);
  return `≈ ${formatBytes(bytes)} (${formatRange(low, high)})`;
}

export function sumWaste(items: { bytes: number; low: number; high: number; unknown: boolean }[]): Waste {
  const bytes = items.reduce((a, t) => a + t.bytes, 0);
  const low = items.reduce((a, t) => a + t.low, 0);
  const high = items.reduce((a, t) => a + t.high, 0);
  return waste(bytes, low, high, items.some((t) => t.unknown));
}

export { expandWord } from './cacheRuleHelpers';

/**
 * The variables a RUN sees as the file writes them: the stage's ARG defaults before it (a global ARG's value when
 * redeclared without one; `--build-arg` may override them) under the stage's ENV.
 */
export function variablesAt(ctx: RuleContext, instr: ParsedInstruction): Map<string, string> {
  const vars = new Map<string, string>();
  for (const i of ctx.stageOf(instr)?.parsed.instructions ?? []) {
    if (i.index >= instr.index) break;
    if (i.keyword !== 'ARG' || i.onbuild) continue;
    for (const [name, value] of assignmentWords(i.argsText)) {
      const v = value ?? ctx.parsed.globalArgs.get(name);
      if (v === undefined) vars.delete(name);
      else vars.set(name, expandWord(v, vars));
    }
  }
  for (const [k, v] of ctx.layer(instr)?.env ?? []) vars.set(k, v);
  return vars;
}

/** Deletes a whole instruction with its line ending. */
export function removeInstructionEdit(text: string, instr: ParsedInstruction): TextEdit {
  let end = instr.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: instr.start, end, newText: '' };
}

/** `set -eux` and the like: a RUN of only these and one command does nothing else. */
export const isSetFlags = (c: ShellCommand) => c.name === 'set' && c.argv.slice(1).every((w) => /^[-+][a-z]+$/.test(w.value));

/** The command as written, wrappers (`sudo`) and `VAR=` prefixes included. */
export function commandText(c: ShellCommand): string {
  return [...(c.wrapper ?? []), ...c.assignments, ...c.argv].sort((a, b) => a.start - b.start).map((w) => w.raw).join(' ');
}

/**
 * Moves a RUN that only refreshes package metadata (`apt-get update`, `dnf makecache`) into a later RUN: removes
 * `instr` and writes the refresh, as written (`sudo` kept), before `install`, the later RUN's command that reads
 * the metadata; `orTrue` (`dnf check-update || true`) groups it as `{ … || true; } &&`, so the `|| true` stays
 * the refresh's. Undefined where that would change what runs: exec form, a heredoc RUN (a script the user wrote
 * as such: not deleted in one click), an install after `||`, `!`, `|` or `&` (the prepended `&&` would bind
 * differently: `a || apt-get install` would then install always, `!` would negate the refresh, a pipe read its
 * output, `&` run it in the background), or words that are not document text (inside `sh -c '…'`).
 */
export function moveIntoRunEdits(text: string, instr: ParsedInstruction, refresh: ShellCommand, next: ParsedInstruction, install: ShellCommand, orTrue = false): TextEdit[] | undefined {
  if (instr.execForm || next.execForm || instr.heredocs.length) return undefined;
  if (install.start < next.argsStart || install.negated || install.connector === '|' || install.connector === '||' || install.connector === '&') return undefined;
  const words = (c: ShellCommand) => [...(c.wrapper ?? []), ...c.assignments, ...c.argv];
  if ([...words(refresh), ...words(install)].some((w) => w.approximate)) return undefined;
  const moved = commandText(refresh);
  return [removeInstructionEdit(text, instr), { start: install.start, end: install.start, newText: orTrue ? `{ ${moved} || true; } && ` : `${moved} && ` }];
}

/**
 * Removes one top-level command from a RUN that has others, when it is joined to its neighbour
 * by `&&` or `;` with nothing else (no comments, no compound syntax) in between.
 */
export function removeCommandEdit(text: string, instr: ParsedInstruction, cmd: ShellCommand): TextEdit | undefined {
  const cmds = instr.shell?.commands ?? [];
  const i = cmds.indexOf(cmd);
  if (i < 0 || cmd.depth !== 0 || cmd.conditional || cmd.inCondition || instr.heredocs.length) return undefined;
  const esc = /[`\\]/;
  const gapOk = (gap: string) => {
    const stripped = gap
      .split('')
      .filter((c) => !/\s/.test(c) && !esc.test(c))
      .join('');
    return stripped === '&&' || stripped === ';';
  };
  const prev = cmds[i - 1];
  const next = cmds[i + 1];
  if (prev && (cmd.connector === '&&' || cmd.connector === ';') && prev.depth === 0 && !prev.conditional && !prev.inCondition) {
    const gap = text.slice(prev.end, cmd.start);
    if (gapOk(gap) && (!next || next.connector === '&&' || next.connector === ';' || next.connector === '\n')) return { start: prev.end, end: cmd.end, newText: '' };
  }
  if (!prev && next && (next.connector === '&&' || next.connector === ';') && next.depth === 0 && !next.conditional) {
    const gap = text.slice(cmd.end, next.start);
    if (gapOk(gap)) return { start: cmd.start, end: next.start, newText: '' };
  }
  return undefined;
}

/** Instructions of a stage strictly between two instruction indexes. */
export function between(stageInstrs: ParsedInstruction[], from: number, to: number): ParsedInstruction[] {
  return stageInstrs.filter((i) => i.index > from && i.index < to);
}

/** The stage a `--from` value names (name or index); undefined for an external image. */
export function stageByRef(stages: StageModel[], ref: string): StageModel | undefined {
  const r = ref.toLowerCase();
  return stages.find((s) => s.name === r) ?? (/^\d+$/.test(r) ? stages[Number(r)] : undefined);
}

/** Does a later stage `COPY --from=<stage>` a source that includes `path` (the path or one of its ancestors)? */
export function copiedFromStage(ctx: RuleContext, stage: StageModel, path: string): boolean {
  return pathsReadFromStage(ctx, stage).some((p) => covers(p, path));
}

/**
 * The paths (resolved from /) the file's instructions read out of `stage`: worked out once per model and stage, not once
 * per question (a download in each of a thousand build stages asked it of every instruction of the file).
 */
function pathsReadFromStage(ctx: RuleContext, stage: StageModel): string[] {
  let byStage = STAGE_READS.get(ctx.model);
  if (!byStage) STAGE_READS.set(ctx.model, (byStage = new Map()));
  let paths = byStage.get(stage.index);
  if (paths) return paths;
  paths = [];
  // `RUN --mount=from=<stage>,source=…` reads the stage's files too.
  const refs = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  for (const instr of ctx.parsed.instructions) {
    if (instr.onbuild) continue;
    if (instr.keyword === 'RUN') {
      for (const s of stageReads(instr, refs)) paths.push(resolvePath(s, '/'));
      continue;
    }
    if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
    const from = instr.flags.find((f) => f.name === 'from')?.value;
    if (!from || stageByRef(ctx.model.stages, from)?.index !== stage.index) continue;
    for (const s of copySourcesAndDest(instr).sources) paths.push(resolvePath(s, '/'));
  }
  byStage.set(stage.index, paths);
  return paths;
}

const STAGE_READS = new WeakMap<SizeModel, Map<number, string[]>>();

/** Does `path` end up somewhere that ships: the stage ships, or a later stage copies it out. */
export function pathShips(ctx: RuleContext, stage: StageModel | undefined, path: string): boolean {
  if (!stage) return false;
  return stage.ships || copiedFromStage(ctx, stage, path);
}

export function basename(p: string): string {
  return posix.basename(p);
}

/** Offset of an argument word as written in an instruction's text (after its flags). */
export function argOffset(text: string, instr: ParsedInstruction, word: string, fromEnd = false): number {
  const region = text.slice(instr.argsStart, instr.end);
  const at = fromEnd ? region.lastIndexOf(word) : region.indexOf(word);
  return at < 0 ? -1 : instr.argsStart + at;
}

/** Commands whose image is a toolchain or a shell, not an application (a Maven image, a CI agent, a dev box). */
const TOOLCHAIN_COMMAND = /^(mvn|mvnw|gradle|gradlew|cargo|rustc|rustup|go|gcc|g\+\+|cc|make|cmake|ninja|javac|jshell|sbt|bash|sh|zsh|ash|dash|catkin_make|colcon|jenkins-agent|jenkins-slave|agent\.sh)$/;

/**
 * Whether a stage clearly runs an application: it (or a parent stage in the file) copies files in and it
 * has a CMD or ENTRYPOINT that is not a toolchain or a shell. Size advice that removes tools (compilers,
 * the JDK, the SDK image) is worth more than a hint only then (issue 14: the purpose of the image).
 */
export function runsApplication(stages: StageModel[], stage: StageModel): boolean {
  const chain: StageModel[] = [];
  for (let s: StageModel | undefined = stage; s && !chain.includes(s); s = s.base.parentStage !== undefined ? stages[s.base.parentStage] : undefined) chain.push(s);
  const instrs = chain.flatMap((s) => s.parsed.instructions).filter((i) => !i.onbuild);
  const start = [...chain].flatMap((s) => s.parsed.instructions).filter((i) => !i.onbuild && (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT'));
  if (!start.length) return false;
  const startWords = start.map((i) => (i.execForm ? i.execArgs ?? [] : i.args)[0] ?? '');
  if (!instrs.some((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && bringsAppFiles(i, stages)) && !startsClonedProgram(instrs, startWords)) return false;
  return start.every((i) => {
    const words = i.execForm ? i.execArgs ?? [] : i.args;
    const first = (words[0] ?? '').replace(/^.*\//, '');
    return !!first && !TOOLCHAIN_COMMAND.test(first);
  });
}

/**
 * The app comes from a `git clone` into an absolute folder and the image starts a program in it (`git clone …whisper.cpp
 * /app`, `make`, `CMD ["/app/server"]`: issue 14's loro-whisper, which has no COPY at all).
 */
function startsClonedProgram(instrs: ParsedInstruction[], startWords: string[]): boolean {
  const dirs: string[] = [];
  for (const i of instrs) {
    for (const c of i.keyword === 'RUN' ? i.shell?.commands ?? [] : []) {
      if (c.name !== 'git' || c.argv[1]?.value !== 'clone') continue;
      const operands = parseArgs(c.argv, new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference'])).operands;
      const dir = operands[2]?.value; // clone, the URL, the folder
      if (dir?.startsWith('/') && !dir.includes('$') && dir !== '/') dirs.push(dir.replace(/\/+$/, ''));
    }
  }
  return startWords.length > 0 && startWords.every((w) => dirs.some((d) => w.startsWith(d + '/')));
}

/**
 * Whether a COPY/ADD can bring the application in: not a copy out of another image (`COPY --from=eclipse-temurin:21
 * $JAVA_HOME …`, `COPY --from=composer /usr/bin/composer …`: a tool), and not only an entrypoint wrapper script
 * (`COPY entrypoint /usr/local/bin/entrypoint` beside `ENTRYPOINT ["entrypoint"]`: the clojure/lein toolchain image).
 */
function bringsAppFiles(i: ParsedInstruction, stages: StageModel[]): boolean {
  const from = i.flags.find((f) => f.name === 'from')?.value ?? undefined;
  if (from !== undefined && !/^\d+$/.test(from) && !stages.some((s) => s.parsed.name !== undefined && s.parsed.name === from.toLowerCase())) return false;
  const words = i.execForm ? i.execArgs ?? [] : i.args;
  if (words.length < 2) return true;
  const sources = words.slice(0, -1).map((w) => posix.basename(w));
  const dest = posix.basename(words[words.length - 1]!.replace(/\/+$/, ''));
  // An entrypoint wrapper by its name (entrypoint, docker-entrypoint.sh): a binary the CMD runs is the application.
  const startScript = (n: string) => /entrypoint/i.test(n);
  return !(sources.every(startScript) && (startScript(dest) || words[words.length - 1]!.endsWith('/')));
}

/**
 * Is a delete (or chmod/chown) of an earlier layer's path really that layer's waste? A whole entry, yes. Part of an
 * entry of unknown content is evidence only when that layer is the one that put the path there:
 * not when an unknown command merely ran in its WORKDIR (it does not "own" the directory), not when
 * a later, more specific layer created the path (the COPY of a file into an extracted tree), and not
 * when this same RUN wrote there before deleting (`cp x dir/ && … && rm dir/x`).
 */
export function attributableTouch(ctx: RuleContext, instr: ParsedInstruction, t: FsTouch, all: FsTouch[]): boolean {
  if (!t.partial) return true;
  const e = t.entry;
  // This RUN made the deleted path itself (extracted a tree under /usr, then removed a file of it): its own cleanup,
  // whatever an earlier layer (a package install) wrote elsewhere under the same folder.
  if (ownPath(ctx, instr, t)) return false;
  // Part of a known entry of a few kB (a symlink, a small file written into a directory): nothing to win.
  if (!e.unknown) return e.high >= 64_000;
  if (e.kind === 'other' || e.kind === 'build-output') {
    const creator = instructionAt(ctx.parsed, e.createdBy);
    const creatorLayer = creator ? ctx.layer(creator) : undefined;
    if (e.path === '/' || (creatorLayer && e.path === creatorLayer.workdir)) return false;
  }
  // A deeper entry the same command deletes (wholly or in part) names the real creator.
  if (all.some((u) => u !== t && u.command === t.command && u.action === t.action && u.entry.path.startsWith(e.path + '/'))) return false;
  // This RUN first ran a program installed in that tree (`/opt/ol/wlp/bin/server create && rm -rf …/.classCache`):
  // it writes its own output there, so what the RUN then removes may well be that output, not the unpacked files.
  if (runsProgramFrom(ctx, instr, t, e.path)) return false;
  return true;
}

/** Script names found through PATH: a bare `server` may as well be a system tool, `populate_scc.sh` is not. */
const SCRIPT_NAME = /\.(sh|bash|py|pl|rb)$/;

/**
 * Does `instr` run, before the touching command, an executable that lies under `dir`: named by path
 * (`/opt/ol/wlp/bin/server`, `./bin/setup`), or a script found through a PATH directory under `dir`?
 */
function runsProgramFrom(ctx: RuleContext, instr: ParsedInstruction, t: FsTouch, dir: string): boolean {
  const layer = ctx.layer(instr);
  if (!layer || !t.command || dir === '/') return false;
  const pathDirs = (layer.env.get('PATH') ?? '').split(':').filter((d) => d.startsWith('/') && covers(dir, d));
  return (instr.shell?.commands ?? []).some((c) => {
    if (c === t.command || c.start >= t.command!.start) return false;
    const exe = expandWord(c.argv[0]?.value ?? '', layer.env);
    if (!exe || exe.includes('$')) return false;
    if (exe.includes('/')) return covers(dir, resolvePath(exe, layer.workdir, layer.home));
    return SCRIPT_NAME.test(exe) && pathDirs.length > 0;
  });
}

/**
 * Every path the touching command names on the entry lies in what this same RUN created (or created and cleaned) under
 * it, or in a directory a `mkdir` made after the entry's layer (jenkins' `mkdir -p $JENKINS_HOME`, then a later
 * `chown -R jenkins "$JENKINS_HOME"`: an empty folder, not the package install that wrote elsewhere under /var).
 */
function ownPath(ctx: RuleContext, instr: ParsedInstruction, t: FsTouch): boolean {
  const layer = ctx.layer(instr);
  if (!layer || !t.command) return false;
  const e = t.entry;
  // The paths as the model resolved them (variables the RUN set expanded); else the words as written.
  let targets = t.targets;
  if (!targets) {
    const operands = parseArgs(t.command.argv).operands;
    // chmod/chown/chgrp: the first operand is the mode or owner.
    const paths = ['chmod', 'chown', 'chgrp'].includes(t.command.name) ? operands.slice(1) : operands;
    targets = paths.map((w) => resolvePath(w.value, layer.workdir, layer.home));
  }
  const own = [...layer.created, ...layer.cleanedOwn].filter((o) => o.path !== layer.workdir && o.path !== '/' && (o.path === e.path || o.path.startsWith(e.path + '/')));
  const made = madeDirsAfter(ctx, instr, e.createdBy);
  return targets.length > 0 && targets.every((p) => own.some((o) => covers(o.path, p)) || made.some((d) => covers(d, p)));
}

/** Directories `mkdir` made in the stage's layers after instruction `after`, up to and including `instr`. */
function madeDirsAfter(ctx: RuleContext, instr: ParsedInstruction, after: number): string[] {
  const out: string[] = [];
  for (const other of ctx.parsed.instructions) {
    if (other.stageIndex !== instr.stageIndex || other.index <= after || other.index > instr.index) continue;
    out.push(...(ctx.layer(other)?.madeDirs ?? []));
  }
  return out;
}

/** Files that are text of a few kB: patches, scripts, configuration. */
export const SMALL_TEXT = /\.(patch|diff|sh|bash|conf|cfg|ini|txt|md|json|ya?ml|toml|env|properties|xml|py|rb|pl|js)$/i;

/** Below this, a change is "a few kB": the bound attributableTouch puts on part of a known entry. */
export const FEW_KB = 64_000;

/** A file name that names an OS or CPU: a per-platform build, so a binary payload. */
const PLATFORM_NAMED = /linux|x86_64|x64|amd64|aarch64|arm64|ppc64|s390x|i[36]86/i;

/** FHS: /etc holds the host's configuration (text files), not programs or data. */
const CONFIG_DIR = /^\/etc(\/|$)/;

/**
 * Do these touches (a later RUN's delete or chmod/chown) concern only a few kB, so a hint and not a warning ("a few kB
 * of change is not a warning", issue 14)? Known sizes: under FEW_KB in all. Unknown ones: small text files from a build
 * context that was not read (a script, a patch), a downloaded shell script, or configuration under /etc from a stage or
 * image of unknown content (zabbix's COPY of agent/conf/ into /etc/zabbix/, then `chown -R zabbix /etc/zabbix/`).
 */
export function fewKilobytes(ctx: RuleContext, touches: FsTouch[]): boolean {
  if (!touches.length) return false;
  // The known sizes together under the bound (a partial touch of a known entry with no bytes is of unknown size).
  const known = touches.filter((t) => !t.entry.unknown);
  if (known.some((t) => t.partial && t.bytes <= 0) || known.reduce((n, t) => n + t.high, 0) >= FEW_KB) return false;
  return touches.every((t) => {
    if (!t.entry.unknown) return true;
    if (t.entry.kind === 'context' && !t.partial && SMALL_TEXT.test(t.entry.path)) return true;
    // A downloaded installer script (`curl -o get_helm.sh …`, get-docker.sh): tens of kB. Not one named for a platform
    // (Miniconda3-latest-Linux-x86_64.sh, cmake-…-linux-x86_64.sh: self-extracting archives of 100 MB), nor other downloads.
    // The RUN that downloaded it is read too: `wget …/Miniconda3-latest-Linux-x86_64.sh -O miniconda.sh`.
    if (t.entry.kind === 'download' && !t.partial && /\.(sh|bash)$/.test(t.entry.path) && !PLATFORM_NAMED.test(posix.basename(t.entry.path))) {
      return !PLATFORM_NAMED.test(instructionAt(ctx.parsed, t.entry.createdBy)?.argsText ?? 'linux');
    }
    const paths = t.targets?.length ? t.targets : [t.entry.path];
    return t.entry.kind !== 'packages' && CONFIG_DIR.test(t.entry.path) && paths.every((p) => CONFIG_DIR.test(p));
  });
}
