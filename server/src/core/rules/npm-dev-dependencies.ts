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

/** Lifecycle scripts npm/yarn/pnpm run during a local install: they run before devDependencies could be pruned. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare', 'prepublish'];

/**
 * The first command after the install (same RUN, then later RUNs of the stage and of stages built on it)
 * that may need devDependencies: a build tool, a package script, `node <file>` (any script may require a
 * devDependency), npx, or a devDependency's own command. Undefined when there is none.
 */
function buildFollows(ctx: RuleContext, instr: ParsedInstruction, cmds: ShellCommand[], from: number, devPackages: string[]): ShellCommand | undefined {
  const dev = new Set(devPackages.map((p) => p.split('/').pop()!));
  const needsDev = (c: ShellCommand) => {
    const name = c.name.split('/').pop() ?? c.name;
    if (BUILD_TOOLS.has(name) || dev.has(name) || c.name.includes('node_modules/.bin/')) return true;
    if (name === 'node' || name === 'nodejs' || name === 'ts-node' || name === 'tsx') return c.argv.length > 1;
    const sub = c.argv[1]?.value ?? '';
    if (c.name === 'npm' || c.name === 'pnpm') return ['run', 'run-script', 'exec', 'test', 'build', 'x', 'dlx', 'start', 'rebuild', 'pack', 'publish'].includes(sub);
    if (c.name === 'yarn') return !!sub && !sub.startsWith('-') && !['install', 'add', 'cache', 'global', 'remove', 'config', 'set', 'workspaces'].includes(sub);
    return false;
  };
  const same = cmds.slice(from + 1).find(needsDev);
  if (same) return same;
  const stages = new Set([instr.stageIndex]);
  for (const st of ctx.parsed.stages) if (st.parentStage !== undefined && stages.has(st.parentStage)) stages.add(st.index);
  for (const i of ctx.parsed.instructions) {
    if (i.index <= instr.index || i.keyword !== 'RUN' || !stages.has(i.stageIndex) || i.onbuild !== instr.onbuild) continue;
    const c = i.shell?.commands.find(needsDev);
    if (c) return c;
  }
  return undefined;
}

/** A CMD/ENTRYPOINT of the stage that starts a devDependency (or npx, ts-node): the app needs it at run time. */
function runtimeNeedsDev(ctx: RuleContext, instr: ParsedInstruction, devPackages: string[]): string | undefined {
  const names = ['npx', 'ts-node', 'tsx', 'nodemon', ...devPackages.map((p) => p.split('/').pop()!)];
  for (const i of ctx.parsed.instructions) {
    if (i.stageIndex !== instr.stageIndex || (i.keyword !== 'CMD' && i.keyword !== 'ENTRYPOINT')) continue;
    const found = names.find((n) => new RegExp(`(^|[\\s"'/\\[,])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[\\s"',\\]])`).test(i.argsText));
    if (found) return found;
  }
  return undefined;
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
        const size = known ? `≈ ${formatBytes(fact.devBytes)}${fact.devUnknown.length ? ' + unknown' : ''}` : fact.packageJsonKnown ? 'size unknown' : 'if any: package.json was not read';
        const flag = FLAG[inv.manager];
        const build = buildFollows(ctx, instr, cmds, i, fact.devPackages);
        const building = !!build;
        const scripts = Object.keys(fact.scripts).filter((k) => INSTALL_SCRIPTS.includes(k));
        const runtime = runtimeNeedsDev(ctx, instr, fact.devPackages);
        // Why leaving devDependencies out would change what the build or the image does (then no fix).
        const refusal = building
          ? undefined
          : scripts.length
            ? `package.json's ${scripts.join('/')} script runs during the install and may need them; prune after it (${inv.manager === 'npm' ? 'npm prune --omit=dev' : inv.manager === 'pnpm' ? 'pnpm prune --prod' : `yarn install ${flag}`})`
            : fact.packageJsonKnown && !fact.prodPackages.length
              ? `package.json has no dependencies, so ${flag} would install nothing; if the image needs these packages, move them to dependencies`
              : runtime
                ? `CMD/ENTRYPOINT runs ${runtime}, which comes from devDependencies; move it to dependencies first`
                : undefined;
        const subWord = inv.args.operands[0] ?? cmd.argv[0];
        const edit: TextEdit | undefined = insertAfter(instr, subWord, flag);
        const what = `${cmd.name} ${inv.args.operands[0]?.value ?? 'install'}`;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: building
            ? `${what} installs devDependencies (${size}) that a build step after it (\`${build.name}\`) may use and the shipped image keeps; prune them after the build (npm prune --omit=dev) or build in a separate stage.`
            : refusal
              ? `${what} installs devDependencies (${size}) into the shipped image, but ${flag} is not a drop-in change: ${refusal}.`
              : `${what} installs devDependencies (${size}) into the shipped image; add ${flag} or set NODE_ENV=production.`,
          waste: known ? waste(fact.devBytes, fact.devBytes * 0.5, fact.devBytes * 1.3, false) : waste(0, 0, 0, true),
          // package.json not read (no build context): whether it has devDependencies at all is unknown, a hint.
          ...(fact.packageJsonKnown ? {} : { severity: 'hint' as const }),
          manager: inv.manager,
          // Leaving devDependencies out before a build or an install script that needs them would break the build: no fix then.
          fixes:
            building || refusal || !edit
              ? []
              : fact.packageJsonKnown
                ? quickfix(`Add ${flag}${known ? ` (saves ~${formatBytes(fact.devBytes)})` : ''}`, [edit])
                : [{ title: `Add ${flag} (check: package.json was not readable; nothing after the install may need devDependencies)`, edits: [edit], isPreferred: true, kind: 'quickfix', safety: 'suggestion', assumes: ['no install script or later step needs devDependencies', 'package.json has dependencies'] }],
        });
      }
    }
  },
};
