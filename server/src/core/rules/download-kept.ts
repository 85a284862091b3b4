// Rule: download-kept
// An archive downloaded and extracted or installed, but not removed in the same RUN; `ADD <url>` of an archive.
import { ARCHIVE } from '../model/estimators/downloads';
import { DNF_COMMANDS } from '../model/estimators/rpm';
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { LayerEntry } from '../model/estimators/runContext';
import { appendToRun, reassignedAfter } from './fixHelpers';
import { argOffset, basename, expandWord, pathShips } from './layerHelpers';
import type { Fix, Rule, RuleContext, TextEdit } from './types';
import type { ParsedInstruction } from '../parse/dockerfile';
import { UNKNOWN_WASTE, waste } from './types';
import { formatBytes } from '../model/format';

/** Commands that unpack or install a downloaded file. */
const CONSUMERS = new Set(['tar', 'bsdtar', 'unzip', 'gunzip', 'gzip', 'bunzip2', 'bzip2', 'xz', 'unxz', 'zstd', 'unzstd', '7z', '7za', 'cpio', 'dpkg', 'apt', 'apt-get', 'rpm', ...DNF_COMMANDS, 'zypper', 'apk', 'pip', 'pip3', 'uv', 'sh', 'bash', 'install']);
/** Remote files ADD keeps as they are although they only matter unpacked or installed. */
const ADD_ARCHIVE = /\.(tar(\.(gz|xz|bz2|zst))?|tgz|txz|tbz2?|zip|gz|xz|bz2|zst|deb|rpm|apk|whl)$/i;

export const downloadKept: Rule = {
  meta: {
    id: 'download-kept',
    defaultSeverity: 'warning',
    description: 'A downloaded archive stays in the layer after it was extracted or installed.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const instr of ctx.parsed.instructions) {
      if (instr.onbuild) continue;
      const layer = ctx.layer(instr);
      const stage = ctx.stageOf(instr);
      if (!layer || !stage) continue;
      if (instr.keyword === 'ADD') {
        for (const e of layer.created) {
          if (e.kind !== 'download' || !ADD_ARCHIVE.test(e.path)) continue;
          if (!pathShips(ctx, stage, e.path)) continue;
          const url = instr.args.find((a) => /^(https?|ftp):\/\//.test(a) && basename(a.split('?')[0]) === basename(e.path));
          const at = url ? argOffset(text, instr, url) : -1;
          ctx.report({
            instruction: instr,
            start: at >= 0 ? at : instr.start,
            end: at >= 0 ? at + url!.length : instr.end,
            message: `ADD keeps the downloaded archive ${basename(e.path)} in its own layer (${e.unknown ? 'size unknown' : formatBytes(e.bytes)}); download, unpack and delete it in one RUN instead.`,
            waste: e.unknown ? UNKNOWN_WASTE : waste(e.bytes, e.low, e.high),
          });
        }
        continue;
      }
      if (instr.keyword !== 'RUN' || !instr.shell) continue;
      const cmds = instr.shell.commands;
      for (const e of layer.created as LayerEntry[]) {
        if (e.kind !== 'download' || !e.command) continue;
        const archive = ARCHIVE.test(e.path);
        // In a subshell or a branch (`( cd "$tmp" && curl -O … )`, `case … esac`) where it lands and whether
        // it runs is not known; a later `rm -rf "$tmp"` may well remove it (nginx's official Dockerfile).
        if (e.command.depth > 0 || e.command.conditional) continue;
        if (!pathShips(ctx, stage, e.path)) continue;
        const name = basename(e.path);
        const usedBy = (list: readonly ShellCommand[], env: ReadonlyMap<string, string>) =>
          list.find((c) => c !== e.command && CONSUMERS.has(c.name) && c.argv.slice(1).some((w) => basename(expandWord(w.value.replace(/^--?[a-z-]+=/, ''), env)) === name));
        const after = cmds.slice(cmds.indexOf(e.command) + 1);
        if (!archive) {
          // A file (a binary, a script) the RUN then `install`s or `cp`s to where it belongs: the download is a second copy.
          const copier = after.find((c) => copySources(c).some((w) => basename(expandWord(w, layer.env)) === name));
          if (!copier) continue;
          const append = !reassignedAfter(text, instr, e.command.end, e.path).length ? appendToRun(text, instr, `rm -f ${shellQuoted(e.path)}`) : undefined;
          ctx.report({
            instruction: instr,
            start: e.command.start,
            end: e.command.end,
            message: `The downloaded file ${name} stays in this layer after \`${copier.name}\` copies it elsewhere (${e.unknown ? 'size unknown' : formatBytes(e.bytes)}); delete it in the same RUN, or download it to where it belongs.`,
            waste: e.unknown ? UNKNOWN_WASTE : waste(e.bytes, e.low, e.high),
            fixes: append ? deleteFix(ctx, instr, name, e.path, append) : [],
          });
          continue;
        }
        let consumer = usedBy(after, layer.env);
        const sameRun = !!consumer;
        if (!consumer) {
          // Extracted by a later RUN of the stage: still kept by this one.
          for (const later of stage.layers) {
            if (later.instruction.index <= instr.index || later.instruction.keyword !== 'RUN') continue;
            consumer = usedBy(later.instruction.shell?.commands ?? [], later.env);
            if (consumer) break;
          }
        }
        if (!consumer) continue; // never unpacked here: maybe the download is the payload (a .jar, an installer kept on purpose)
        const rmPath = shellQuoted(e.path);
        // Removing it here would break the later RUN that unpacks it: that needs both in one RUN.
        // Its path names a variable set again after the download: appended last, the rm deletes another file.
        const append = sameRun && !reassignedAfter(text, instr, e.command.end, e.path).length ? appendToRun(text, instr, `rm -f ${rmPath}`) : undefined;
        // Known only with network look-ups (the server's Content-Length).
        const size = e.unknown ? 'size unknown' : formatBytes(e.bytes);
        ctx.report({
          instruction: instr,
          start: e.command.start,
          end: e.command.end,
          message: sameRun
            ? `The downloaded archive ${name} stays in this layer after \`${consumer.name}\` uses it (${size}); delete it in the same RUN.`
            : `The downloaded archive ${name} stays in this layer although a later RUN unpacks it with \`${consumer.name}\` (${size}); download, unpack and delete it in one RUN.`,
          waste: e.unknown ? UNKNOWN_WASTE : waste(e.bytes, e.low, e.high),
          fixes: append ? deleteFix(ctx, instr, name, e.path, append) : [],
        });
      }
    }
  },
};

/** A path as one shell word. */
function shellQuoted(path: string): string {
  return /[\s$"'`\\]/.test(path) ? `"${path.replace(/(["\\`])/g, '\\$1')}"` : path;
}

/** The sources of an `install` (not `-d`) or `cp`: every operand but the destination (or all, with -t). */
function copySources(c: ShellCommand): string[] {
  if (c.name !== 'install' && c.name !== 'cp') return [];
  const a = parseArgs(c.argv, new Set(['o', 'g', 'm', 't', 'S', 'owner', 'group', 'mode', 'target-directory', 'suffix']));
  if (c.name === 'install' && (a.flags.has('d') || a.flags.has('directory'))) return [];
  const ops = a.operands.map((w) => w.value);
  return a.values.has('t') || a.values.has('target-directory') ? ops : ops.slice(0, -1);
}

/**
 * Delete the archive at the end of its RUN: safe when no later instruction of the stage (or of a
 * stage built FROM it, or a COPY --from it) names the file; otherwise no fix.
 */
function deleteFix(ctx: RuleContext, instr: ParsedInstruction, name: string, path: string, append: TextEdit): Fix[] {
  const title = `Delete ${name} at the end of this RUN`;
  const stages = new Set([instr.stageIndex]);
  for (const s of ctx.parsed.stages) if (s.parentStage !== undefined && stages.has(s.parentStage)) stages.add(s.index);
  const stageRefs = new Set([...stages].flatMap((i) => [String(i), ctx.parsed.stages[i]?.name?.toLowerCase()].filter((x): x is string => !!x)));
  const reader = ctx.parsed.instructions.find((later) => {
    if (later.index <= instr.index) return false;
    const from = later.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
    const relevant = stages.has(later.stageIndex) || (!!from && stageRefs.has(from));
    if (!relevant) return false;
    const words = later.shell ? later.shell.commands.flatMap((c) => c.argv.map((w) => w.value)) : later.args;
    return words.some((w) => w.includes(name) || w.includes(path) || (!!from && path.startsWith(w.replace(/\/?\*?$/, '/'))));
  });
  // A later reader would fail (`tar: Cannot open`): no fix; the message says to unpack and delete in one RUN.
  if (reader) return [];
  return [{ title, edits: [append], isPreferred: true, kind: 'quickfix', safety: 'safe', assumes: ['no later instruction reads the archive'] }];
}
