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
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';

const TAR_ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz)$/i;
const ZIP_ARCHIVE = /\.zip$/i;

/** The archive a `tar x…` / `unzip` command reads, with tar's -C directory and whether it selects members. */
function extraction(cmd: ShellCommand): { file: string; dir?: string; simple: boolean; ownerOptions?: string } | undefined {
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
  let oldStyleNoSameOwner = false;
  // Old-style `tar xzf file.tgz`.
  if (!extract && operands[0] && /^[A-Za-z]+$/.test(operands[0]) && operands[0].includes('x')) {
    extract = true;
    oldStyleNoSameOwner = operands[0].includes('o');
    if (operands[0].includes('f') && !file) file = operands[1];
    operands = operands.slice(operands[0].includes('f') ? 2 : 1);
  }
  if (!extract || !file) return undefined;
  const known = new Set(['x', 'extract', 'get', 'f', 'file', 'C', 'directory', 'z', 'gzip', 'j', 'bzip2', 'J', 'xz', 'v', 'verbose', 'o', 'no-same-owner', 'p']);
  const simple = !operands.length && [...a.flags].every((f) => known.has(f));
  // ADD keeps the owners stored in the archive; these make tar give the files to the extracting user.
  const owner = ['o', 'no-same-owner', 'owner', 'group', 'numeric-owner', 'no-same-permissions'].find((f) => a.flags.has(f));
  const ownerOptions = owner ? (owner.length === 1 ? `-${owner}` : `--${owner}`) : oldStyleNoSameOwner ? 'o' : undefined;
  return { file, dir: a.values.get('C')?.[0] ?? a.values.get('directory')?.[0], simple, ownerOptions };
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
      const refusal = isTar ? addRefusal(ctx.parsed, copy, entry.path, found) : undefined;
      const at = argOffset(text, copy, sources[0]);
      const size = entry.unknown ? 'size unknown' : formatBytes(entry.bytes);
      ctx.report({
        instruction: copy,
        start: at >= 0 ? at : copy.start,
        end: at >= 0 ? at + sources[0].length : copy.end,
        message: isTar
          ? `COPY keeps ${basename(sources[0])} (${size}) in the image although ${describeInstruction(found.layer.instruction)} extracts it; ${refusal ? `ADD extracts a local tar archive in one step, but not the same way here: ${refusal}` : 'ADD extracts a local tar archive in one step'}.`
          : `COPY keeps ${basename(sources[0])} (${size}) in the image although ${describeInstruction(found.layer.instruction)} unzips it; bind-mount it in that RUN (RUN --mount=type=bind,source=…) instead.`,
        waste: entry.unknown ? UNKNOWN_WASTE : waste(entry.bytes, entry.low, entry.high),
        fixes: isTar ? addFix(ctx.parsed, copy, dest, entry.path, found) : [],
      });
    }
  },
};

/**
 * Why `ADD archive dir/` would not build the same image as the COPY and the extracting RUN, or undefined.
 * ADD extracts as root keeping the archive's owners, and the archive itself never exists in the image.
 */
export function addRefusal(parsed: ParsedDockerfile, copy: ParsedInstruction, archivePath: string, found: { layer: LayerModel; cmd: ShellCommand; info: NonNullable<ReturnType<typeof extraction>> }): string | undefined {
  const run = found.layer.instruction;
  if (found.info.ownerOptions) return `tar ${found.info.ownerOptions} sets other owners than the archive's, which ADD keeps`;
  const user = found.layer.user.split(':')[0];
  if (user && user !== 'root' && user !== '0') return `tar runs as USER ${user}: its files belong to ${user}, ADD's to the archive's owners`;
  const cmds = run.shell?.commands ?? [];
  const others = cmds.filter((c) => c !== found.cmd);
  // The RUN must do nothing but the extraction and delete the archive (an rm of anything else would be dropped).
  for (const c of others) {
    if (c.name !== 'rm' || c.depth !== 0 || c.redirects.length) return `the RUN on line ${run.line + 1} does more than extract (${c.name})`;
    const a = parseArgs(c.argv);
    if ([...a.flags].some((f) => !['f', 'force', 'v', 'verbose', 'r', 'R', 'recursive'].includes(f))) return `the RUN on line ${run.line + 1} runs rm with options ADD has no equivalent of`;
    const named = a.operands.map((w) => resolvePath(expandWord(w.value, found.layer.env), found.layer.workdir));
    if (!named.length || named.some((p) => p !== archivePath)) return `the RUN on line ${run.line + 1} deletes other paths than the archive`;
  }
  // Nothing else may read the archive: ADD never puts it in the image (a checksum RUN between, a later COPY --from).
  const name = basename(archivePath);
  const readers = parsed.instructions.filter((i) => i.index > copy.index && i !== run && i.keyword !== 'FROM' && i.argsText.includes(name));
  if (readers.length) return `line ${readers[0].line + 1} also reads ${name}, which ADD does not keep`;
  return undefined;
}

function addFix(parsed: ParsedDockerfile, copy: ParsedInstruction, dest: string, archivePath: string, found: { layer: LayerModel; cmd: ShellCommand; info: NonNullable<ReturnType<typeof extraction>> }): Fix[] {
  const { text } = parsed;
  const run = found.layer.instruction;
  // The RUN must do nothing but the extraction (and maybe delete the archive).
  if (!found.info.simple || run.heredocs.length || run.flags.length || run.execForm || found.cmd.depth !== 0 || found.cmd.conditional) return [];
  if (addRefusal(parsed, copy, archivePath, found)) return [];
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
