// Rule: copy-from-missing-stage
// `COPY --from=build` where no stage is named `build`: the builder treats the name as an image and
// tries to pull `docker.io/library/build` (a typo of a stage name, or a stage renamed).
import { lookupBaseImage } from '../data/baseImages';
import type { Rule } from './types';

export const copyFromMissingStage: Rule = {
  meta: {
    id: 'copy-from-missing-stage',
    defaultSeverity: 'warning',
    description: 'COPY --from names no stage of the file and no known image: the build will try to pull an image of that name.',
    fixable: false,
    shippedOnly: false,
  },
  check(ctx) {
    const names = ctx.parsed.stages.map((s) => s.name?.toLowerCase()).filter((n): n is string => !!n);
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') continue;
      const flag = instr.flags.find((f) => f.name === 'from');
      const value = flag?.value;
      if (!flag || !value || value.includes('$')) continue;
      const ref = value.toLowerCase();
      if (/^\d+$/.test(ref)) {
        // A stage index must name an earlier stage.
        if (Number(ref) < instr.stageIndex) continue;
      } else {
        // Only a bare word can be a stage name; `nginx:alpine`, `ghcr.io/x/y` are images by their spelling.
        if (/[/:.@]/.test(ref)) continue;
        if (names.includes(ref)) continue;
        // An official image of that name (`--from=alpine`, `--from=busybox`) is a legitimate source.
        if (lookupBaseImage(ref)) continue;
      }
      const later = ctx.parsed.stages.find((s) => s.name?.toLowerCase() === ref && s.index >= instr.stageIndex);
      const near = names.filter((n) => n !== ref && (n.startsWith(ref) || ref.startsWith(n)));
      const text = ctx.parsed.text;
      const at = text.indexOf(value, instr.start);
      ctx.report({
        instruction: instr,
        start: at >= 0 && at < instr.end ? at : instr.start,
        end: at >= 0 && at < instr.end ? at + value.length : instr.end,
        message: /^\d+$/.test(ref)
          ? `--from=${value} names no earlier stage (this file's stages before this one are 0–${instr.stageIndex - 1}).`
          : later
            ? `--from=${value} names a stage defined later in the file: a stage can only copy from earlier ones, so the build will try to pull an image \`${value}\`.`
            : `No stage is named \`${value}\`${near.length ? ` (stages: ${near.join(', ')})` : ''}: the build will try to pull an image \`${value}\` (docker.io/library/${ref}) and copy from it.`,
      });
    }
  },
};
