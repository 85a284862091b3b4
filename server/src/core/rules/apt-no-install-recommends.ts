// Rule: apt-no-install-recommends
// `apt-get install` / `apt install` without `--no-install-recommends` pulls in every recommended package.
import { aptSubcommand, recommendsDisabledByFlags, isApt } from '../model/estimators/apt';
import { formatBytes } from '../model/format';
import type { Rule } from './types';
import { waste } from './types';

export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends',
    defaultSeverity: 'warning',
    description: 'apt installs recommended packages unless told not to; they are rarely needed in an image.',
    hadolint: 'DL3015',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || !instr.shell) continue;
      const layer = ctx.layer(instr);
      for (const cmd of instr.shell.commands) {
        if (!isApt(cmd)) continue;
        const { sub, args } = aptSubcommand(cmd);
        if (sub !== 'install') continue;
        if (recommendsDisabledByFlags(args)) continue;
        const fact = layer?.facts.apt.find((f) => f.command === cmd);
        if (fact && !fact.installRecommends) continue; // an earlier apt config turned recommends off
        const bytes = fact?.recommendsBytes ?? 0;
        const known = !!fact && fact.unknownPackages.length < fact.packages.length;
        if (known && bytes === 0) continue; // nothing recommended that the image lacks: nothing to save
        const subWord = args.operands[0];
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: known
            ? `apt installs recommended packages too (≈ ${formatBytes(bytes)} that --no-install-recommends would leave out).`
            : 'apt installs recommended packages too; add --no-install-recommends (size unknown: packages not in the index).',
          waste: known ? waste(bytes, bytes * 0.75, bytes * 1.35) : waste(0, 0, 0, true),
          fixes: subWord
            ? [
                {
                  title: `Add --no-install-recommends${known ? ` (saves ~${formatBytes(bytes)})` : ''}`,
                  edits: [{ start: subWord.end, end: subWord.end, newText: ' --no-install-recommends' }],
                  isPreferred: true,
                  kind: 'quickfix',
                },
              ]
            : [],
        });
      }
    }
  },
};
