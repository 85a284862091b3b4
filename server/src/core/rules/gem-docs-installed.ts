// Rule: gem-docs-installed
// `gem install` without --no-document generates ri/rdoc documentation into the layer, unless a gemrc
// turns it off (the official ruby images write `install: --no-document` to /usr/local/etc/gemrc).
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { parseArgs } from '../parse/shell';
import { insertAfter, quickfix, runInstructions } from './cacheRuleHelpers';
import type { Rule, RuleContext } from './types';
import { UNKNOWN_WASTE } from './types';

const VALUE_FLAGS = new Set(['v', 'version', 'i', 'install-dir', 'n', 'bindir', 's', 'source', 'platform', 'document', 'g', 'file', 'build-root', 'P', 'trust-policy']);

/** The official ruby images (ruby:*, docker.io/library/ruby) configure gem to skip documentation. */
const OFFICIAL_RUBY = /^(?:(?:docker\.io\/)?library\/)?ruby(?::|@|$)/i;

function skipsDocs(args: ReturnType<typeof parseArgs>): boolean {
  if (args.flags.has('no-document') || args.flags.has('N') || args.flags.has('no-doc')) return true;
  if (args.flags.has('no-ri') && args.flags.has('no-rdoc')) return true;
  const doc = args.values.get('document');
  return !!doc && doc.some((v) => v === '' || v === "''");
}

/** A gemrc with --no-document, written or copied before `cmd` (this stage, its parents, or earlier in the same RUN). */
function gemrcDisablesDocs(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand): boolean {
  const writes = (text: string) => /gemrc/i.test(text) && /--no-(document|rdoc|ri)\b|\bdocument\s*:\s*(false|\[\])/.test(text);
  const text = ctx.parsed.text;
  if (writes(text.slice(instr.start, cmd.start))) return true;
  for (let s: number | undefined = instr.stageIndex; s !== undefined && s >= 0; s = ctx.model.stages[s]?.base.parentStage) {
    const stage = ctx.model.stages[s];
    if (!stage) break;
    if (OFFICIAL_RUBY.test(stage.base.image)) return true;
    for (const other of stage.parsed.instructions) {
      if (s === instr.stageIndex && other.index >= instr.index) break;
      if (other.keyword === 'RUN' && writes(other.argsText)) return true;
      if ((other.keyword === 'COPY' || other.keyword === 'ADD') && other.args.some((a) => /gemrc/i.test(a))) return true;
    }
  }
  return false;
}

export const gemDocsInstalled: Rule = {
  meta: {
    id: 'gem-docs-installed',
    defaultSeverity: 'warning',
    description: 'gem install generates ri/rdoc documentation into the layer unless --no-document (or a gemrc) turns it off.',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      for (const cmd of instr.shell?.commands ?? []) {
        if (cmd.name !== 'gem') continue;
        const args = parseArgs(cmd.argv, VALUE_FLAGS);
        const sub = args.operands[0];
        if (sub?.value !== 'install' && sub?.value !== 'update') continue;
        if (sub.value === 'update' && args.flags.has('system')) continue;
        if (skipsDocs(args) || gemrcDisablesDocs(ctx, instr, cmd)) continue;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `gem ${sub.value} generates ri/rdoc documentation (size unknown) into this layer; add --no-document.`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix('Add --no-document', [insertAfter(instr, sub, '--no-document')]),
        });
      }
    }
  },
};
