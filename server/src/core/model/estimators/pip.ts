/** pip / pip3 / python -m pip / uv pip / uv sync / poetry: packages (curated table) and the wheel cache. */
import type { ShellCommand, ShellWord } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { debianToPipRatio, pipPackageSize } from '../../data/pipSizes';
import { aptArchFor, aptDatabase, aptSuiteFor, ubuntuCodename } from '../dataAccess';
import { PYPI_JSON, registryQueryUrl } from '../registryQueries';
import { remoteDownloadSize } from './downloads';
import { SPREAD } from '../estimate';
import type { RunContext } from './runContext';

const PIP_VALUE_FLAGS = new Set(['r', 'requirement', 'c', 'constraint', 'target', 't', 'prefix', 'root', 'i', 'index-url', 'extra-index-url', 'f', 'find-links', 'cache-dir', 'python', 'p', 'e', 'editable', 'only-binary', 'no-binary', 'platform', 'upgrade-strategy', 'progress-bar', 'trusted-host']);

export const TRUTHY = /^(1|true|yes|on)$/i;

/** The argv of the pip invocation, whatever the spelling: pip3 install, python3 -m pip install, uv pip install. */
export function pipInvocation(cmd: ShellCommand): { tool: 'pip' | 'uv' | 'poetry' | 'pipenv'; argv: ShellWord[] } | undefined {
  if (/^pip(3(\.\d+)?)?$/.test(cmd.name)) return { tool: 'pip', argv: cmd.argv };
  if (/^python(3(\.\d+)?)?$/.test(cmd.name)) {
    const m = cmd.argv.findIndex((w) => w.value === '-m');
    if (m > 0 && /^pip(3)?$/.test(cmd.argv[m + 1]?.value ?? '')) return { tool: 'pip', argv: cmd.argv.slice(m + 1) };
    if (m > 0 && cmd.argv[m + 1]?.value === 'pipenv') return { tool: 'pipenv', argv: cmd.argv.slice(m + 1) };
    return undefined;
  }
  if (cmd.name === 'uv') {
    if (cmd.argv[1]?.value === 'pip') return { tool: 'uv', argv: cmd.argv.slice(1) };
    return { tool: 'uv', argv: cmd.argv };
  }
  if (cmd.name === 'poetry') return { tool: 'poetry', argv: cmd.argv };
  if (cmd.name === 'pipenv') return { tool: 'pipenv', argv: cmd.argv };
  return undefined;
}

/** The pip/uv argv split into flags and operands (operands[0] is the subcommand word: `install`, `sync`). */
export function pipArgs(argv: ShellWord[]): ReturnType<typeof parseArgs> {
  return parseArgs(argv, PIP_VALUE_FLAGS);
}

export function isPipInstall(cmd: ShellCommand): boolean {
  const inv = pipInvocation(cmd);
  if (!inv) return false;
  const sub = parseArgs(inv.argv, PIP_VALUE_FLAGS).operands[0]?.value;
  if (inv.tool === 'uv') return sub === 'install' || sub === 'sync' || (cmd.argv[1]?.value === 'pip' && sub === 'install');
  return sub === 'install' || sub === 'sync';
}

export function pipCacheDir(tool: 'pip' | 'uv' | 'poetry' | 'pipenv', home: string, env: ReadonlyMap<string, string>): string {
  if (tool === 'uv') return env.get('UV_CACHE_DIR') ?? `${env.get('XDG_CACHE_HOME') ?? home + '/.cache'}/uv`;
  if (tool === 'poetry') return env.get('POETRY_CACHE_DIR') ?? `${home}/.cache/pypoetry`;
  // pipenv keeps its own cache (PIPENV_CACHE_DIR, default ~/.cache/pipenv) and hands it to pip as pip's cache.
  if (tool === 'pipenv') return env.get('PIPENV_CACHE_DIR') ?? `${env.get('XDG_CACHE_HOME') ?? home + '/.cache'}/pipenv`;
  return env.get('PIP_CACHE_DIR') ?? `${env.get('XDG_CACHE_HOME') ?? home + '/.cache'}/pip`;
}

/** Why no cache is kept, or undefined if it is. */
export function pipCacheAvoided(cmd: ShellCommand, ctx: RunContext, tool: 'pip' | 'uv' | 'poetry' | 'pipenv', flags: Set<string>): string | undefined {
  const env = ctx.env.fork();
  for (const a of cmd.assignments) {
    const eq = a.value.indexOf('=');
    env.set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  if (tool === 'uv') {
    if (flags.has('no-cache') || flags.has('n')) return '--no-cache';
    if (TRUTHY.test(env.get('UV_NO_CACHE') ?? '')) return 'UV_NO_CACHE';
  } else if (tool === 'pip' || tool === 'pipenv') {
    if (flags.has('no-cache-dir')) return '--no-cache-dir';
    const v = env.get('PIP_NO_CACHE_DIR');
    // pip treats any of these as "no cache" (it even accepts 0/false, a known quirk; we follow pip's docs).
    if (v !== undefined && /^(1|true|yes|on|off|0|false|no)$/i.test(v)) return 'PIP_NO_CACHE_DIR';
  } else if (tool === 'poetry') {
    if (TRUTHY.test(env.get('POETRY_NO_CACHE') ?? '')) return 'POETRY_NO_CACHE';
  }
  if (ctx.isCacheMounted(pipCacheDir(tool, ctx.home, env))) return 'cache mount';
  return undefined;
}

export function normalizePipName(spec: string): string {
  return spec.replace(/\[.*$/, '').replace(/[<>=!~;@ ].*$/, '').trim().toLowerCase().replace(/[_.]+/g, '-');
}

export function estimatePip(cmd: ShellCommand, ctx: RunContext, readContextFile?: (p: string) => string | undefined): void {
  const inv = pipInvocation(cmd);
  if (!inv) return;
  const parsed = parseArgs(inv.argv, PIP_VALUE_FLAGS);
  const sub = parsed.operands[0]?.value;
  if (sub === 'cache' && ['purge', 'remove', 'clean', 'prune'].includes(parsed.operands[1]?.value ?? '')) {
    // `pip cache purge`, `pip cache remove '*'`, `uv cache clean`: the cache written so far is gone.
    // (`uv cache prune` only drops unused entries: not a cleanup of what this RUN downloaded.)
    const op = parsed.operands[1].value;
    const clears = inv.tool === 'uv' ? op === 'clean' : op === 'purge' || (op === 'remove' && parsed.operands[2]?.value === '*');
    if (!clears) return;
    const cachePath = pipCacheDir(inv.tool, ctx.home, ctx.env);
    ctx.remove(cachePath, cmd);
    for (const c of ctx.facts.caches) if (c.manager === inv.tool && c.path === cachePath) c.avoided = true;
    return;
  }
  if (sub === 'uninstall') {
    for (const w of parsed.operands.slice(1)) ctx.remove(`${sitePackages(ctx)}/${normalizePipName(w.value)}`, cmd);
    return;
  }
  if (!isPipInstall(cmd)) return;
  // ENV/ARG values expanded (`"hy == $HY_VERSION"`, `satosa==${SATOSA_VERSION}`); an unquoted variable holding a
  // list splits into several specs as the shell would; what stays a variable is unknown below.
  const specs: string[] = parsed.operands
    .slice(1)
    .flatMap((w) => {
      const v = ctx.expand(w.value);
      return w.hasExpansion && !w.quoted ? v.split(/\s+/).filter(Boolean) : [v];
    })
    .filter((v) => !v.startsWith('-'));
  const unknown: string[] = [];
  for (const raw of parsed.values.get('r') ?? parsed.values.get('requirement') ?? []) {
    const r = ctx.expand(raw);
    const text = r.includes('$') ? undefined : readContextFile?.(r);
    if (text === undefined) unknown.push(`-r ${r}`);
    else specs.push(...requirementsFromText(text));
  }
  if (inv.tool === 'uv' && sub === 'sync') unknown.push('uv sync (pyproject.toml/uv.lock)');
  if (inv.tool === 'poetry') unknown.push('poetry install (pyproject.toml)');
  const target = installTarget(ctx, parsed);
  // Each requested package with its dependency closure, every package counted once.
  const wanted: string[] = [];
  for (const spec of specs) {
    if (spec === '.' || spec.startsWith('.') || spec.startsWith('/') || spec.includes('://') || spec.includes('$')) unknown.push(spec);
    else wanted.push(normalizePipName(spec));
  }
  const closure = pipClosure(wanted, ctx.state.installed);
  for (const name of closure.packages) ctx.state.installed.add(`pip:${name}`);
  // Names the table lacks: PyPI's JSON API when network look-ups are on (answered from the caller's cache).
  const why = new Map<string, string>();
  const live = lookUpPypi(closure.unknownRequested, specs, ctx, inv.tool, parsed, cmd);
  // Still unknown (PyPI not asked or without an answer), and the table's dependencies it has no size for:
  // Debian's packaging of the project as a stand-in, where Debian has one.
  const standIn = debianPipStandIn([...live.unknown.map(([n]) => n), ...closure.unknownDependencies], ctx);
  for (const [name, reason] of live.unknown) {
    if (standIn.found.has(name)) continue;
    unknown.push(name);
    why.set(name, `${reason}; no Debian package of it to stand in`);
  }
  const unknownDependencies = closure.unknownDependencies.filter((d) => !standIn.found.has(d));
  const { bytes, wheelBytes, wheelKnown, sources } = closure;
  const confidence = unknownDependencies.length ? 'low' : closure.weakest;
  if (bytes > 0) {
    ctx.create({
      path: target,
      kind: 'packages',
      label: `pip: ${closure.requested.slice(0, 4).join(', ')}${closure.requested.length > 4 ? ', …' : ''} (${closure.packages.length} packages with dependencies)`,
      bytes,
      low: closure.low,
      high: closure.high,
      confidence,
      source:
        [...sources].slice(0, 2).join('; ') +
        (unknownDependencies.length ? `; sizes unknown for dependencies ${unknownDependencies.slice(0, 4).join(', ')}` : ''),
      contentKind: 'python',
      // The wheels are deflate zips of the same files: the pulled layer is about their size.
      compressedBytes: wheelKnown && wheelBytes ? wheelBytes : undefined,
    });
  }
  if (standIn.bytes > 0)
    ctx.create({
      path: target,
      kind: 'packages',
      label: `pip: ${[...standIn.found].slice(0, 4).join(', ')}${standIn.found.size > 4 ? ', …' : ''} (${standIn.packages.length} Debian packages as a stand-in)`,
      bytes: standIn.bytes,
      low: standIn.low,
      high: standIn.high,
      confidence: 'low',
      source: `stand-in: Debian ${standIn.suite} ${standIn.packages.slice(0, 3).join(', ')}${standIn.packages.length > 3 ? ' …' : ''} Installed-Size × the pip/Debian ratio measured on the table's packages (pure ×${standIn.ratios.pure.toFixed(2)}, compiled ×${standIn.ratios.native.toFixed(2)}); the size table lacks these names and PyPI was not asked`,
      contentKind: 'python',
    });
  for (const p of live.known) {
    ctx.create({ path: target, kind: 'packages', label: `pip: ${p.name} (PyPI, with dependencies)`, bytes: p.bytes, low: p.low, high: p.high, confidence: 'low', source: p.source, contentKind: 'python', compressedBytes: p.wheelBytes });
    ctx.state.installed.add(`pip:${p.name}`);
  }
  for (const u of unknown) ctx.create({ path: target, kind: 'packages', label: `pip: ${u}`, bytes: 0, confidence: 'unknown', source: why.get(u) ?? 'not in the size table', unknown: true });

  const avoided = pipCacheAvoided(cmd, ctx, inv.tool, parsed.flags);
  const cachePath = pipCacheDir(inv.tool, ctx.home, ctx.env);
  // The cache holds the downloaded wheels: about their size, which we know only for some packages.
  const liveWheels = live.known.reduce((a, p) => a + p.wheelBytes, 0);
  const cacheBytes = (wheelKnown && wheelBytes ? wheelBytes : Math.round(bytes * 0.35)) + liveWheels;
  const cacheUnknown = bytes === 0 && liveWheels === 0;
  ctx.facts.caches.push({ manager: inv.tool, command: cmd, path: cachePath, bytes: cacheBytes, low: Math.round(cacheBytes * 0.5), high: cacheBytes * 2, unknown: cacheUnknown, avoided: !!avoided });
  if (!avoided) {
    ctx.create({
      path: cachePath,
      kind: 'package-cache',
      label: `${inv.tool} cache (${cachePath})`,
      bytes: cacheBytes,
      confidence: cacheUnknown ? 'unknown' : 'low',
      unknown: cacheUnknown,
      source: (wheelKnown && wheelBytes) || (liveWheels && !bytes) ? 'downloaded wheel sizes' : `about a third of the installed size (wheels are zip-compressed)${liveWheels ? '; PyPI wheel sizes for the looked-up packages' : ''}`,
      contentKind: 'archive',
      compressedBytes: cacheBytes,
    });
  }
}

/** Debian packages that are Python itself (or its packaging tools): a pip install never adds them. */
const PYTHON_ITSELF = new Set(['python3', 'python3-minimal', 'python3-distutils', 'python3-lib2to3', 'python3-pkg-resources', 'python3-setuptools', 'python3-pip', 'python3-wheel']);

/**
 * Names the table lacks, priced from Debian's packaging of the same project (as gem.ts does for gems):
 * python3-NAME, or a bare NAME that depends on python3 (`yq`), with its python3-* dependencies, each
 * once per stage; a dependency the table has is priced from the table. Installed-Size × the measured
 * pip/Debian ratio (data/pipSizes.ts: pure-Python or compiled), its 10th–90th percentile as the range.
 * Versions differ (Debian's is older), hence low confidence.
 */
export function debianPipStandIn(names: string[], ctx: RunContext): { bytes: number; low: number; high: number; packages: string[]; found: Set<string>; suite: string; ratios: { pure: number; native: number } } {
  const pure = debianToPipRatio('pure');
  const native = debianToPipRatio('native');
  const out = { bytes: 0, low: 0, high: 0, packages: [] as string[], found: new Set<string>(), suite: '', ratios: { pure: pure.median, native: native.median } };
  const db = names.length ? aptDatabase() : undefined;
  if (!db) return out;
  const arch = aptArchFor(ctx.state.platform)?.arch ?? 'amd64';
  const suite = aptSuiteFor('debian', ctx.state.family === 'debian' ? ctx.state.suite : undefined)?.suite ?? 'bookworm';
  out.suite = suite;
  const info = (n: string) => db.info(suite, arch, n);
  const dependsOnPython = (deps: string[][]) => deps.some((alts) => alts.some((d) => d === 'python3' || d.startsWith('python3-')));
  const debianName = (name: string): string | undefined => {
    if (info(`python3-${name}`)) return `python3-${name}`;
    const bare = info(name);
    return bare && dependsOnPython(bare.depends) ? name : undefined;
  };
  const seen = new Set<string>();
  const visit = (deb: string) => {
    if (seen.has(deb) || PYTHON_ITSELF.has(deb)) return;
    seen.add(deb);
    const pipName = deb.startsWith('python3-') ? deb.slice('python3-'.length) : deb;
    if (ctx.state.installed.has(`pip:${pipName}`)) return;
    const p = info(deb);
    if (!p) return;
    const table = pipPackageSize(pipName);
    if (table) {
      out.bytes += table.bytes;
      out.low += table.low ?? Math.round(table.bytes * SPREAD.low[0]);
      out.high += table.high ?? Math.round(table.bytes * SPREAD.low[1]);
    } else {
      const r = [...p.depends, ...p.preDepends].some((alts) => alts.includes('libc6')) ? debianToPipRatio('native') : pure;
      out.bytes += Math.round(p.installedBytes * r.median);
      out.low += Math.round(p.installedBytes * r.low);
      out.high += Math.round(p.installedBytes * r.high);
    }
    out.packages.push(deb);
    ctx.state.installed.add(`pip:${pipName}`);
    for (const alts of [...p.preDepends, ...p.depends]) {
      const dep = alts.find((d) => d.startsWith('python3-') && info(d));
      if (dep) visit(dep);
    }
  };
  for (const name of names) {
    const deb = debianName(name);
    if (!deb) continue;
    out.found.add(name);
    visit(deb);
  }
  return out;
}

interface LivePip {
  name: string;
  bytes: number;
  low: number;
  high: number;
  wheelBytes: number;
  source: string;
}

/**
 * PyPI look-ups (../../../net/registryLookups.ts) for requested names the table lacks: the wheels
 * pip would pick for the stage's CPython and platform, with their dependencies; installed size =
 * wheel bytes × a measured ratio, low confidence. Only pypi.org's JSON API is asked: not for a
 * custom index (-i, --index-url, PIP_INDEX_URL), which need not have one.
 */
function lookUpPypi(names: string[], specs: string[], ctx: RunContext, tool: string, parsed: ReturnType<typeof parseArgs>, cmd: ShellCommand): { known: LivePip[]; unknown: [string, string][] } {
  const out: { known: LivePip[]; unknown: [string, string][] } = { known: [], unknown: [] };
  if (!names.length) return out;
  const env = ctx.env.fork();
  for (const a of cmd.assignments) {
    const eq = a.value.indexOf('=');
    env.set(a.value.slice(0, eq), a.value.slice(eq + 1));
  }
  const index = parsed.values.get('i')?.[0] ?? parsed.values.get('index-url')?.[0] ?? env.get('PIP_INDEX_URL') ?? (tool === 'uv' ? env.get('UV_INDEX_URL') : undefined);
  const custom = index && !/^https:\/\/pypi\.org\/simple\/?$/.test(index) ? index : undefined;
  const python = stagePython(ctx, env);
  const platform = wheelPlatform(ctx);
  for (const name of names) {
    if (!ctx.options.network) {
      out.unknown.push([name, `not in the size table; PyPI not asked (${ctx.remote.networkOff ?? 'network look-ups are off'})`]);
      continue;
    }
    if (custom) {
      out.unknown.push([name, 'not in the size table; a custom package index is not looked up']);
      continue;
    }
    if (!platform) {
      out.unknown.push([name, `not in the size table; no wheel platform for ${ctx.state.platform}`]);
      continue;
    }
    const spec = specs.find((s) => normalizePipName(s) === name) ?? name;
    const version = /==\s*([A-Za-z0-9_.!+-]+)\s*$/.exec(spec.replace(/;.*$/, ''))?.[1] ?? '';
    const query = { kind: 'pypi-installed' as const, base: PYPI_JSON, name, version, python: python.tag, platform };
    const installed = remoteDownloadSize(registryQueryUrl(query), ctx.options, ctx.remote);
    if ('unknown' in installed) {
      out.unknown.push([name, `not in the size table; PyPI: ${installed.unknown.replace(/^remote size unknown \((.*)\)$/, '$1')}`]);
      continue;
    }
    const wheels = remoteDownloadSize(registryQueryUrl({ ...query, kind: 'pypi-wheel' }), ctx.options, ctx.remote);
    const wheelBytes = 'unknown' in wheels ? Math.round(installed.bytes / 4) : wheels.bytes;
    out.known.push({
      name,
      bytes: installed.bytes,
      low: installed.low ?? Math.round(installed.bytes / 2),
      high: installed.high ?? installed.bytes * 2,
      wheelBytes,
      source: `${installed.source}; ${python.tag}${python.assumed ? ` (${python.assumed})` : ''}, ${platform}`,
    });
  }
  return out;
}

/** Python each distribution's python3 package is (CPython tag), for a stage without a python image. */
const DISTRIBUTION_PYTHON: Record<string, Record<string, string>> = {
  debian: { bullseye: 'cp39', bookworm: 'cp311', trixie: 'cp313' },
  ubuntu: { focal: 'cp38', jammy: 'cp310', noble: 'cp312' },
  alpine: { '3.17': 'cp310', '3.18': 'cp311', '3.19': 'cp311', '3.20': 'cp312', '3.21': 'cp312', '3.22': 'cp312' },
};

/** The stage's CPython tag: ENV PYTHON_VERSION, the python image's tag, the distribution's python3; else cp312, said so. */
export function stagePython(ctx: RunContext, env: ReadonlyMap<string, string> = ctx.env): { tag: string; assumed?: string } {
  const version = env.get('PYTHON_VERSION') ?? /(?:^|\/)python:(3\.\d+)/.exec(ctx.state.image ?? '')?.[1];
  const m = /^(\d)\.(\d+)/.exec(version ?? '');
  if (m) return { tag: `cp${m[1]}${m[2]}` };
  const suite = ctx.state.family === 'ubuntu' ? ubuntuCodename(ctx.state.suite) : (ctx.state.suite ?? '').split('-')[0];
  const distro = DISTRIBUTION_PYTHON[ctx.state.family]?.[suite];
  if (distro) return { tag: distro, assumed: `the python3 of ${ctx.state.family} ${suite}` };
  return { tag: 'cp312', assumed: 'Python version not known: cp312 assumed' };
}

/** manylinux_x86_64 / musllinux_aarch64 … for the stage (Alpine is musl). */
export function wheelPlatform(ctx: RunContext): string | undefined {
  const [, arch = 'amd64', variant] = ctx.state.platform.toLowerCase().split('/');
  const machine = arch === 'amd64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : arch === 'arm' && (variant ?? 'v7') === 'v7' ? 'armv7l' : arch === '386' ? 'i686' : arch === 'ppc64le' || arch === 's390x' ? arch : undefined;
  if (!machine) return undefined;
  return `${ctx.state.family === 'alpine' ? 'musllinux' : 'manylinux'}_${machine}`;
}

function sitePackages(ctx: RunContext): string {
  const venv = ctx.env.get('VIRTUAL_ENV') ?? /(^|:)([^:]+)\/bin(:|$)/.exec(ctx.env.get('PATH') ?? '')?.[2];
  if (venv && venv !== '/usr' && venv !== '/usr/local' && venv !== '') return venv;
  return '/usr/local/lib/python3/site-packages';
}

function installTarget(ctx: RunContext, parsed: ReturnType<typeof parseArgs>): string {
  const t = parsed.values.get('target')?.[0] ?? parsed.values.get('t')?.[0] ?? parsed.values.get('prefix')?.[0] ?? parsed.values.get('root')?.[0];
  if (t) return ctx.resolve(t);
  if (parsed.flags.has('user')) return `${ctx.home}/.local`;
  return sitePackages(ctx);
}

export function requirementsFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/\s#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('-'));
}

export interface PipClosure {
  requested: string[];
  packages: string[];
  bytes: number;
  /** Sums of each package's low and high (its own range, else the spread of its confidence). */
  low: number;
  high: number;
  wheelBytes: number;
  wheelKnown: boolean;
  sources: Set<string>;
  weakest: 'high' | 'medium' | 'low';
  unknownRequested: string[];
  unknownDependencies: string[];
}

/** Walks `requires` from the size table, so flask brings werkzeug, jinja2, … once each. */
export function pipClosure(names: string[], installed: ReadonlySet<string> = new Set()): PipClosure {
  const out: PipClosure = { requested: [], packages: [], bytes: 0, low: 0, high: 0, wheelBytes: 0, wheelKnown: true, sources: new Set(), weakest: 'high', unknownRequested: [], unknownDependencies: [] };
  const seen = new Set<string>();
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const visit = (name: string, requested: boolean) => {
    if (seen.has(name) || installed.has(`pip:${name}`)) return;
    seen.add(name);
    const info = pipPackageSize(name);
    if (!info) {
      (requested ? out.unknownRequested : out.unknownDependencies).push(name);
      return;
    }
    if (requested) out.requested.push(name);
    out.packages.push(name);
    out.bytes += info.bytes;
    const c0 = info.confidence === 'high' || info.confidence === 'medium' ? info.confidence : 'low';
    out.low += info.low ?? Math.round(info.bytes * SPREAD[c0][0]);
    out.high += info.high ?? Math.round(info.bytes * SPREAD[c0][1]);
    if (info.wheelBytes) out.wheelBytes += info.wheelBytes;
    else out.wheelKnown = false;
    out.sources.add(info.source);
    const c = info.confidence === 'high' || info.confidence === 'medium' ? info.confidence : 'low';
    if (rank[c] > rank[out.weakest]) out.weakest = c;
    for (const dep of info.requires ?? []) visit(normalizePipName(dep), false);
  };
  for (const n of names) visit(n, true);
  return out;
}

/** `python -m venv DIR`: an empty virtualenv with pip, measured (python3.11 -m venv on Debian 12, 2026-11-26: 23.1 MB; 42.8 kB --without-pip). */
export function estimateVenv(cmd: ShellCommand, ctx: RunContext): boolean {
  const isVenv = (/^python(3(\.\d+)?)?$/.test(cmd.name) && cmd.argv.some((w, k) => w.value === 'venv' && cmd.argv[k - 1]?.value === '-m')) || cmd.name === 'virtualenv';
  if (!isVenv) return false;
  const args = parseArgs(cmd.argv.filter((w) => w.value !== '-m' && w.value !== 'venv'), new Set(['p', 'python', 'prompt']));
  const dir = args.operands[0]?.value;
  if (!dir) return true;
  const withoutPip = args.flags.has('without-pip');
  ctx.create({
    path: ctx.resolve(dir),
    kind: 'packages',
    label: `virtualenv ${dir}${withoutPip ? ' (without pip)' : ' (with pip)'}`,
    bytes: withoutPip ? 42_778 : 23_085_806,
    confidence: 'medium',
    source: 'python3.11 -m venv measured on a Debian 12 machine, 2026-11-26; size varies with the Python and pip versions',
    contentKind: 'python',
  });
  return true;
}
