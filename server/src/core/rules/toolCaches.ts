/**
 * Shared by the build-tool cache rules (go-cache-kept, maven-repo-kept, composer-cache-kept,
 * gem-cache-kept): where a tool keeps its downloads (the paths the cache-mount refactor knows, with
 * the user's HOME and the tool's variables), and whether they are still in the layer when the RUN ends.
 */
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { cacheNeeds } from '../refactors/cacheMount';
import { removedLater, runInstructions, runView, stageMatters, type RunView } from './cacheRuleHelpers';
import type { RuleContext } from './types';

export interface KeptToolCache {
  instr: ParsedInstruction;
  /** The first command of the tool in the RUN (where the finding points). */
  command: ShellCommand;
  /** Cache paths still in the layer (not mounted, not removed or cleaned after the tool's last command). */
  paths: string[];
  /** For each path, the index of its target in the tool's cache list (go: 0 build cache, 1 module cache). */
  indexes: number[];
  view: RunView;
}

export interface ToolCacheSpec {
  /** The manager name of the cache-mount refactor: go, maven, composer, bundler. */
  manager: string;
  /** Commands of the tool (the last one is where a cleanup must come after). */
  isTool: (c: ShellCommand) => boolean;
  /** The command fills no cache (a flag or variable turns it off). */
  noCache?: (c: ShellCommand, env: ReadonlyMap<string, string>) => boolean;
  /** A later command of the same RUN that empties the cache (`go clean -modcache`, `composer clear-cache`). */
  cleans?: (c: ShellCommand) => boolean;
  /** A file name of the cache's contents: `rm -rf <cache>/*.gem` empties it too. */
  member?: string;
  /** Paths a cleaning command empties (default: all). */
  cleanedPaths?: (c: ShellCommand, paths: string[]) => string[];
  /**
   * Variables that put the whole cache in a folder of their own (COMPOSER_HOME): a RUN that sets one before the tool
   * and removes `"$VAR"` after it keeps nothing (drupal: `export COMPOSER_HOME="$(mktemp -d)"; …; rm -rf "$COMPOSER_HOME"`).
   */
  homeVars?: string[];
}

export function forEachKeptToolCache(ctx: RuleContext, spec: ToolCacheSpec, found: (kept: KeptToolCache) => void): void {
  const runs = runInstructions(ctx);
  for (let r = 0; r < runs.length; r++) {
    const instr = runs[r]!;
    const need = cacheNeeds(ctx.model, instr).find((n) => n.manager === spec.manager);
    if (!need || !need.missing.length) continue;
    const view = runView(ctx, instr);
    if (!view) continue;
    const cmds = instr.shell?.commands ?? [];
    const tools = cmds.filter(spec.isTool);
    if (!tools.length) continue;
    const env = new Map(view.env);
    const filling = tools.filter((c) => !spec.noCache?.(c, withAssignments(env, c)));
    if (!filling.length) continue;
    const last = filling[filling.length - 1];
    const all = need.targets.map((m) => m.path);
    let paths = need.missing.map((m) => m.path);
    for (const c of cmds.slice(cmds.indexOf(last) + 1)) {
      if (!spec.cleans?.(c)) continue;
      const cleaned = spec.cleanedPaths ? spec.cleanedPaths(c, paths) : paths;
      paths = paths.filter((p) => !cleaned.includes(p));
    }
    if (spec.homeVars && tempHomeRemoved(cmds, last, spec.homeVars)) continue;
    const member = spec.member ?? 'x';
    paths = paths.filter((p) => !removedLater(instr, last, p, view) && !removedLater(instr, last, `${p}/${member}`, view) && stageMatters(ctx, instr, p));
    if (!paths.length) continue;
    found({ instr, command: filling[0], paths, indexes: paths.map((p) => all.indexOf(p)), view });
  }
}

function withAssignments(env: ReadonlyMap<string, string>, c: ShellCommand): Map<string, string> {
  const out = new Map(env);
  for (const a of c.assignments) {
    const eq = a.value.indexOf('=');
    if (eq > 0) out.set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  return out;
}

/** `export VAR=…` (or `VAR=…` alone) before the tool's last command, and `rm -r… "$VAR"` after it. */
function tempHomeRemoved(cmds: ShellCommand[], last: ShellCommand, vars: string[]): boolean {
  const at = cmds.indexOf(last);
  const setBefore = (v: string) =>
    cmds.slice(0, at).some((c) =>
      (c.name === 'export' && c.argv.slice(1).some((w) => w.value.startsWith(`${v}=`))) ||
      (c.argv.length === 0 && c.assignments.some((a) => a.value.startsWith(`${v}=`))),
    );
  const removedAfter = (v: string) =>
    cmds.slice(at + 1).some((c) => {
      if (c.name !== 'rm' || !c.argv.some((w) => /^-[a-zA-Z]*[rR]/.test(w.value) || w.value === '--recursive')) return false;
      return c.argv.slice(1).some((w) => w.raw.replace(/"/g, '') === `$${v}` || w.raw.replace(/"/g, '') === `\${${v}}`);
    });
  return vars.some((v) => setBefore(v) && removedAfter(v));
}
