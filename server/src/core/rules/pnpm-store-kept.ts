// Rule: pnpm-store-kept
// `pnpm install` / `pnpm add` leaves pnpm's content-addressable store in the layer unless the RUN
// mounts a cache on it or prunes it afterwards.
import { appendCommand, forEachKeptCache, quickfix } from './cacheRuleHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

export const pnpmStoreKept: Rule = {
  meta: {
    id: 'pnpm-store-kept',
    defaultSeverity: 'info',
    description: 'pnpm leaves its package store in the layer unless the RUN mounts a cache on it or prunes it.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['pnpm'], (instr, fact) => {
      // An install links node_modules to the store in the same layer (same file system: hard links, which the layer tar
      // stores once), so the store adds only its index: a hint. An import method of copy makes node_modules a second
      // copy: then the store is real waste (issue 14: collabsheet).
      const words = fact.command.argv.map((w) => w.value);
      const linked = !words.some((w, i) => /^--package-import-method(=|$)/.test(w) && /copy/.test(w.includes('=') ? w : words[i + 1] ?? ''));
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        // node_modules files are hard links into the store (one copy in the layer tar), so the cost is
        // the store's index and whatever is no longer linked: not a number the model can give.
        message: linked
          ? `pnpm leaves its store in ${fact.path} in this layer; its files are hard links of node_modules' own, stored once, so only the store's index is extra (size unknown, little); mount a cache on it or run \`pnpm store prune\`.`
          : `pnpm leaves its store in ${fact.path} in this layer (size unknown: files hard-linked into node_modules are stored once); mount a cache on it or run \`pnpm store prune\`.`,
        waste: UNKNOWN_WASTE,
        ...(linked ? { severity: 'hint' as const } : {}),
        fixes: quickfix('Append `pnpm store prune` to this RUN', [appendCommand(ctx.parsed.text, instr, 'pnpm store prune')]),
      });
    });
  },
};
