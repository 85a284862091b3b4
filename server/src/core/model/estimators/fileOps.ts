/** rm, chown/chmod/chgrp, mv, cd, export, apt-mark: commands that change what earlier layers left. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import type { RunContext } from './runContext';
import { isInside } from '../paths';

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
      for (const w of paths) {
        if (!w.value || /^\$\(|^`/.test(w.value)) continue;
        const target = ctx.resolveWord(w.value);
        ctx.rewrite(target, cmd, 'rewrite', recursive);
        // The changed inode is a tar entry of this layer (its metadata), even when its bytes are an earlier layer's.
        if (!ctx.entries.some((e) => e.file && e.path === target)) ctx.tarDirs.add(target);
      }
      return true;
    }
    case 'mv': {
      const a = parseArgs(cmd.argv, new Set(['t', 'target-directory', 'S', 'suffix']));
      const paths = a.operands.map((w) => w.value);
      const targetDir = a.values.get('t')?.[0] ?? a.values.get('target-directory')?.[0];
      const sources = targetDir ? paths : paths.slice(0, -1);
      const dest = targetDir ?? paths[paths.length - 1];
      if (!dest) return true;
      for (const src of sources) {
        const from = ctx.resolveWord(src);
        moveOwn(ctx, from, ctx.resolveWord(dest), cmd);
        ctx.rewrite(from, cmd, 'move');
      }
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
      const sub = cmd.argv[1]?.value;
      const names = cmd.argv.slice(2).map((w) => w.value).filter((v) => !v.startsWith('-'));
      if (sub === 'auto' && names.some((n) => n === '.*' || n === '*' || /^\$/.test(n))) {
        ctx.marks.add('apt-mark-auto');
        ctx.aptMarks.allAuto = true;
        ctx.aptMarks.manual.clear();
      } else if (sub === 'manual') {
        // `xargs -r apt-mark manual` (names from a pipe: the ldd idiom) or `apt-mark manual $savedAptMark`.
        if (cmd.wrapper?.some((w) => w.value === 'xargs')) ctx.aptMarks.lddKeep = true;
        for (const n of names) if (!n.includes('$')) ctx.aptMarks.manual.add(n);
      }
      return true;
    }
  }
  if (!cmd.name && cmd.assignments.length && cmd.connector !== '|') {
    // A bare `VAR=value` sets a shell variable; exported ones (`export`) are handled above.
    return true;
  }
  return false;
}

/**
 * `mv` of what this RUN created: the files now live at the destination, so a later `rm -rf` of the
 * temporary directory (`dir="$(mktemp -d)"; tar -x -C "$dir"; mv "$dir/app" /opt/app; rm -rf "$dir"`)
 * no longer removes them. Part of an unknown entry moved: an unknown entry at the destination.
 */
function moveOwn(ctx: RunContext, from: string, to: string, cmd: ShellCommand): void {
  for (const e of [...ctx.entries]) {
    if (e.path === from || e.path.startsWith(from + '/')) {
      e.path = to + e.path.slice(from.length);
      continue;
    }
    if (e.unknown && isInside(from, e.path)) {
      ctx.create({ path: to, kind: e.kind, label: `${e.label}: ${from.slice(e.path.length + 1)} moved to ${to}`, bytes: 0, confidence: 'unknown', source: e.part.source, unknown: true, command: cmd });
    }
  }
}
