// Rule: dockerignore-invalid
// The .dockerignore has a pattern Docker rejects (`[z-a]`, `[`, a lone `!`), or cannot be read (a FIFO, a link out of the folder, over 1 MB).
import { contextOf } from '../model/sizeModel';
import type { Rule } from './types';

export const dockerignoreInvalid: Rule = {
  meta: {
    id: 'dockerignore-invalid',
    defaultSeverity: 'warning',
    description: 'The .dockerignore has a pattern Docker rejects (docker build fails with "syntax error in pattern") or cannot be read; the size estimate then excludes nothing for it.',
    fixable: false,
    shippedOnly: false,
  },
  check(ctx) {
    const context = contextOf(ctx.model);
    if (!context?.problems.length) return;
    // Docker reads the context (and trips on the pattern) at the first COPY/ADD that uses it.
    const first = ctx.parsed.instructions.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.onbuild && !i.heredocs.length && !i.flags.some((f) => f.name === 'from'));
    if (!first) return;
    const shown = context.problems.slice(0, 3).join('; ') + (context.problems.length > 3 ? `; and ${context.problems.length - 3} more` : '');
    // The arguments of that COPY/ADD (its first line): what reads the context.
    const text = ctx.parsed.text;
    let start = first.start + first.keyword.length;
    while (start < first.end && (text[start] === ' ' || text[start] === '\t')) start++;
    const eol = text.indexOf('\n', start);
    const end = Math.min(first.end, eol < 0 ? first.end : eol);
    ctx.report({ instruction: first, start, end: end > start ? end : first.end, message: shown });
  },
};
