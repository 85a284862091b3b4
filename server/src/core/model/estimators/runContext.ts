/** The state one RUN works on: what it creates, cleans, and touches of earlier layers. */
import type { ParsedInstruction } from '../../parse/dockerfile';
import type { ShellCommand } from '../../parse/shell';
import { part, unknownPart } from '../estimate';
import type { RemoteEnvironment } from './downloads';
import { covers, isInside, resolvePath } from '../paths';
import type { ContentKind, FsEntry, FsEntryKind, FsTouch, LayerFacts, ModelOptions, OsFamily, SizePart } from '../types';

/** What the stage looks like when an instruction starts: carried from layer to layer, and to child stages. */
export interface StageState {
  family: OsFamily;
  suite?: string;
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
  /** An earlier layer wrote an apt config that turns Install-Recommends off. */
  aptRecommendsOff: boolean;
  env: Map<string, string>;
  user: string;
  workdir: string;
  /** Paths created by earlier layers that are still visible. */
  fs: FsEntry[];
  args: Map<string, string | undefined>;
}

export function cloneState(s: StageState): StageState {
  return { ...s, installed: new Set(s.installed), versions: new Map(s.versions), env: new Map(s.env), fs: [...s.fs], args: new Map(s.args) };
}

export function homeOf(state: { env: ReadonlyMap<string, string>; user: string }): string {
  const explicit = state.env.get('HOME');
  if (explicit) return explicit;
  const user = state.user.split(':')[0];
  return user === '' || user === 'root' || user === '0' ? '/root' : `/home/${user}`;
}

export interface LayerEntry extends FsEntry {
  part: SizePart;
  /** Per-package bytes, so `apt-get purge x` / `apk del .build-deps` can remove some of them. */
  members?: Map<string, number>;
  /** `apk add --virtual NAME`: the group name. */
  group?: string;
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
  file?: boolean;
  command?: ShellCommand;
}

/**
 * Is `target` part of the earlier entry `e`? Package managers record everything they install
 * under one `/usr` entry, but dpkg/apk/rpm never write to /usr/local (pip, npm -g, `make install`
 * and COPY do): a path there is not part of a package entry.
 */
export function isPartOf(target: string, e: FsEntry): boolean {
  if (!isInside(target, e.path)) return false;
  if (e.kind === 'packages' && e.path === '/usr' && (target === '/usr/local' || target.startsWith('/usr/local/') || target.startsWith('/usr/src/'))) return false;
  return true;
}

export class RunContext {
  readonly entries: LayerEntry[] = [];
  readonly cleaned: LayerEntry[] = [];
  readonly touched: FsTouch[] = [];
  readonly extraParts: SizePart[] = [];
  readonly facts: LayerFacts = { apt: [], caches: [], notes: [] };
  /** Markers commands leave for later commands of the same RUN (`apt-mark auto '.*'`). */
  readonly marks = new Set<string>();
  /** Environment for this RUN: the stage's plus `export X=...` seen so far. */
  readonly env: Map<string, string>;
  readonly cacheMounts: string[];
  /** Paths mounted from elsewhere (bind, tmpfs, secret): writes there do not land in the layer. */
  readonly otherMounts: string[];

  constructor(
    readonly state: StageState,
    readonly instruction: ParsedInstruction,
    readonly options: ModelOptions,
  ) {
    this.env = new Map(state.env);
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

  /** `cd` inside the RUN changes where relative paths of later commands point. */
  cwd = '';

  /** Remote sizes for downloads (network look-ups). */
  remote: RemoteEnvironment = {};

  get home(): string {
    return homeOf({ env: this.env, user: this.state.user });
  }

  resolve(p: string): string {
    return resolvePath(p, this.cwd || this.state.workdir, this.home);
  }

  /**
   * Expands `$VAR` / `${VAR}` whose value this RUN knows (ENV, ARG, `export` earlier in the RUN);
   * unknown ones stay as written, so the same word always resolves to the same path (the
   * `curl -O .../node-v$V-linux-$ARCH.tar.xz` ... `rm "node-v$V-linux-$ARCH.tar.xz"` idiom).
   */
  expand(value: string): string {
    return value.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (m, braced, bare) => {
      const name = braced ?? bare;
      if (name === 'HOME') return this.home;
      const v = this.env.get(name) ?? this.state.args.get(name);
      return v === undefined ? m : v;
    });
  }

  /** `expand` then `resolve`: an operand as the command sees it. */
  resolveWord(value: string): string {
    return this.resolve(this.expand(value));
  }

  /** Is `path` (absolute) inside a cache (or other) mount of this RUN, so nothing written there stays? */
  isMounted(path: string): boolean {
    return [...this.cacheMounts, ...this.otherMounts].some((m) => path === m || path.startsWith(m + '/'));
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
      label: e.label,
      createdBy: this.instruction.index,
      unknown: e.unknown,
      part: p,
      members: e.members,
      group: e.group,
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
    const earlier: FsEntry[] = [];
    for (const e of this.state.fs) {
      if (this.touched.some((t) => t.entry === e && t.action === 'delete')) continue;
      if (covers(target, e.path)) {
        this.touched.push({ entry: e, command, action: 'delete', bytes: e.bytes, low: e.low, high: e.high, partial: false });
        earlier.push(e);
      } else if (isPartOf(target, e)) {
        // A file inside the package tree when this RUN installed packages itself (`apk add
        // .build-deps ...; rm -vf /usr/include/iconv.h`): most likely one of its own packages' files,
        // not the earlier layer's; which package owns it is unknown, so do not blame the earlier layer.
        if (e.kind === 'packages' && [...this.entries, ...this.cleaned].some((o) => o.kind === 'packages' && isPartOf(target, o))) continue;
        // Deleting part of an earlier entry: some bytes, we cannot say how many.
        this.touched.push({ entry: e, command, action: 'delete', bytes: 0, low: 0, high: e.high, partial: true });
        earlier.push(e);
      }
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
    for (const e of this.state.fs) {
      // Without -R only the named inode changes: a directory's files are not copied, a file is.
      if (!recursive && !(e.path === target && ((e as LayerEntry).file || e.kind === 'download'))) continue;
      const whole = covers(target, e.path);
      if (!whole && !isPartOf(target, e)) continue;
      if (this.touched.some((t) => t.entry === e)) continue;
      const bytes = whole ? e.bytes : 0;
      this.touched.push({ entry: e, command, action, bytes, low: whole ? e.low : 0, high: e.high, partial: !whole });
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

  parts(): SizePart[] {
    return [...this.entries.map((e) => e.part), ...this.extraParts];
  }

  note(text: string): void {
    this.facts.notes.push(text);
  }
}

/** Shrinks a part in place when some of what it counted was removed in the same RUN. */
export function scalePart(p: SizePart, ratio: number): void {
  p.bytes = Math.round(p.bytes * ratio);
  p.low = Math.round(p.low * ratio);
  p.high = Math.round(p.high * ratio);
  p.compressedBytes = Math.round(p.compressedBytes * ratio);
}
