// Rule: conda-cache-kept
// `conda install` / `conda create` / `conda env create` (also mamba, micromamba) leave the downloaded
// tarballs and extracted packages in <root>/pkgs unless `conda clean -afy` runs after them in the same RUN.
import { condaArgs, condaPkgsDir, isCondaClean, isCondaInstall } from '../model/estimators/conda';
import type { ShellCommand } from '../parse/shell';
import { resolvePath } from '../model/paths';
import { expandWord } from './layerHelpers';
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
      // The environment only for a command that may be an installer (an expanded `-p $DIR`, the pkgs dir): made per
      // command of every RUN, it was most of this rule's time on a file without conda.
      let base: ReadonlyMap<string, string> | undefined;
      const baseEnv = () => (base ??= runEnv(ctx, instr, view));
      const mounts = instr.flags
        .filter((f) => f.name === 'mount' && (f.options.type ?? 'bind') !== 'bind')
        .map((f) => f.options.target ?? f.options.dst ?? f.options.destination)
        .filter((t): t is string => !!t)
        .map((t) => resolvePath(t, view.workdir, view.home));
      cmds.forEach((cmd, i) => {
        const installer = condaInstaller(cmd, () => commandEnv(baseEnv(), instr, cmd));
        if (!isCondaInstall(cmd) && !installer) return;
        const pkgs = installer
          ? installer.prefix.includes('$')
            ? `${installer.prefix}/pkgs`
            : resolvePath(`${installer.prefix}/pkgs`, view.workdir, view.home)
          : resolvePath(condaPkgsDir(cmd, commandEnv(baseEnv(), instr, cmd)), view.workdir, view.home);
        if (mounts.some((m) => pkgs === m || pkgs.startsWith(m + '/'))) return;
        const cleans = cmds.slice(i + 1).filter(isCondaClean);
        if (cleans.some((c) => !partialClean(c))) return;
        if (removedLater(instr, cmd, pkgs, view)) return;
        if (!stageMatters(ctx, instr, pkgs)) return;
        const fact = view.facts.caches.find((f) => f.manager === 'conda' && f.command === cmd);
        const partial = cleans[0];
        // The clean keeps the binary the file used (`/opt/conda/bin/conda`): it may not be on PATH.
        const tool = partial ? partial.argv[0].value : installer ? `${installer.prefix}/bin/conda` : cmd.name;
        const cleanup = (partial ?? cmd).name === 'micromamba' ? `${tool} clean --all --yes` : `${tool} clean -afy`;
        const what = installer ? `The ${installer.name} installer` : cmd.name;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: partial
            ? // -t/-i/-l drop the archives and index, not the extracted packages: those no environment uses stay whole,
              // and of the ones in use the files conda copied (rewritten for the prefix) rather than hard-linked.
              `\`${ctx.parsed.text.slice(partial.start, partial.end)}\` removes the archives but leaves the extracted packages in ${pkgs} in this layer (the unused ones, and the files conda copied instead of hard-linking; size unknown); \`${cleanup}\` removes the package cache whole.`
            : installer
              ? `${what} leaves its packages in ${pkgs} in this layer (size unknown: it depends on the installer's version); run \`${cleanup}\` after it in the same RUN.`
              : `${cmd.name} keeps the downloaded packages (${fact ? sizeText(fact) : 'size unknown'}) in ${pkgs} in this layer; run \`${cleanup}\` after the install in the same RUN.`,
          waste: fact && !partial ? factWaste(fact) : UNKNOWN_WASTE,
          fixes: partial
            ? quickfix(`Replace \`${ctx.parsed.text.slice(partial.start, partial.end)}\` with \`${cleanup}\``, [{ start: partial.start, end: partial.end, newText: cleanup }])
            : quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)]),
        });
      });
    }
  },
};

/**
 * `conda clean` without -a/--all, -p/--packages or -f/--force-pkgs-dirs (`conda clean -i -l -t`): the tarballs and
 * the index go, the extracted package directories stay in pkgs/ (issue 14).
 */
function partialClean(cmd: ShellCommand): boolean {
  const flags = condaArgs(cmd).flags;
  return !['a', 'all', 'p', 'packages', 'f', 'force-pkgs-dirs'].some((f) => flags.has(f));
}

/** The installer scripts of conda distributions: Miniconda3-*.sh, Anaconda3-*.sh, Miniforge3-*.sh, Mambaforge-*.sh. */
const INSTALLER = /^(Mini|Ana)conda\d*|^Miniforge\d*|^Mambaforge|^miniconda|^anaconda|^miniforge|^mambaforge/;

/**
 * `bash Miniconda3-latest-Linux-x86_64.sh -b -p /opt/conda` (batch mode): the installer and its prefix (default
 * ~/miniconda3). A prefix in a variable (`-p $CONDA_DIR`) is expanded from the stage's ENV/ARG; one the file does not
 * set stays as written, which the shell expands in the appended clean just as it did for the installer.
 */
function condaInstaller(cmd: ShellCommand, env: () => ReadonlyMap<string, string>): { name: string; prefix: string } | undefined {
  const words = cmd.argv.map((w) => w.value);
  const scriptAt = ['bash', 'sh'].includes(cmd.name) ? 1 : 0;
  const script = words[scriptAt] ?? '';
  const base = script.replace(/^.*\//, '');
  if (!/\.sh$/.test(base) || !INSTALLER.test(base)) return undefined;
  const rest = words.slice(scriptAt + 1);
  if (!rest.includes('-b') && !rest.some((w) => /^-[a-z]*b[a-z]*$/.test(w))) return undefined; // interactive: not run in a build
  const p = rest.indexOf('-p');
  const given = p >= 0 ? rest[p + 1] : undefined;
  const prefix = given ? expandWord(given, env()) : `~/${/^ana/i.test(base) ? 'anaconda3' : /^mini(forge|conda)/i.test(base) ? base.split('-')[0].toLowerCase() : 'miniconda3'}`;
  return { name: base.split('-')[0], prefix };
}
