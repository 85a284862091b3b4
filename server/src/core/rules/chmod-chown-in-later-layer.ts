// Rule: chmod-chown-in-later-layer
// `chown -R` / `chmod -R` / `chgrp -R` over files an earlier layer created copies them whole into a new layer.
import { parseArgs, type ShellCommand } from '../parse/shell';
import type { FsTouch } from '../model/types';
import { resolvePath } from '../model/paths';
import { attributableTouch, fewKilobytes, between, describeBytes, expandWord, describeInstruction, instructionAt, removeInstructionEdit, sumWaste } from './layerHelpers';
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
        // Not when the "creator" only ran an unknown command in its WORKDIR, or this RUN made the path (issue 14).
        if (!attributableTouch(ctx, instr, t, layer.touchedEarlier)) continue;
        const list = byCommand.get(t.command) ?? [];
        list.push(t);
        byCommand.set(t.command, list);
      }
      for (const [cmd, touches] of byCommand) {
        const w = sumWaste(touches.map((t) => ({ bytes: t.bytes, low: t.low, high: t.high, unknown: !!t.entry.unknown || t.partial })));
        // `chmod -R 777 storage bootstrap/cache`, `chown -R www-data var/log`: directories an app writes at run time,
        // nearly empty when the image is built. Of a tree of unknown size, only those: a hint, not a warning.
        const runtimeDirs = touches.every((t) => t.partial && t.entry.unknown) && namedPaths(cmd).length > 0 && namedPaths(cmd).every((p) => RUNTIME_WRITABLE.test(p));
        // `COPY entrypoint.sh /` + `chmod +x /entrypoint.sh` with the build context unread, a chown of /etc configuration:
        // a few kB, as for delete-in-later-layer (a hint, not a warning: "a few kB of change is not a warning").
        const small = fewKilobytes(ctx, touches);
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
          ...(runtimeDirs || small ? { severity: 'hint' as const } : {}),
          fixes: copyFlagFix(ctx, instr, cmd, touches),
        });
      }
    }
  },
};

/** Directories an application writes at run time (Laravel's storage and bootstrap/cache, logs, caches, uploads). */
const RUNTIME_WRITABLE = /(^|\/)(storage|cache|logs?|tmp|temp|uploads|sessions)(\/|$)/;

/** The paths a chmod/chown/chgrp names (without its mode or owner operand). */
function namedPaths(cmd: ShellCommand): string[] {
  return parseArgs(cmd.argv, new Set(['reference'])).operands.slice(1).map((w) => w.value.replace(/\/+$/, ''));
}

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
    const owner = copyChownOwner(spec.value);
    if (!owner) return [];
    flag = `--chown=${owner}`;
  } else {
    if (copy.flags.some((f) => f.name === 'chmod') || !/^[0-7]{3,4}$/.test(spec.value)) return [];
    flag = `--chmod=${spec.value}`;
  }
  // COPY --chown/--chmod sets owner and mode of what it creates; a directory that existed before the COPY
  // keeps its own (WORKDIR /app, `mkdir`, `useradd -m`, the base image's /srv): then the RUN must stay.
  const dirs = named.filter((p) => touches.some((t) => t.entry.path === p && !(t.entry as { file?: boolean }).file));
  if (dirs.some((d) => existedBefore(ctx, copy, d))) return [];
  const check: string[] = [];
  // --chmod is BuildKit-only: the classic builder fails on it ("the --chmod option requires BuildKit").
  if (flag.startsWith('--chmod') && !optsIntoBuildKit(ctx)) check.push('your builder is BuildKit (--chmod); add `# syntax=docker/dockerfile:1` to say so');
  if (dirs.length && ctx.stageOf(copy)?.base.known === false) check.push(`${dirs.join(', ')} must not exist in the base image (COPY ${flag.split('=')[0]} does not change an existing directory)`);
  return [
    {
      title: `Use ${copy.keyword} ${flag} on line ${copy.line + 1} and drop this RUN${check.length ? ` (check: ${check.join('; ')})` : ''}`,
      edits: [{ start: copy.argsStart, end: copy.argsStart, newText: `${flag} ` }, removeInstructionEdit(ctx.parsed.text, instr)],
      isPreferred: true,
      kind: 'quickfix',
      safety: check.length ? 'suggestion' : 'safe',
      assumes: ['the COPY creates every directory the RUN changes', 'the owner has the group the COPY sets', 'the builder is BuildKit when the flag needs it'],
    },
  ];
}

/**
 * The COPY --chown value that gives what `chown <spec>` gave files COPY created as 0:0: `chown svc`
 * keeps group root, while `COPY --chown=svc` means group svc (the build fails when there is none).
 * Undefined for forms COPY has no equivalent of (`svc:` = the user's login group, `svc.grp`, variables).
 */
export function copyChownOwner(spec: string): string | undefined {
  if (!spec || /[$`.]/.test(spec)) return undefined;
  const parts = spec.split(':');
  if (parts.length > 2) return undefined;
  if (parts.length === 1) return `${spec}:0`;
  const [user, group] = parts;
  if (!group) return undefined; // `svc:`: the login group of svc, which COPY cannot name
  return `${user || '0'}:${group}`;
}

/** Well-known directories of Debian/Ubuntu-like bases (FHS): there before any instruction runs. */
const BASE_DIRS = /^\/(?:(?:bin|boot|dev|etc|home|lib\w*|media|mnt|opt|proc|root|run|sbin|srv|sys|tmp|usr|var)|(?:usr|var|etc|lib\w*)\/[^/]+|usr\/(?:local|share|lib\w*)\/[^/]+|var\/(?:lib|cache|log)\/[^/]+)?$/;

/** Why `dir` may exist before `copy` runs (then COPY --chown/--chmod leaves it as it was), or undefined. */
export function existedBefore(ctx: RuleContext, copy: ParsedInstruction, dir: string): string | undefined {
  if (BASE_DIRS.test(dir)) return `${dir} is part of the base image`;
  // This stage and the stages it is built on.
  const stages = new Set<number>();
  for (let s: number | undefined = copy.stageIndex; s !== undefined && !stages.has(s); s = ctx.parsed.stages[s]?.parentStage) stages.add(s);
  for (const i of ctx.parsed.instructions) {
    if (i.index >= copy.index || !stages.has(i.stageIndex) || i.onbuild) continue;
    if (i.keyword === 'WORKDIR') {
      const layer = ctx.layer(i);
      const w = resolvePath(expandWord(i.argsText.trim(), layer?.env ?? new Map()), layer?.workdir ?? '/');
      if (w === dir || w.startsWith(dir + '/')) return `WORKDIR on line ${i.line + 1} creates it`;
    }
    if (i.keyword === 'RUN' || i.keyword === 'COPY' || i.keyword === 'ADD') {
      if (i.argsText.includes(dir)) return `line ${i.line + 1} may create it`;
      if (dir.startsWith('/home/') && i.keyword === 'RUN' && /\b(useradd|adduser)\b/.test(i.argsText)) return `line ${i.line + 1} creates a home directory`;
    }
  }
  return undefined;
}

/** Does the file say its builder is BuildKit (a `# syntax=` directive)? BuildKit-only flags are safe then. */
export function optsIntoBuildKit(ctx: RuleContext): boolean {
  return ctx.parsed.directives.some((d) => d.name === 'syntax');
}
