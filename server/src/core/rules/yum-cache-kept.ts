// Rule: yum-cache-kept
// `yum install` leaves repository metadata and packages in /var/cache/yum (yum 3) or /var/cache/dnf (yum is dnf on
// RHEL 8+; /var/cache/libdnf5 on Fedora 41+) unless `yum clean all`
// runs after it in the same RUN or the RUN mounts a cache there.
import { appendCommand, factWaste, forEachKeptCache, quickfix, rpmCacheReusedFrom, rpmCleanedLater, rpmReuserCleanups, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

export const yumCacheKept: Rule = {
  meta: {
    id: 'yum-cache-kept',
    defaultSeverity: 'warning',
    description: 'yum keeps repository metadata and downloaded packages in /var/cache/yum (/var/cache/dnf where yum is dnf) unless `yum clean all` runs in the same RUN.',
    hadolint: 'DL3032',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, ['yum'], (instr, fact, view) => {
      // On RHEL 8+ yum is dnf: `dnf clean all` or removing /var/cache/dnf cleans the same cache (fact.path says where).
      if (rpmCleanedLater(ctx, instr, fact, view)) return;
      // The metadata an earlier RUN kept is reused (keepcache is off): that layer's waste, reported there.
      if (rpmCacheReusedFrom(ctx, instr, fact.command) !== undefined) return;
      // Later installs that reuse this metadata keep a copy of the files they check (docker drops librepo's checksum
      // attributes): they clean too.
      const later = rpmReuserCleanups(ctx, instr, fact.manager);
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `yum keeps its metadata and package cache (${sizeText(fact)}) in ${fact.path} in this layer; run \`yum clean all\` after the install in the same RUN${later.messageTail}.`,
        waste: factWaste(fact),
        fixes: quickfix(`Append \`yum clean all\` to this RUN${later.titleTail}`, [appendCommand(ctx.parsed.text, instr, 'yum clean all'), ...later.edits]),
      });
    });
  },
};
