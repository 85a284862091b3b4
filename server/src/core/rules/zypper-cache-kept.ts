// Rule: zypper-cache-kept
// `zypper install` leaves repository metadata and packages in /var/cache/zypp unless `zypper clean -a`
// runs after it in the same RUN or the RUN mounts a cache there. An install that reuses the metadata an earlier RUN
// left (a lone `zypper refresh`, an earlier install) keeps none of its own: the clean would free nothing here.
import { appendCommand, factWaste, forEachKeptCache, quickfix, rpmCacheReusedFrom, rpmCleanedLater, rpmReuserCleanups, sizeText } from './cacheRuleHelpers';
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
      if (rpmCleanedLater(ctx, instr, fact, view)) return;
      // The metadata an earlier RUN kept is reused (zypper keeps no packages by default): that layer's waste, reported
      // there (rpm-refresh-alone for a lone refresh, whose fix moves it into this RUN).
      if (rpmCacheReusedFrom(ctx, instr, fact.command) !== undefined) return;
      // Later installs that reuse this metadata would download their own once it is cleaned here: they clean too.
      const later = rpmReuserCleanups(ctx, instr, fact.manager);
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        // No earlier layer's metadata to reuse (or this RUN refreshed or changed the repositories): it downloads its own.
        // Packages go after the install unless a repository keeps them (keeppackages), so the metadata is what stays.
        message: `zypper keeps the repository metadata it downloaded${fact.command.argv.some((w) => w.value === '--download-only') ? ' and the packages (`--download-only`)' : ''} (${sizeText(fact)}) in ${fact.path} in this layer; run \`zypper clean -a\` after the install in the same RUN${later.messageTail}.`,
        waste: factWaste(fact),
        fixes: quickfix(`Append \`zypper clean -a\` to this RUN${later.titleTail}`, [appendCommand(ctx.parsed.text, instr, 'zypper clean -a'), ...later.edits]),
      });
    });
  },
};
