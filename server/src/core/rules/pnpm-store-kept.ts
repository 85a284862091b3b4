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
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        // node_modules files are hard links into the store (one copy in the layer tar), so the cost is
        // the store's index and whatever is no longer linked: not a number the model can give.
        message: `pnpm leaves its store in ${fact.path} in this layer (size unknown: files hard-linked into node_modules are stored once); mount a cache on it or run \`pnpm store prune\`.`,
        waste: UNKNOWN_WASTE,
        fixes: quickfix('Append `pnpm store prune` to this RUN', [appendCommand(ctx.parsed.text, instr, 'pnpm store prune')]),
      });
    });
  },
};
