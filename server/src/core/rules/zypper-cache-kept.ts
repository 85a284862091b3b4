// Rule: zypper-cache-kept
// `zypper install` leaves repository metadata and packages in /var/cache/zypp unless `zypper clean -a`
// runs after it in the same RUN or the RUN mounts a cache there.
import { appendCommand, factWaste, forEachKeptCache, quickfix, rpmCleanedLater, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

export const zypperCacheKept: Rule = {
  meta: {
    id: 'zypper-cache-kept',
    defaultSeverity: 'warning',
    description: 'zypper keeps repository metadata and downloaded packages in /var/cache/zypp unless `zypper clean -a` runs in the same RUN.',
    hadolint: 'DL3036',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['zypper'], (instr, fact, view) => {
      if (rpmCleanedLater(instr, fact.command, ['zypper'], ['/var/cache/zypp'], view)) return;
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `zypper keeps its metadata and package cache (${sizeText(fact)}) in ${fact.path} in this layer; run \`zypper clean -a\` after the install in the same RUN.`,
        waste: factWaste(fact),
        fixes: quickfix('Append `zypper clean -a` to this RUN', [appendCommand(ctx.parsed.text, instr, 'zypper clean -a')]),
      });
    });
  },
};
