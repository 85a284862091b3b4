// Rule: copy-archive-then-extract
// `COPY x.tar.gz` then a RUN that extracts it: the archive stays in the COPY layer. ADD extracts in one step.
import { parseArgs, type ShellCommand } from '../parse/shell';
import { copySourcesAndDest } from '../model/estimators/copy';
import { formatBytes } from '../model/format';
import { resolvePath } from '../model/paths';
import { argOffset, basename, describeInstruction, expandWord, removeInstructionEdit } from './layerHelpers';
import type { Fix, Rule } from './types';
import { UNKNOWN_WASTE, waste } from './types';
import type { LayerModel } from '../model/types';

const TAR_ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const ZIP_ARCHIVE = /\.zip$/i;

/** The archive a `tar x…` / `unzip` command reads, with tar's -C directory and whether it selects members. */
function extraction(cmd: ShellCommand): { file: string; dir?: string; simple: boolean } | undefined {
  if (cmd.name === 'unzip') {
    const a = parseArgs(cmd.argv, new Set(['d', 'x']));
    const file = a.operands[0]?.value;
    return file ? { file, dir: a.values.get('d')?.[0], simple: false } : undefined;
  }
  if (cmd.name !== 'tar' && cmd.name !== 'bsdtar') return undefined;
  const a = parseArgs(cmd.argv, new Set(['f', 'file', 'C', 'directory']));
  let operands = a.operands.map((w) => w.value);
  let file = a.values.get('f')?.[0] ?? a.values.get('file')?.[0];
  let extract = a.flags.has('x') || a.flags.has('extract') || a.flags.has('get');
  // Old-style `tar xzf file.tgz`.
  if (!extract && operands[0] && /^[A-Za-z]+$/.test(operands[0]) && operands[0].includes('x')) {
    extract = true;
    if (operands[0].includes('f') && !file) file = operands[1];
    operands = operands.slice(operands[0].includes('f') ? 2 : 1);
  }
  if (!extract || !file) return undefined;
  const known = new Set(['x', 'extract', 'get', 'f', 'file', 'C', 'directory', 'z', 'gzip', 'j', 'bzip2', 'J', 'xz', 'v', 'verbose', 'o', 'no-same-owner', 'p']);
  const simple = !operands.length && [...a.flags].every((f) => known.has(f));
  return { file, dir: a.values.get('C')?.[0] ?? a.values.get('directory')?.[0], simple };
}

export const copyArchiveThenExtract: Rule = {
  meta: {
    id: 'copy-archive-then-extract',
    defaultSeverity: 'warning',
    description: 'COPY of an archive that a later RUN extracts keeps the archive in the image; ADD extracts local tar archives in one step.',
    hadolint: 'DL3010',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const copy of ctx.parsed.instructions) {
      if (copy.keyword !== 'COPY' || copy.onbuild || copy.heredocs.length || copy.flags.some((f) => f.name === 'from')) continue;
      const { sources, dest } = copySourcesAndDest(copy);
      if (sources.length !== 1 || !(TAR_ARCHIVE.test(sources[0]) || ZIP_ARCHIVE.test(sources[0]))) continue;
      const copyLayer = ctx.layer(copy);
      const entry = copyLayer?.created[0];
      const stage = ctx.stageOf(copy);
      if (!entry || !stage) continue;
      let found: { layer: LayerModel; cmd: ShellCommand; info: NonNullable<ReturnType<typeof extraction>> } | undefined;
      for (const layer of stage.layers) {
        if (layer.instruction.index <= copy.index || layer.instruction.keyword !== 'RUN') continue;
        for (const cmd of layer.instruction.shell?.commands ?? []) {
          const info = extraction(cmd);
          if (!info) continue;
          const file = expandWord(info.file, layer.env);
          if (resolvePath(file, layer.workdir) === entry.path || (!file.startsWith('/') && basename(file) === basename(entry.path))) {
            found = { layer, cmd, info };
            break;
          }
        }
        if (found) break;
      }
      if (!found) continue;
      const isTar = TAR_ARCHIVE.test(sources[0]);
      const at = argOffset(text, copy, sources[0]);
      const size = entry.unknown ? 'size unknown' : formatBytes(entry.bytes);
      ctx.report({
        instruction: copy,
        start: at >= 0 ? at : copy.start,
        end: at >= 0 ? at + sources[0].length : copy.end,
        message: isTar
          ? `COPY keeps ${basename(sources[0])} (${size}) in the image although ${describeInstruction(found.layer.instruction)} extracts it; ADD extracts a local tar archive in one step.`
          : `COPY keeps ${basename(sources[0])} (${size}) in the image although ${describeInstruction(found.layer.instruction)} unzips it; bind-mount it in that RUN (RUN --mount=type=bind,source=…) instead.`,
        waste: entry.unknown ? UNKNOWN_WASTE : waste(entry.bytes, entry.low, entry.high),
        fixes: isTar ? addFix(text, copy, dest, found) : [],
      });
    }
  },
};

function addFix(text: string, copy: Parameters<typeof removeInstructionEdit>[1], dest: string, found: { layer: LayerModel; cmd: ShellCommand; info: NonNullable<ReturnType<typeof extraction>> }): Fix[] {
  const run = found.layer.instruction;
  const cmds = run.shell?.commands ?? [];
  const others = cmds.filter((c) => c !== found.cmd);
  // The RUN must do nothing but the extraction (and maybe delete the archive).
  if (!found.info.simple || run.heredocs.length || run.flags.length || run.execForm || found.cmd.depth !== 0 || found.cmd.conditional) return [];
  if (others.some((c) => c.name !== 'rm' || c.depth !== 0)) return [];
  const dir = found.info.dir ? resolvePath(expandWord(found.info.dir, found.layer.env), found.layer.workdir) : found.layer.workdir;
  if (dir.includes('$')) return [];
  const destAt = argOffset(text, copy, dest, true);
  if (destAt < 0 || copy.execForm) return [];
  const newDest = dir === '/' ? '/' : `${dir}/`;
  return [
    {
      title: `Use ADD to extract into ${newDest} and drop the RUN on line ${run.line + 1}`,
      edits: [
        { start: copy.start, end: copy.start + 'COPY'.length, newText: 'ADD' },
        { start: destAt, end: destAt + dest.length, newText: newDest },
        removeInstructionEdit(text, run),
      ],
      isPreferred: true,
      kind: 'quickfix',
    },
  ];
}
