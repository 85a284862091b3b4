/** npm / yarn / pnpm: node_modules from measured package sizes, and the package manager's cache. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { npmPackageSize } from '../../data/npmSizes';
import type { RunContext } from './runContext';

export type NodeManager = 'npm' | 'yarn' | 'pnpm';

export function nodeInstall(cmd: ShellCommand): { manager: NodeManager; sub: string; args: ReturnType<typeof parseArgs> } | undefined {
  if (cmd.name !== 'npm' && cmd.name !== 'yarn' && cmd.name !== 'pnpm') return undefined;
  const args = parseArgs(cmd.argv, new Set(['prefix', 'C', 'cwd', 'omit', 'cache', 'cache-folder', 'registry', 'store-dir', 'modules-folder']));
  // A bare `yarn` installs; `yarn --version` / `yarn -v` / `yarn --help` (smoke tests in official images) do not.
  const bareInfo = ['version', 'v', 'help', 'h'].some((f) => args.flags.has(f));
  const sub = args.operands[0]?.value ?? (cmd.name === 'yarn' && !bareInfo ? 'install' : '');
  if (!['install', 'i', 'ci', 'add', 'clean-install'].includes(sub)) return undefined;
  return { manager: cmd.name, sub, args };
}

/**
 * Where the manager keeps its cache. `user` (optional) matters for yarn 1, which uses
 * /usr/local/share/.cache/yarn when it runs as root; `args` picks up `--cache`, `--cache-folder`, `--store-dir`.
 */
export function nodeCacheDir(manager: NodeManager, home: string, env: ReadonlyMap<string, string>, user?: string, args?: ReturnType<typeof parseArgs>): string {
  if (manager === 'npm') return args?.values.get('cache')?.[0] ?? env.get('npm_config_cache') ?? env.get('NPM_CONFIG_CACHE') ?? `${home}/.npm`;
  if (manager === 'yarn') {
    const root = user !== undefined && ['', 'root', '0'].includes(user.split(':')[0]);
    return args?.values.get('cache-folder')?.[0] ?? env.get('YARN_CACHE_FOLDER') ?? (root ? '/usr/local/share/.cache/yarn' : `${env.get('XDG_CACHE_HOME') ?? home + '/.cache'}/yarn`);
  }
  const pnpmHome = env.get('PNPM_HOME');
  return args?.values.get('store-dir')?.[0] ?? env.get('PNPM_STORE_DIR') ?? env.get('npm_config_store_dir') ?? (pnpmHome ? `${pnpmHome}/store` : `${env.get('XDG_DATA_HOME') ?? home + '/.local/share'}/pnpm/store`);
}

export function omitsDev(cmd: ShellCommand, args: ReturnType<typeof parseArgs>, env: ReadonlyMap<string, string>): boolean {
  const nodeEnv = cmd.assignments.find((a) => a.value.startsWith('NODE_ENV='))?.value.slice(9) ?? env.get('NODE_ENV');
  return (
    args.flags.has('production') ||
    args.flags.has('prod') ||
    (args.values.get('omit') ?? []).includes('dev') ||
    args.flags.has('only=production') ||
    nodeEnv === 'production' ||
    (args.values.get('only') ?? []).includes('production')
  );
}

export function estimateNode(cmd: ShellCommand, ctx: RunContext, readContextFile?: (p: string) => string | undefined): void {
  if ((cmd.name === 'npm' && cmd.argv[1]?.value === 'cache' && cmd.argv[2]?.value === 'clean') || (cmd.name === 'yarn' && cmd.argv[1]?.value === 'cache' && cmd.argv[2]?.value === 'clean') || (cmd.name === 'pnpm' && cmd.argv[1]?.value === 'store' && cmd.argv[2]?.value === 'prune')) {
    const manager = cmd.name as NodeManager;
    ctx.remove(nodeCacheDir(manager, ctx.home, ctx.env, ctx.state.user), cmd);
    for (const c of ctx.facts.caches) if (c.manager === manager) c.avoided = true;
    return;
  }
  if (cmd.name === 'npm' && cmd.argv[1]?.value === 'prune') {
    ctx.note('npm prune');
    return;
  }
  const inv = nodeInstall(cmd);
  if (!inv) return;
  const { manager, sub, args } = inv;
  const omitDev = omitsDev(cmd, args, ctx.env);
  const named = sub === 'add' || sub === 'install' || sub === 'i' ? args.operands.slice(1).map((w) => w.value) : [];
  const names: string[] = [];
  const unknown: string[] = [];
  const global = args.flags.has('g') || args.flags.has('global');
  if (named.length) names.push(...named.map((n) => n.replace(/(?<=.)@[^/]*$/, '')));
  else if (!global) {
    const pkgText = readContextFile?.('package.json');
    const fact = { manager, command: cmd, omitDev, packageJsonKnown: false, devPackages: [] as string[], devBytes: 0, devUnknown: [] as string[] };
    (ctx.facts.node ??= []).push(fact);
    if (pkgText === undefined) unknown.push(`${manager} ${sub} (package.json not readable)`);
    else {
      try {
        const pkg = JSON.parse(pkgText) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
        names.push(...Object.keys(pkg.dependencies ?? {}));
        fact.packageJsonKnown = true;
        fact.devPackages = Object.keys(pkg.devDependencies ?? {});
        for (const d of fact.devPackages) {
          const info = npmPackageSize(d);
          if (info) fact.devBytes += info.bytes;
          else fact.devUnknown.push(d);
        }
        if (!omitDev) names.push(...fact.devPackages);
      } catch {
        unknown.push('package.json is not valid JSON');
      }
    }
  }
  let bytes = 0;
  let cacheBytes = 0;
  const known: string[] = [];
  for (const n of names) {
    const info = npmPackageSize(n);
    if (!info) {
      unknown.push(n);
      continue;
    }
    // Closures overlap (shared dependencies), so summing overestimates: the range says so.
    bytes += info.bytes;
    cacheBytes += info.cacheBytes;
    known.push(n);
  }
  const target = global ? '/usr/local/lib/node_modules' : ctx.resolve('node_modules');
  if (bytes > 0) {
    ctx.create({
      path: target,
      kind: 'packages',
      label: `${manager}: ${known.slice(0, 4).join(', ')}${known.length > 4 ? ', …' : ''} (${known.length} packages)`,
      bytes,
      low: Math.round(bytes * 0.5),
      high: Math.round(bytes * 1.3),
      confidence: 'low',
      source: 'node_modules measured per package from the npm registry (scripts/gen-npm-sizes.mjs); shared dependencies counted once per package',
      contentKind: 'node_modules',
    });
  }
  if (unknown.length) ctx.create({ path: target, kind: 'packages', label: `${manager}: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`, bytes: 0, confidence: 'unknown', source: 'not in the measured package table', unknown: true });
  const cachePath = ctx.resolve(nodeCacheDir(manager, ctx.home, ctx.env, ctx.state.user, args));
  const mounted = ctx.isCacheMounted(cachePath);
  const cacheUnknown = cacheBytes === 0;
  ctx.facts.caches.push({ manager, command: cmd, path: cachePath, bytes: cacheBytes, low: Math.round(cacheBytes * 0.5), high: Math.round(cacheBytes * 1.5), unknown: cacheUnknown, avoided: mounted });
  if (!mounted) {
    ctx.create({
      path: cachePath,
      kind: 'package-cache',
      label: `${manager} cache (${cachePath})`,
      bytes: cacheBytes,
      confidence: cacheUnknown ? 'unknown' : 'low',
      unknown: cacheUnknown,
      source: 'cache growth measured with the same installs',
      contentKind: 'archive',
    });
  }
}
