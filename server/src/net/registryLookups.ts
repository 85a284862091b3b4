/**
 * Answers the package-registry queries of ../core/model/registryQueries.ts (npm closures, PyPI
 * wheels, Alpine APKINDEXes) from the registries, for the server and the CLI when network look-ups
 * are on. Same contract as RemoteSizeCache: `lookup` is synchronous from the cache, `prefetch` fills
 * it, results (failures too) are kept for an hour, nothing throws. `SizeLookups` puts them behind the
 * one `remoteSize` function the core asks (and `apkIndex` for the parsed Alpine indexes).
 *
 * Every request goes through safeFetch (./safeFetch.ts): http(s) only, 5 s per request, the
 * analysis' FetchBudget (prefetch's, else one of `budgetMs` per query), same-host redirects, a size
 * cap, and the environment's proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY). Only the package names
 * and versions the Dockerfile installs are sent, as the registries' own URLs.
 */
import type { RemoteSize } from '../core/model/types';
import type { ApkIndexData } from '../core/data/apkDb';
import { parseRegistryQuery, PYPI_JSON, registryQueryUrl as queryUrl, type RegistryQuery } from '../core/model/registryQueries';
import { RemoteSizeCache, type RemoteSizeOptions } from './remoteSizes';
import { FetchBudget, safeFetch } from './safeFetch';
import { resolveNpmClosure, type ClosureMember, type Packument } from './npmClosure';
import { measuredNpmMember } from '../core/data/npmSizes';
import { pickWheel, wheelDependencies, type PypiProject, type Wheel } from './pypiWheels';
import { alpineArch, ApkIndexCache, type ApkIndexOptions } from './apkIndex';

/** Unpacked ÷ tarball bytes, median of the 6,629 npm tarballs measured by scripts/gen-npm-sizes.mjs (2026-12-04). */
export const NPM_UNPACKED_PER_TARBALL_BYTE = 3.4;

/**
 * Installed ÷ wheel bytes. PyPI gives wheel sizes only; pip unpacks the wheel and compiles .pyc.
 * Measured on the 47 wheels pip installed for server/data/pip-packages.json (installed bytes with
 * .pyc ÷ the installed files re-zipped at deflate 6, scripts/gen-pip-sizes.mjs, 2026-11-26):
 * pure (`none-any`) wheels median 7.2, 10th–90th percentile 3.7–9.2 (37 wheels); platform wheels
 * median 4.0, 2.5–5.2 (10 wheels). The platform range is widened down to 1.8, the ratio
 * scripts/gen-pip-wheels.mjs assumes for wheels that are mostly shared libraries (torch, CUDA).
 */
export const PYPI_INSTALLED_PER_WHEEL_BYTE = { pure: { ratio: 7.2, low: 3.7, high: 9.2 }, platform: { ratio: 4.0, low: 1.8, high: 5.5 } };

export interface RegistryLookupOptions {
  timeoutMs?: number;
  /** Whole look-up of one query (a closure is many requests). Default 30 s. */
  budgetMs?: number;
  /** Packages in one closure at most. Default 2000. */
  maxPackages?: number;
  concurrency?: number;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** 'env' (default): HTTPS_PROXY / HTTP_PROXY / NO_PROXY; a URL; or '' for none. */
  proxy?: string;
  env?: NodeJS.ProcessEnv;
  /** The Alpine index cache's options (mirror, cache folder). */
  apk?: ApkIndexOptions;
  /** Where PyPI's JSON API is asked instead of https://pypi.org/pypi/ (DOCKERFILE_SIZE_HINTS_PYPI_URL). */
  pypiBase?: string;
}

interface Entry {
  value: RemoteSize;
  at: number;
}

/** A look-up the analysis' budget cut short: shown, but asked again next time. */
const TRANSIENT = new WeakSet<RemoteSize>();

export class RegistryLookups {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly opts: Required<Omit<RegistryLookupOptions, 'now' | 'env' | 'apk' | 'pypiBase'>> & { now: () => number; env: NodeJS.ProcessEnv; pypiBase?: string };
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  readonly apkIndexes: ApkIndexCache;
  generation = 0;

  constructor(options: RegistryLookupOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 5000,
      budgetMs: options.budgetMs ?? 30_000,
      maxPackages: options.maxPackages ?? 2000,
      concurrency: Math.max(1, options.concurrency ?? 6),
      ttlMs: options.ttlMs ?? 60 * 60 * 1000,
      maxEntries: options.maxEntries ?? 2000,
      now: options.now ?? Date.now,
      proxy: options.proxy ?? 'env',
      env: options.env ?? process.env,
      pypiBase: options.pypiBase ?? (options.env ?? process.env).DOCKERFILE_SIZE_HINTS_PYPI_URL,
    };
    this.apkIndexes = new ApkIndexCache({ proxy: this.opts.proxy, env: this.opts.env, timeoutMs: this.opts.timeoutMs, ...options.apk });
  }

  static handles(url: string): boolean {
    return parseRegistryQuery(url) !== undefined;
  }

  lookup(url: string): RemoteSize | undefined {
    const q = parseRegistryQuery(url);
    if (q?.kind === 'apk-index') {
      const a = this.apkIndexes.get(q.release, q.arch);
      return a ? { source: a.source } : this.entries.get(url)?.value;
    }
    return this.entries.get(url)?.value;
  }

  /** The parsed APKINDEX (main + community) of an Alpine release for a Docker platform, when fetched. */
  apkIndex(release: string, platform: string): ApkIndexData | undefined {
    const arch = alpineArch(platform);
    return arch ? this.apkIndexes.get(release, arch)?.data : undefined;
  }

  async prefetch(urls: Iterable<string>, budget?: FetchBudget): Promise<boolean> {
    try {
      const unique = [...new Set(urls)].filter((u) => RegistryLookups.handles(u));
      const before = unique.map((u) => this.lookup(u));
      await Promise.all(unique.map((u) => this.fetchOnce(u, budget)));
      return unique.some((u, i) => !same(before[i], this.lookup(u)));
    } catch {
      return false;
    }
  }

  private fetchOnce(url: string, budget: FetchBudget | undefined): Promise<void> {
    const query = parseRegistryQuery(url) as RegistryQuery;
    if (query.kind === 'apk-index') {
      return this.apkIndexes.fetch(query.release, query.arch, budget ?? new FetchBudget(this.opts.budgetMs)).then((a) => {
        const value = { source: a.source };
        if (!a.data) this.store(url, value);
        else this.generation++;
      });
    }
    const hit = this.entries.get(url);
    if (hit && !TRANSIENT.has(hit.value) && this.opts.now() - hit.at < this.opts.ttlMs) return Promise.resolve();
    // Both npm queries of one package come from one closure, both PyPI ones from one walk: one flight per pair.
    const flightKey = 'base' in query ? `${query.base}${query.name}@${query.version}:${query.python}:${query.platform}` : `${query.registry}${query.name}@${query.range}`;
    let p = this.inFlight.get(flightKey);
    if (!p) {
      const b = budget ?? new FetchBudget(this.opts.budgetMs);
      p = this.answer(query, b)
        .then((answers) => {
          for (const [u, v] of answers) {
            if (b.spent && v.bytes === undefined) TRANSIENT.add(v);
            this.store(u, v);
          }
        })
        .catch((e) => this.store(url, { source: `look-up failed (${(e as Error).message})` }))
        .finally(() => this.inFlight.delete(flightKey));
      this.inFlight.set(flightKey, p);
    }
    return p.then(() => {
      if (!this.entries.has(url)) this.store(url, { source: 'look-up failed' });
    });
  }

  private store(url: string, value: RemoteSize): void {
    const old = this.entries.get(url);
    if (!old || !same(old.value, value)) this.generation++;
    this.entries.delete(url);
    this.entries.set(url, { value, at: this.opts.now() });
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.opts.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  /** One JSON document (404: undefined); throws with the reason otherwise. */
  private async json(url: string, budget: FetchBudget, headers: Record<string, string> = {}): Promise<unknown> {
    return (await this.jsonServed(url, budget, headers))?.value;
  }

  /** One JSON document and the bytes of its body as the server sent it (404: undefined); throws with the reason otherwise. */
  private jsonServed(url: string, budget: FetchBudget, headers: Record<string, string> = {}): Promise<{ value: unknown; bytes: number } | undefined> {
    return this.limited(async () => {
      const r = await safeFetch(url, { method: 'GET', readBody: true, maxBytes: 32 * 1024 * 1024, timeoutMs: this.opts.timeoutMs, budget, headers: { accept: 'application/json', ...headers }, proxy: this.opts.proxy || undefined, env: this.opts.env });
      if (!r.ok) throw new Error(r.reason);
      if (r.status === 404) return undefined;
      if (r.status < 200 || r.status >= 300) throw new Error(`${new URL(r.url).host} answered HTTP ${r.status}`);
      const body = r.body ?? Buffer.alloc(0);
      try {
        return { value: JSON.parse(body.toString('utf8')) as unknown, bytes: body.length };
      } catch {
        throw new Error(`${new URL(r.url).host} did not answer JSON`);
      }
    });
  }

  private async answer(q: Exclude<RegistryQuery, { kind: 'apk-index' }>, budget: FetchBudget): Promise<[string, RemoteSize][]> {
    if ('base' in q) return this.pypiWheels(q, budget);
    return this.npmClosure(q, budget);
  }

  private async npmClosure(q: Extract<RegistryQuery, { kind: 'npm-installed' | 'npm-tarballs' | 'npm-packuments' }>, budget: FetchBudget): Promise<[string, RemoteSize][]> {
    const installedUrl = queryUrl({ ...q, kind: 'npm-installed' });
    const tarballsUrl = queryUrl({ ...q, kind: 'npm-tarballs' });
    const packumentsUrl = queryUrl({ ...q, kind: 'npm-packuments' });
    const host = new URL(q.registry).host;
    const packuments = new Map<string, Promise<Packument | undefined>>();
    // What npm's cache keeps of each packument: its body as served (bytes) and the versions it lists.
    const served = new Map<string, { bytes: number; versions: number }>();
    let failure: string | undefined;
    const get = (name: string) => {
      let p = packuments.get(name);
      if (!p) {
        // The abbreviated ("corgi") packument: what npm itself reads to install.
        p = this.jsonServed(`${q.registry}${name.replace('/', '%2f')}`, budget, { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' }).then(
          (r) => {
            const doc = r?.value as Packument | undefined;
            if (r && doc) served.set(name, packumentServed(doc, r.bytes));
            return doc;
          },
          (e: Error) => {
            failure ??= e.message;
            return undefined;
          },
        );
        packuments.set(name, p);
      }
      return p;
    };
    const closure = await resolveNpmClosure(q.name, q.range, get, undefined, this.opts.maxPackages);
    if (!closure) {
      const why = failure ?? `${q.name}@${q.range} not found on ${host}`;
      return [
        [installedUrl, { source: why }],
        [tarballsUrl, { source: why }],
        [packumentsUrl, { source: why }],
      ];
    }
    if (failure) {
      const why = `registry look-up incomplete (${failure})`;
      return [
        [installedUrl, { source: why }],
        [tarballsUrl, { source: why }],
        [packumentsUrl, { source: why }],
      ];
    }
    const withSize = closure.members.filter((m) => typeof m.unpackedSize === 'number');
    const measured = withSize.reduce((s, m) => s + (m.unpackedSize as number), 0);
    // Old versions lack dist.unpackedSize: they count as the average of the others.
    const missing = closure.members.length - withSize.length;
    const installed = withSize.length ? Math.round(measured + (missing * measured) / withSize.length) : undefined;
    const of = `${q.name}@${closure.root.version}, ${closure.members.length} packages`;
    const note = missing ? `; ${missing} without dist.unpackedSize counted as the average` : '';
    const unresolved = closure.unresolved.length ? `; not counted: ${closure.unresolved.slice(0, 3).join(', ')}` : '';
    if (installed === undefined) {
      const why = `${host} gave no dist.unpackedSize for ${of}`;
      return [
        [installedUrl, { source: why }],
        [tarballsUrl, { source: why }],
        [packumentsUrl, { source: why }],
      ];
    }
    // Tarballs: measured ones from the bundled table where it has that name@version (closures of pinned
    // versions share most members with the measured ones: ghost-cli 1.29.3's 517, 469); the others' Content-Length
    // (HEAD of dist.tarball, on the registry's own host only); unpacked ÷ the median ratio only where that gives
    // none (the ratio is 3.4 over the table but 4.2–4.7 over ghost-cli's unmeasured members: 17–38 % high there).
    const average = measured / withSize.length;
    const headed = await this.tarballLengths(
      closure.members.filter((m) => m.tarball && !measuredNpmMember(m.name, m.version) && sameHost(m.tarball, q.registry)),
      budget,
    );
    let tarballs = 0;
    let fromTable = 0;
    for (const m of closure.members) {
      const known = measuredNpmMember(m.name, m.version);
      if (known) fromTable++;
      tarballs += known ? known.tarballBytes : (headed.lengths.get(`${m.name}@${m.version}`) ?? (m.unpackedSize ?? average) / NPM_UNPACKED_PER_TARBALL_BYTE);
    }
    const byHead = headed.lengths.size;
    // Packuments: npm caches one per name it read; the closure's distinct names, each as the registry served it (what the
    // bundled table's closures record as p and n, scripts/gen-npm-sizes.mjs).
    const names = [...new Set(closure.members.map((m) => m.name))];
    let packumentBytes = 0;
    let versions = 0;
    for (const n of names) {
      const s = served.get(n);
      packumentBytes += s?.bytes ?? 0;
      versions += s?.versions ?? 0;
    }
    return [
      [packumentsUrl, { bytes: packumentBytes, count: versions, source: `packuments of ${of} from ${host}: ${names.length} documents as served, ${versions} versions listed` }],
      [installedUrl, { bytes: installed, source: `dist.unpackedSize of ${of} from ${host}${note}${unresolved}` }],
      [
        tarballsUrl,
        tarballsAnswer(
          {
            bytes: Math.round(tarballs),
            source: `tarballs of ${of} from ${host}: ${fromTable} measured (scripts/gen-npm-sizes.mjs), ${closure.members.length - fromTable - byHead} as unpacked ÷ ${NPM_UNPACKED_PER_TARBALL_BYTE} (measured median)${byHead ? `, ${byHead} by their Content-Length` : ''}`,
          },
          headed.budgetSpent,
        ),
      ],
    ];
  }

  /** Content-Length of each member's tarball by HEAD (name@version → bytes); members it does not give are left out. */
  private async tarballLengths(members: ClosureMember[], budget: FetchBudget): Promise<{ lengths: Map<string, number>; budgetSpent: boolean }> {
    const lengths = new Map<string, number>();
    let budgetSpent = false;
    await Promise.all(
      members.map((m) =>
        this.limited(async () => {
          const r = await safeFetch(m.tarball as string, { method: 'HEAD', timeoutMs: this.opts.timeoutMs, budget, proxy: this.opts.proxy || undefined, env: this.opts.env });
          if (!r.ok) {
            if (r.budgetSpent) budgetSpent = true;
            return;
          }
          const len = r.headers['content-length'];
          const encoded = r.headers['content-encoding'] && r.headers['content-encoding'] !== 'identity';
          if (r.status >= 200 && r.status < 300 && len !== undefined && /^\d+$/.test(len.trim()) && !encoded) lengths.set(`${m.name}@${m.version}`, Number(len));
        }),
      ),
    );
    return { lengths, budgetSpent };
  }

  /**
   * The wheels pip would download for `pip install name[==version]` on the stage's Python and
   * platform: the project's, then its Requires-Dist (Linux markers evaluated, extras left out) at
   * their latest versions, each project once. Version constraints of dependencies are not applied
   * (the latest release stands in). Answers both queries: the wheels' bytes (the download and pip's
   * cache) and the installed estimate (wheel × measured ratio, a range).
   */
  private async pypiWheels(q: Extract<RegistryQuery, { kind: 'pypi-wheel' | 'pypi-installed' }>, budget: FetchBudget): Promise<[string, RemoteSize][]> {
    const wheelUrl = queryUrl({ ...q, kind: 'pypi-wheel' });
    const installedUrl = queryUrl({ ...q, kind: 'pypi-installed' });
    const both = (value: RemoteSize): [string, RemoteSize][] => [
      [wheelUrl, value],
      [installedUrl, { ...value }],
    ];
    // The query names pypi.org; a configured mirror of its JSON API answers instead.
    const base = q.base === PYPI_JSON && this.opts.pypiBase ? (this.opts.pypiBase.endsWith('/') ? this.opts.pypiBase : `${this.opts.pypiBase}/`) : q.base;
    const host = new URL(base).host;
    let failure: string | undefined;
    const project = (name: string, version?: string) =>
      (this.json(`${base}${encodeURIComponent(name)}/${version ? `${encodeURIComponent(version)}/` : ''}json`, budget) as Promise<PypiProject | undefined>).catch((e: Error) => {
        failure ??= e.message;
        return undefined;
      });
    const root = await project(q.name, q.version || undefined);
    if (!root) return both({ source: failure ? `PyPI look-up failed (${failure})` : `${q.name}${q.version ? ` ${q.version}` : ''} not found on ${host}` });
    const rootWheel = pickWheel(root, q.python, q.platform);
    if (!rootWheel) return both({ source: `no ${q.python} ${q.platform} wheel of ${q.name} ${root.info?.version ?? ''} on ${host} (pip would build the sdist)` });
    const wheels: Wheel[] = [rootWheel];
    const seen = new Set([normalize(q.name)]);
    let level = wheelDependencies(root, q.python, q.platform);
    const unknown: string[] = [];
    while (level.length && wheels.length < this.opts.maxPackages) {
      const names = [...new Set(level.map(normalize))].filter((n) => !seen.has(n));
      names.forEach((n) => seen.add(n));
      const projects = await Promise.all(names.map((n) => project(n)));
      level = [];
      projects.forEach((p, i) => {
        const wheel = p && pickWheel(p, q.python, q.platform);
        if (!p || !wheel) {
          unknown.push(names[i]!);
          return;
        }
        wheels.push(wheel);
        level.push(...wheelDependencies(p, q.python, q.platform));
      });
    }
    if (failure && unknown.length) return both({ source: `PyPI look-up incomplete (${failure})` });
    const wheelBytes = wheels.reduce((a, w) => a + w.size, 0);
    let installed = 0;
    let low = 0;
    let high = 0;
    for (const w of wheels) {
      const r = /-none-any\.whl$/.test(w.filename) ? PYPI_INSTALLED_PER_WHEEL_BYTE.pure : PYPI_INSTALLED_PER_WHEEL_BYTE.platform;
      installed += w.size * r.ratio;
      low += w.size * r.low;
      high += w.size * r.high;
    }
    const of = `${q.name} ${root.info?.version ?? ''} (${rootWheel.filename})${wheels.length > 1 ? ` and ${wheels.length - 1} dependencies at their latest versions` : ', no dependencies'}, from ${host}`;
    const rest = unknown.length ? `; no wheel for ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} (not counted)` : '';
    return [
      [wheelUrl, { bytes: wheelBytes, source: `wheels of ${of}${rest}` }],
      [installedUrl, { bytes: Math.round(installed), low: Math.round(low), high: Math.round(high), source: `unpacked wheels of ${of}: wheel bytes × ${PYPI_INSTALLED_PER_WHEEL_BYTE.pure.ratio} (pure) / ${PYPI_INSTALLED_PER_WHEEL_BYTE.platform.ratio} (platform), measured ratios${rest}` }],
    ];
  }
}

/**
 * One packument as npm's cache keeps it: the body's bytes as served and the versions it lists (what the bundled
 * table records per closure as p and n). Priced in the core as the table's closures are (npmCacheCompressedBytes):
 * bytes × PACKUMENT_GZIP_RATIO + versions × PUBLIC_REGISTRY_GZ_PER_VERSION. A registry that serves dist.signatures
 * (registry.npmjs.org) has them inside these bytes as well, so they are counted twice there, by ≈ 20 B a version
 * (≈ 150 characters × 0.127): within the cache part's range, and not measurable from here (the registry reachable
 * here serves none).
 */
export function packumentServed(doc: Packument, bytes: number): { bytes: number; versions: number } {
  return { bytes, versions: Object.keys(doc.versions ?? {}).length };
}

function sameHost(url: string, base: string): boolean {
  try {
    return new URL(url).host === new URL(base).host;
  } catch {
    return false;
  }
}

/** A tarballs answer some of whose HEADs the analysis' budget cut short (ratio stands in): shown, asked again next time. */
function tarballsAnswer(value: RemoteSize, budgetSpent: boolean): RemoteSize {
  if (budgetSpent) TRANSIENT.add(value);
  return value;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}


function same(a: RemoteSize | undefined, b: RemoteSize | undefined): boolean {
  return a === b || (!!a && !!b && a.bytes === b.bytes && a.source === b.source && a.low === b.low && a.high === b.high && a.count === b.count);
}

/** Remote file sizes and registry queries behind one cache (what the server and the CLI hand the core). */
export class SizeLookups extends RemoteSizeCache {
  readonly registries: RegistryLookups;

  constructor(options: RemoteSizeOptions = {}, registryOptions: RegistryLookupOptions = {}) {
    // Downloads and package indexes leave through the same proxy (unless told apart).
    super({ proxy: registryOptions.proxy, env: registryOptions.env, ...options });
    this.registries = new RegistryLookups(registryOptions);
  }

  override lookup(url: string): RemoteSize | undefined {
    return RegistryLookups.handles(url) ? this.registries.lookup(url) : super.lookup(url);
  }

  /** The parsed APKINDEX of an Alpine release (ModelEnvironment.apkIndex), when a prefetch read it. */
  apkIndex(release: string, platform: string): ApkIndexData | undefined {
    return this.registries.apkIndex(release, platform);
  }

  override async prefetch(urls: Iterable<string>, budget: FetchBudget = new FetchBudget()): Promise<boolean> {
    const all = [...urls];
    const registry = all.filter((u) => RegistryLookups.handles(u));
    const files = all.filter((u) => !RegistryLookups.handles(u));
    const [a, b] = await Promise.all([files.length ? super.prefetch(files, budget) : Promise.resolve(false), registry.length ? this.registries.prefetch(registry, budget) : Promise.resolve(false)]);
    // The analysis cache compares generations: a registry answer must bump the shared one.
    if (b) this.generation++;
    return a || b;
  }
}
