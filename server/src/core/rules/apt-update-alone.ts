// Rule: apt-update-alone
// `RUN apt-get update` in a RUN without an install after it: the next RUN installs from lists the build
// cache may have frozen long ago (stale or missing packages), and the lists stay in their own layer.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { runInstructions } from './cacheRuleHelpers';
import type { Fix, Rule } from './types';
import { UNKNOWN_WASTE, waste } from './types';
import { formatBytes } from '../model/format';
import type { ParsedDockerfile } from '../parse/dockerfile';
import { laterListReaders } from './apt-lists-kept';
import { commandText, isSetFlags, moveIntoRunEdits, removeCommandEdit, removeInstructionEdit } from './layerHelpers';

/** apt subcommands that read the package lists `apt-get update` downloads. */
const USES_LISTS = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'satisfy', 'download']);

const usesLists = (c: ShellCommand) => isApt(c) && USES_LISTS.has(aptSubcommand(c).sub);
const isUpdate = (c: ShellCommand) => isApt(c) && aptSubcommand(c).sub === 'update';

export const aptUpdateAlone: Rule = {
  meta: {
    id: 'apt-update-alone',
    defaultSeverity: 'warning',
    description: 'apt-get update in a RUN of its own: later installs use lists the build cache may have frozen, and the lists stay in a layer.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const text = ctx.parsed.text;
    for (const instr of runInstructions(ctx)) {
      const cmds = instr.shell?.commands ?? [];
      const k = cmds.findIndex(isUpdate);
      if (k < 0 || cmds.slice(k + 1).some(usesLists)) continue;
      const update = cmds[k];
      const next = ctx.parsed.stages[instr.stageIndex]?.instructions.find(
        (i) => i.index > instr.index && i.keyword === 'RUN' && i.onbuild === instr.onbuild && i.shell?.commands.some(usesLists),
      );
      const lists = ctx.layer(instr)?.created.find((e) => e.kind === 'apt-lists');
      const listsText = lists && !lists.unknown ? ` (≈ ${formatBytes(lists.bytes)} of lists in this layer)` : '';
      ctx.report({
        instruction: instr,
        start: update.start,
        end: update.end,
        message: next
          ? `apt-get update runs in its own RUN${listsText}: when this layer comes from the build cache, the install on line ${next.line + 1} uses stale lists; run it in the same RUN as the install.`
          : `apt-get update runs in a RUN with no install after it${listsText}: the lists are stale for any later install; run it in the same RUN as the install.`,
        waste: lists ? (lists.unknown ? UNKNOWN_WASTE : waste(lists.bytes, lists.low, lists.high)) : undefined,
        fixes: next ? foldInto(text, instr, cmds, update, next) : dropUpdate(ctx.parsed, instr, cmds, update),
      });
    }
  },
};

/**
 * Removes this RUN and prepends the update, as written (`sudo` kept), to the install of the next RUN (only when the
 * RUN does nothing else).
 */
function foldInto(text: string, instr: ParsedInstruction, cmds: ShellCommand[], update: ShellCommand, next: ParsedInstruction): Fix[] {
  const onlyUpdate = cmds.every((c) => isUpdate(c) || isSetFlags(c));
  const install = next.shell?.commands.find(usesLists);
  const edits = onlyUpdate && install ? moveIntoRunEdits(text, instr, update, next, install) : undefined;
  if (!edits) return [];
  const updateText = commandText(update);
  return [
    {
      title: `Move \`${updateText}\` into the RUN on line ${next.line + 1}`,
      edits,
      isPreferred: true,
      kind: 'quickfix',
    },
  ];
}

/**
 * No install reads these lists (not in this stage, not in a stage built on it): the update only adds
 * a layer of lists. Removes the RUN when it only updates, else the update command. (Appending
 * `rm -rf /var/lib/apt/lists/*` instead would leave a pointless update this rule still reports.)
 */
function dropUpdate(parsed: ParsedDockerfile, instr: ParsedInstruction, cmds: ShellCommand[], update: ShellCommand): Fix[] {
  if (instr.execForm || instr.heredocs.length || laterListReaders(parsed, instr).length) return [];
  // Anything after the update in its RUN that may read the lists (apt-cache, a script) keeps it.
  if (cmds.slice(cmds.indexOf(update) + 1).some((c) => c.name === 'apt-cache' || isApt(c))) return [];
  const onlyUpdate = cmds.every((c) => isUpdate(c) || isSetFlags(c));
  const edit = onlyUpdate ? removeInstructionEdit(parsed.text, instr) : removeCommandEdit(parsed.text, instr, update);
  if (!edit) return [];
  const updateText = commandText(update);
  return [
    {
      title: onlyUpdate ? `Remove this RUN: nothing installs from the lists \`${updateText}\` downloads` : `Remove \`${updateText}\`: nothing installs from the lists it downloads`,
      edits: [edit],
      isPreferred: true,
      kind: 'quickfix',
      safety: 'safe',
      assumes: ['no later RUN of this stage or of a stage built on it reads the apt lists'],
    },
  ];
}
