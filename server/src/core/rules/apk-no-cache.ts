// Rule: apk-no-cache
// `apk add` without --no-cache (and no `rm -rf /var/cache/apk/*` after it, no cache mount) leaves the
// package index in /var/cache/apk in the layer.
import { apkArgs } from '../model/estimators/apk';
import { factWaste, forEachKeptCache, insertAfter, quickfix, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

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
    forEachKeptCache(ctx, ['apk'], (instr, fact) => {
      const sub = apkArgs(fact.command).operands[0];
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `apk add keeps its package index (${sizeText(fact)}) in /var/cache/apk in this layer; add --no-cache.`,
        waste: factWaste(fact),
        fixes: quickfix('Add --no-cache', [insertAfter(instr, sub, '--no-cache')]),
      });
    });
  },
};
