// Rule: conda-cache-kept
// `conda install` / `conda create` / `conda env create` (also mamba, micromamba) leave the downloaded
// tarballs and extracted packages in <root>/pkgs unless `conda clean -afy` runs after them in the same RUN.
import * as posix from 'node:path/posix';
import type { ShellCommand } from '../parse/shell';
import { parseArgs } from '../parse/shell';
import { resolvePath } from '../model/paths';
import { appendCommand, commandEnv, quickfix, removedLater, runEnv, runInstructions, runView, stageMatters } from './cacheRuleHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

const TOOLS = new Set(['conda', 'mamba', 'micromamba']);
const VALUE_FLAGS = new Set(['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file', 'r', 'root-prefix']);

function condaArgs(cmd: ShellCommand) {
  return parseArgs(cmd.argv, VALUE_FLAGS);
}

/** `conda install x`, `conda create -n y`, `conda env create -f f`, `conda update --all`. */
export function isCondaInstall(cmd: ShellCommand): boolean {
  if (!TOOLS.has(cmd.name)) return false;
  const ops = condaArgs(cmd).operands.map((w) => w.value);
  if (['install', 'create', 'update', 'upgrade'].includes(ops[0] ?? '')) return true;
  return ops[0] === 'env' && ['create', 'update'].includes(ops[1] ?? '');
}

/** `conda clean` that drops the package cache: -a/--all, -p/--packages, -t/--tarballs. */
function isCondaClean(cmd: ShellCommand): boolean {
  if (!TOOLS.has(cmd.name)) return false;
  const a = condaArgs(cmd);
  if (a.operands[0]?.value !== 'clean') return false;
  return ['a', 'all', 'p', 'packages', 't', 'tarballs'].some((f) => a.flags.has(f));
}

/** The package cache: $CONDA_PKGS_DIRS, else <root>/pkgs with the root from the binary's path or the usual env. */
export function condaPkgsDir(cmd: ShellCommand, env: ReadonlyMap<string, string>): string {
  const fromEnv = env.get('CONDA_PKGS_DIRS')?.split(',')[0];
  if (fromEnv) return fromEnv;
  const bin = cmd.argv[0]?.value ?? '';
  if (bin.startsWith('/') && posix.basename(posix.dirname(bin)) === 'bin') return `${posix.dirname(posix.dirname(bin))}/pkgs`;
  const root = cmd.name === 'micromamba' ? env.get('MAMBA_ROOT_PREFIX') ?? '/opt/conda' : env.get('CONDA_DIR') ?? env.get('CONDA_PREFIX') ?? '/opt/conda';
  return `${root}/pkgs`;
}

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
        const cleanup = cmd.name === 'micromamba' ? 'micromamba clean --all --yes' : `${cmd.name} clean -afy`;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `${cmd.name} keeps the downloaded packages (size unknown) in ${pkgs} in this layer; run \`${cleanup}\` after the install in the same RUN.`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)]),
        });
      });
    }
  },
};
