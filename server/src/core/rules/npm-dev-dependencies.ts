// Rule: npm-dev-dependencies
// `npm ci` / `npm install` / `yarn install` / `pnpm install` in a shipped stage without --omit=dev,
// --production or NODE_ENV=production installs devDependencies (test runners, compilers, linters) into the image.
import { nodeInstall, type NodeManager } from '../model/estimators/node';
import type { ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { parseArgs } from '../parse/shell';
import { formatBytes } from '../model/format';
import { commandEnv, insertAfter, quickfix, runEnv, runInstructions, runView } from './cacheRuleHelpers';
import type { Rule, RuleContext, TextEdit } from './types';
import { waste } from './types';

const FLAG: Record<NodeManager, string> = { npm: '--omit=dev', yarn: '--production', pnpm: '--prod' };

function envOmitsDev(env: ReadonlyMap<string, string>): boolean {
  const get = (k: string) => env.get(k) ?? env.get(k.toUpperCase());
  return (
    get('NODE_ENV') === 'production' ||
    /^(true|1)$/i.test(get('npm_config_production') ?? '') ||
    (get('npm_config_omit') ?? '').split(/[\s,]+/).includes('dev') ||
    /^(true|1)$/i.test(env.get('YARN_PRODUCTION') ?? '')
  );
}

/** `npm prune --omit=dev`, `pnpm prune --prod`, `yarn install --production` or `rm -rf node_modules` after the install. */
function prunedLater(cmds: ShellCommand[], from: number): boolean {
  return cmds.slice(from + 1).some((c) => {
    const a = parseArgs(c.argv, new Set(['omit']));
    const sub = a.operands[0]?.value;
    const prod = a.flags.has('production') || a.flags.has('prod') || (a.values.get('omit') ?? []).includes('dev');
    if ((c.name === 'npm' || c.name === 'pnpm') && sub === 'prune' && prod) return true;
    if (c.name === 'yarn' && (sub === undefined || sub === 'install') && prod) return true;
    if (c.name === 'rm' && a.operands.some((w) => /(^|\/)node_modules\/?$/.test(w.value))) return true;
    return false;
  });
}

const BUILD_TOOLS = new Set(['npx', 'tsc', 'webpack', 'vite', 'ng', 'nest', 'next', 'nuxt', 'rollup', 'esbuild', 'babel', 'jest', 'vitest']);

/** Commands after the install (same RUN, then later RUNs of the stage) that likely need devDependencies. */
function buildFollows(ctx: RuleContext, instr: ParsedInstruction, cmds: ShellCommand[], from: number): boolean {
  const needsDev = (c: ShellCommand) => {
    if (BUILD_TOOLS.has(c.name)) return true;
    const sub = c.argv[1]?.value ?? '';
    if (c.name === 'npm' || c.name === 'pnpm') return ['run', 'run-script', 'exec', 'test', 'build', 'x', 'dlx'].includes(sub);
    if (c.name === 'yarn') return !!sub && !sub.startsWith('-') && !['install', 'add', 'cache', 'global', 'remove', 'config', 'set', 'workspaces'].includes(sub);
    return false;
  };
  if (cmds.slice(from + 1).some(needsDev)) return true;
  const stage = ctx.parsed.stages[instr.stageIndex];
  return !!stage?.instructions.some((i) => i.index > instr.index && i.keyword === 'RUN' && i.onbuild === instr.onbuild && i.shell?.commands.some(needsDev));
}

export const npmDevDependencies: Rule = {
  meta: {
    id: 'npm-dev-dependencies',
    defaultSeverity: 'warning',
    description: 'Installing from package.json without --omit=dev / --production puts devDependencies into the shipped image.',
    fixable: true,
    shippedOnly: true,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      const view = runView(ctx, instr);
      if (!view?.facts.node?.length) continue;
      const cmds = instr.shell?.commands ?? [];
      const base = runEnv(ctx, instr, view);
      for (const fact of view.facts.node) {
        if (fact.omitDev) continue;
        const cmd = fact.command;
        const inv = nodeInstall(cmd);
        if (!inv || inv.args.flags.has('P')) continue;
        if (inv.sub === 'add') continue;
        if (envOmitsDev(commandEnv(base, instr, cmd))) continue;
        if (fact.packageJsonKnown && !fact.devPackages.length) continue; // nothing to leave out
        const i = cmds.indexOf(cmd);
        if (prunedLater(cmds, i)) continue;
        const known = fact.packageJsonKnown && fact.devBytes > 0;
        const size = known ? `≈ ${formatBytes(fact.devBytes)}${fact.devUnknown.length ? ' + unknown' : ''}` : 'size unknown';
        const flag = FLAG[inv.manager];
        const building = buildFollows(ctx, instr, cmds, i);
        const subWord = inv.args.operands[0] ?? cmd.argv[0];
        const edit: TextEdit | undefined = insertAfter(instr, subWord, flag);
        const what = `${cmd.name} ${inv.args.operands[0]?.value ?? 'install'}`;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: building
            ? `${what} installs devDependencies (${size}) that a build step after it uses and the shipped image keeps; prune them after the build (npm prune --omit=dev) or build in a separate stage.`
            : `${what} installs devDependencies (${size}) into the shipped image; add ${flag} or set NODE_ENV=production.`,
          waste: known ? waste(fact.devBytes, fact.devBytes * 0.5, fact.devBytes * 1.3, false) : waste(0, 0, 0, true),
          // Leaving devDependencies out before a build that needs them would break the build: no fix then.
          fixes: building ? [] : quickfix(`Add ${flag}${known ? ` (saves ~${formatBytes(fact.devBytes)})` : ''}`, [edit]),
        });
      }
    }
  },
};
