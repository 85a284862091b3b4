/** rm, chown/chmod/chgrp, mv, cd, export, apt-mark: commands that change what earlier layers left. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import type { RunContext } from './runContext';

export function isRecursiveRm(cmd: ShellCommand): boolean {
  const a = parseArgs(cmd.argv);
  return a.flags.has('r') || a.flags.has('R') || a.flags.has('recursive');
}

export function estimateFileOp(cmd: ShellCommand, ctx: RunContext): boolean {
  switch (cmd.name) {
    case 'rm': {
      const a = parseArgs(cmd.argv);
      // Variables are expanded where known; unknown ones stay literal and only match paths written
      // the same way (the download-extract-remove idiom), never a real directory by accident.
      for (const w of a.operands) if (w.value && !/^\$\(|^`/.test(w.value)) ctx.remove(ctx.resolveWord(w.value), cmd);
      return true;
    }
    case 'rmdir':
      return true;
    case 'chown':
    case 'chmod':
    case 'chgrp': {
      const a = parseArgs(cmd.argv, new Set(['reference']));
      const recursive = a.flags.has('R') || a.flags.has('recursive');
      // The first operand is the owner/mode (none with --reference); the rest are paths.
      const paths = a.values.has('reference') ? a.operands : a.operands.slice(1);
      for (const w of paths) if (w.value && !/^\$\(|^`/.test(w.value)) ctx.rewrite(ctx.resolveWord(w.value), cmd, 'rewrite', recursive);
      return true;
    }
    case 'mv': {
      const a = parseArgs(cmd.argv, new Set(['t', 'target-directory', 'S', 'suffix']));
      const paths = a.operands.map((w) => w.value);
      if (paths.length >= 2) for (const src of paths.slice(0, -1)) ctx.rewrite(ctx.resolveWord(src), cmd, 'move');
      return true;
    }
    case 'cd': {
      if (cmd.depth === 0 && !cmd.conditional && cmd.argv[1]) ctx.cwd = ctx.resolveWord(cmd.argv[1].value);
      return true;
    }
    case 'export': {
      for (const w of cmd.argv.slice(1)) {
        const eq = w.value.indexOf('=');
        if (eq > 0) ctx.env.set(w.value.slice(0, eq), w.value.slice(eq + 1));
      }
      return true;
    }
    case 'apt-mark': {
      if (cmd.argv[1]?.value === 'auto') ctx.marks.add('apt-mark-auto');
      return true;
    }
  }
  if (!cmd.name && cmd.assignments.length && cmd.connector !== '|') {
    // A bare `VAR=value` sets a shell variable; exported ones (`export`) are handled above.
    return true;
  }
  return false;
}
