/** npm / yarn / pnpm: node_modules from measured package sizes, and the package manager's cache. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { npmCacheCompressedBytes, npmInstallSize, npmPackageName, npmPackageSize, npmSpecRange, yarnV1CacheBytes } from '../../data/npmSizes';
import { NPM_REGISTRY, registryQueryUrl } from '../registryQueries';
import { remoteDownloadSize } from './downloads';
import type { RunContext } from './runContext';

/** `--registry URL`, else npm_config_registry from ENV, else the public registry. */
function registryOf(args: ReturnType<typeof parseArgs>, env: ReadonlyMap<string, string>): string {
  const r = args.values.get('registry')?.[0] ?? env.get('npm_config_registry') ?? env.get('NPM_CONFIG_REGISTRY') ?? NPM_REGISTRY;
  return r.endsWith('/') ? r : `${r}/`;
}

/** A closure the registry answered: node_modules bytes, its tarballs, and the packuments npm caches beside them. */
interface LookedUpClosure {
  bytes: number;
  tarballBytes: number;
  packages: number;
  /** The closure's packuments as the registry served them (each distinct name once) and the versions they list. */
  packumentBytes: number;
  packumentVersions: number;
}

/** A package's closure from the registry (network look-ups on, answered from the caller's cache). */
function lookUpNpm(ctx: RunContext, name: string, range: string, registry: string): LookedUpClosure | { unknown: string } {
  const installed = remoteDownloadSize(registryQueryUrl({ kind: 'npm-installed', registry, name, range }), ctx.options, ctx.remote);
  if ('unknown' in installed) return { unknown: installed.unknown.replace(/^remote size unknown/, 'not in the measured table; registry look-up').replace(/^download size unknown/, 'not in the measured table') };
  const tarballs = remoteDownloadSize(registryQueryUrl({ kind: 'npm-tarballs', registry, name, range }), ctx.options, ctx.remote);
  // Answered in the same look-up as the two above; an older answer without it prices no packuments (as before).
  const packuments = remoteDownloadSize(registryQueryUrl({ kind: 'npm-packuments', registry, name, range }), ctx.options, ctx.remote);
  const packages = Number(/(\d+) packages/.exec(installed.source)?.[1] ?? 1);
  return {
    bytes: installed.bytes,
    tarballBytes: 'unknown' in tarballs ? Math.round(installed.bytes / 3.4) : tarballs.bytes,
    packages,
    packumentBytes: 'unknown' in packuments ? 0 : packuments.bytes,
    packumentVersions: 'unknown' in packuments ? 0 : (packuments.count ?? 0),
  };
}

export type NodeManager = 'npm' | 'yarn' | 'pnpm';

export function nodeInstall(cmd: ShellCommand): { manager: NodeManager; sub: string; args: ReturnType<typeof parseArgs> } | undefined {
  if (cmd.name !== 'npm' && cmd.name !== 'yarn' && cmd.name !== 'pnpm') return undefined;
  const args = parseArgs(cmd.argv, new Set(['prefix', 'C', 'cwd', 'omit', 'cache', 'cache-folder', 'registry', 'store-dir', 'modules-folder']));
  // A bare `yarn` installs; `yarn --version` / `yarn -v` / `yarn --help` (smoke tests in official images) do not.
  const bareInfo = ['version', 'v', 'help', 'h'].some((f) => args.flags.has(f));
  const sub = args.operands[0]?.value ?? (cmd.name === 'yarn' && !bareInfo ? 'install' : '');
  // `yarn global add x` (yarn v1): a global add; the operands after `add` are the packages.
  if (cmd.name === 'yarn' && sub === 'global' && args.operands[1]?.value === 'add') {
    args.operands.shift();
    args.flags.add('global');
    return { manager: cmd.name, sub: 'add', args };
  }
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
  const named = sub === 'add' || sub === 'install' || sub === 'i' ? args.operands.slice(1).map((w) => ctx.expand(w.value)) : [];
  // Specs keep their version (`ghost-cli@1.26`, `express@^4` from package.json): a table entry of another version says so.
  const specs: string[] = [];
  const unknown: string[] = [];
  const global = args.flags.has('g') || args.flags.has('global');
  if (named.length) specs.push(...named);
  else if (!global) {
    const pkgText = readContextFile?.('package.json');
    const fact = { manager, command: cmd, omitDev, packageJsonKnown: false, devPackages: [] as string[], devBytes: 0, devUnknown: [] as string[], prodPackages: [] as string[], scripts: {} as Record<string, string> };
    (ctx.facts.node ??= []).push(fact);
    if (pkgText === undefined) unknown.push(`${manager} ${sub} (package.json not readable)`);
    else {
      try {
        const pkg = JSON.parse(pkgText) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, string> };
        const withRange = (deps: Record<string, string> | undefined) => Object.entries(deps ?? {}).map(([n, r]) => (typeof r === 'string' && /^[\^~<>=\d*x]/.test(r) ? `${n}@${r}` : n));
        specs.push(...withRange(pkg.dependencies));
        fact.packageJsonKnown = true;
        fact.devPackages = Object.keys(pkg.devDependencies ?? {});
        fact.prodPackages = Object.keys(pkg.dependencies ?? {});
        if (pkg.scripts && typeof pkg.scripts === 'object') fact.scripts = Object.fromEntries(Object.entries(pkg.scripts).filter(([, v]) => typeof v === 'string'));
        const dev = npmInstallSize(withRange(pkg.devDependencies));
        fact.devBytes = dev.bytes;
        fact.devUnknown = dev.unknown;
        if (!omitDev) specs.push(...withRange(pkg.devDependencies));
      } catch {
        unknown.push('package.json is not valid JSON');
      }
    }
  }
  const opaque = specs.filter((s) => s.includes('$') || /^(\.|\/|git|https?:|file:|github:)/.test(s) || /^[\w.-]+\/[\w.-]+$/.test(s));
  unknown.push(...opaque);
  let installed = npmInstallSize(specs.filter((s) => !opaque.includes(s)));
  // A pin no measured closure satisfies (`ghost-cli@1.29.3` while 1.32.5 was measured; the table also keeps the latest
  // of the two majors below, so `express@4` is measured): with network look-ups on, the registry's closure of the
  // pinned version replaces the table's (closures change a lot between versions: ghost-cli 1.29.3 installs 629
  // packages, 1.32.5 306); offline, or until it answers, the table's closure of that major (else of the latest).
  const pinned = new Map<string, LookedUpClosure>();
  if (ctx.options.network) {
    for (const spec of installed.otherVersion) {
      const found = lookUpNpm(ctx, npmPackageName(spec), npmSpecRange(spec) ?? 'latest', registryOf(args, ctx.env));
      if (!('unknown' in found)) pinned.set(npmPackageName(spec), found);
    }
    if (pinned.size) installed = npmInstallSize(specs.filter((s) => !opaque.includes(s) && !pinned.has(npmPackageName(s))));
  }
  let bytes = installed.bytes;
  let tarballBytes = installed.tarballBytes;
  let cacheBytes = installed.cacheBytes;
  // Tarballs do not compress again; packuments (JSON) do; each cached package adds its index entries (npmCacheCompressedBytes).
  let cacheCompressed = npmCacheCompressedBytes(installed);
  let packages = installed.packages;
  const known = [...installed.known];
  const looked: string[] = [];
  // A registry closure: its tarballs are both the download and the cache (they do not compress again); its packuments
  // are cached too, priced as the table's closures are (bytes as served × the measured gzip ratio, per-version cost).
  const addLookedUp = (name: string, found: LookedUpClosure) => {
    bytes += found.bytes;
    tarballBytes += found.tarballBytes;
    cacheBytes += found.tarballBytes + found.packumentBytes;
    cacheCompressed += npmCacheCompressedBytes(found);
    packages += found.packages;
    looked.push(name);
    known.push(name);
  };
  for (const [name, found] of pinned) addLookedUp(name, found);
  // Not in the table: the registry, when network look-ups are on (cached by the caller), else unknown.
  for (const name of installed.unknown) {
    const spec = specs.find((s) => npmPackageName(s) === name) ?? name;
    const found = lookUpNpm(ctx, name, npmSpecRange(spec) ?? 'latest', registryOf(args, ctx.env));
    if ('unknown' in found) {
      unknown.push(`${name} (${found.unknown})`);
      continue;
    }
    addLookedUp(name, found);
  }
  // yarn v1's global folder: /usr/local/share/.config/yarn/global as root (the express-gateway image's NODE_PATH), else ~/.config/yarn/global.
  const root = ['', 'root', '0'].includes((ctx.state.user ?? '').split(':')[0]!);
  const yarnGlobal = `${root ? '/usr/local/share/.config' : `${ctx.env.get('XDG_CONFIG_HOME') ?? ctx.home + '/.config'}`}/yarn/global/node_modules`;
  const target = global ? (manager === 'yarn' ? yarnGlobal : '/usr/local/lib/node_modules') : ctx.resolve('node_modules');
  if (bytes > 0) {
    const scripted = known.filter((n) => npmPackageSize(n)?.installScripts?.length);
    // Measured closures match real npm installs (73 packages: median ±0 %, every unchanged version within ×1.5);
    // several packages together, another version than measured, or install scripts make it rougher.
    const exact = !installed.otherVersion.length && !scripted.length && !looked.length && known.length <= 3;
    const why = [
      installed.otherVersion.length ? `another version measured than ${installed.otherVersion.slice(0, 2).join(', ')} asks for` : '',
      scripted.length ? `install scripts of ${scripted.slice(0, 3).join(', ')} may download or build more` : '',
      looked.length ? `${looked.slice(0, 3).join(', ')} from the registry now` : '',
    ].filter(Boolean);
    ctx.create({
      path: target,
      kind: 'packages',
      label: `${manager}: ${known.slice(0, 4).join(', ')}${known.length > 4 ? ', …' : ''} (${packages} packages with dependencies)`,
      bytes,
      low: Math.round(bytes * (exact ? 0.8 : 0.5)),
      high: Math.round(bytes * (exact ? 1.25 : scripted.length ? 3 : 1.6)),
      confidence: exact ? 'medium' : 'low',
      source: `${installed.source}; shared dependencies counted once${why.length ? `; ${why.join('; ')}` : ''}`,
      contentKind: 'node_modules',
      // The layer's gzip holds the same files as the closure's gzipped tarballs.
      compressedBytes: tarballBytes,
    });
  }
  if (unknown.length) ctx.create({ path: target, kind: 'packages', label: `${manager}: ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}`, bytes: 0, confidence: 'unknown', source: 'not in the measured package table', unknown: true });
  if (manager === 'yarn') {
    cacheBytes = yarnV1CacheBytes({ bytes, tarballBytes, packages });
    // Unpacked files gzip to about their tarballs; the kept .yarn-tarball.tgz files do not shrink.
    cacheCompressed = 2 * tarballBytes + (cacheBytes - bytes - tarballBytes) * 0.2;
  }
  const cachePath = ctx.resolve(nodeCacheDir(manager, ctx.home, ctx.env, ctx.state.user, args));
  const mounted = ctx.isCacheMounted(cachePath);
  const cacheUnknown = cacheBytes === 0;
  ctx.facts.caches.push({ manager, command: cmd, path: cachePath, bytes: cacheBytes, low: Math.round(cacheBytes * 0.7), high: Math.round(cacheBytes * 1.5), unknown: cacheUnknown, avoided: mounted });
  if (!mounted) {
    ctx.create({
      path: cachePath,
      kind: 'package-cache',
      label: `${manager} cache (${cachePath})`,
      bytes: cacheBytes,
      confidence: cacheUnknown ? 'unknown' : 'low',
      unknown: cacheUnknown,
      compressedBytes: Math.round(cacheCompressed),
      source:
        manager === 'yarn'
          ? 'yarn v1 cache: every package unpacked + its tarball + ≈ 10 kB metadata (measured with yarn 1.22.22); yarn 2+ caches zips in .yarn/cache instead'
          : 'npm cache: the closure\'s tarballs and packuments (matches measured npm caches: median ×0.99 over 73 installs)',
      contentKind: 'archive',
    });
  }
}
