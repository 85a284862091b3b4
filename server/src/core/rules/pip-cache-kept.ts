// Rule: pip-cache-kept
// `pip install` without --no-cache-dir (or PIP_NO_CACHE_DIR, or a cache mount on the right user's cache)
// leaves the downloaded wheels in ~/.cache/pip in the layer; `poetry install` and `pipenv install` keep
// theirs in ~/.cache/pypoetry and ~/.cache/pipenv.
import { pipArgs, pipInvocation } from '../model/estimators/pip';
import { cacheKept, factWaste, insertAfter, quickfix, runInstructions, runView, sizeText, stageMatters } from './cacheRuleHelpers';
import type { Rule } from './types';

export const pipCacheKept: Rule = {
  meta: {
    id: 'pip-cache-kept',
    defaultSeverity: 'warning',
    description: 'pip keeps downloaded wheels in its cache (~/.cache/pip) in the layer unless told not to.',
    hadolint: 'DL3042',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      const view = runView(ctx, instr);
      if (!view) continue;
      for (const fact of view.facts.caches) {
        if (!['pip', 'poetry', 'pipenv'].includes(fact.manager) || !cacheKept(instr, fact, view)) continue;
        if (!stageMatters(ctx, instr, fact.path)) continue;
        // poetry and pipenv fill their own caches (~/.cache/pypoetry, ~/.cache/pipenv) and have no install flag that
        // turns them off everywhere: the message says how to drop it, no fix is written (issue 14, second fresh batch).
        if (fact.manager !== 'pip') {
          const variable = fact.manager === 'poetry' ? 'POETRY_CACHE_DIR' : 'PIPENV_CACHE_DIR';
          ctx.report({
            instruction: instr,
            start: fact.command.start,
            end: fact.command.end,
            message: `${fact.manager} keeps its download cache (${sizeText(fact)}) in ${fact.path} in this layer; remove it in the same RUN (\`rm -rf ${fact.path}\`) or point ${variable} at a cache mount.`,
            waste: factWaste(fact),
            fixes: [],
          });
          continue;
        }
        const inv = pipInvocation(fact.command);
        const sub = inv ? pipArgs(inv.argv).operands[0] : undefined;
        // A cache mount on another user's pip cache (`/root/.cache/pip` while USER app runs pip) does nothing.
        const wrongMount = instr.flags
          .filter((f) => f.name === 'mount' && f.options.type === 'cache')
          .map((f) => f.options.target ?? f.options.dst ?? f.options.destination)
          .find((t) => t && /\.cache(\/pip)?\/?$/.test(t));
        ctx.report({
          instruction: instr,
          start: fact.command.start,
          end: fact.command.end,
          message: wrongMount
            ? `pip keeps its download cache (${sizeText(fact)}) in ${fact.path} in this layer: the cache mount on ${wrongMount} is not the cache of user ${view.user}; add --no-cache-dir or mount ${fact.path}.`
            : `pip keeps its download cache (${sizeText(fact)}) in this layer; add --no-cache-dir.`,
          waste: factWaste(fact),
          fixes: quickfix(`Add --no-cache-dir${fact.unknown ? '' : ` (saves ${sizeText(fact)})`}`, [insertAfter(instr, sub, '--no-cache-dir')]),
        });
      }
    }
  },
};
