// Rule: git-history-kept
// `git clone` without `--depth 1` (or `vcs import` without `--shallow`) leaves the whole history in .git.
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { LayerEntry } from '../model/estimators/runContext';
import { pathShips } from './layerHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

const GIT_VALUE_FLAGS = new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference', 'shallow-since', 'shallow-exclude', 'u', 'upload-pack', 'template', 'separate-git-dir']);
/** Later git commands that need more history than one commit. */
const NEEDS_HISTORY = new Set(['checkout', 'reset', 'log', 'describe', 'rev-list', 'merge', 'rebase', 'cherry-pick', 'bisect', 'switch']);

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
        const isClone = cmd.name === 'git' && parseArgs(cmd.argv, GIT_VALUE_FLAGS).operands[0]?.value === 'clone';
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
        const needsHistory = after.some((c) => c.name === 'git' && NEEDS_HISTORY.has(parseArgs(c.argv, GIT_VALUE_FLAGS).operands[0]?.value ?? ''));
        const subWord = isClone ? cmd.argv.find((w) => w.value === 'clone') : cmd.argv[1];
        const flag = isClone ? '--depth 1' : '--shallow';
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: isClone
            ? `git clone keeps the whole history in ${entry.path}/.git (size unknown); clone with --depth 1 or remove .git in the same RUN.`
            : `vcs import keeps each repository's whole history in ${entry.path} (size unknown); use --shallow or remove the .git folders in the same RUN.`,
          waste: UNKNOWN_WASTE,
          fixes:
            subWord && !needsHistory
              ? [{ title: `Add ${flag}`, edits: [{ start: subWord.end, end: subWord.end, newText: ` ${flag}` }], isPreferred: true, kind: 'quickfix' }]
              : [],
        });
      }
    }
  },
};
