// Rule: delete-in-later-layer
// A RUN deletes files an earlier layer created: the earlier layer still ships them, nothing is freed.
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { FsTouch } from '../model/types';
import { appendToRun } from './fixHelpers';
import { rpmCacheOwner } from './cacheRuleHelpers';
import { attributableTouch, fewKilobytes, between, describeBytes, describeInstruction, instructionAt, removeCommandEdit, removeInstructionEdit, sumWaste } from './layerHelpers';
import type { Fix, Rule, RuleContext } from './types';
import type { ParsedInstruction } from '../parse/dockerfile';

/** What a cause rule (apt-lists-kept, pip-cache-kept, download-kept, …) reports at the RUN that created it. */
export const CACHE_KINDS = new Set(['apt-lists', 'package-cache', 'download']);

export const deleteInLaterLayer: Rule = {
  meta: {
    id: 'delete-in-later-layer',
    defaultSeverity: 'warning',
    description: 'Deleting files in a later RUN does not make the image smaller: the layer that created them still ships them.',
    fixable: true,
    // COPY --from copies a stage's final file system, so deletes in a build-only stage cost nothing.
    shippedOnly: true,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || instr.onbuild) continue;
      const layer = ctx.layer(instr);
      if (!layer) continue;
      const byCommand = new Map<ShellCommand | undefined, FsTouch[]>();
      for (const t of layer.touchedEarlier) {
        // `mv` of what an earlier layer made (a download, a copied file) deletes it there (a whiteout) and writes a
        // second copy here. A rename inside a larger tree (solr's `mv bin/solr.in.sh bin/solr.in.sh.orig`) is a file of
        // its own size, unknown here and usually small: not this rule's.
        // A move known to be under 1 MiB stays consecutive-run's hint (a few kB of change is not a warning).
        if (t.action !== 'delete' && !(t.action === 'move' && t.command?.name === 'mv' && !t.partial && (t.entry.unknown || t.bytes >= 1024 * 1024))) continue;
        if (!attributableTouch(ctx, instr, t, layer.touchedEarlier)) continue;
        const list = byCommand.get(t.command) ?? [];
        list.push(t);
        byCommand.set(t.command, list);
      }
      // One `rm` of lists or caches a cause rule reports (apt-lists-kept…) and of other files: two wastes, reported apart,
      // so the cache part folds into its cause and is not counted again (issue 14: loro-whisper's rm of three driver
      // libraries and /var/lib/apt/lists/* counted the 45 MB of lists a second time).
      const groups: [ShellCommand | undefined, FsTouch[]][] = [];
      for (const [cmd, touches] of byCommand) {
        const caches = touches.filter((t) => CACHE_KINDS.has(t.entry.kind));
        if (caches.length && caches.length < touches.length) groups.push([cmd, caches], [cmd, touches.filter((t) => !CACHE_KINDS.has(t.entry.kind))]);
        else groups.push([cmd, touches]);
      }
      for (const [cmd, touches] of groups) {
        // Small text files from the build context (a patch, a script, a config), /etc configuration: kB, not worth a warning.
        const small =
          fewKilobytes(ctx, touches) ||
          // A library's SONAME name (`libcuda.so.1`) in a package install is the symlink to its versioned file: a few bytes
          // (loro-whisper removes three so the host's driver libraries are used, not to save space).
          touches.every((t) => t.partial && t.entry.kind === 'packages' && !!t.targets?.length && t.targets.every((p) => SONAME_LINK.test(p)));
        // A context file of unknown size at the very path this RUN downloads to before deleting it: the COPY is a
        // stand-in the RUN replaces (Kong's `COPY kong.deb /tmp/kong.deb` of a 0-byte file, then `curl -o /tmp/kong.deb`
        // unless a build arg says to use the copied one). With the context measured, its size decides.
        const replaced = touches.every((t) => t.entry.kind === 'context' && t.entry.unknown && !t.partial && layer.cleanedOwn.some((e) => e.kind === 'download' && e.path === t.entry.path));
        const items = touches.map((t) => ({
          bytes: t.bytes,
          low: t.low,
          high: t.high,
          unknown: !!t.entry.unknown || (t.partial && t.bytes <= 0),
        }));
        const w = sumWaste(items);
        const creators = [...new Set(touches.map((t) => t.entry.createdBy))];
        const first = touches[0];
        const what = touches.length === 1 ? `${first.partial ? 'part of ' : ''}${first.entry.path}` : `${touches.length} paths`;
        const from = creators.length === 1 ? describeInstruction(instructionAt(ctx.parsed, creators[0])) : `lines ${creators.map((c) => (instructionAt(ctx.parsed, c)?.line ?? -1) + 1).join(', ')}`;
        const label = touches.length === 1 ? ` (${first.entry.label})` : '';
        const verb = cmd ? `\`${cmd.name}\`` : 'This RUN';
        const moved = touches.every((t) => t.action === 'move');
        ctx.report({
          instruction: instr,
          start: cmd?.start ?? instr.start,
          end: cmd?.end ?? instr.end,
          message: moved
            ? `${verb} moves ${what} created by ${from}${label}: that layer still ships ${describeBytes(w.bytes, w.low, w.high, w.unknown)} and this one gets a second copy; put it where it belongs in the RUN that creates it.`
            : `${verb} deletes ${what} created by ${from}${label}, but that layer still ships ${describeBytes(w.bytes, w.low, w.high, w.unknown)}; delete it in the RUN that creates it.${replaced ? ' This RUN downloads to the same path first, so the copied file may be an empty placeholder: then nothing is wasted.' : ''}`,
          waste: w,
          unnecessary: true,
          ...(small || replaced ? { severity: 'hint' as const } : {}),
          // Only caches, lists and downloads have a rule of their own at the RUN that made them.
          // An RPM install that only reused an earlier RUN's metadata: that RUN's dnf-cache-kept covers it.
          related: touches.every((t) => CACHE_KINDS.has(t.entry.kind)) ? [...new Set(creators.map((c) => rpmCacheOwner(ctx, c)))] : undefined,
          fixes: cmd ? moveFix(ctx, instr, cmd, touches) : [],
        });
      }
    }
  },
};


/** A shared library's SONAME path (`/usr/lib/x86_64-linux-gnu/libcuda.so.1`): in a package, a symlink to the versioned file. */
const SONAME_LINK = /\/lib[^/]*\.so\.\d+$/;

/** Commands that read no files: they may come before the moved rm. */
const HARMLESS = new Set(['rm', 'set', 'true', ':', 'echo', 'printf']);

/** Move a pure `rm` into the RUN that created what it deletes (same stage, nothing in between). */
function moveFix(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand, touches: FsTouch[]): Fix[] {
  if (cmd.name !== 'rm' || cmd.depth !== 0 || cmd.conditional || cmd.inCondition || instr.heredocs.length || instr.execForm) return [];
  const creators = [...new Set(touches.map((t) => t.entry.createdBy))];
  if (creators.length !== 1) return [];
  const creator = instructionAt(ctx.parsed, creators[0]);
  if (!creator || creator.keyword !== 'RUN' || creator.stageIndex !== instr.stageIndex || creator.onbuild) return [];
  const stage = ctx.stageOf(instr);
  const steps = between(stage?.parsed.instructions ?? [], creator.index, instr.index);
  // Anything in between that touches the file system may need the files (or add to them).
  if (steps.some((s) => s.keyword === 'RUN' || s.keyword === 'COPY' || s.keyword === 'ADD')) return [];
  const args = parseArgs(cmd.argv);
  const operands = args.operands.map((w) => w.value);
  if (!operands.length || operands.some((o) => !o.startsWith('/') || o.includes('$') || /^\/+$/.test(o))) return [];
  // Paths this RUN's rm names but the creator did not make must not fail the moved rm.
  if (!(args.flags.has('f') || args.flags.has('force')) && operands.length !== touches.length) return [];
  if (cmd.redirects.length) return [];
  const rmText = ctx.parsed.text.slice(cmd.start, cmd.end);
  const append = appendToRun(ctx.parsed.text, creator, rmText);
  if (!append) return [];
  const cmds = instr.shell?.commands ?? [];
  const only = cmds.length === 1;
  const removal = only ? removeInstructionEdit(ctx.parsed.text, instr) : removeCommandEdit(ctx.parsed.text, instr, cmd);
  if (!removal) return [];
  const title = `Move \`${rmText.length > 40 ? `${rmText.slice(0, 37)}…` : rmText}\` into the RUN on line ${creator.line + 1}`;
  // Commands before the rm in its RUN may still read what it deletes (`tar -xzf x.tgz && rm x.tgz`):
  // moved earlier, the rm would run before them. Safe only when nothing but cleanup precedes it.
  const before = cmds.slice(0, cmds.indexOf(cmd)).filter((c) => !HARMLESS.has(c.name));
  const mentions = before.filter((c) => c.argv.some((w) => operands.some((o) => w.value.includes(o) || w.value.includes(o.split('/').pop() || o))));
  if (mentions.length) return [];
  if (before.length)
    return [
      {
        title: `${title} (check: \`${before[0].name}\` on line ${instr.line + 1} runs before it and must not need it)`,
        edits: [append, removal],
        isPreferred: false,
        kind: 'quickfix',
        safety: 'suggestion',
        assumes: [`the commands before the rm on line ${instr.line + 1} do not read ${operands.join(' ')}`],
      },
    ];
  return [{ title, edits: [append, removal], isPreferred: true, kind: 'quickfix', safety: 'safe', assumes: ['nothing between the creating RUN and the rm reads the deleted paths'] }];
}
