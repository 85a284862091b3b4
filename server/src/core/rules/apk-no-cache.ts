// Rule: apk-no-cache
// `apk add` without --no-cache (and no `rm -rf /var/cache/apk/*` after it, no cache mount) leaves the
// package index in /var/cache/apk in the layer.
import { apkArgs } from '../model/estimators/apk';
import { factWaste, forEachKeptCache, insertAfter, quickfix, sizeText } from './cacheRuleHelpers';
import type { Rule, RuleContext } from './types';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { removeCommandEdit } from './layerHelpers';

export const apkNoCache: Rule = {
  meta: {
    id: 'apk-no-cache',
    defaultSeverity: 'warning',
    description: 'apk add without --no-cache keeps the package index in /var/cache/apk in the layer.',
    hadolint: 'DL3019',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const reported = new Set<ParsedInstruction>();
    forEachKeptCache(ctx, ['apk'], (instr, fact, view) => {
      const sub = apkArgs(fact.command).operands[0];
      const cmds = instr.shell?.commands ?? [];
      if (sub?.value === 'update') {
        // One index, one finding: an `apk add` of this RUN without --no-cache reports it (and its fix covers it). An add of
        // a later RUN that reads the index (no --no-cache, no -U) needs it: not waste then.
        if (view.facts.caches.some((f) => f !== fact && f.manager === 'apk' && !f.avoided && apkArgs(f.command).operands[0]?.value === 'add')) return;
        if (readsIndexLater(ctx, instr, fact.command)) return;
        if (reported.has(instr)) return;
        reported.add(instr);
        ctx.report({
          instruction: instr,
          start: fact.command.start,
          end: fact.command.end,
          message: `apk update writes the package index (${sizeText(fact)}) to /var/cache/apk in this layer, and \`apk add --no-cache\` does not remove it; drop \`apk update\` (\`apk add --no-cache\` reads a fresh index) or remove /var/cache/apk/* in the same RUN.`,
          waste: factWaste(fact),
          fixes: quickfix('Remove `apk update` (apk add --no-cache reads a fresh index)', [removeCommandEdit(ctx.parsed.text, instr, fact.command)]),
        });
        return;
      }
      // An `apk update` before this add in the same RUN keeps an index of its own: with --no-cache here, it goes too,
      // unless a later add reads it.
      const at = cmds.indexOf(fact.command);
      const updates = cmds.slice(0, Math.max(0, at)).filter((c) => c.name === 'apk' && apkArgs(c).operands[0]?.value === 'update' && !apkArgs(c).flags.has('no-cache'));
      const dropUpdates = updates.length > 0 && !readsIndexLater(ctx, instr, fact.command);
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `apk add keeps its package index (${sizeText(fact)}) in /var/cache/apk in this layer; add --no-cache${dropUpdates ? ' (and drop the `apk update` before it)' : ''}.`,
        waste: factWaste(fact),
        fixes: dropUpdates
          ? quickfix('Add --no-cache and remove `apk update`', [insertAfter(instr, sub, '--no-cache'), ...updates.map((c) => removeCommandEdit(ctx.parsed.text, instr, c))])
          : quickfix('Add --no-cache', [insertAfter(instr, sub, '--no-cache')]),
      });
    });
  },
};

/** Does an `apk add` after `cmd` (later in its RUN, or a later RUN of the stage) read the cached index (no --no-cache, no -U)? */
function readsIndexLater(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand): boolean {
  const plainAdd = (c: ShellCommand) => {
    if (c.name !== 'apk') return false;
    const a = apkArgs(c);
    return a.operands[0]?.value === 'add' && !['no-cache', 'no-network', 'U', 'update-cache'].some((f) => a.flags.has(f));
  };
  const own = instr.shell?.commands ?? [];
  if (own.slice(own.indexOf(cmd) + 1).some(plainAdd)) return true;
  return ctx.parsed.instructions.some((i) => i.index > instr.index && i.stageIndex === instr.stageIndex && i.keyword === 'RUN' && (i.shell?.commands ?? []).some(plainAdd));
}
