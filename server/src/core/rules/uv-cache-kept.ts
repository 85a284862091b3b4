// Rule: uv-cache-kept
// `uv pip install` / `uv sync` without --no-cache (or UV_NO_CACHE, or a cache mount on the right
// user's uv cache) leaves ~/.cache/uv in the layer.
import { pipArgs, pipInvocation } from '../model/estimators/pip';
import { factWaste, forEachKeptCache, insertAfter, quickfix, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

export const uvCacheKept: Rule = {
  meta: {
    id: 'uv-cache-kept',
    defaultSeverity: 'warning',
    description: 'uv keeps downloaded and built wheels in its cache (~/.cache/uv) in the layer unless told not to.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['uv'], (instr, fact) => {
      const inv = pipInvocation(fact.command);
      const sub = inv ? pipArgs(inv.argv).operands[0] : undefined;
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `uv keeps its cache (${sizeText(fact)}) in ${fact.path} in this layer; add --no-cache, set UV_NO_CACHE=1 or mount a cache there.`,
        waste: factWaste(fact),
        fixes: quickfix('Add --no-cache', [insertAfter(instr, sub, '--no-cache')]),
      });
    });
  },
};
