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
    const reported = new Set<unknown>();
    forEachKeptCache(ctx, ['apk'], (instr, fact, view) => {
      const sub = apkArgs(fact.command).operands[0];
      if (sub?.value === 'update') {
        // One index, one finding: an `apk add` of this RUN without --no-cache reports it (and its fix covers it).
        if (view.facts.caches.some((f) => f !== fact && f.manager === 'apk' && !f.avoided && apkArgs(f.command).operands[0]?.value === 'add')) return;
        if (reported.has(instr)) return;
        reported.add(instr);
        ctx.report({
          instruction: instr,
          start: fact.command.start,
          end: fact.command.end,
          message: `apk update writes the package index (${sizeText(fact)}) to /var/cache/apk in this layer, and \`apk add --no-cache\` does not remove it; drop \`apk update\` (\`apk add --no-cache\` reads a fresh index) or remove /var/cache/apk/* in the same RUN.`,
          waste: factWaste(fact),
        });
        return;
      }
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
