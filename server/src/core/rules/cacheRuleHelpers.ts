/**
 * Shared by the package-manager rules (pip/uv/npm/yarn/pnpm/apk/dnf/yum/zypper/conda/gem, upgrade,
 * useradd): which RUNs to look at (ONBUILD triggers too), the model's facts for them, whether a
 * cache survives to the end of the RUN, whether the stage matters, and the fix edits.
 */
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand, ShellWord } from '../parse/shell';
import { parseArgs, parseShell } from '../parse/shell';
import { estimateRun } from '../model/estimators/run';
import { DNF_MANAGERS, isRpmRefresh, RPM_MANAGERS, RPM_VALUE_OPTIONS, rpmCacheDirs } from '../model/estimators/rpm';
import type { StageState } from '../model/estimators/runContext';
import { covers, resolvePath } from '../model/paths';
import { OverlayMap, PersistentMap } from '../model/persistentMap';
import type { CacheFact, FsEntry, LayerFacts } from '../model/types';
import { formatBytes } from '../model/format';
import { appendToRun } from './fixHelpers';
import type { Fix, RuleContext, TextEdit, Waste } from './types';
import { waste } from './types';

/** Every RUN with a shell structure, `ONBUILD RUN` included (checked like RUN). */
export function runInstructions(ctx: RuleContext): readonly ParsedInstruction[] {
  // Found once per parse: a score of rules ask for them (a filter of every instruction each time).
  let runs = RUNS.get(ctx.parsed);
  if (!runs) RUNS.set(ctx.parsed, (runs = ctx.parsed.instructions.filter((i) => i.keyword === 'RUN' && i.shell && i.stageIndex >= 0)));
  return runs;
}
const RUNS = new WeakMap<ParsedDockerfile, ParsedInstruction[]>();

export interface RunView {
  facts: LayerFacts;
  /** What the RUN leaves in its layer. */
  created: FsEntry[];
  user: string;
  home: string;
  env: ReadonlyMap<string, string>;
  workdir: string;
}

/**
 * The model's view of a RUN. An `ONBUILD RUN` makes no layer here (it runs in the child image), so
 * it is estimated on the spot with this stage's user, env and workdir as the best stand-in.
 */
export function runView(ctx: RuleContext, instr: ParsedInstruction): RunView | undefined {
  const layer = ctx.layer(instr);
  if (!layer) return undefined;
  // The layer has every field of the view: itself, not a copy per rule and RUN (a score of rules ask for each RUN).
  if (!instr.onbuild) return layer;
  const stage = ctx.stageOf(instr);
  const state: StageState = {
    family: stage?.base.family ?? 'unknown',
    suite: stage?.base.suite,
    platform: ctx.model.options.platform,
    installed: new Set(),
    versions: new Map(),
    slimDpkg: false,
    aptRecommendsOff: false,
    env: PersistentMap.from(layer.env),
    user: layer.user,
    workdir: layer.workdir,
    fs: [],
    args: new PersistentMap(),
  };
  const run = estimateRun(instr, state, ctx.model.options, {});
  return { facts: run.facts, created: run.entries, user: layer.user, home: layer.home, env: layer.env, workdir: layer.workdir };
}

/** A recursive `rm` after `cmd` in the same RUN that deletes `path` (or a directory holding it). */
/** Expands `$VAR`/`${VAR}` the RUN knows from ENV/ARG; unknown ones stay as written (like RunContext.expand). */
export function expandWord(value: string, env: ReadonlyMap<string, string>): string {
  if (!value.includes('$')) return value;
  return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (m, braced, bare) => env.get(braced ?? bare) ?? m);
}

export function removedLater(instr: ParsedInstruction, cmd: ShellCommand, path: string, view: Pick<RunView, 'home' | 'workdir'> & { env?: ReadonlyMap<string, string> }): boolean {
  const cmds = instr.shell?.commands ?? [];
  const from = cmds.indexOf(cmd);
  for (const c of cmds.slice(from + 1)) {
    if (c.name !== 'rm') continue;
    const a = parseArgs(c.argv);
    if (!(a.flags.has('r') || a.flags.has('R') || a.flags.has('recursive'))) continue;
    for (const w of a.operands) {
      // `rm -rf "${BUNDLE_PATH}"/ruby/*/cache` (Rails' Dockerfile): the stage's variables, as the shell expands them.
      const word = w.value.replace(/^\$\{?HOME\}?(?=\/|$)/, view.home);
      const target = resolvePath(view.env && word.includes('$') ? expandWord(word, view.env) : word, view.workdir, view.home);
      if (covers(target, path) || covers(target.replace(/\/\*$/, ''), path)) return true;
    }
  }
  return false;
}

/**
 * The cache of `fact` is still in the layer when the RUN ends: not avoided (flag, env, cache mount,
 * the manager's own clean after it), the model kept the cache entry, and no later `rm -rf` removed it.
 */
export function cacheKept(instr: ParsedInstruction, fact: CacheFact, view: RunView): boolean {
  if (fact.avoided) return false;
  if (!view.created.some((e) => e.kind === 'package-cache' && e.path === fact.path)) return false;
  return !removedLater(instr, fact.command, fact.path, view);
}

/**
 * Does what a stage leaves at `path` matter for size? Yes in a shipped stage (and for ONBUILD
 * triggers, which run in images built FROM this one); in a build-only stage only when another stage
 * copies that path out of it.
 */
export function stageMatters(ctx: RuleContext, instr: ParsedInstruction, path: string): boolean {
  if (instr.onbuild) return true;
  const stage = ctx.stageOf(instr);
  if (!stage || stage.ships) return true;
  if (!stage.copiedBy.length) return false;
  const refs = new Set([String(stage.index), ...(stage.name ? [stage.name.toLowerCase()] : [])]);
  for (const other of ctx.parsed.instructions) {
    for (const src of stageReads(other, refs)) {
      const abs = resolvePath(src, '/');
      if (covers(abs, path) || covers(abs.replace(/\/\*$/, ''), path)) return true;
    }
  }
  return false;
}

/**
 * The paths an instruction reads out of the stage named by one of `refs` (its name or index, lower
 * case): `COPY/ADD --from=<stage> src… dest`, and `RUN --mount=from=<stage>,source=…` (bind mounts
 * read the stage's files the way COPY does; no source means the stage's whole root).
 */
export function stageReads(instr: ParsedInstruction, refs: ReadonlySet<string>): string[] {
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    const from = instr.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
    return from && refs.has(from) ? instr.args.slice(0, -1) : [];
  }
  if (instr.keyword !== 'RUN') return [];
  const out: string[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount' || !f.options.from || !refs.has(f.options.from.toLowerCase())) continue;
    if ((f.options.type ?? 'bind') !== 'bind') continue;
    out.push(f.options.source ?? f.options.src ?? '/');
  }
  return out;
}

/** `≈ 12 MB` or `size unknown`. */
export function sizeText(fact: { bytes: number; unknown: boolean }): string {
  return fact.unknown || fact.bytes <= 0 ? 'size unknown' : `≈ ${formatBytes(fact.bytes)}`;
}

export function factWaste(fact: { bytes: number; low: number; high: number; unknown: boolean }): Waste {
  return fact.unknown || fact.bytes <= 0 ? waste(0, 0, 0, true) : waste(fact.bytes, fact.low, fact.high);
}

/** Inserts ` <flag>` right after a word (the subcommand), unless the RUN is in exec form (offsets are not real). */
export function insertAfter(instr: ParsedInstruction, word: ShellWord | undefined, text: string): TextEdit | undefined {
  // Not after a word whose document offsets are approximate (inside a `sh -c "…"` string the parser could not map).
  if (!word || instr.execForm || word.approximate) return undefined;
  return { start: word.end, end: word.end, newText: ` ${text}` };
}

/**
 * Appends a command at the end of the RUN: `&& cmd` for shell form, a new last line for a
 * `RUN <<EOF` script (one shell heredoc), nothing for exec form.
 */
export function appendCommand(text: string, instr: ParsedInstruction, command: string): TextEdit | undefined {
  if (instr.execForm) return undefined;
  if (!instr.heredocs.length) return appendToRun(text, instr, command);
  const shells = instr.heredocs.filter((h) => h.use === 'shell');
  if (shells.length !== 1 || instr.heredocs.length !== 1) return undefined;
  const h = shells[0];
  const body = text.slice(h.bodyStart, h.bodyEnd);
  if (!body.endsWith('\n')) return undefined;
  const lastLine = body.replace(/\n$/, '').split('\n').pop() ?? '';
  const indent = /^[ \t]*/.exec(lastLine)?.[0] ?? '';
  if (/\\\s*$/.test(lastLine)) return undefined; // the last line continues: no safe place for a new one
  // A script that ends inside a quote or an open if/case/loop/group: a new last line would be part of
  // it (maybe never run; the finding would stay and every fix-all pass add another line).
  if (parseShell(text, h.bodyStart, h.bodyEnd, { escapeChar: null, nested: false }).problems.length) return undefined;
  return { start: h.bodyEnd, end: h.bodyEnd, newText: `${indent}${command}\n` };
}

export function quickfix(title: string, edits: (TextEdit | undefined)[], isPreferred = true): Fix[] {
  if (!edits.length || edits.some((e) => !e)) return [];
  return [{ title, edits: edits as TextEdit[], isPreferred, kind: 'quickfix' }];
}

/** The command's words as a value list (for matching subcommands). */
export function words(cmd: ShellCommand): string[] {
  return cmd.argv.map((w) => w.value);
}

/** Variables the RUN sees: the layer's ENV over the `ARG`s declared in the stage before it (ARGs are env in RUN). */
export function runEnv(ctx: RuleContext, instr: ParsedInstruction, view: Pick<RunView, 'env'>): ReadonlyMap<string, string> {
  return new OverlayMap(view.env, argsBefore(ctx, instr));
}

/** Per parse, per instruction: the stage's ARG values declared before it (one walk per stage, snapshots shared). */
const ARGS_BEFORE = new WeakMap<object, Map<number, PersistentMap<string>>>();

function argsBefore(ctx: RuleContext, instr: ParsedInstruction): ReadonlyMap<string, string> {
  let byIndex = ARGS_BEFORE.get(ctx.parsed);
  if (!byIndex) {
    byIndex = new Map();
    ARGS_BEFORE.set(ctx.parsed, byIndex);
  }
  const known = byIndex.get(instr.index);
  if (known) return known;
  const buildArgs = ctx.model.options.buildArgs ?? {};
  const stage = ctx.parsed.stages[instr.stageIndex];
  const args = new PersistentMap<string>();
  for (const other of stage?.instructions ?? []) {
    byIndex.set(other.index, args.fork());
    if (other.keyword !== 'ARG' || other.onbuild) continue;
    for (const a of other.args) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(0, eq) : a;
      const value = buildArgs[name] ?? (eq >= 0 ? a.slice(eq + 1).replace(/^(["'])(.*)\1$/, '$2') : ctx.parsed.globalArgs.get(name));
      if (value !== undefined) args.set(name, value);
    }
  }
  return byIndex.get(instr.index) ?? args;
}

/** Environment a command runs with: the RUN's, `export X=` before it in the same RUN, and `X=v cmd` prefixes. */
export function commandEnv(base: ReadonlyMap<string, string>, instr: ParsedInstruction, cmd: ShellCommand): ReadonlyMap<string, string> {
  const env = new Map<string, string>();
  for (const c of instr.shell?.commands ?? []) {
    if (c === cmd) break;
    if (c.name !== 'export') continue;
    for (const w of c.argv.slice(1)) {
      const eq = w.value.indexOf('=');
      if (eq > 0) env.set(w.value.slice(0, eq), w.value.slice(eq + 1));
    }
  }
  for (const a of cmd.assignments) {
    const eq = a.value.indexOf('=');
    if (eq > 0) env.set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  return new OverlayMap(env, base);
}

/** Calls `found` for every install of one of `managers` whose cache is still in a layer that matters. */
export function forEachKeptCache(ctx: RuleContext, managers: string[], found: (instr: ParsedInstruction, fact: CacheFact, view: RunView) => void): void {
  const runs = runInstructions(ctx);
  for (let r = 0; r < runs.length; r++) {
    const instr = runs[r]!;
    const view = runView(ctx, instr);
    if (!view) continue;
    const caches = view.facts.caches;
    for (let c = 0; c < caches.length; c++) {
      const fact = caches[c]!;
      if (!managers.includes(fact.manager) || !cacheKept(instr, fact, view)) continue;
      if (!stageMatters(ctx, instr, fact.path)) continue;
      found(instr, fact, view);
    }
  }
}

/** The FROM image a stage is built on, following `FROM <stage>` to the first stage (its base decides yum's and dnf's cache folders). */
export function stageRootImage(ctx: RuleContext, instr: ParsedInstruction): string | undefined {
  let stage = ctx.stageOf(instr);
  for (let hops = 0; stage && stage.base.parentStage !== undefined && hops < 1000; hops++) stage = ctx.model.stages[stage.base.parentStage];
  return stage?.base.image;
}

/**
 * The cache `fact` names is emptied after its install in the same RUN: a `clean` by any RPM manager that keeps its cache
 * in one of the fact's folders on this base (yum and dnf share /var/cache/dnf on RHEL 8+; microdnf's is /var/cache/yum),
 * or an `rm -rf` of one of them.
 */
export function rpmCleanedLater(ctx: RuleContext, instr: ParsedInstruction, fact: CacheFact, view: Pick<RunView, 'home' | 'workdir'>): boolean {
  const cmds = instr.shell?.commands ?? [];
  const later = cmds.slice(cmds.indexOf(fact.command) + 1);
  const paths = fact.paths ?? [fact.path];
  const image = stageRootImage(ctx, instr);
  const cleans = (c: ShellCommand) => RPM_MANAGERS.has(c.name) && parseArgs(c.argv, new Set(['setopt'])).operands[0]?.value === 'clean' && rpmCacheDirs(c.name, image).some((p) => paths.includes(p));
  if (later.some(cleans)) return true;
  return paths.some((p) => removedLater(instr, fact.command, p, view));
}

/** Commands that add or enable repositories: after them the manager fetches new metadata. */
const REPO_CHANGE = /(^|[\s/])(config-manager|[\w.-]*-release|module)\b|yum\.repos\.d|zypp\/repos\.d|\.repo\b/;
const REPO_FILE = /yum\.repos\.d|zypp\/repos\.d|\.repo\b/;

/** The yum/dnf family of RPM managers and every folder they keep their cache in (which one depends on the base: rpmCacheDirs). */
export const RPM_CACHE_MANAGERS = [...DNF_MANAGERS];
export const RPM_CACHE_PATHS = ['/var/cache/dnf', '/var/cache/yum', '/var/cache/libdnf5', '/var/cache/tdnf'];

/** What one family of RPM managers keeps and what makes its next command download metadata again. */
interface RpmCacheFamily {
  names: string[];
  paths: string[];
  /** Subcommands after which the next install has new metadata to download (or none left to reuse). */
  resets: RegExp;
  /**
   * A lone refresh in an earlier RUN leaves metadata the next install reuses without a copy of its own. True of zypper
   * (measured: `zypper clean -a` on the install after a lone `zypper refresh` freed nothing, +64,366 B). Not of dnf/yum:
   * their install after a lone makecache keeps about 1.5 MB of its own (fix-all -5.1 MB against -3.56 MB for one install).
   */
  refreshKept: boolean;
  /** Why a later install that reuses the metadata has to clean too (the finding's words). */
  reuserKeeps: string;
}
const DNF_FAMILY: RpmCacheFamily = {
  names: RPM_CACHE_MANAGERS,
  paths: RPM_CACHE_PATHS,
  resets: /^(clean|makecache)$/,
  refreshKept: false,
  reuserKeeps: " and, with dnf (yum on RHEL 8+), keeps a copy of the compressed metadata files it checks (docker's layers drop the checksums librepo keeps in extended attributes)",
};
/** zypper: a refresh, a clean or a repository added, changed or removed (`ar`, `mr -k`, services) resets it. */
const ZYPPER_FAMILY: RpmCacheFamily = {
  names: ['zypper'],
  paths: ['/var/cache/zypp'],
  resets: /^(clean|cc|refresh|ref|addrepo|ar|modifyrepo|mr|removerepo|rr|renamerepo|nr|addservice|as|modifyservice|ms|removeservice|rs|refresh-services|refs)$/,
  refreshKept: true,
  reuserKeeps: ' (cleaned here alone, it downloads a copy of its own)',
};

/** Which family an RPM manager's cache belongs to. */
function rpmFamily(manager: string): RpmCacheFamily {
  return ZYPPER_FAMILY.names.includes(manager) ? ZYPPER_FAMILY : DNF_FAMILY;
}

/** The family's subcommand of a command (`dnf --setopt=x=1 clean all` → `clean`). */
function rpmSub(c: ShellCommand): string {
  return parseArgs(c.argv, RPM_VALUE_OPTIONS).operands[0]?.value ?? '';
}

/** Cleans the family's cache or changes the repositories: the next install downloads metadata again. */
function rpmResets(family: RpmCacheFamily, c: ShellCommand, view: Pick<RunView, 'home' | 'workdir'>): boolean {
  if (REPO_CHANGE.test(c.argv.map((w) => w.value).join(' '))) return true;
  if (family.names.includes(c.name) && family.resets.test(rpmSub(c))) return true;
  if (c.name !== 'rm') return false;
  return parseArgs(c.argv).operands.some((w) => {
    const target = resolvePath(w.value, view.workdir, view.home).replace(/\/\*$/, '');
    return family.paths.some((p) => covers(target, p));
  });
}

/** Empties the family's cache (a clean, an `rm -rf` of it): unlike a refresh, what an earlier install kept is gone. */
function rpmCleans(family: RpmCacheFamily, c: ShellCommand, view: Pick<RunView, 'home' | 'workdir'>): boolean {
  if (family.names.includes(c.name)) return /^(clean|cc)$/.test(rpmSub(c));
  return c.name === 'rm' && rpmResets(family, c, view);
}

/** A table by instruction index, made once per analysis (the model) and family by `fill`; registered before it is filled. */
type PerAnalysisFamily<V> = WeakMap<object, Map<RpmCacheFamily, Map<number, V>>>;

function perAnalysisFamily<V>(store: PerAnalysisFamily<V>, ctx: RuleContext, family: RpmCacheFamily, fill: (table: Map<number, V>) => void): Map<number, V> {
  let byFamily = store.get(ctx.model);
  if (!byFamily) store.set(ctx.model, (byFamily = new Map()));
  let table = byFamily.get(family);
  if (!table) {
    byFamily.set(family, (table = new Map()));
    fill(table);
  }
  return table;
}

/**
 * Per analysis and family: for every instruction, the earlier RUN of its stage chain whose layer holds metadata of the
 * family nothing cleaned or invalidated since (undefined: none). One walk in file order: a stage starts from the state
 * its parent stage ended with (a stage names only earlier stages, so the parent is done by then).
 */
const RPM_KEPT_BEFORE: PerAnalysisFamily<number | undefined> = new WeakMap();

function rpmKeptBefore(ctx: RuleContext, family: RpmCacheFamily, instr: ParsedInstruction): number | undefined {
  return perAnalysisFamily(RPM_KEPT_BEFORE, ctx, family, (before) => {
    const state = new Map<number, number | undefined>();
    for (const other of ctx.parsed.instructions) {
      const s = other.stageIndex;
      if (s < 0) continue;
      if (!state.has(s)) {
        const parent = ctx.parsed.stages[s]?.parentStage;
        state.set(s, parent !== undefined && parent >= 0 && parent < s ? state.get(parent) : undefined);
      }
      const kept = state.get(s);
      before.set(other.index, kept);
      state.set(s, rpmKeptAfter(ctx, family, other, kept));
    }
  }).get(instr.index);
}

/** The walk's step: what `other` does to the metadata an earlier RUN (`kept`) left. */
function rpmKeptAfter(ctx: RuleContext, family: RpmCacheFamily, other: ParsedInstruction, kept: number | undefined): number | undefined {
  if (other.onbuild) return kept;
  // A repository file COPY'd in: new metadata.
  if ((other.keyword === 'COPY' || other.keyword === 'ADD') && REPO_FILE.test(other.argsText)) kept = undefined;
  const layer = ctx.layer(other);
  if (other.keyword !== 'RUN' || !other.shell || !layer) return kept;
  const { names, paths } = family;
  const otherCmds = other.shell.commands;
  // The last command of the RUN that left metadata in its layer: an install (not cleaned in the same RUN), or for
  // zypper a refresh whose metadata stays (no cache mount).
  const keepers = layer.facts.caches.filter((f) => names.includes(f.manager) && !f.avoided).map((f) => f.command);
  if (family.refreshKept && layer.created.some((e) => e.kind === 'package-cache' && paths.includes(e.path)))
    keepers.push(...otherCmds.filter((c) => names.includes(c.name) && isRpmRefresh(c)));
  const last = keepers.length ? Math.max(...keepers.map((c) => otherCmds.indexOf(c))) : -1;
  if (last >= 0) kept = kept ?? other.index;
  if (otherCmds.slice(last + 1).some((c) => rpmResets(family, c, layer))) kept = undefined;
  return kept;
}

/**
 * An earlier RUN of this stage (or the stages it is built on) left the same RPM cache in its layer and nothing
 * cleaned it or added repositories since: this install reuses that metadata (and keeps no packages: keepcache is
 * off by default), so the waste is that layer's and reported there (percona's second `microdnf install` after line
 * 20's; for zypper also a lone `zypper refresh`'s, which rpm-refresh-alone reports). Returns the index of that RUN.
 */
export function rpmCacheReusedFrom(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand): number | undefined {
  const family = rpmFamily(cmd.name);
  const own = ctx.layer(instr);
  const cmds = instr.shell?.commands ?? [];
  const before = cmds.slice(0, cmds.indexOf(cmd));
  if (!own) return undefined;
  // zypper: a repository of the command's own (`--plus-repo`) or packages it downloads to keep (`--download-only`).
  if (cmd.name === 'zypper' && cmd.argv.some((w) => /^(--plus-repo|-p|--download-only)(=|$)/.test(w.value))) return undefined;
  // Another RPM manager earlier in this RUN kept the cache (`yum install a && dnf install b`): its rule reports this
  // layer's metadata once (the same manager's installs in one RUN are one report already: the engine merges them).
  // Unless a clean came between them (this install's cache is its own then), or a refresh or repository change did
  // and that install's metadata is reported at an earlier RUN (it reused it: what the refresh downloaded is this one's).
  // A refresh before both does not matter (`dnf makecache && yum install a && dnf install b`: one cache, reported once;
  // issue 13, merges of the rpm generator's RUNs reported it under both names).
  // dnf5 is dnf's rule too (dnf-cache-kept): `dnf5 install a && dnf install b` is one report.
  const name = (c: ShellCommand) => (c.name === 'yum' ? 'yum' : 'dnf');
  if (family === DNF_FAMILY) {
    for (const f of own.facts.caches) {
      const at = before.indexOf(f.command);
      if (at < 0 || f.avoided || !family.names.includes(f.manager) || name(f.command) === name(cmd)) continue;
      const between = before.slice(at + 1);
      if (between.some((c) => rpmCleans(family, c, own))) continue;
      if (!between.some((c) => rpmResets(family, c, own))) return instr.index;
      const from = rpmCacheReusedFrom(ctx, instr, f.command);
      if (from === undefined || from === instr.index) return instr.index;
    }
  }
  if (before.some((c) => rpmResets(family, c, own))) return undefined;
  return rpmKeptBefore(ctx, family, instr);
}

/**
 * Per analysis and family: the RUNs whose installs reuse the metadata a RUN left (by that RUN's index) and do not clean
 * it themselves. One pass over the RUNs (rpmCacheReusedFrom reads the walk above).
 */
const RPM_REUSERS: PerAnalysisFamily<ParsedInstruction[]> = new WeakMap();

/**
 * The later RUNs whose installs reuse the RPM metadata this RUN leaves (rpmCacheReusedFrom names it) and do not clean
 * it themselves. A clean in this RUN alone makes each of them download a copy of its own that stays: the clean has to
 * go there too (built, rpm-zypper-two-installs: either
 * install's `zypper clean -a` alone +64,368 / +13,189 B, both -3,487,529 B).
 */
function rpmLaterReusers(ctx: RuleContext, instr: ParsedInstruction, family: RpmCacheFamily): ParsedInstruction[] {
  const reusers = perAnalysisFamily(RPM_REUSERS, ctx, family, (table) => {
    for (const later of runInstructions(ctx)) {
      if (later.onbuild) continue;
      const view = runView(ctx, later);
      const facts = view?.facts.caches.filter((f) => family.names.includes(f.manager) && !f.avoided) ?? [];
      if (!view || !facts.length || facts.some((f) => rpmCleanedLater(ctx, later, f, view))) continue;
      const from = new Set(facts.map((f) => rpmCacheReusedFrom(ctx, later, f.command)));
      for (const index of from) if (index !== undefined && index < later.index) table.set(index, [...(table.get(index) ?? []), later]);
    }
  });
  return reusers.get(instr.index) ?? [];
}

/**
 * rpmLaterReusers with the clean each needs and the words for a finding: `zypper clean -a`, or the reuser's own dnf-family
 * manager's `clean all`. A later dnf/yum install that reuses the metadata still keeps a copy of the compressed metadata
 * files it checks (built, rpm-yum-cache-kept: line 3's layer held primary.xml.gz, 1,543,062 B, unchanged: librepo
 * caches checksums in `user.` extended attributes, which docker's layer tars drop, so it sets them again and overlayfs
 * copies the whole file up). Cleaned with the RUN that left the metadata: -5,104,304 B; that RUN alone -1,540,079 B.
 * `titleTail` and `messageTail` are empty when no later RUN reuses it.
 */
export function rpmReuserCleanups(ctx: RuleContext, instr: ParsedInstruction, manager: string): { edits: (TextEdit | undefined)[]; titleTail: string; messageTail: string } {
  const family = rpmFamily(manager);
  const reusers = rpmLaterReusers(ctx, instr, family);
  const edits = reusers.map((r) => {
    const own = runView(ctx, r)?.facts.caches.find((f) => family.names.includes(f.manager) && !f.avoided)?.manager ?? manager;
    return appendCommand(ctx.parsed.text, r, own === 'zypper' ? 'zypper clean -a' : `${own} clean all`);
  });
  if (!reusers.length) return { edits, titleTail: '', messageTail: '' };
  const lines = reusers.map((r) => r.line + 1);
  const onLines = lines.length === 1 ? `the RUN on line ${lines[0]}` : `the RUNs on lines ${lines.join(', ')}`;
  return { edits, titleTail: ` and to ${onLines}`, messageTail: ` and in ${onLines}, whose install reuses this metadata${family.reuserKeeps}` };
}

/** The RUN whose layer really holds the RPM cache a RUN "created" (an earlier one when it only reused it). */
export function rpmCacheOwner(ctx: RuleContext, index: number): number {
  const instr = ctx.parsed.instructions[index];
  const layer = instr && instr.keyword === 'RUN' ? ctx.layer(instr) : undefined;
  const facts = layer?.facts.caches.filter((f) => (DNF_FAMILY.names.includes(f.manager) || ZYPPER_FAMILY.names.includes(f.manager)) && !f.avoided) ?? [];
  if (!instr || !facts.length) return index;
  const from = facts.map((f) => rpmCacheReusedFrom(ctx, instr, f.command));
  return from.every((f) => f !== undefined && f === from[0]) ? from[0]! : index;
}
