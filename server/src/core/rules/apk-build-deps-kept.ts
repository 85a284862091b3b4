// Rule: apk-build-deps-kept
// Build-only packages (compilers, build-base, *-dev, linux-headers, cmake...) added with `apk add` and
// not deleted again in the same RUN stay in a shipped image. The Alpine idiom:
// `apk add --virtual .build-deps gcc musl-dev && <build> && apk del .build-deps`.
import { apkArgs } from '../model/estimators/apk';
import type { ShellCommand, ShellWord } from '../parse/shell';
import { formatBytes } from '../model/format';
import { appendCommand, runInstructions, runView } from './cacheRuleHelpers';
import { runsApplication } from './layerHelpers';
import type { Fix, Rule, TextEdit } from './types';
import { waste } from './types';

const BUILD_ONLY = /^(build-base|alpine-sdk|gcc|g\+\+|clang(\d+)?|make|cmake|autoconf|automake|libtool|pkgconf|pkgconfig|binutils|musl-dev|linux-headers|[a-z0-9][a-z0-9.+_-]*-dev)$/;

export function isBuildOnlyApkPackage(name: string): boolean {
  return BUILD_ONLY.test(name);
}

function packageName(w: ShellWord): string | undefined {
  if (w.hasExpansion || w.value.includes('$') || w.value.startsWith('-')) return undefined;
  return w.value.replace(/[=<>~].*$/, '');
}

export const apkBuildDepsKept: Rule = {
  meta: {
    id: 'apk-build-deps-kept',
    defaultSeverity: 'warning',
    description: 'Build-only Alpine packages (compilers, *-dev, headers) added and not deleted in the same RUN ship in the image.',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    const text = ctx.parsed.text;
    for (const instr of runInstructions(ctx)) {
      const cmds = instr.shell?.commands ?? [];
      const stage = ctx.stageOf(instr);
      let view: ReturnType<typeof runView> | null = null;
      cmds.forEach((cmd, i) => {
        if (cmd.name !== 'apk') return;
        const args = apkArgs(cmd);
        if (args.operands[0]?.value !== 'add') return;
        const group = args.values.get('t')?.[0] ?? args.values.get('virtual')?.[0];
        const operands = args.operands.slice(1).filter((w) => w.value !== group);
        const build = operands.filter((w) => {
          const n = packageName(w);
          return n !== undefined && BUILD_ONLY.test(n);
        });
        if (!build.length) return;
        const deleted = new Set<string>();
        for (const later of cmds.slice(i + 1)) {
          if (later.name !== 'apk') continue;
          const d = apkArgs(later);
          if (d.operands[0]?.value !== 'del') continue;
          for (const w of d.operands.slice(1)) deleted.add(w.value);
        }
        if (group && deleted.has(group)) return;
        const kept = build.filter((w) => !deleted.has(packageName(w)!));
        if (!kept.length) return;
        if (view === null) view = runView(ctx, instr);
        const names = kept.map((w) => packageName(w)!);
        let bytes = 0;
        let unknown = 0;
        for (const n of names) {
          const entry = view?.created.find((e) => e.kind === 'packages' && (e as { members?: Map<string, number> }).members?.has(n));
          const b = (entry as { members?: Map<string, number> } | undefined)?.members?.get(n);
          if (b === undefined) unknown++;
          else bytes += b;
        }
        const size = bytes > 0 ? `≈ ${formatBytes(bytes)}${unknown ? ' + unknown' : ''}` : 'size unknown';
        const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: group
            ? `the build-only packages ${shown} (${size}) of virtual package ${group} are never deleted in this RUN and ship in the image; add \`apk del ${group}\` at its end.`
            : `the build-only packages ${shown} (${size}) stay in the shipped image; install them as \`apk add --virtual .build-deps\` and \`apk del .build-deps\` at the end of the same RUN.`,
          waste: bytes > 0 ? waste(bytes, bytes * 0.6, bytes * 1.5, false) : waste(0, 0, 0, true),
          // Nothing after the add in this RUN: the packages serve later RUNs, deleting them here would break those.
          fixes: i === cmds.length - 1 ? [] : fixesFor(text, instr, cmd, args, group, operands, build),
          // A toolchain image (rustc's linker, jlink's binutils) needs them: a hint unless the stage runs an app.
          severity: stage && !runsApplication(ctx.model.stages, stage) ? 'hint' : undefined,
        });
      });
    }
  },
};

function fixesFor(
  text: string,
  instr: Parameters<typeof appendCommand>[1],
  cmd: ShellCommand,
  args: ReturnType<typeof apkArgs>,
  group: string | undefined,
  operands: ShellWord[],
  build: ShellWord[],
): Fix[] {
  if (instr.execForm) return [];
  const fix = (title: string, edits: (TextEdit | undefined)[]): Fix[] =>
    edits.every((e) => e) ? [{ title, edits: edits as TextEdit[], isPreferred: false, kind: 'quickfix' }] : [];
  // Removing a virtual package also removes libraries it pulled in that nothing apk knows of still needs
  // (libpq for a compiled psycopg2): never the preferred fix, the user checks the runtime deps.
  if (group) return fix(`Delete ${group} at the end of this RUN (check runtime libraries)`, [appendCommand(text, instr, `apk del ${group}`)]);
  const runText = text.slice(instr.start, instr.end);
  let name = '.build-deps';
  for (let k = 2; runText.includes(name); k++) name = `.build-deps-${k}`;
  const sub = args.operands[0];
  if (build.length === operands.length) {
    return fix(`Install as virtual package ${name} and delete it at the end of this RUN (check runtime libraries)`, [
      { start: sub.end, end: sub.end, newText: ` --virtual ${name}` },
      appendCommand(text, instr, `apk del ${name}`),
    ]);
  }
  // Mixed with runtime packages: move the build-only ones into their own `apk add --virtual`.
  if (instr.heredocs.length || cmd.depth > 0) return [];
  const edits: TextEdit[] = [];
  for (const w of build) {
    const k = cmd.argv.indexOf(w);
    const prev = cmd.argv[k - 1];
    if (!prev) return [];
    edits.push({ start: prev.end, end: w.end, newText: '' });
  }
  const flags = args.flags.has('no-cache') ? ' --no-cache' : '';
  edits.push({ start: cmd.end, end: cmd.end, newText: ` && apk add${flags} --virtual ${name} ${build.map((w) => w.raw).join(' ')}` });
  return fix(`Split the build-only packages into virtual package ${name} and delete it at the end of this RUN (check runtime libraries)`, [
    ...edits,
    appendCommand(text, instr, `apk del ${name}`),
  ]);
}
