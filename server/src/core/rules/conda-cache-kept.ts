// Rule: conda-cache-kept
// `conda install` / `conda create` / `conda env create` (also mamba, micromamba) leave the downloaded
// tarballs and extracted packages in <root>/pkgs unless `conda clean -afy` runs after them in the same RUN.
import { condaPkgsDir, isCondaClean, isCondaInstall } from '../model/estimators/conda';
import { resolvePath } from '../model/paths';
import { appendCommand, commandEnv, factWaste, quickfix, removedLater, runEnv, runInstructions, runView, sizeText, stageMatters } from './cacheRuleHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

export const condaCacheKept: Rule = {
  meta: {
    id: 'conda-cache-kept',
    defaultSeverity: 'warning',
    description: 'conda keeps downloaded tarballs and extracted packages in <root>/pkgs unless `conda clean -afy` runs in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      const cmds = instr.shell?.commands ?? [];
      const view = runView(ctx, instr);
      if (!view) continue;
      const baseEnv = runEnv(ctx, instr, view);
      const mounts = instr.flags
        .filter((f) => f.name === 'mount' && (f.options.type ?? 'bind') !== 'bind')
        .map((f) => f.options.target ?? f.options.dst ?? f.options.destination)
        .filter((t): t is string => !!t)
        .map((t) => resolvePath(t, view.workdir, view.home));
      cmds.forEach((cmd, i) => {
        if (!isCondaInstall(cmd)) return;
        const pkgs = resolvePath(condaPkgsDir(cmd, commandEnv(baseEnv, instr, cmd)), view.workdir, view.home);
        if (mounts.some((m) => pkgs === m || pkgs.startsWith(m + '/'))) return;
        if (cmds.slice(i + 1).some(isCondaClean)) return;
        if (removedLater(instr, cmd, pkgs, view)) return;
        if (!stageMatters(ctx, instr, pkgs)) return;
        const fact = view.facts.caches.find((f) => f.manager === 'conda' && f.command === cmd);
        const cleanup = cmd.name === 'micromamba' ? 'micromamba clean --all --yes' : `${cmd.name} clean -afy`;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `${cmd.name} keeps the downloaded packages (${fact ? sizeText(fact) : 'size unknown'}) in ${pkgs} in this layer; run \`${cleanup}\` after the install in the same RUN.`,
          waste: fact ? factWaste(fact) : UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)]),
        });
      });
    }
  },
};
