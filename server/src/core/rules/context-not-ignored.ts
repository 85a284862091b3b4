// Rule: context-not-ignored
// `COPY .` / `ADD .` (or a broad glob) sends and copies heavy folders and big files that .dockerignore does not exclude.
import { contextOf } from '../model/sizeModel';
import { copySourcesAndDest } from '../model/estimators/copy';
import { formatBytes } from '../model/format';
import { argOffset } from './layerHelpers';
import type { Rule } from './types';
import { waste } from './types';

const BIG_FILE = 10_000_000;
const BROAD = /^(\.\/?|\/|\*|\.\/\*|\.\/\.)$/;

export const contextNotIgnored: Rule = {
  meta: {
    id: 'context-not-ignored',
    defaultSeverity: 'warning',
    description: 'COPY . with no .dockerignore, or copying heavy folders (.git, node_modules, .venv, build output) or big files that .dockerignore does not exclude.',
    fixable: false,
    shippedOnly: false,
  },
  check(ctx) {
    const context = contextOf(ctx.model);
    if (!context) return;
    const { text } = ctx.parsed;
    let heavy: { name: string; bytes: number }[] | undefined;
    for (const instr of ctx.parsed.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.onbuild || instr.heredocs.length) continue;
      if (instr.flags.some((f) => f.name === 'from')) continue;
      const { sources } = copySourcesAndDest(instr);
      const broad = sources.find((s) => BROAD.test(s));
      if (broad === undefined) continue;
      if (!heavy) {
        const dirs = context.heavySent().map((t) => ({ name: t.isDir ? `${t.name}/` : t.name, bytes: t.bytes }));
        const inDirs = new Set(context.heavySent().map((t) => t.name));
        const big = context
          .list()
          .filter((f) => f.bytes > BIG_FILE && !inDirs.has(f.rel.split('/')[0]))
          .map((f) => ({ name: f.rel, bytes: f.bytes }));
        heavy = [...dirs, ...big].sort((a, b) => b.bytes - a.bytes);
      }
      const at = argOffset(text, instr, broad);
      if (!heavy.length) {
        // Nothing heavy today, but without a .dockerignore the next `.git` or `node_modules` ships too.
        if (!context.hasDockerignore) {
          const sent = context.list();
          const bytes = sent.reduce((a, f) => a + f.bytes, 0);
          ctx.report({
            instruction: instr,
            start: at >= 0 ? at : instr.start,
            end: at >= 0 ? at + broad.length : instr.end,
            message: `${instr.keyword} ${broad} copies the whole build context (${sent.length} files, ${formatBytes(bytes)} now) and there is no .dockerignore: anything added to the folder (.git, node_modules, build output) will ship too.`,
            severity: 'info',
          });
        }
        continue;
      }
      const total = heavy.reduce((a, h) => a + h.bytes, 0);
      const named = heavy.slice(0, 4).map((h) => `${h.name} (${formatBytes(h.bytes)})`).join(', ') + (heavy.length > 4 ? `, and ${heavy.length - 4} more` : '');
      ctx.report({
        instruction: instr,
        start: at >= 0 ? at : instr.start,
        end: at >= 0 ? at + broad.length : instr.end,
        message: `${instr.keyword} ${broad} copies ${named} into the image (${formatBytes(total)}) because ${context.hasDockerignore ? '.dockerignore does not exclude them' : 'there is no .dockerignore'}; list them in .dockerignore.`,
        waste: waste(total),
      });
    }
  },
};
