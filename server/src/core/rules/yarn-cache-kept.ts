// Rule: yarn-cache-kept
// `yarn install` / `yarn add` leaves yarn's cache in the layer (/usr/local/share/.cache/yarn for root)
// unless `yarn cache clean` runs after it in the same RUN or the RUN mounts a cache on it.
import { appendCommand, factWaste, forEachKeptCache, quickfix, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

export const yarnCacheKept: Rule = {
  meta: {
    id: 'yarn-cache-kept',
    defaultSeverity: 'warning',
    description: 'yarn keeps every downloaded package in its cache in the layer unless `yarn cache clean` runs in the same RUN.',
    hadolint: 'DL3060',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['yarn'], (instr, fact) => {
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `yarn keeps its cache (${sizeText(fact)}) in ${fact.path} in this layer; run \`yarn cache clean\` after the install in the same RUN.`,
        waste: factWaste(fact),
        fixes: quickfix('Append `yarn cache clean` to this RUN', [appendCommand(ctx.parsed.text, instr, 'yarn cache clean')]),
      });
    });
  },
};
