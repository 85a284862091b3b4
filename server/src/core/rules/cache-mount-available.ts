// Rule: cache-mount-available
// A package-manager install or build that would benefit from `RUN --mount=type=cache,target=…`.
import { addCacheMount, cacheNeeds } from '../refactors/cacheMount';
import { isRefusal } from '../refactors/mergeRuns';
import type { Rule } from './types';

export const cacheMountAvailable: Rule = {
  meta: {
    id: 'cache-mount-available',
    defaultSeverity: 'hint',
    description: 'A package manager or build tool whose downloads a BuildKit cache mount would keep between builds (and out of the layer).',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const { parsed, model } = ctx;
    for (const instr of parsed.instructions) {
      if (instr.keyword !== 'RUN' || instr.onbuild || !instr.shell) continue;
      const needs = cacheNeeds(model, instr).filter((n) => n.missing.length);
      if (!needs.length) continue;
      const fix = addCacheMount(parsed, model, instr);
      for (const n of needs) {
        const paths = n.missing.map((m) => m.path).join(' and ');
        ctx.report({
          instruction: instr,
          start: n.command.start,
          end: n.command.end,
          message: `${n.manager} could keep its downloads in a BuildKit cache mount (${paths}): faster rebuilds and no cache in the layer.`,
          fixes: isRefusal(fix) ? [] : [{ title: fix.title, edits: fix.edits, isPreferred: false, kind: 'quickfix' }],
        });
      }
    }
  },
};
