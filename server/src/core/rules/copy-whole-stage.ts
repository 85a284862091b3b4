// Rule: copy-whole-stage
// `COPY --from=<stage> / /` copies the whole file system of another stage, not just what was built there.
import { copySourcesAndDest } from '../model/estimators/copy';
import { resolvePath } from '../model/paths';
import { argOffset, describeBytes, stageByRef } from './layerHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE, waste } from './types';

export const copyWholeStage: Rule = {
  meta: {
    id: 'copy-whole-stage',
    defaultSeverity: 'warning',
    description: 'COPY --from=<stage> / copies the whole file system of that stage (its OS, tools and caches) instead of the build output.',
    hadolint: 'DL3067',
    fixable: false,
    shippedOnly: true,
  },
  check(ctx) {
    const { text } = ctx.parsed;
    for (const instr of ctx.parsed.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.onbuild) continue;
      const from = instr.flags.find((f) => f.name === 'from')?.value;
      if (!from) continue;
      const { sources } = copySourcesAndDest(instr);
      const root = sources.find((s) => !s.includes('$') && resolvePath(s, '/') === '/');
      if (root === undefined) continue;
      const source = stageByRef(ctx.model.stages, from);
      // A FROM scratch stage holds only what was put there on purpose (an export stage): copying all of it is the point.
      if (source && source.base.family === 'scratch' && source.base.parentStage === undefined) continue;
      const at = argOffset(text, instr, root);
      const total = source?.total;
      const known = !!total && total.bytes > 0;
      const w = known ? waste(total!.bytes, total!.low, total!.high, total!.hasUnknown) : UNKNOWN_WASTE;
      const what = source ? `stage ${source.name ?? source.index}` : `image ${from}`;
      ctx.report({
        instruction: instr,
        start: at >= 0 ? at : instr.start,
        end: at >= 0 ? at + root.length : instr.end,
        message: `COPY --from=${from} ${root} copies the whole file system of ${what}${source ? ` including its base image ${source.base.image}` : ''} (${describeBytes(w.bytes, w.low, w.high, w.unknown)}); copy only the paths the image needs.`,
        waste: w,
      });
    }
  },
};
