// Rule: rpm-refresh-alone
// `RUN dnf makecache` / `yum makecache` / `zypper refresh` (or `check-update`) in a RUN without an install after it:
// the metadata stays in that layer, and a `dnf clean all` / `zypper clean -a` in the install's RUN cannot remove it.
import { DNF_MANAGERS, isRpmRefresh, RPM_MANAGERS, rpmCacheDirs, rpmSubcommand } from '../model/estimators/rpm';
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { runInstructions, runView, stageRootImage } from './cacheRuleHelpers';
import { commandText, isSetFlags, moveIntoRunEdits, removeCommandEdit, removeInstructionEdit } from './layerHelpers';
import type { Fix, Rule } from './types';
import { UNKNOWN_WASTE } from './types';

/** Which metadata a manager reads: dnf, dnf5, yum (dnf on RHEL 8+), microdnf and tdnf share one family, zypper its own. */
const family = (name: string) => (name === 'zypper' ? 'zypper' : 'dnf');

/** Subcommands that install or query from the repository metadata (the fold's target: the next RUN's install). */
const INSTALLS = new Set([
  'install', 'in', 'reinstall', 'localinstall', 'groupinstall', 'upgrade', 'update', 'up', 'upgrade-minimal', 'update-minimal',
  'downgrade', 'distro-sync', 'dist-upgrade', 'dup', 'builddep', 'download', 'module', 'group', 'groups', 'patch', 'source-install', 'si',
]);

const sameFamily = (c: ShellCommand, name: string) => RPM_MANAGERS.has(c.name) && family(c.name) === family(name);
const installs = (c: ShellCommand, name: string) => sameFamily(c, name) && INSTALLS.has(rpmSubcommand(c));
/** Any command of the family but a clean or another refresh may read the metadata (`dnf list`, `zypper search`, …). */
const reads = (c: ShellCommand, name: string) => sameFamily(c, name) && !isRpmRefresh(c) && !['clean', 'cc'].includes(rpmSubcommand(c));
/** `|| true` / `|| :` after the refresh (check-update exits 100 when updates are available). */
const isOrTrue = (c: ShellCommand) => (c.name === 'true' || c.name === ':') && c.argv.length === 1 && c.connector === '||';

export const rpmRefreshAlone: Rule = {
  meta: {
    id: 'rpm-refresh-alone',
    defaultSeverity: 'warning',
    description: 'dnf/yum makecache or zypper refresh in a RUN of its own: the repository metadata stays in that layer, where a clean in the install\'s RUN cannot remove it.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const text = ctx.parsed.text;
    for (const instr of runInstructions(ctx)) {
      const cmds = instr.shell?.commands ?? [];
      const k = cmds.findIndex((c, i) => isRpmRefresh(c) && !cmds.slice(i + 1).some((d) => reads(d, c.name)));
      if (k < 0) continue;
      const refresh = cmds[k];
      const cache = rpmCacheDirs(refresh.name, stageRootImage(ctx, instr))[0];
      // Cleaned in the same RUN (`&& dnf clean all`, `rm -rf /var/cache/dnf`) or a cache mount: nothing stays.
      if (!runView(ctx, instr)?.created.some((e) => e.kind === 'package-cache' && e.path === cache)) continue;
      const next = ctx.parsed.stages[instr.stageIndex]?.instructions.find(
        (i) => i.index > instr.index && i.keyword === 'RUN' && i.onbuild === instr.onbuild && i.shell?.commands.some((c) => installs(c, refresh.name)),
      );
      const what = `\`${commandText(refresh)}\``;
      const clean = refresh.name === 'zypper' ? 'zypper clean -a' : `${refresh.name} clean all`;
      ctx.report({
        instruction: instr,
        start: refresh.start,
        end: refresh.end,
        message: next
          ? `${what} runs in its own RUN: the repository metadata (size unknown) stays in ${cache} in this layer, where \`${clean}\` in a later RUN cannot remove it, and the install on line ${next.line + 1} reads what the build cache kept; run it in the same RUN as the install.`
          : `${what} runs in a RUN with no install after it: the repository metadata (size unknown) stays in ${cache} in this layer and nothing installs from it.`,
        waste: UNKNOWN_WASTE,
        manager: refresh.name,
        fixes: next ? foldInto(text, instr, cmds, refresh, next) : dropRefresh(ctx.parsed, instr, cmds, refresh),
      });
    }
  },
};

/** The RUN is only the refresh (with `set -eux` before it, and `|| true` after a check-update): what to move. */
function onlyRefresh(cmds: ShellCommand[], refresh: ShellCommand): { orTrue: boolean } | undefined {
  const k = cmds.indexOf(refresh);
  if (!cmds.slice(0, k).every(isSetFlags) || refresh.depth || refresh.conditional || refresh.inCondition || refresh.negated) return undefined;
  const rest = cmds.slice(k + 1);
  if (!rest.length) return { orTrue: false };
  return rest.length === 1 && isOrTrue(rest[0]) && !rest[0].depth ? { orTrue: true } : undefined;
}

/**
 * Removes this RUN and prepends the refresh to the install of the next RUN that installs from its metadata (only when
 * the RUN does nothing else), so the install's own cleanup (`dnf clean all`, `zypper clean -a`) takes the metadata too.
 */
function foldInto(text: string, instr: ParsedInstruction, cmds: ShellCommand[], refresh: ShellCommand, next: ParsedInstruction): Fix[] {
  const only = onlyRefresh(cmds, refresh);
  const install = next.shell?.commands.find((c) => installs(c, refresh.name));
  const edits = only && install ? moveIntoRunEdits(text, instr, refresh, next, install, only.orTrue) : undefined;
  if (!only || !edits) return [];
  const moved = commandText(refresh);
  return [
    {
      title: `Move \`${only.orTrue ? `${moved} || true` : moved}\` into the RUN on line ${next.line + 1}`,
      edits,
      isPreferred: true,
      kind: 'quickfix',
      safety: 'safe',
      assumes: ['the RUN only refreshes the metadata', 'the next RUN of the stage that installs from it is where it is read'],
    },
  ];
}

/**
 * Nothing installs from this metadata (no later RUN of the stage, or of a stage built on it, runs the manager): the
 * refresh only adds a layer. Removes the RUN when it only refreshes, else the refresh command.
 */
function dropRefresh(parsed: ParsedDockerfile, instr: ParsedInstruction, cmds: ShellCommand[], refresh: ShellCommand): Fix[] {
  if (instr.execForm || instr.heredocs.length || laterReaders(parsed, instr, refresh.name)) return [];
  const only = onlyRefresh(cmds, refresh);
  const edit = only ? removeInstructionEdit(parsed.text, instr) : removeCommandEdit(parsed.text, instr, refresh);
  if (!edit) return [];
  const what = only?.orTrue ? `${commandText(refresh)} || true` : commandText(refresh);
  return [
    {
      title: only ? `Remove this RUN: nothing installs from the metadata \`${what}\` downloads` : `Remove \`${what}\`: nothing installs from the metadata it downloads`,
      edits: [edit],
      isPreferred: true,
      kind: 'quickfix',
      safety: 'safe',
      assumes: [`no later RUN of this stage or of a stage built on it runs ${family(refresh.name)}`],
    },
  ];
}

/** A dnf-family command name in an exec-form argument (`dnf5` too: `\bdnf\b` does not match it). */
const DNF_WORD = new RegExp(`\\b(${[...DNF_MANAGERS].join('|')})\\b`);

/** A later RUN of this stage, or of a stage built on it, that runs a manager of the family (or exec form naming one). */
function laterReaders(parsed: ParsedDockerfile, instr: ParsedInstruction, name: string): boolean {
  const stages = new Set([instr.stageIndex]);
  for (const s of parsed.stages) if (s.parentStage !== undefined && stages.has(s.parentStage)) stages.add(s.index);
  const names = family(name) === 'zypper' ? /\bzypper\b/ : DNF_WORD;
  return parsed.instructions.some((later) => {
    if (later.index <= instr.index || later.keyword !== 'RUN' || !stages.has(later.stageIndex)) return false;
    if (later.execForm) return (later.execArgs ?? []).some((a) => names.test(a));
    return (later.shell?.commands ?? []).some((c) => reads(c, name));
  });
}
