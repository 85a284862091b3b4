// Rule: git-history-kept
// `git clone` without `--depth 1` (or `vcs import` without `--shallow`) leaves the whole history in .git.
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { LayerEntry } from '../model/estimators/runContext';
import { pathShips } from './layerHelpers';
import type { Rule, RuleContext } from './types';
import { UNKNOWN_WASTE } from './types';

const GIT_VALUE_FLAGS = new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference', 'shallow-since', 'shallow-exclude', 'u', 'upload-pack', 'template', 'separate-git-dir']);
/**
 * Git subcommands that work the same in a `--depth 1` clone. Anything else after the clone (checkout of a
 * tag, describe, log, fetch, submodule update, reset to a commit ...) may need history: no safe fix then.
 */
const SHALLOW_OK = new Set(['clone', 'init', 'config', 'status', 'rev-parse', 'ls-files', 'add', 'commit', 'apply', 'remote', 'version', 'help', 'gc']);
/** git's global options that take a value (`git -C dir log`: `dir` is not the subcommand). */
const GIT_GLOBAL_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--exec-path', '--list-cmds', '--attr-source']);

/** The subcommand of a git command line, after git's global options; undefined when there is none. */
export function gitSubcommand(cmd: ShellCommand): string | undefined {
  const argv = cmd.argv.map((w) => w.value);
  for (let k = 1; k < argv.length; k++) {
    const v = argv[k];
    if (GIT_GLOBAL_VALUE.has(v)) {
      k++;
      continue;
    }
    if (v.startsWith('-')) continue; // --no-pager, --bare, -P, --git-dir=x, -cfoo=bar ...
    return v;
  }
  return undefined;
}

/** Build steps that commonly read the checkout's history (a version from `git describe`). */
const BUILD_STEPS = new Set(['make', 'cmake', 'meson', 'ninja', 'autoreconf', 'bootstrap', 'configure', 'autogen.sh', 'setup.py', 'pip', 'pip3', 'python', 'python3', 'go', 'cargo', 'mvn', 'gradle', 'npm', 'yarn', 'pnpm', 'dpkg-buildpackage', 'debuild', 'scons']);

/**
 * What after the clone (the rest of its RUN, then every later RUN of the file) rules out `--depth 1`:
 * `needs` a git command that may need history; `maybe` a build step that may read it (git describe).
 */
function laterGitUse(ctx: RuleContext, instrIndex: number, after: ShellCommand[]): { needs?: string; maybe?: string } {
  const later = ctx.parsed.instructions.filter((i) => i.index > instrIndex && i.keyword === 'RUN');
  const cmds = [...after, ...later.flatMap((i) => i.shell?.commands ?? [])];
  for (const c of cmds) {
    if (c.name !== 'git') continue;
    const sub = gitSubcommand(c);
    if (sub && !SHALLOW_OK.has(sub)) return { needs: `git ${sub}` };
  }
  const exec = later.find((i) => i.execForm && i.execArgs?.some((a) => /\bgit\b/.test(a)));
  if (exec) return { needs: `git on line ${exec.line + 1}` };
  const build = cmds.find((c) => BUILD_STEPS.has(c.name.split('/').pop() ?? c.name) || /(^|\/)(configure|autogen\.sh|bootstrap)$/.test(c.name));
  return build ? { maybe: build.name.split('/').pop() } : {};
}

function isShallowClone(cmd: ShellCommand): boolean {
  const a = parseArgs(cmd.argv, GIT_VALUE_FLAGS);
  return a.values.has('depth') || a.values.has('shallow-since') || a.values.has('shallow-exclude') || a.flags.has('bare') || a.flags.has('mirror');
}

/** `rm -rf x/.git`, `find . -name .git -exec rm -rf {} +`, `find . -name .git -delete`. */
function removesGitDir(cmd: ShellCommand): boolean {
  const words = cmd.argv.map((w) => w.value);
  if (cmd.name === 'rm') return words.slice(1).some((w) => /(^|\/)\.git\/?(\*)?$/.test(w));
  if (cmd.name === 'find') return words.some((w) => w === '.git' || w === "'.git'") && (words.includes('-delete') || words.some((w) => w === 'rm'));
  return false;
}

export const gitHistoryKept: Rule = {
  meta: {
    id: 'git-history-kept',
    defaultSeverity: 'warning',
    description: 'git clone without --depth 1 keeps the whole repository history in the image.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || !instr.shell || instr.onbuild) continue;
      const layer = ctx.layer(instr);
      const stage = ctx.stageOf(instr);
      if (!layer || !stage) continue;
      const cmds = instr.shell.commands;
      for (const cmd of cmds) {
        const isClone = cmd.name === 'git' && gitSubcommand(cmd) === 'clone';
        const isVcs = cmd.name === 'vcs' && cmd.argv[1]?.value === 'import';
        if (!isClone && !isVcs) continue;
        if (isClone && isShallowClone(cmd)) continue;
        if (isVcs && cmd.argv.some((w) => w.value === '--shallow')) continue;
        // The clone is still in the layer (not removed, not in a mount) ...
        const entry = (layer.created as LayerEntry[]).find((e) => e.command === cmd);
        if (!entry) continue;
        const after = cmds.slice(cmds.indexOf(cmd) + 1);
        // ... and its .git was not removed in the same RUN.
        if (after.some(removesGitDir)) continue;
        // In a build-only stage it only matters if a later stage copies the checkout out.
        if (!pathShips(ctx, stage, `${entry.path}/.git`)) continue;
        const use = isClone ? laterGitUse(ctx, instr.index, after) : {};
        const subWord = isClone ? cmd.argv.find((w) => w.value === 'clone') : cmd.argv[1];
        const flag = isClone ? '--depth 1' : '--shallow';
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: isClone
            ? `git clone keeps the whole history in ${entry.path}/.git (size unknown); ${use.needs ? `\`${use.needs}\` after it needs history, so remove .git once it is done with it` : 'clone with --depth 1 or remove .git in the same RUN'}.`
            : `vcs import keeps each repository's whole history in ${entry.path} (size unknown); use --shallow or remove the .git folders in the same RUN.`,
          waste: UNKNOWN_WASTE,
          fixes:
            !subWord || use.needs
              ? []
              : [
                  {
                    title: `Add ${flag}${use.maybe ? ` (check: the ${use.maybe} step after it may read git history, e.g. git describe for a version)` : ''}`,
                    edits: [{ start: subWord.end, end: subWord.end, newText: ` ${flag}` }],
                    isPreferred: true,
                    kind: 'quickfix',
                    safety: use.maybe ? 'suggestion' : 'safe',
                    assumes: ['nothing after the clone needs more than its last commit (checkout of another ref, describe, log, fetch, submodules)'],
                  },
                ],
        });
      }
    }
  },
};
