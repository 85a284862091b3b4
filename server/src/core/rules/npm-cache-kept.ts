// Rule: npm-cache-kept
// `npm install` / `npm ci` leaves the npm cache (~/.npm/_cacache) in the layer unless it is cleaned
// after the install in the same RUN or the RUN mounts a cache on it.
import { nodeInstall } from '../model/estimators/node';
import { appendCommand, factWaste, forEachKeptCache, quickfix, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

export const npmCacheKept: Rule = {
  meta: {
    id: 'npm-cache-kept',
    defaultSeverity: 'warning',
    description: 'npm keeps every downloaded tarball in its cache (~/.npm) in the layer unless it is cleaned in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['npm'], (instr, fact) => {
      // `--cache <dir>` / npm_config_cache: `npm cache clean` would clean the default cache, not that one.
      const custom = !!nodeInstall(fact.command)?.args.values.get('cache')?.length;
      const cleanup = custom ? `rm -rf ${fact.path}` : 'npm cache clean --force';
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `npm keeps its cache (${sizeText(fact)}) in ${fact.path} in this layer; run \`${cleanup}\` after the install in the same RUN.`,
        waste: factWaste(fact),
        fixes: quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)]),
      });
    });
  },
};
