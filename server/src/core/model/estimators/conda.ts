/**
 * conda / mamba / micromamba: `install`, `create`, `env create`, `update`. No conda channel index is
 * reachable here, so package sizes come from the pip size table (the same projects' wheels) at low
 * confidence: conda builds can bring bigger shared libraries (MKL, OpenBLAS, CUDA) than the wheels.
 * The package cache (<root>/pkgs) keeps the downloaded .conda/.tar.bz2 archives until `conda clean`;
 * the extracted files there are hard links into the environment, so only the archives add bytes.
 */
import * as posix from 'node:path/posix';
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { normalizePipName, pipClosure } from './pip';
import type { RunContext } from './runContext';

const TOOLS = new Set(['conda', 'mamba', 'micromamba']);
const VALUE_FLAGS = new Set(['n', 'name', 'p', 'prefix', 'c', 'channel', 'f', 'file', 'r', 'root-prefix']);
/** Packages conda installs that have no PyPI wheel to stand in for them. */
const NOT_ON_PYPI = new Set(['python', 'pip', 'r-base', 'nodejs', 'cudatoolkit', 'cuda', 'mkl', 'openblas', 'gcc', 'gxx', 'compilers']);

export function condaArgs(cmd: ShellCommand) {
  return parseArgs(cmd.argv, VALUE_FLAGS);
}

export function isCondaTool(cmd: ShellCommand): boolean {
  return TOOLS.has(cmd.name);
}

/** `conda install x`, `conda create -n y`, `conda env create -f f`, `conda update --all`. */
export function isCondaInstall(cmd: ShellCommand): boolean {
  if (!TOOLS.has(cmd.name)) return false;
  const ops = condaArgs(cmd).operands.map((w) => w.value);
  if (['install', 'create', 'update', 'upgrade'].includes(ops[0] ?? '')) return true;
  return ops[0] === 'env' && ['create', 'update'].includes(ops[1] ?? '');
}

/** `conda clean` that drops the package cache: -a/--all, -p/--packages, -t/--tarballs. */
export function isCondaClean(cmd: ShellCommand): boolean {
  if (!TOOLS.has(cmd.name)) return false;
  const a = condaArgs(cmd);
  if (a.operands[0]?.value !== 'clean') return false;
  return ['a', 'all', 'p', 'packages', 't', 'tarballs'].some((f) => a.flags.has(f));
}

/** Root prefix: from the binary's path, $MAMBA_ROOT_PREFIX (micromamba), $CONDA_DIR / $CONDA_PREFIX, else /opt/conda. */
function condaRoot(cmd: ShellCommand, env: ReadonlyMap<string, string>): string {
  const bin = cmd.argv[0]?.value ?? '';
  if (bin.startsWith('/') && posix.basename(posix.dirname(bin)) === 'bin') return posix.dirname(posix.dirname(bin));
  return cmd.name === 'micromamba' ? (env.get('MAMBA_ROOT_PREFIX') ?? '/opt/conda') : (env.get('CONDA_DIR') ?? env.get('CONDA_PREFIX') ?? '/opt/conda');
}

/** The package cache: $CONDA_PKGS_DIRS, else <root>/pkgs. */
export function condaPkgsDir(cmd: ShellCommand, env: ReadonlyMap<string, string>): string {
  const fromEnv = env.get('CONDA_PKGS_DIRS')?.split(',')[0];
  if (fromEnv) return fromEnv;
  return `${condaRoot(cmd, env)}/pkgs`;
}

export function estimateConda(cmd: ShellCommand, ctx: RunContext): void {
  if (!TOOLS.has(cmd.name)) return;
  const args = condaArgs(cmd);
  const pkgsDir = ctx.resolve(condaPkgsDir(cmd, ctx.env));
  if (isCondaClean(cmd)) {
    ctx.remove(pkgsDir, cmd);
    for (const c of ctx.facts.caches) if (c.manager === 'conda' && c.path === pkgsDir) c.avoided = true;
    return;
  }
  if (!isCondaInstall(cmd)) return;
  const ops = args.operands.map((w) => w.value);
  const root = condaRoot(cmd, ctx.env);
  const envName = args.values.get('n')?.[0] ?? args.values.get('name')?.[0];
  const prefix = args.values.get('p')?.[0] ?? args.values.get('prefix')?.[0];
  const target = prefix ? ctx.resolve(prefix) : envName && envName !== 'base' ? `${root}/envs/${envName}` : root;
  const unknown: string[] = [];
  if (ops[0] === 'env') unknown.push(`${cmd.name} env ${ops[1]} (environment file)`);
  if (args.flags.has('all')) unknown.push(`${cmd.name} ${ops[0]} --all`);
  for (const f of args.values.get('file') ?? args.values.get('f') ?? []) if (ops[0] !== 'env') unknown.push(`--file ${f}`);
  const wanted: string[] = [];
  for (const spec of ops[0] === 'env' ? [] : ops.slice(1)) {
    // `numpy=1.26`, `numpy>=1.26`, `conda-forge::numpy`, `"numpy<2"`.
    const name = normalizePipName(spec.replace(/^[^:]+::/, '').replace(/[=<>!~].*$/, ''));
    if (!name || spec.includes('$')) unknown.push(spec);
    else if (NOT_ON_PYPI.has(name)) unknown.push(name);
    else wanted.push(name);
  }
  const closure = pipClosure(wanted, ctx.state.installed);
  for (const name of closure.packages) ctx.state.installed.add(`pip:${name}`);
  unknown.push(...closure.unknownRequested);
  if (closure.bytes > 0) {
    ctx.create({
      path: target,
      kind: 'packages',
      label: `${cmd.name}: ${closure.requested.slice(0, 4).join(', ')}${closure.requested.length > 4 ? ', …' : ''} (${closure.packages.length} packages with dependencies)`,
      bytes: closure.bytes,
      low: Math.round(closure.bytes * 0.7),
      // MKL alone is several hundred MB: conda builds can be far bigger than the wheels.
      high: Math.round(closure.bytes * 3),
      confidence: 'low',
      source: `PyPI wheel sizes as a proxy for conda builds (${[...closure.sources].slice(0, 1).join('')}); no conda channel index is reachable`,
      contentKind: 'python',
    });
  }
  for (const u of unknown) ctx.create({ path: target, kind: 'packages', label: `${cmd.name}: ${u}`, bytes: 0, confidence: 'unknown', source: 'not in the size table', unknown: true });

  // The archives conda downloaded: about the compressed size of what it installed.
  const cacheBytes = closure.wheelKnown && closure.wheelBytes ? closure.wheelBytes : Math.round(closure.bytes * 0.35);
  const cacheUnknown = closure.bytes === 0;
  const avoided = ctx.isCacheMounted(pkgsDir);
  ctx.facts.caches.push({ manager: 'conda', command: cmd, path: pkgsDir, bytes: cacheBytes, low: Math.round(cacheBytes * 0.5), high: cacheBytes * 3, unknown: cacheUnknown, avoided });
  if (!avoided) {
    ctx.create({
      path: pkgsDir,
      kind: 'package-cache',
      label: `${cmd.name} package cache (${pkgsDir})`,
      bytes: cacheBytes,
      confidence: cacheUnknown ? 'unknown' : 'low',
      unknown: cacheUnknown,
      source: 'the downloaded package archives, about the size of the wheels (extracted files are hard links into the environment)',
      contentKind: 'archive',
    });
  }
}
