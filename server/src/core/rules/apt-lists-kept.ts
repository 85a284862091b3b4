// Rule: apt-lists-kept
// A RUN that runs `apt-get update` and leaves /var/lib/apt/lists in its layer.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { formatBytes } from '../model/format';
import { appendToRun } from './fixHelpers';
import type { Rule } from './types';
import { waste } from './types';

export const aptListsKept: Rule = {
  meta: {
    id: 'apt-lists-kept',
    defaultSeverity: 'warning',
    description: 'apt-get update downloads package lists that stay in the layer unless removed in the same RUN.',
    hadolint: 'DL3009',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || !instr.shell || instr.onbuild) continue;
      const layer = ctx.layer(instr);
      const lists = layer?.created.find((e) => e.kind === 'apt-lists');
      if (!lists) continue; // cleaned in the same RUN, mounted as a cache, or no update
      const update = instr.shell.commands.find((c) => isApt(c) && aptSubcommand(c).sub === 'update');
      if (!update) continue;
      const stage = ctx.stageOf(instr);
      // In a build-only stage the lists only matter if a later stage copies them: not our concern here.
      if (stage && !stage.ships && !stage.copiedBy.length) continue;
      const append = appendToRun(ctx.parsed.text, instr, 'rm -rf /var/lib/apt/lists/*');
      ctx.report({
        instruction: instr,
        start: update.start,
        end: update.end,
        message: lists.unknown
          ? 'apt-get update leaves /var/lib/apt/lists in this layer; remove it in the same RUN.'
          : `apt-get update leaves ${formatBytes(lists.bytes)} of package lists in this layer; remove /var/lib/apt/lists/* in the same RUN.`,
        waste: lists.unknown ? waste(0, 0, 0, true) : waste(lists.bytes, lists.low, lists.high),
        fixes:
          append
            ? [
                {
                  title: `Remove apt lists in the same RUN${lists.unknown ? '' : ` (saves ~${formatBytes(lists.bytes)})`}`,
                  edits: [append],
                  isPreferred: true,
                  kind: 'quickfix',
                },
              ]
            : [],
      });
    }
  },
};

