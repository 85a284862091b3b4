// Rule: chmod-chown-in-later-layer
// `chown -R` / `chmod -R` / `chgrp -R` over files an earlier layer created copies them whole into a new layer.
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { FsTouch } from '../model/types';
import { resolvePath } from '../model/paths';
import { between, describeBytes, expandWord, describeInstruction, instructionAt, removeInstructionEdit, sumWaste } from './layerHelpers';
import type { Fix, Rule, RuleContext } from './types';
import type { ParsedInstruction } from '../parse/dockerfile';

const PERMISSION_COMMANDS = new Set(['chown', 'chmod', 'chgrp']);

export const chmodChownInLaterLayer: Rule = {
  meta: {
    id: 'chmod-chown-in-later-layer',
    defaultSeverity: 'warning',
    description: 'Changing owner or mode of files an earlier layer created copies them into a new layer: they ship twice.',
    fixable: true,
    // A build-only stage's duplicates are not copied out (COPY --from copies the final files once).
    shippedOnly: true,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || instr.onbuild) continue;
      const layer = ctx.layer(instr);
      if (!layer) continue;
      const byCommand = new Map<ShellCommand, FsTouch[]>();
      for (const t of layer.touchedEarlier) {
        if (t.action !== 'rewrite' || !t.command || !PERMISSION_COMMANDS.has(t.command.name)) continue;
        const list = byCommand.get(t.command) ?? [];
        list.push(t);
        byCommand.set(t.command, list);
      }
      for (const [cmd, touches] of byCommand) {
        const w = sumWaste(touches.map((t) => ({ bytes: t.bytes, low: t.low, high: t.high, unknown: !!t.entry.unknown || t.partial })));
        const creators = [...new Set(touches.map((t) => t.entry.createdBy))];
        const creator = creators.length === 1 ? instructionAt(ctx.parsed, creators[0]) : undefined;
        const from = creator ? describeInstruction(creator) : `lines ${creators.map((c) => (instructionAt(ctx.parsed, c)?.line ?? -1) + 1).join(', ')}`;
        const what = touches.length === 1 ? `${touches[0].partial ? 'part of ' : ''}${touches[0].entry.path}` : `${touches.length} paths`;
        const better = creator && (creator.keyword === 'COPY' || creator.keyword === 'ADD') ? `use ${creator.keyword} --${cmd.name === 'chmod' ? 'chmod' : 'chown'} instead` : 'do it in the RUN that creates the files';
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `\`${cmd.name}\` rewrites ${what} created by ${from}, so this layer ships a second copy of ${describeBytes(w.bytes, w.low, w.high, w.unknown)}; ${better}.`,
          waste: w,
          fixes: copyFlagFix(ctx, instr, cmd, touches),
        });
      }
    }
  },
};

/** `COPY x /app` + `RUN chown -R u /app` → `COPY --chown=u x /app` (the RUN only does that). */
function copyFlagFix(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand, touches: FsTouch[]): Fix[] {
  if ((instr.shell?.commands ?? []).length !== 1 || instr.heredocs.length || instr.execForm || cmd.redirects.length) return [];
  if (cmd.name === 'chgrp' || touches.some((t) => t.partial)) return [];
  const creators = [...new Set(touches.map((t) => t.entry.createdBy))];
  if (creators.length !== 1) return [];
  const copy = instructionAt(ctx.parsed, creators[0]);
  if (!copy || (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') || copy.stageIndex !== instr.stageIndex || copy.onbuild || copy.heredocs.length) return [];
  const steps = between(ctx.stageOf(instr)?.parsed.instructions ?? [], copy.index, instr.index);
  if (steps.some((s) => s.keyword === 'RUN' || s.keyword === 'COPY' || s.keyword === 'ADD')) return [];
  const args = parseArgs(cmd.argv, new Set(['reference']));
  const recursive = args.flags.has('R') || args.flags.has('recursive');
  if (args.values.has('reference') || [...args.flags].some((f) => !['R', 'recursive', 'v', 'c', 'f', 'verbose', 'changes', 'silent', 'quiet'].includes(f))) return [];
  const [spec, ...paths] = args.operands;
  if (!spec || !paths.length || spec.value.includes('$')) return [];
  // Every path the command names must be what that COPY created (all of it, nothing else).
  const layerEntries = ctx.layer(copy)?.created ?? [];
  if (!touches.every((t) => layerEntries.some((e) => e.path === t.entry.path))) return [];
  if (!recursive && !touches.every((t) => (t.entry as { file?: boolean }).file)) return [];
  // ... and name exactly those paths: `chown -R u /app` after `COPY src /app/src` also changes /app itself.
  const layer = ctx.layer(instr);
  const named = paths.map((w) => resolvePath(expandWord(w.value, layer?.env ?? new Map()), layer?.workdir ?? '/'));
  if (!named.every((p) => touches.some((t) => t.entry.path === p))) return [];
  let flag: string;
  if (cmd.name === 'chown') {
    if (copy.flags.some((f) => f.name === 'chown')) return [];
    flag = `--chown=${spec.value}`;
  } else {
    if (copy.flags.some((f) => f.name === 'chmod') || !/^[0-7]{3,4}$/.test(spec.value)) return [];
    flag = `--chmod=${spec.value}`;
  }
  return [
    {
      title: `Use ${copy.keyword} ${flag} on line ${copy.line + 1} and drop this RUN`,
      edits: [{ start: copy.argsStart, end: copy.argsStart, newText: `${flag} ` }, removeInstructionEdit(ctx.parsed.text, instr)],
      isPreferred: true,
      kind: 'quickfix',
    },
  ];
}
