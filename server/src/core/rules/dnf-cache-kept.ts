// Rule: dnf-cache-kept
// `dnf install` (also dnf5/microdnf/tdnf) leaves the repository metadata and packages in /var/cache/dnf (libdnf5 for dnf5)
// unless `dnf clean all` runs after it in the same RUN or the RUN mounts a cache there.
import { DNF_MANAGERS } from '../model/estimators/rpm';
import { appendCommand, factWaste, forEachKeptCache, quickfix, rpmCacheReusedFrom, rpmCleanedLater, rpmReuserCleanups, sizeText } from './cacheRuleHelpers';
import type { Rule } from './types';

/** The dnf family but yum, which has a rule of its own (yum-cache-kept, DL3032). */
const MANAGERS = [...DNF_MANAGERS].filter((m) => m !== 'yum');

export const dnfCacheKept: Rule = {
  meta: {
    id: 'dnf-cache-kept',
    defaultSeverity: 'warning',
    description: 'dnf keeps repository metadata and downloaded packages in /var/cache/dnf (/var/cache/libdnf5 for dnf5) unless `dnf clean all` runs in the same RUN.',
    hadolint: 'DL3040',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptCache(ctx, MANAGERS, (instr, fact, view) => {
      if (rpmCleanedLater(ctx, instr, fact, view)) return;
      // The metadata an earlier RUN kept is reused: that layer's waste, reported there.
      if (rpmCacheReusedFrom(ctx, instr, fact.command) !== undefined) return;
      // The manager the user wrote: `dnf5 clean all` after `dnf5 install`, `microdnf clean all` after microdnf's.
      const cleanup = `${fact.manager} clean all`;
      // Later installs that reuse this metadata keep a copy of the files they check (docker drops librepo's checksum
      // attributes): they clean too.
      const later = rpmReuserCleanups(ctx, instr, fact.manager);
      ctx.report({
        instruction: instr,
        start: fact.command.start,
        end: fact.command.end,
        message: `${fact.manager} keeps its metadata and package cache (${sizeText(fact)}) in ${fact.path} in this layer; run \`${cleanup}\` after the install in the same RUN${later.messageTail}.`,
        waste: factWaste(fact),
        fixes: quickfix(`Append \`${cleanup}\` to this RUN${later.titleTail}`, [appendCommand(ctx.parsed.text, instr, cleanup), ...later.edits]),
      });
    });
  },
};
