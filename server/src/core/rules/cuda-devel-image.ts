// Rule: cuda-devel-image
// The shipped stage starts FROM an nvidia/cuda `-devel` image (nvcc, headers, static libraries) but
// compiles nothing with them: the `-runtime` variant (CUDA's shared libraries) or `-base` would run it.
import { parseImageRef } from '../data/baseImages';
import { DNF_COMMANDS } from '../model/estimators/rpm';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { argOffset } from './layerHelpers';
import { BUILD_PACKAGE } from './build-tools-in-final-image';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

/** Commands that compile (CUDA or C/C++) and so need the devel image's toolchain and headers. */
const COMPILERS = /^(nvcc|gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|gmake|cmake|ninja|meson|bazel|configure|\.\/configure|cargo|go)$/;

/** pip packages that build CUDA extensions from source at install time (no prebuilt wheel for most setups). */
const SOURCE_BUILT = /^(flash[-_]attn|apex|deepspeed|mmcv(-full)?|detectron2|pytorch3d|causal[-_]conv1d|mamba[-_]ssm|tinycudann|tiny-cuda-nn|nvdiffrast|spconv|torch[-_]scatter|torch[-_]sparse|torch[-_]cluster|gsplat|diff[-_]gaussian[-_]rasterization|simple[-_]knn|auto[-_]gptq|exllama(v2)?|awq)([<>=~!\[@].*)?$/i;

function compiles(cmd: ShellCommand): boolean {
  if (COMPILERS.test(cmd.name.replace(/^.*\//, ''))) return true;
  const words = cmd.argv.map((w) => w.value);
  // `python setup.py build/install/develop`, `pip install .`, `pip install -e .`, `pip install git+…`: sources built here.
  if (/^python[0-9.]*$/.test(cmd.name) && words.some((w) => /setup\.py$/.test(w))) return true;
  const pipAt = /^pip[0-9.]*$/.test(cmd.name) ? 0 : /^python[0-9.]*$/.test(cmd.name) && words[1] === '-m' && /^pip/.test(words[2] ?? '') ? 2 : -1;
  if (pipAt >= 0 && words.includes('install')) {
    const operands = words.slice(words.indexOf('install') + 1).filter((w) => !w.startsWith('-'));
    if (words.includes('--no-build-isolation') || words.includes('--no-binary')) return true;
    // `-f`/`--find-links` of a wheel index (pyg's `-f https://pytorch-geometric.com/whl/torch-1.7.0+cu110.html`, OpenMMLab's
    // mmcv index): the extensions come prebuilt for that CUDA, the reason such an index exists.
    const prebuilt = words.some((w, i) => (w === '-f' || w === '--find-links' || w.startsWith('--find-links=')) && /https?:/.test(w.startsWith('--find-links=') ? w : words[i + 1] ?? ''));
    const operandsNoLinks = operands.filter((w) => !/^https?:/.test(w));
    if (operandsNoLinks.some((w) => w === '.' || w.startsWith('./') || /^git\+|\.git$/.test(w) || (!prebuilt && SOURCE_BUILT.test(w)))) return true;
    if (operands.some((w) => /^https?:.*\.(tar\.gz|zip)$/.test(w) && !words.some((x, i) => (x === '-f' || x === '--find-links') && words[i + 1] === w))) return true;
  }
  // Installing a compiler or -dev package is a sign the stage builds something.
  if ((cmd.name === 'apt-get' || cmd.name === 'apt' || DNF_COMMANDS.has(cmd.name)) && words.includes('install')) {
    return words.some((w) => BUILD_PACKAGE.test(w.replace(/[=:].*$/, '')) && !/^python3?(\.\d+)?-dev$/.test(w));
  }
  return false;
}

/** `nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04` → its runtime tag; undefined for tags that are not -devel. */
export function cudaRuntimeTag(tag: string): string | undefined {
  if (!/(^|-)devel(-|$)/.test(tag)) return undefined;
  return tag.replace(/(^|-)devel(-|$)/, '$1runtime$2');
}

export const cudaDevelImage: Rule = {
  meta: {
    id: 'cuda-devel-image',
    defaultSeverity: 'warning',
    description: 'The shipped image is an nvidia/cuda -devel image but nothing is compiled in it: the -runtime (or -base) variant is GBs smaller.',
    fixable: true,
    // Checked here (stage.ships): the finding may sit on the global ARG that spells the image, outside any stage.
    shippedOnly: false,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const stage of ctx.model.stages) {
      if (!stage.ships || stage.base.parentStage !== undefined) continue;
      const image = stage.parsed.resolvedImage;
      const ref = parseImageRef(image);
      if (!/(^|\/)nvidia\/cuda$/.test(ref.repository) && ref.repository !== 'nvidia/cuda') continue;
      const tag = ref.tag ?? '';
      const runtimeTag = cudaRuntimeTag(tag);
      if (!runtimeTag) continue;
      // The stage and the stages built FROM it (none ships without this one) compile nothing.
      const chain = new Set([stage.index]);
      for (const s of ctx.model.stages) if (s.base.parentStage !== undefined && chain.has(s.base.parentStage)) chain.add(s.index);
      const runs: ParsedInstruction[] = ctx.parsed.instructions.filter((i) => chain.has(i.stageIndex) && i.keyword === 'RUN' && !i.onbuild);
      if (runs.some((i) => !i.shell || i.shell.commands.some(compiles))) continue;
      // Building CUDA extensions is declared through these variables.
      if (runs.some((i) => ctx.layer(i)?.env.has('TORCH_CUDA_ARCH_LIST') || ctx.layer(i)?.env.has('CUDA_ARCH_LIST'))) continue;
      const from = stage.parsed.from;
      const written = stage.parsed.image;
      const runtime = `${image.slice(0, image.lastIndexOf(':'))}:${runtimeTag}`;
      // Where the tag is written: the FROM, or the default of the global ARG it names (`ARG BASE=…` / `FROM $BASE`).
      let where = from;
      let at = argOffset(text, from, written);
      let spelled = written;
      const arg = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(written)?.[1];
      if (arg) {
        const decl = ctx.parsed.instructions.find((i) => i.keyword === 'ARG' && i.stageIndex < 0 && i.args.some((a) => a.startsWith(`${arg}=`)));
        const value = decl?.args.find((a) => a.startsWith(`${arg}=`))?.slice(arg.length + 1).replace(/^(["'])(.*)\1$/, '$2');
        const valueAt = decl && value ? text.indexOf(value, decl.argsStart) : -1;
        if (decl && value === image && valueAt >= 0 && valueAt < decl.end) {
          where = decl;
          at = valueAt;
          spelled = value;
        }
      }
      const literal = !spelled.includes('$') && at >= 0;
      ctx.report({
        instruction: where,
        start: at >= 0 ? at : from.start,
        end: at >= 0 ? at + spelled.length : from.end,
        message: `${image} is the CUDA development image (nvcc, headers, static libraries), but nothing in this image compiles; ${runtime} has the same CUDA libraries without them (size unknown: the data has no nvidia/cuda sizes; the devel layers are typically several GB), and the -base variant is smaller still when the wheels bring their own CUDA (PyTorch's do).`,
        waste: UNKNOWN_WASTE,
        fixes: literal
          ? [
              {
                title: `Use ${runtime} (check: nothing at run time needs nvcc or the CUDA headers, e.g. JIT-compiled extensions)`,
                edits: [{ start: at, end: at + spelled.length, newText: spelled.slice(0, spelled.lastIndexOf(':') + 1) + runtimeTag }],
                isPreferred: false,
                kind: 'quickfix',
                safety: 'suggestion',
                assumes: ['nothing compiles CUDA code at run time (torch.utils.cpp_extension.load, triton needs only the driver)'],
              },
            ]
          : [],
      });
    }
  },
};
