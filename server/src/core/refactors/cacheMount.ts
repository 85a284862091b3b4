/**
 * "Add BuildKit cache mount": `RUN --mount=type=cache,target=…` for the package managers and build
 * tools a RUN uses, with the cache path of the user in effect (USER/HOME/…_CACHE_DIR), dropping the
 * cleanup the mount makes pointless (as Docker's own docs show) and adding
 * `# syntax=docker/dockerfile:1` when the file has no syntax directive.
 */
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { isRubyImage } from '../model/estimators/gem';
import { nodeCacheDir, nodeInstall } from '../model/estimators/node';
import { pipArgs, pipCacheDir, pipInvocation } from '../model/estimators/pip';
import { formatBytes } from '../model/format';
import { covers, resolvePath } from '../model/paths';
import type { LayerModel, SizeModel } from '../model/types';
import { earlierInStageChain, type ParsedDockerfile, type ParsedInstruction } from '../parse/dockerfile';
import { parseArgs, type ShellCommand, type ShellWord } from '../parse/shell';
import type { TextEdit } from '../rules/types';
import { isRefusal, type RefactorOutcome } from './mergeRuns';
import { fileStyle, parseAlone } from './style';
import { laterListReaders } from '../rules/apt-lists-kept';

export interface CacheTarget {
  path: string;
  locked: boolean;
}

export interface CacheNeed {
  manager: string;
  command: ShellCommand;
  /** Every target the manager wants mounted. */
  targets: CacheTarget[];
  /** Those not mounted yet. */
  missing: CacheTarget[];
}

interface Env {
  home: string;
  workdir: string;
  get(name: string): string | undefined;
}

const APT_SUBS = new Set(['install', 'update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'reinstall']);
const APK_SUBS = new Set(['add', 'update', 'upgrade', 'fix']);
const GO_SUBS = new Set(['build', 'install', 'get', 'test', 'run', 'generate', 'mod', 'vet']);
const CARGO_SUBS = new Set(['build', 'install', 'fetch', 'test', 'run', 'check', 'doc', 'vendor']);
// create-project installs the new project's dependencies as install does.
const COMPOSER_SUBS = new Set(['install', 'update', 'require', 'create-project']);

function envFor(layer: LayerModel | undefined, cmd: ShellCommand): Env {
  // The command's own `VAR=value` words, when it has any (most have none: no map for those).
  let local: Map<string, string> | undefined;
  for (const a of cmd.assignments) {
    const eq = a.value.indexOf('=');
    if (eq > 0) (local ??= new Map()).set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  const env = layer?.env;
  const get = (n: string) => local?.get(n) ?? env?.get(n) ?? undefined;
  return { home: get('HOME') || layer?.home || '/root', workdir: layer?.workdir ?? '/', get };
}

function baseImage(model: SizeModel | undefined, instr: ParsedInstruction): string {
  return model?.stages[instr.stageIndex]?.parsed.resolvedImage.toLowerCase() ?? '';
}

/** What a command wants cached, or undefined. Paths are absolute. */
function needsOf(cmd: ShellCommand, e: Env, image: string): { manager: string; targets: CacheTarget[] } | undefined {
  const t = (path: string, locked = false): CacheTarget => ({ path: resolvePath(path, '/', e.home), locked });
  if (isApt(cmd) && cmd.name !== 'aptitude') {
    if (!APT_SUBS.has(aptSubcommand(cmd).sub)) return undefined;
    // Only the lists of /var/lib/apt: its extended_states (which packages were installed automatically)
    // must stay in the image, or a later `apt-get autoremove` keeps what it should remove.
    return { manager: 'apt', targets: [t('/var/cache/apt', true), t('/var/lib/apt/lists', true)] };
  }
  if (cmd.name === 'apk') {
    const sub = parseArgs(cmd.argv, new Set(['X', 'repository', 'p', 'root', 't', 'virtual', 'cache-dir', 'arch'])).operands[0]?.value ?? '';
    if (!APK_SUBS.has(sub)) return undefined;
    return { manager: 'apk', targets: [t('/var/cache/apk', true)] };
  }
  const pip = pipInvocation(cmd);
  if (pip && pip.tool !== 'pipenv') {
    const sub = pipArgs(pip.argv).operands[0]?.value ?? '';
    if (!['install', 'sync', 'add', 'lock', 'download', 'wheel'].includes(sub)) return undefined;
    return { manager: pip.tool, targets: [t(pipCacheDir(pip.tool, e.home, { get: e.get } as unknown as ReadonlyMap<string, string>))] };
  }
  const node = nodeInstall(cmd);
  if (node) return { manager: node.manager, targets: [t(nodeCacheDir(node.manager, e.home, { get: e.get } as unknown as ReadonlyMap<string, string>))] };
  const sub = cmd.argv[1]?.value ?? '';
  if (cmd.name === 'go' && GO_SUBS.has(sub)) {
    const gopath = e.get('GOPATH') ?? (image.startsWith('golang') || image.includes('/golang') ? '/go' : `${e.home}/go`);
    return { manager: 'go', targets: [t(e.get('GOCACHE') ?? `${e.home}/.cache/go-build`), t(e.get('GOMODCACHE') ?? `${gopath}/pkg/mod`)] };
  }
  if (cmd.name === 'cargo' && CARGO_SUBS.has(sub)) {
    const home = e.get('CARGO_HOME') ?? (image.startsWith('rust') || image.includes('/rust') ? '/usr/local/cargo' : `${e.home}/.cargo`);
    return { manager: 'cargo', targets: [t(`${home}/registry`), t(`${home}/git`)] };
  }
  // The local repository only: a mount on all of ~/.m2 hides a settings.xml an earlier layer put there (mirrors,
  // credentials), and mvn then cannot resolve its plugins (test/builds r-maven-repo-kept, built 2026-12-06).
  if (cmd.name === 'mvn' || cmd.name === 'mvnw') return { manager: 'maven', targets: [t(`${e.home}/.m2/repository`)] };
  if (cmd.name === 'gradle' || cmd.name === 'gradlew') return { manager: 'gradle', targets: [t(`${e.get('GRADLE_USER_HOME') ?? `${e.home}/.gradle`}/caches`)] };
  if (cmd.name === 'ccache' || [...cmd.assignments, ...cmd.argv].some((w) => /(LAUNCHER|^CC|^CXX|_CC|_CXX)=\S*ccache/.test(w.value))) {
    return { manager: 'ccache', targets: [t(e.get('CCACHE_DIR') ?? `${e.home}/.cache/ccache`)] };
  }
  if (cmd.name === 'composer' && COMPOSER_SUBS.has(sub)) {
    const dir = e.get('COMPOSER_CACHE_DIR') ?? (e.get('COMPOSER_HOME') ? `${e.get('COMPOSER_HOME')}/cache` : `${e.home}/.cache/composer`);
    return { manager: 'composer', targets: [t(dir)] };
  }
  if ((cmd.name === 'bundle' || cmd.name === 'bundler') && (sub === 'install' || sub === '')) {
    const cache = bundlerCacheDir(cmd, e, image);
    return cache ? { manager: 'bundler', targets: [t(cache)] } : undefined;
  }
  return undefined;
}

const truthy = (v: string | undefined) => v !== undefined && !/^(|0|false|no)$/i.test(v);

/**
 * Where `bundle install` keeps the .gem files it downloads. Into system gems (no path set): $GEM_HOME/cache, which
 * the official ruby images set to /usr/local/bundle. With a path (BUNDLE_PATH, `--path`, or deployment mode's
 * vendor/bundle), bundler installs under <path>/ruby/<ABI version>/ and keeps the cache there: Rails' generated
 * Dockerfile removes `"${BUNDLE_PATH}"/ruby/*\/cache`. Undefined when the place is not known (a path with a Ruby
 * version the image does not say, or system gems on a base whose GEM_HOME is not known): no finding beats a wrong one.
 */
function bundlerCacheDir(cmd: ShellCommand, e: Env, image: string): string | undefined {
  const words = cmd.argv.map((w) => w.value);
  const flagAt = words.indexOf('--path');
  const flagPath = flagAt > 0 ? words[flagAt + 1] : words.find((w) => w.startsWith('--path='))?.slice('--path='.length);
  const system = words.includes('--system') || truthy(e.get('BUNDLE_PATH__SYSTEM')) || truthy(e.get('BUNDLE_SYSTEM'));
  const deployment = words.includes('--deployment') || truthy(e.get('BUNDLE_DEPLOYMENT'));
  const path = flagPath ?? e.get('BUNDLE_PATH') ?? (deployment ? 'vendor/bundle' : undefined);
  const rubyImage = isRubyImage(image);
  if (path && !system) {
    const abi = /(?:^|\/)ruby:(\d+)\.(\d+)/.exec(image);
    return abi && !path.includes('$') ? resolvePath(`${path}/ruby/${abi[1]}.${abi[2]}.0/cache`, e.workdir, e.home) : undefined;
  }
  const gemHome = e.get('GEM_HOME') ?? (rubyImage ? '/usr/local/bundle' : undefined);
  return gemHome && !gemHome.includes('$') ? `${gemHome}/cache` : undefined;
}

/**
 * A `bundle config` of path, deployment or system before this install (in the stage, a stage it is built FROM, or
 * earlier in the RUN) moves the cache to a place the environment does not say: not guessed.
 */
function bundlerConfigured(model: SizeModel | undefined, instr: ParsedInstruction, cmd: ShellCommand): boolean {
  const setsPath = (c: ShellCommand) =>
    (c.name === 'bundle' || c.name === 'bundler') && c.argv[1]?.value === 'config' && c.argv.some((w) => /^(path|deployment|system)$|^BUNDLE_(PATH|DEPLOYMENT|SYSTEM)/i.test(w.value));
  const cmds = instr.shell?.commands ?? [];
  if (cmds.slice(0, cmds.indexOf(cmd)).some(setsPath)) return true;
  if (!model) return false;
  return earlierInStageChain(model.parsed, instr).some((i) => i.keyword === 'RUN' && !i.onbuild && !!i.shell?.commands.some(setsPath));
}

/** The cache targets this RUN already mounts. */
function mountedTargets(instr: ParsedInstruction, layer: LayerModel | undefined): string[] {
  const out: string[] = [];
  for (const f of instr.flags) {
    if (f.name !== 'mount' || (f.options.type ?? 'bind') !== 'cache') continue;
    const target = f.options.target ?? f.options.dst ?? f.options.destination;
    if (target) out.push(resolvePath(target, layer?.workdir ?? '/', layer?.home ?? '/root'));
  }
  return out;
}

/**
 * What each package manager of a RUN would like mounted as a cache (one entry per manager). Made once
 * per RUN and model: ten rules ask it of every RUN. The result is shared: read it, do not change it.
 */
export function cacheNeeds(model: SizeModel | undefined, instr: ParsedInstruction): readonly CacheNeed[] {
  // An instruction of the model's own parse: by its position, in one array per model (an entry per RUN of a WeakMap
  // was a memo object and an ephemeron each, kept as long as the parse).
  if (model && model.parsed.instructions[instr.index] === instr) {
    let byIndex = NEEDS_BY_INDEX.get(model);
    if (!byIndex) NEEDS_BY_INDEX.set(model, (byIndex = new Array<readonly CacheNeed[] | undefined>(model.parsed.instructions.length).fill(undefined)));
    let needs = byIndex[instr.index];
    if (!needs) byIndex[instr.index] = needs = computeCacheNeeds(model, instr);
    return needs;
  }
  const memo = NEEDS.get(instr);
  if (memo && memo.model === model) return memo.needs;
  const needs = computeCacheNeeds(model, instr);
  NEEDS.set(instr, { model, needs });
  return needs;
}

const NEEDS = new WeakMap<ParsedInstruction, { model: SizeModel | undefined; needs: readonly CacheNeed[] }>();
const NEEDS_BY_INDEX = new WeakMap<SizeModel, (readonly CacheNeed[] | undefined)[]>();

function computeCacheNeeds(model: SizeModel | undefined, instr: ParsedInstruction): CacheNeed[] {
  if (instr.keyword !== 'RUN' || instr.onbuild || !instr.shell) return [];
  const layer = model?.layers.get(instr.index);
  const mounted = mountedTargets(instr, layer);
  const image = baseImage(model, instr);
  const byManager = new Map<string, CacheNeed>();
  for (const cmd of instr.shell.commands) {
    const n = needsOf(cmd, envFor(layer, cmd), image);
    if (!n) continue;
    if (n.manager === 'bundler' && bundlerConfigured(model, instr, cmd)) continue;
    const missing = n.targets.filter((x) => !mounted.some((m) => x.path === m || x.path.startsWith(m + '/')));
    const prev = byManager.get(n.manager);
    if (prev) {
      for (const m of missing) if (!prev.missing.some((p) => p.path === m.path)) prev.missing.push(m);
      continue;
    }
    byManager.set(n.manager, { manager: n.manager, command: cmd, targets: n.targets, missing });
  }
  return [...byManager.values()];
}

/** Text between two offsets once continuations are gone: what joins two commands. */
function joinerBetween(text: string, from: number, to: number, escape: string): string {
  return text
    .slice(from, to)
    .split(/\r?\n/)
    .map((l) => (l.trimStart().startsWith('#') ? '' : l))
    .join('\n')
    .replace(new RegExp(`\\${escape}[ \\t]*\\n`, 'g'), ' ')
    .trim();
}

/** Edits that delete whole commands (with the operator joining them), or undefined if that is not clean. */
function removeCommands(text: string, escape: string, top: ShellCommand[], drop: Set<ShellCommand>): TextEdit[] | undefined {
  if (!top.some((c) => !drop.has(c))) return undefined;
  const joinOk = (from: number, to: number) => /^(&&|;)?$/.test(joinerBetween(text, from, to, escape));
  const edits: TextEdit[] = [];
  for (const c of drop) {
    const i = top.indexOf(c);
    if (c.depth !== 0 || c.conditional || c.inCondition) return undefined;
    const next = top[i + 1];
    if (next && ['|', '||', '&'].includes(next.connector ?? '')) return undefined;
    const leading = !top.slice(0, i).some((x) => !drop.has(x));
    if (!leading) {
      // ` && rm -rf …`: from the end of the command before it.
      if (!['&&', ';', '\n'].includes(c.connector ?? '') || !joinOk(top[i - 1].end, c.start)) return undefined;
      edits.push({ start: top[i - 1].end, end: c.end, newText: '' });
    } else {
      // `rm -rf … && ` at the start: up to the next command.
      if (!next || !['&&', ';', '\n'].includes(next.connector ?? '') || !joinOk(c.end, next.start)) return undefined;
      edits.push({ start: c.start, end: next.start, newText: '' });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  const merged: TextEdit[] = [];
  for (const e of edits) {
    const last = merged[merged.length - 1];
    if (last && e.start <= last.end) last.end = Math.max(last.end, e.end);
    else merged.push({ ...e });
  }
  return merged;
}

function removeWord(argv: ShellWord[], w: ShellWord): TextEdit {
  const i = argv.indexOf(w);
  const prev = argv[i - 1];
  return { start: prev ? prev.end : w.start, end: prev ? w.end : argv[i + 1]?.start ?? w.end, newText: '' };
}

function cleansCache(cmd: ShellCommand, targets: CacheTarget[], e: Env): boolean {
  const sub = cmd.argv[1]?.value;
  if ((cmd.name === 'apt-get' || cmd.name === 'apt') && (sub === 'clean' || sub === 'dist-clean' || sub === 'autoclean')) return true;
  if (cmd.name === 'npm' && sub === 'cache' && cmd.argv[2]?.value === 'clean') return true;
  if (cmd.name === 'yarn' && sub === 'cache' && cmd.argv[2]?.value === 'clean') return true;
  if (cmd.name === 'pnpm' && sub === 'store' && cmd.argv[2]?.value === 'prune') return true;
  if (/^pip3?$/.test(cmd.name) && sub === 'cache' && ['purge', 'remove'].includes(cmd.argv[2]?.value ?? '')) return true;
  if (cmd.name === 'uv' && sub === 'cache' && ['clean', 'prune'].includes(cmd.argv[2]?.value ?? '')) return true;
  if (cmd.name === 'rm' && !cmd.redirects.length) {
    const operands = cmd.argv.slice(1).filter((w) => !w.value.startsWith('-'));
    if (!operands.length || operands.some((w) => w.value.includes('$') && !/^\$\{?HOME\}?/.test(w.value))) return false;
    return operands.every((w) => {
      const p = resolvePath(w.value, '/', e.home);
      return targets.map((x) => x.path).some((root) => p === root || covers(root, p) || p.startsWith(root + '/'));
    });
  }
  return false;
}

export interface CacheMountOptions {
  /** Only these managers (default: every manager the RUN uses that is not mounted yet). */
  managers?: string[];
}

/** The edits that add cache mounts to one RUN. */
export function addCacheMount(parsed: ParsedDockerfile, model: SizeModel | undefined, instr: ParsedInstruction, options: CacheMountOptions = {}): RefactorOutcome {
  if (instr.keyword !== 'RUN') return { refused: 'not a RUN' };
  if (instr.onbuild) return { refused: 'ONBUILD RUN' };
  const needs = cacheNeeds(model, instr).filter((n) => n.missing.length && (!options.managers || options.managers.includes(n.manager)));
  if (!needs.length) return { refused: 'no package manager here without a cache mount' };
  const { text } = parsed;
  const style = fileStyle(parsed);
  const layer = model?.layers.get(instr.index);
  const targets: CacheTarget[] = [];
  for (const n of needs) for (const m of n.missing) if (!targets.some((x) => x.path === m.path)) targets.push(m);
  const mounts = targets.map((x) => `--mount=type=cache,target=${x.path}${x.locked ? ',sharing=locked' : ''}`);

  const canEditShell = !instr.execForm && !instr.heredocs.length && !!instr.shell;
  const commands = instr.shell?.commands ?? [];
  const managers = needs.map((n) => n.manager);
  const family = model?.stages[instr.stageIndex]?.base.family;
  // Official Debian/Ubuntu images delete downloaded .debs after every install (docker-clean). Docker's docs
  // delete that file, but the deletion would stay in the image: later installs (and child images) would keep
  // their .debs. apt offers no way to turn it off for one command, so it stays: the mount keeps the lists.
  const aptNote = managers.includes('apt') && (family === 'debian' || family === 'ubuntu') && !mentionsDockerCleanBefore(parsed, instr.end) ? ' (the package lists; the image\'s docker-clean still deletes downloaded .debs)' : '';
  if (managers.includes('apt')) {
    // Lists in a cache mount are not in the image: a later RUN that installs without its own update would fail.
    const readers = laterListReaders(parsed, instr);
    if (readers.length) return { refused: `the RUN on line ${readers[0].instr.line + 1} installs from the package lists this RUN leaves in the image` };
  }

  const shellEdits: TextEdit[] = [];
  if (canEditShell) {
    const drop = new Set<ShellCommand>();
    for (const c of commands) {
      if (cleansCache(c, needs.flatMap((n) => n.targets), envFor(layer, c))) drop.add(c);
    }
    if (drop.size) {
      const removals = removeCommands(text, style.escape, commands, drop);
      if (removals) shellEdits.push(...removals);
    }
    for (const c of commands) {
      if (drop.has(c)) continue;
      const pip = pipInvocation(c);
      if (pip?.tool === 'pip' && managers.includes('pip')) {
        for (const w of c.argv) if (w.value === '--no-cache-dir') shellEdits.push(removeWord(c.argv, w));
      }
      if (pip?.tool === 'uv' && managers.includes('uv')) {
        for (const w of c.argv) if (w.value === '--no-cache') shellEdits.push(removeWord(c.argv, w));
        const env = envFor(layer, c);
        if (!env.get('UV_LINK_MODE')) shellEdits.push({ start: c.start, end: c.start, newText: 'UV_LINK_MODE=copy ' });
      }
      if (c.name === 'apk' && managers.includes('apk')) {
        const hasUpdate = c.argv.some((w) => w.value === '--update-cache' || w.value === '-U' || w.value === '--update');
        for (const w of c.argv) {
          if (w.value !== '--no-cache') continue;
          // --no-cache also fetched the index: keep that part, so `apk add` still finds packages.
          shellEdits.push(hasUpdate ? removeWord(c.argv, w) : { start: w.start, end: w.end, newText: '--update-cache' });
        }
      }
    }
  }
  const top = syntaxLineAt(parsed);
  if (top === undefined) return { refused: 'no line to put the `# syntax=` directive on after the existing directives' };
  const syntax = parsed.directives.some((d) => d.name === 'syntax') ? undefined : { start: top, end: top, newText: `# syntax=docker/dockerfile:1${style.eol}` };
  const build = (withShell: boolean): TextEdit[] => {
    const out: TextEdit[] = [];
    if (syntax) out.push(syntax);
    const lead =
      mounts.length > 1
        ? mounts.map((m) => `${m} ${style.escape}${style.eol}${style.indent}`).join('')
        : `${mounts[0]} `;
    const firstShellEdit = withShell ? shellEdits.find((e) => e.start === instr.argsStart && e.end === instr.argsStart) : undefined;
    out.push({ start: instr.argsStart, end: instr.argsStart, newText: lead + (firstShellEdit?.newText ?? '') });
    if (withShell) out.push(...shellEdits.filter((e) => e !== firstShellEdit));
    return out;
  };
  const saved = savings(layer, managers);
  const title = `Add BuildKit cache mount for ${managers.join(', ')}${aptNote}${saved ? ` (saves ~${formatBytes(saved)})` : ''}`;
  for (const withShell of [true, false]) {
    const candidate = build(withShell);
    if (checkEdit(parsed, instr, candidate)) return { title, edits: candidate };
  }
  return { refused: 'the edited RUN would not parse the same' };
}

/** Does `docker-clean` appear in the file before `end`? (Its first occurrence, found once per parse.) */
const DOCKER_CLEAN = new WeakMap<ParsedDockerfile, number>();
function mentionsDockerCleanBefore(parsed: ParsedDockerfile, end: number): boolean {
  let at = DOCKER_CLEAN.get(parsed);
  if (at === undefined) DOCKER_CLEAN.set(parsed, (at = parsed.text.indexOf('docker-clean')));
  return at >= 0 && at + 'docker-clean'.length <= end;
}

function savings(layer: LayerModel | undefined, managers: string[]): number {
  if (!layer) return 0;
  let bytes = 0;
  for (const c of layer.facts.caches) if (!c.avoided && !c.unknown && managers.includes(c.manager)) bytes += c.bytes;
  if (managers.includes('apt')) bytes += layer.created.filter((e) => e.kind === 'apt-lists' && !e.unknown).reduce((n, e) => n + e.bytes, 0);
  return bytes;
}

/**
 * Where a new `# syntax=` line goes: after the existing parser directives, and after a byte-order mark.
 * Before the BOM, the BOM would be left in front of FROM ("no FROM statement found"). Before `# escape=`,
 * a parser that does not know `syntax` (buildah's) reads it as a comment and stops looking for
 * directives, so the escape directive would be lost. undefined: the last directive ends the file.
 */
function syntaxLineAt(parsed: ParsedDockerfile): number | undefined {
  const last = parsed.directives.reduce((n, d) => Math.max(n, d.line), -1);
  if (last < 0) return parsed.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return parsed.lineStarts[last + 1];
}

function checkEdit(parsed: ParsedDockerfile, instr: ParsedInstruction, edits: TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let k = 1; k < sorted.length; k++) if (sorted[k].end > sorted[k - 1].start && !(sorted[k].start === sorted[k].end && sorted[k - 1].start === sorted[k].end)) return false;
  // Edits are inside the RUN, plus at most a `# syntax=` line inserted among the directives (syntaxLineAt).
  const inside = sorted.filter((e) => e.start >= instr.start && e.end <= instr.end);
  const header = sorted.filter((e) => !inside.includes(e));
  const top = syntaxLineAt(parsed);
  if (header.some((e) => e.start !== top || e.end !== top || !/^#\s*syntax=/.test(e.newText))) return false;
  let out = parsed.text.slice(instr.start, instr.end);
  for (const e of inside) out = out.slice(0, e.start - instr.start) + e.newText + out.slice(e.end - instr.start);
  // The edited RUN must not swallow the next line.
  if (out.trimEnd().endsWith(parsed.escapeChar)) return false;
  const re = parseAlone(parsed, out);
  if (re.instructions.length !== 1) return false;
  const r = re.instructions[0];
  if (!r || r.keyword !== 'RUN' || !r.flags.some((f) => f.name === 'mount')) return false;
  if ((r.shell?.problems.length ?? 0) > (instr.shell?.problems.length ?? 0)) return false;
  return re.escapeChar === parsed.escapeChar;
}

/** The cache-mount refactor for every RUN a range touches. */
export function cacheMountsAt(parsed: ParsedDockerfile, model: SizeModel | undefined, start: number, end: number): { instr: ParsedInstruction; title: string; edits: TextEdit[] }[] {
  const out: { instr: ParsedInstruction; title: string; edits: TextEdit[] }[] = [];
  for (const instr of parsed.instructions) {
    if (instr.keyword !== 'RUN' || instr.start > end || instr.end < start) continue;
    const r = addCacheMount(parsed, model, instr);
    if (!isRefusal(r)) out.push({ instr, ...r });
  }
  return out;
}
