/** The state one RUN works on: what it creates, cleans, and touches of earlier layers. */
import { MAX_EXPANSION, type ParsedInstruction } from '../../parse/dockerfile';
import type { ShellBranch, ShellCommand } from '../../parse/shell';
import { part, unknownPart } from '../estimate';
import type { RemoteEnvironment } from './downloads';
import { covers, isInside, matchGlob, resolvePath, RunWordPaths, STANDARD_DIRS } from '../paths';
import type { PersistentMap } from '../persistentMap';
import { entriesNear } from '../fsIndex';
import type { ContentKind, FsEntry, FsEntryKind, FsTouch, LayerFacts, ModelOptions, OsFamily, SizePart } from '../types';

/** What the stage looks like when an instruction starts: carried from layer to layer, and to child stages. */
export interface StageState {
  family: OsFamily;
  suite?: string;
  /**
   * Set when `suite` is a guess: the FROM tag is not in the data and names no OS release, so the release is its
   * stand-in's (python:3.8.8 was built on buster; the python:3.x standing in is on trixie). Says so, for sources.
   */
  releaseGuess?: string;
  /** The FROM image as written (resolved ARGs), when the stage starts from an image. */
  image?: string;
  platform: string;
  /** Packages already installed (base image + earlier layers), for apt/apk closure. */
  installed: Set<string>;
  /**
   * Installed dpkg package versions where known: the base image's, then what layers installed or
   * upgraded. `versionsFrom` says how sure they are: 'given' (ModelOptions.aptBaseVersions, e.g. read
   * from the real base) or 'snapshot' (one recorded build of the tag; a newer pull may be current).
   */
  versions: Map<string, string>;
  versionsFrom?: 'given' | 'snapshot';
  /** Where the base's versions came from, for the estimate's source text. */
  versionsSource?: string;
  /** dpkg path-exclude of docs/man/locales (debian -slim, ubuntu minimized). */
  slimDpkg: boolean;
  /**
   * An apt install of this stage was priced by the Debian stand-in (an Ubuntu name outside the shipped index): later
   * installs stay on it, so the installed set keeps one index's names (the stand-in's libnode108 is not jammy's libnode72).
   */
  aptStandIn?: boolean;
  /** An earlier layer wrote an apt config that turns Install-Recommends off. */
  aptRecommendsOff: boolean;
  /** Persistent: each layer keeps a fork of it (O(1)), never a copy. */
  env: PersistentMap<string>;
  user: string;
  workdir: string;
  /** Paths created by earlier layers that are still visible. */
  fs: FsEntry[];
  args: PersistentMap<string | undefined>;
  /** Directories earlier layers of the stage made (mkdir, COPY/WORKDIR destinations): a later WORKDIR there adds no entry. */
  dirs?: Set<string>;
  /** Words of the stage's earlier RUNs (expanded where known): a WORKDIR at one of them was probably made by that RUN. */
  runWords?: RunWordPaths;
}

export function cloneState(s: StageState): StageState {
  return { ...s, installed: new Set(s.installed), versions: new Map(s.versions), env: s.env.fork(), fs: [...s.fs], args: s.args.fork(), dirs: new Set(s.dirs), runWords: new RunWordPaths(s.runWords) };
}

export function homeOf(state: { env: ReadonlyMap<string, string>; user: string }): string {
  const explicit = state.env.get('HOME');
  if (explicit) return explicit;
  // The name before any `:group`, without splitting into an array (asked several times per RUN).
  const colon = state.user.indexOf(':');
  const user = colon < 0 ? state.user : state.user.slice(0, colon);
  return user === '' || user === 'root' || user === '0' ? '/root' : `/home/${user}`;
}

export interface LayerEntry extends FsEntry {
  part: SizePart;
  /** Per-package bytes, so `apt-get purge x` / `apk del .build-deps` can remove some of them. */
  members?: Map<string, number>;
  /** `apk add --virtual NAME`: the group name. */
  group?: string;
  /** apt: the names the install asked for (apt marks them manual; the rest of `members` is auto-installed). */
  manual?: Set<string>;
  /** apt: the install kept Recommends (autoremove keeps what manual packages recommend). */
  recommends?: boolean;
  /** Known to be a single file (COPY of one file, a download): a non-recursive chmod/chown copies it whole. */
  file?: boolean;
  /** The command that created it (downloads, clones), for rules that point at it. */
  command?: ShellCommand;
}

export interface EntryInput {
  path: string;
  kind: FsEntryKind;
  label: string;
  bytes: number;
  confidence: SizePart['confidence'];
  source: string;
  contentKind?: ContentKind;
  low?: number;
  high?: number;
  /** Known pulled (gzip) size, when a source gives it (npm tarballs, wheels, a computed gzip of the layer tar); else from contentKind's ratio. */
  compressedBytes?: number;
  unknown?: boolean;
  members?: Map<string, number>;
  group?: string;
  manual?: Set<string>;
  recommends?: boolean;
  file?: boolean;
  command?: ShellCommand;
}

/**
 * Is `target` part of the earlier entry `e`? Package managers record everything they install
 * under one `/usr` entry, but dpkg/apk/rpm never write to /usr/local (pip, npm -g, `make install`
 * and COPY do): a path there is not part of a package entry.
 */
export function isPartOf(target: string, e: FsEntry): boolean {
  // A build context copied to the root (`ADD . .` with no WORKDIR): a top-level folder the base image has no standard
  // one of is the project's own (lori's `rm -rf terraform`, issue 14 fresh4); other entries at / hold nothing known.
  if (e.path === '/') return e.kind === 'context' && /^\/[^/*?[]+/.test(target) && !STANDARD_DIRS.has(`/${target.split('/')[1]}`) && !/^\/(lib\w*|sbin|bin)$/.test(`/${target.split('/')[1]}`);
  if (!isInside(target, e.path)) return false;
  if (e.kind === 'packages' && e.path === '/usr' && (target === '/usr/local' || target.startsWith('/usr/local/') || target.startsWith('/usr/src/'))) return false;
  return true;
}

interface AptMarks {
  allAuto: boolean;
  manual: Set<string>;
  lddKeep: boolean;
  savedVar: string | undefined;
}

const NO_REMOTE: RemoteEnvironment = Object.freeze({});

export class RunContext {
  readonly entries: LayerEntry[] = [];
  readonly cleaned: LayerEntry[] = [];
  readonly touched: FsTouch[] = [];
  readonly extraParts: SizePart[] = [];
  // The sets and maps below are made when a command first writes one (most RUNs use two or three of them): ten empty
  // ones per RUN were a tenth of what a 1 MB file's size model allocated. `…IfAny` reads without making one.
  private tarDirsMade?: Set<string>;
  private madeDirsMade?: Set<string>;
  private tarOthersMade?: Set<string>;
  private framedMade?: Set<string>;
  private marksMade?: Set<string>;
  private aptMarksMade?: AptMarks;
  /** Tar entries beyond the file entries (model/tarFraming.ts): directories made, symlinks, whiteouts. */
  get tarDirs(): Set<string> {
    return (this.tarDirsMade ??= new Set());
  }
  /** Directories a `mkdir` of this RUN made (LayerModel.madeDirs). */
  get madeDirs(): Set<string> {
    return (this.madeDirsMade ??= new Set());
  }
  get tarOthers(): Set<string> {
    return (this.tarOthersMade ??= new Set());
  }
  get tarDirsIfAny(): ReadonlySet<string> | undefined {
    return this.tarDirsMade;
  }
  get madeDirsIfAny(): ReadonlySet<string> | undefined {
    return this.madeDirsMade;
  }
  get tarOthersIfAny(): ReadonlySet<string> | undefined {
    return this.tarOthersMade;
  }
  /** Files known by path whose bytes are in another entry (the files useradd rewrites). */
  readonly tarFiles: { path: string; bytes: number }[] = [];
  /** Entries whose gzip cost an estimator already counted. */
  get framed(): Set<string> {
    return (this.framedMade ??= new Set());
  }
  get framedIfAny(): Set<string> | undefined {
    return this.framedMade;
  }
  readonly facts: LayerFacts = { apt: [], caches: [], notes: [] };
  /** Markers commands leave for later commands of the same RUN (`apt-mark auto '.*'`). */
  get marks(): Set<string> {
    return (this.marksMade ??= new Set());
  }
  /**
   * apt-mark in this RUN: `auto '.*'` marks everything auto; `manual` with literal names marks those
   * again; `manual $savedAptMark` restores what was manual before the RUN; `… ldd … | xargs apt-mark
   * manual` keeps libraries the built files link to (which ones is not known before the build).
   */
  get aptMarks(): AptMarks {
    return (this.aptMarksMade ??= { allAuto: false, manual: new Set<string>(), lddKeep: false, savedVar: undefined });
  }
  /** Environment for this RUN: the stage's plus `export X=...` seen so far. */
  readonly env: PersistentMap<string>;
  readonly cacheMounts: string[];
  /** Paths mounted from elsewhere (bind, tmpfs, secret): writes there do not land in the layer. */
  readonly otherMounts: string[];

  constructor(
    readonly state: StageState,
    readonly instruction: ParsedInstruction,
    readonly options: ModelOptions,
  ) {
    this.env = state.env.fork();
    const home = homeOf(state);
    this.cacheMounts = [];
    this.otherMounts = [];
    for (const f of instruction.flags) {
      if (f.name !== 'mount') continue;
      const type = f.options.type ?? 'bind';
      const target = f.options.target ?? f.options.dst ?? f.options.destination;
      if (!target) continue;
      const resolved = resolvePath(target, state.workdir, home);
      if (type === 'cache') this.cacheMounts.push(resolved);
      else this.otherMounts.push(resolved);
    }
  }

  /** `./configure --prefix=/opt/x` earlier in the RUN: where a later `make install` puts files. */
  configurePrefix?: string;

  /** `cd` inside the RUN changes where relative paths of later commands point. */
  cwd = '';

  /** Remote sizes for downloads (network look-ups): set by estimateRun. */
  remote: RemoteEnvironment = NO_REMOTE;

  get home(): string {
    return homeOf({ env: this.env, user: this.state.user });
  }

  resolve(p: string): string {
    // A variable left unexpanded has one spelling in paths: `curl -o ${tmpdir}/x.tgz … rm -rf $tmpdir` names one folder.
    if (p.includes('${')) p = p.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}(?![A-Za-z0-9_])/g, '$$$1');
    return resolvePath(p, this.cwd || this.state.workdir, this.home);
  }

  /**
   * Expands `$VAR` / `${VAR}` whose value this RUN knows (ENV, ARG, `export` earlier in the RUN);
   * unknown ones stay as written, so the same word always resolves to the same path (the
   * `curl -O .../node-v$V-linux-$ARCH.tar.xz` ... `rm "node-v$V-linux-$ARCH.tar.xz"` idiom).
   */
  expand(value: string): string {
    return this.expandShell(value);
  }

  /**
   * Shell variables set earlier in this RUN (`deps="a b"`, `dpkgArch="$(dpkg --print-architecture)"`).
   * undefined: set to something we cannot know (`x="$(apt-mark showmanual)"`), so it stays as written.
   */
  get shellVars(): Map<string, string | undefined> {
    return (this.shellVarsMade ??= new Map());
  }
  private shellVarsMade?: Map<string, string | undefined>;
  /**
   * The RUN sourced a file or ran `eval`/`read` (`. /etc/os-release`): variables we think undeclared
   * may be set, so `${X:-default}` no longer means the default.
   */
  opaqueShell = false;

  /** A variable's value as the shell sees it here: undefined when not known. */
  variable(name: string): string | undefined {
    if (name === 'HOME') return this.home;
    const vars = this.shellVarsMade;
    if (vars?.has(name)) return vars.get(name);
    return this.env.get(name) ?? this.state.args.get(name);
  }

  /** Declared (ENV, ARG, an assignment in this RUN), even without a known value. */
  declared(name: string): boolean {
    return name === 'HOME' || !!this.shellVarsMade?.has(name) || this.env.has(name) || this.state.args.has(name);
  }

  /**
   * Expands `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` and the command
   * substitutions whose output the platform decides (`$(dpkg --print-architecture)`, `$(uname -m)`,
   * `$(apk --print-arch)`); unknown ones stay as written, so the same word always resolves to the
   * same path (the `curl -O .../node-v$V-linux-$ARCH.tar.xz` ... `rm "node-v$V-linux-$ARCH.tar.xz"` idiom).
   */
  expandShell(value: string): string {
    if (!value.includes('$') && !value.includes('`')) return value;
    let out = value.replace(/\$\(([^()]*)\)|`([^`]*)`/g, (m, a, b) => platformCommandOutput((a ?? b) as string, this.state.platform) ?? m);
    // At most MAX_EXPANSION: `a=$a$a` repeated doubles a value each time; past the cap the word stays as written.
    let total = out.length;
    out = out.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=])([^{}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, braced, op, word, bare) => {
      if (total > MAX_EXPANSION) return m;
      const r = this.expandVariable(m, braced, op, word, bare);
      total += r.length;
      return r;
    });
    return total > MAX_EXPANSION ? value : out;
  }

  private expandVariable(m: string, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined): string {
    const name = (braced ?? bare) as string;
    const v = this.variable(name);
    if (!op) return v === undefined ? m : v;
    const alt = this.expandShell(word ?? '');
    // Unset (or, with `:`, empty) uses the word: undeclared names are unset unless the RUN sourced something.
    const known = v !== undefined || (!this.declared(name) && !this.opaqueShell) || (this.state.args.has(name) && this.state.args.get(name) === undefined && !this.shellVarsMade?.has(name));
    if (!known) return m;
    const value = v ?? '';
    const isSet = v !== undefined && (op.startsWith(':') ? value !== '' : true);
    if (op.endsWith('+')) return isSet ? alt : '';
    return isSet ? value : alt;
  }

  /** `expand` then `resolve`: an operand as the command sees it. */
  resolveWord(value: string): string {
    return this.resolve(this.expand(value));
  }

  /** Is `path` (absolute) inside a cache (or other) mount of this RUN, so nothing written there stays? */
  isMounted(path: string): boolean {
    return this.isCacheMounted(path) || this.otherMounts.some((m) => path === m || path.startsWith(m + '/'));
  }

  isCacheMounted(path: string): boolean {
    return this.cacheMounts.some((m) => path === m || path.startsWith(m + '/'));
  }

  create(e: EntryInput): LayerEntry | undefined {
    if (this.isMounted(e.path)) return undefined;
    // `./configure && make && make install` in one dir: one unknown build output, not three.
    const same = e.unknown && this.entries.find((x) => x.unknown && x.path === e.path && x.kind === e.kind);
    if (same) return same;
    const p = e.unknown
      ? unknownPart(e.label, e.source)
      : part({ label: e.label, bytes: e.bytes, confidence: e.confidence, source: e.source, kind: e.contentKind, low: e.low, high: e.high, compressedBytes: e.compressedBytes });
    const entry: LayerEntry = {
      path: e.path,
      bytes: p.bytes,
      low: p.low,
      high: p.high,
      kind: e.kind,
      label: p.label,
      createdBy: this.instruction.index,
      unknown: e.unknown,
      part: p,
      members: e.members,
      group: e.group,
      manual: e.manual,
      recommends: e.recommends,
      file: e.file,
      command: e.command,
    };
    this.entries.push(entry);
    return entry;
  }

  /**
   * `rm -rf target`: drops what this RUN created there (cleaned: costs nothing), and records
   * earlier layers' entries it covers (still shipped). Returns what it matched.
   */
  remove(target: string, command?: ShellCommand): { own: LayerEntry[]; earlier: FsEntry[] } {
    const own = this.entries.filter((e) => covers(target, e.path));
    for (const e of own) this.dropOwn(e);
    let madeHere = false;
    const dirs = this.tarDirsMade;
    if (dirs) for (const d of [...dirs]) if (covers(target, d)) madeHere = dirs.delete(d);
    // The directory that held them changed (its mtime): it stays an entry of the layer.
    if (madeHere && target.lastIndexOf('/') > 0) this.tarDirs.add(target.slice(0, target.lastIndexOf('/')));
    const earlier: FsEntry[] = [];
    const near = entriesNear(this.state.fs, target);
    const inEarlier = near.some((e) => covers(target, e.path) || isPartOf(target, e));
    for (const e of near) {
      const seen = this.touched.find((t) => t.entry === e && t.action === 'delete');
      if (seen) {
        // A second operand of the same command on the same entry (`rm -rf "$GNUPGHOME" /usr/bin/gosu.asc`): one touch, every path.
        if (seen.command === command && (covers(target, e.path) || isPartOf(target, e))) seen.targets?.push(target);
        continue;
      }
      if (covers(target, e.path)) {
        this.touched.push({ entry: e, command, action: 'delete', bytes: e.bytes, low: e.low, high: e.high, partial: false, targets: [target] });
        earlier.push(e);
      } else if (isPartOf(target, e)) {
        // A file inside the package tree when this RUN installed packages itself (`apk add
        // .build-deps ...; rm -vf /usr/include/iconv.h`): most likely one of its own packages' files,
        // not the earlier layer's; which package owns it is unknown, so do not blame the earlier layer.
        if (e.kind === 'packages' && [...this.entries, ...this.cleaned].some((o) => o.kind === 'packages' && isPartOf(target, o))) continue;
        // Deleting part of an earlier entry: some bytes, we cannot say how many.
        this.touched.push({ entry: e, command, action: 'delete', bytes: 0, low: 0, high: e.high, partial: true, targets: [target] });
        earlier.push(e);
      }
    }
    // Deleting what an earlier layer holds leaves one whiteout entry (`.wh.<name>`) for the path named.
    if (inEarlier) {
      const i = target.lastIndexOf('/');
      this.tarOthers.add(`${target.slice(0, i)}/.wh.${target.slice(i + 1)}`);
    }
    return { own, earlier };
  }

  dropOwn(e: LayerEntry): void {
    const i = this.entries.indexOf(e);
    if (i >= 0) this.entries.splice(i, 1);
    this.cleaned.push(e);
  }

  /** `chown -R`/`chmod -R`/`mv`/`touch` over earlier layers' files: overlayfs copies them up, the old copy stays. */
  rewrite(target: string, command: ShellCommand, action: 'rewrite' | 'move', recursive = true): FsEntry[] {
    const hit: FsEntry[] = [];
    for (const e of entriesNear(this.state.fs, target)) {
      // Without -R only the named inode changes: a directory's files are not copied, a file is. An entry of
      // unknown content at exactly that path (a COPY whose source was not read) may be a file: unknown.
      if (!recursive && !(e.path === target && ((e as LayerEntry).file || e.kind === 'download' || e.unknown))) continue;
      const whole = covers(target, e.path);
      if (!whole && !isPartOf(target, e)) continue;
      const seen = this.touched.find((t) => t.entry === e);
      if (seen) {
        if (seen.command === command && seen.action === action) seen.targets?.push(target);
        continue;
      }
      const bytes = whole ? e.bytes : 0;
      this.touched.push({ entry: e, command, action, bytes, low: whole ? e.low : 0, high: e.high, partial: !whole, targets: [target] });
      hit.push(e);
      const label = `${action === 'move' ? 'moved' : 'rewritten'} copy of ${e.path} (created by an earlier layer)`;
      if (e.unknown || !whole) this.extraParts.push(unknownPart(label, 'overlayfs copy-up of files from an earlier layer'));
      else
        this.extraParts.push(
          part({ label, bytes: e.bytes, low: e.low, high: e.high, confidence: 'medium', source: 'overlayfs copies a changed file whole into the new layer' }),
        );
    }
    return hit;
  }

  /** Which undecided `if`/`case` arm made a part (see ArmTracker in run.ts). */
  get armOfPart(): Map<SizePart, { key: string; arm: number }> {
    return (this.armOfPartMade ??= new Map());
  }
  private armOfPartMade?: Map<SizePart, { key: string; arm: number }>;
  private get alternatives(): Map<string, { arms: number; label: string; failing: Set<number> }> {
    return (this.alternativesMade ??= new Map());
  }
  private alternativesMade?: Map<string, { arms: number; label: string; failing: Set<number> }>;
  /** A case's arm the platform decides: the arm index, -1 when none matches, undefined when undecided. */
  private get decided(): Map<number, number | undefined> {
    return (this.decidedMade ??= new Map());
  }
  private decidedMade?: Map<number, number | undefined>;

  /** `if` conditions seen: per group, per guarded arm, true/false when decided, undefined when not. */
  private get conditions(): Map<number, Map<number, boolean | undefined>> {
    return (this.conditionsMade ??= new Map());
  }
  private conditionsMade?: Map<number, Map<number, boolean | undefined>>;

  /**
   * Records a condition command (`[ -n "$PHP_ASC_URL" ]`, `[ "$TARGETARCH" = arm64 ]`): decided when
   * it is a single `[`/`test` whose words the RUN knows. A condition of several commands is undecided.
   */
  recordCondition(cmd: ShellCommand): void {
    const c = cmd.condition;
    if (!c) return;
    const arms = this.conditions.get(c.group) ?? new Map<number, boolean | undefined>();
    this.conditions.set(c.group, arms);
    const v = evaluateTest(cmd);
    arms.set(c.arm, arms.has(c.arm) || v === undefined ? undefined : cmd.negated ? !v : v);
  }

  private armStatus(b: ShellBranch): 'taken' | 'skipped' | 'undecided' {
    if (b.kind === 'case') {
      if (!this.decided.has(b.group)) {
        let taken: number | undefined;
        if (b.caseWord !== undefined && b.groupPatterns) {
          const word = this.expandShell(b.caseWord);
          if (!/[$`]/.test(word)) taken = b.groupPatterns.findIndex((ps) => ps.some((p) => matchGlob(p, word)));
        }
        // Decided once, when the case is reached: later assignments do not change which arm ran.
        this.decided.set(b.group, taken);
      }
      const taken = this.decided.get(b.group);
      return taken === undefined ? 'undecided' : taken === b.arm ? 'taken' : 'skipped';
    }
    const conds = this.conditions.get(b.group) ?? new Map<number, boolean | undefined>();
    for (let i = 0; i < b.arm; i++) {
      const v = conds.get(i);
      if (v === true) return 'skipped';
      if (v === undefined) return 'undecided';
    }
    // The `else` arm has no condition of its own: it runs when every earlier one was false.
    if (!conds.has(b.arm)) return 'taken';
    const own = conds.get(b.arm);
    return own === undefined ? 'undecided' : own ? 'taken' : 'skipped';
  }

  /**
   * null: the command is in an arm that does not run here; undefined: nothing undecided about it;
   * else the outermost branch nobody can decide before the build.
   */
  undecidedBranch(cmd: ShellCommand): ShellBranch | null | undefined {
    for (const b of cmd.branches ?? []) {
      const status = this.armStatus(b);
      if (status === 'undecided') return b;
      if (status === 'skipped') return null;
    }
    return undefined;
  }

  /** The command sits only in arms known to run (not in a loop or an undecided branch). */
  armCertain(cmd: ShellCommand): boolean {
    return !!cmd.branches?.length && cmd.branches.every((b) => this.armStatus(b) === 'taken');
  }

  declareAlternative(key: string, b: ShellBranch): void {
    if (this.alternatives.has(key)) return;
    const label = b.kind === 'case' ? `case ${b.caseWord ?? ''}` : 'if … fi';
    this.alternatives.set(key, { arms: b.arms, label, failing: new Set() });
  }

  failingArm(key: string, arm: number): void {
    this.alternatives.get(key)?.failing.add(arm);
  }

  /**
   * The layer's parts. Parts made in undecided `if`/`case` arms become one part per group: a range
   * from the smallest to the largest arm (an arm that fails the build with `exit 1` is not one).
   */
  parts(): SizePart[] {
    const all = [...this.entries.map((e) => e.part), ...this.extraParts];
    if (!this.alternativesMade?.size) return all;
    const out: SizePart[] = [];
    const byGroup = new Map<string, Map<number, SizePart[]>>();
    for (const p of all) {
      const a = this.armOfPart.get(p);
      if (!a || !this.alternatives.has(a.key)) {
        out.push(p);
        continue;
      }
      const arms = byGroup.get(a.key) ?? new Map<number, SizePart[]>();
      arms.set(a.arm, [...(arms.get(a.arm) ?? []), p]);
      byGroup.set(a.key, arms);
    }
    for (const [key, arms] of byGroup) {
      const info = this.alternatives.get(key)!;
      const totals: { bytes: number; low: number; high: number; compressed: number; unknown: boolean }[] = [];
      for (let i = 0; i < Math.max(info.arms, ...[...arms.keys()].map((k) => k + 1)); i++) {
        if (info.failing.has(i)) continue;
        const ps = arms.get(i) ?? [];
        totals.push({
          bytes: ps.reduce((n, p) => n + p.bytes, 0),
          low: ps.reduce((n, p) => n + p.low, 0),
          high: ps.reduce((n, p) => n + p.high, 0),
          compressed: ps.reduce((n, p) => n + p.compressedBytes, 0),
          unknown: ps.some((p) => p.unknown),
        });
      }
      if (!totals.length) continue;
      const largest = totals.reduce((a, b) => (b.high > a.high ? b : a));
      const low = Math.min(...totals.map((t) => t.low));
      const names = [...arms.values()].flat().map((p) => p.label);
      const shown = names.slice(0, 2).join(' / ') + (names.length > 2 ? ' / …' : '');
      out.push(
        part({
          label: `one of ${totals.length} branches of \`${info.label}\`: ${shown}`,
          bytes: largest.bytes,
          low,
          high: largest.high,
          compressedBytes: largest.compressed,
          confidence: 'low',
          source: 'only one branch runs, which one is not known before the build: the smallest to the largest branch',
        }),
      );
      if (totals.some((t) => t.unknown)) out.push(unknownPart(`unknown output in a branch of \`${info.label}\``, 'a branch writes files whose size is not known before the build'));
    }
    return out;
  }

  note(text: string): void {
    this.facts.notes.push(text);
  }
}

/**
 * `[ -n X ]`, `[ -z X ]`, `[ X = Y ]`, `[ X != Y ]` (and `test …`) on words without unknown
 * expansions: true/false; anything else (file tests, `!`, unknown words): undefined.
 */
export function evaluateTest(cmd: ShellCommand): boolean | undefined {
  if (cmd.inCondition && cmd.connector === '|') return undefined;
  let words = cmd.argv.map((w) => w.value);
  if (cmd.name === '[' || cmd.name === '[[') {
    if (words[words.length - 1] !== (cmd.name === '[' ? ']' : ']]')) return undefined;
    words = words.slice(1, -1);
  } else if (cmd.name === 'test') words = words.slice(1);
  else return undefined;
  if (cmd.argv.some((w) => /[$`]/.test(w.value))) return undefined;
  if (words.length === 2 && words[0] === '-n') return words[1] !== '';
  if (words.length === 2 && words[0] === '-z') return words[1] === '';
  if (words.length === 3 && (words[1] === '=' || words[1] === '==')) return words[0] === words[2];
  if (words.length === 3 && words[1] === '!=') return words[0] !== words[2];
  return undefined;
}

/** uname -m / dpkg / apk names of the platform's architecture. */
const ARCH_NAMES: Record<string, { dpkg: string; uname: string; apk: string }> = {
  amd64: { dpkg: 'amd64', uname: 'x86_64', apk: 'x86_64' },
  arm64: { dpkg: 'arm64', uname: 'aarch64', apk: 'aarch64' },
  'arm/v7': { dpkg: 'armhf', uname: 'armv7l', apk: 'armv7' },
  'arm/v6': { dpkg: 'armel', uname: 'armv6l', apk: 'armhf' },
  '386': { dpkg: 'i386', uname: 'i686', apk: 'x86' },
  ppc64le: { dpkg: 'ppc64el', uname: 'ppc64le', apk: 'ppc64le' },
  s390x: { dpkg: 's390x', uname: 's390x', apk: 's390x' },
  riscv64: { dpkg: 'riscv64', uname: 'riscv64', apk: 'riscv64' },
};

/**
 * The output of a command substitution that only the target platform decides: `dpkg
 * --print-architecture` (also piped through docker-library's `awk -F- '{ print $NF }'`), `uname -m`,
 * `arch`, `apk --print-arch`. Anything else: undefined.
 */
export function platformCommandOutput(command: string, platform: string): string | undefined {
  const [, arch = 'amd64', variant] = platform.split('/');
  const names = ARCH_NAMES[arch === 'arm' ? `arm/${variant ?? 'v7'}` : arch.replace(/\/v8$/, '')];
  if (!names) return undefined;
  const c = command.trim().replace(/\s*\|\s*awk -F- '\{ ?print \$NF ?\}'\s*$/, '').replace(/\s+/g, ' ');
  if (/^dpkg --print-architecture$/.test(c)) return names.dpkg;
  if (/^(uname -m|arch)$/.test(c)) return names.uname;
  if (/^apk --print-arch$/.test(c)) return names.apk;
  return undefined;
}

/** Shrinks a part in place when some of what it counted was removed in the same RUN. */
export function scalePart(p: SizePart, ratio: number): void {
  p.bytes = Math.round(p.bytes * ratio);
  p.low = Math.round(p.low * ratio);
  p.high = Math.round(p.high * ratio);
  p.compressedBytes = Math.round(p.compressedBytes * ratio);
}
