/**
 * Answers the package-registry queries of ../core/model/registryQueries.ts (npm closures, PyPI
 * wheels) from the registries' JSON APIs, for the server and the CLI when network look-ups are on.
 * Same contract as RemoteSizeCache: `lookup` is synchronous from the cache, `prefetch` fills it,
 * results (failures too) are kept for an hour, nothing throws. `SizeLookups` puts both behind the
 * one `remoteSize` function the core asks.
 */
import type { RemoteSize } from '../core/model/types';
import { parseRegistryQuery, registryQueryUrl as queryUrl, type RegistryQuery } from '../core/model/registryQueries';
import { RemoteSizeCache, type RemoteSizeOptions } from './remoteSizes';
import { fetchJson, type FetchJsonOptions } from './fetchJson';
import { resolveNpmClosure, type Packument } from './npmClosure';
import { pickWheel, wheelDependencies, type PypiProject } from './pypiWheels';

/** Unpacked ÷ tarball bytes, median of the 6,629 npm tarballs measured by scripts/gen-npm-sizes.mjs (2026-12-04). */
export const NPM_UNPACKED_PER_TARBALL_BYTE = 3.4;

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
}

interface Entry {
  value: RemoteSize;
  at: number;
}

export class RegistryLookups {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly opts: Required<Omit<RegistryLookupOptions, 'now'>> & { now: () => number };
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  generation = 0;

  constructor(options: RegistryLookupOptions = {}) {
    this.opts = {
      timeoutMs: options.timeoutMs ?? 8000,
      budgetMs: options.budgetMs ?? 30_000,
      maxPackages: options.maxPackages ?? 2000,
      concurrency: Math.max(1, options.concurrency ?? 6),
      ttlMs: options.ttlMs ?? 60 * 60 * 1000,
      maxEntries: options.maxEntries ?? 2000,
      now: options.now ?? Date.now,
    };
  }

  static handles(url: string): boolean {
    return parseRegistryQuery(url) !== undefined;
  }

  lookup(url: string): RemoteSize | undefined {
    return this.entries.get(url)?.value;
  }

  async prefetch(urls: Iterable<string>): Promise<boolean> {
    try {
      const unique = [...new Set(urls)].filter((u) => RegistryLookups.handles(u));
      const before = unique.map((u) => this.entries.get(u)?.value);
      await Promise.all(unique.map((u) => this.fetchOnce(u)));
      return unique.some((u, i) => !same(before[i], this.entries.get(u)?.value));
    } catch {
      return false;
    }
  }

  private fetchOnce(url: string): Promise<void> {
    const hit = this.entries.get(url);
    if (hit && this.opts.now() - hit.at < this.opts.ttlMs) return Promise.resolve();
    const query = parseRegistryQuery(url) as RegistryQuery;
    // Both npm queries of one package come from one closure: one flight for the pair.
    const flightKey = query.kind === 'pypi-wheel' ? url : `${query.registry}${query.name}@${query.range}`;
    let p = this.inFlight.get(flightKey);
    if (!p) {
      p = this.answer(query)
        .then((answers) => {
          for (const [u, v] of answers) this.store(u, v);
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

  private json(url: string, deadline: number, headers: Record<string, string> = {}): Promise<unknown> {
    return this.limited(async () => {
      const left = deadline - this.opts.now();
      if (left <= 0) throw new Error('time budget spent');
      const opts: FetchJsonOptions = { timeoutMs: Math.min(this.opts.timeoutMs, left), headers };
      const r = await fetchJson(url, opts);
      if (r.ok) return r.value;
      if (r.status === 404) return undefined;
      throw new Error(r.reason);
    });
  }

  private async answer(q: RegistryQuery): Promise<[string, RemoteSize][]> {
    const deadline = this.opts.now() + this.opts.budgetMs;
    if (q.kind === 'pypi-wheel') return [[queryUrl(q), await this.pypiWheel(q, deadline)]];
    return this.npmClosure(q, deadline);
  }

  private async npmClosure(q: Extract<RegistryQuery, { kind: 'npm-installed' | 'npm-tarballs' }>, deadline: number): Promise<[string, RemoteSize][]> {
    const installedUrl = queryUrl({ ...q, kind: 'npm-installed' });
    const tarballsUrl = queryUrl({ ...q, kind: 'npm-tarballs' });
    const host = new URL(q.registry).host;
    const packuments = new Map<string, Promise<Packument | undefined>>();
    let failure: string | undefined;
    const get = (name: string) => {
      let p = packuments.get(name);
      if (!p) {
        // The abbreviated ("corgi") packument: what npm itself reads to install.
        p = this.json(`${q.registry}${name.replace('/', '%2f')}`, deadline, { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' }).then(
          (v) => v as Packument | undefined,
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
      ];
    }
    if (failure) {
      const why = `registry look-up incomplete (${failure})`;
      return [
        [installedUrl, { source: why }],
        [tarballsUrl, { source: why }],
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
      ];
    }
    return [
      [installedUrl, { bytes: installed, source: `dist.unpackedSize of ${of} from ${host}${note}${unresolved}` }],
      [tarballsUrl, { bytes: Math.round(installed / NPM_UNPACKED_PER_TARBALL_BYTE), source: `tarballs of ${of} from ${host}: unpacked ÷ ${NPM_UNPACKED_PER_TARBALL_BYTE} (measured median)` }],
    ];
  }

  private async pypiWheel(q: Extract<RegistryQuery, { kind: 'pypi-wheel' }>, deadline: number): Promise<RemoteSize> {
    const host = new URL(q.base).host;
    const project = (name: string, version?: string) =>
      this.json(`${q.base}${encodeURIComponent(name)}/${version ? `${encodeURIComponent(version)}/` : ''}json`, deadline) as Promise<PypiProject | undefined>;
    const root = await project(q.name, q.version || undefined);
    if (!root) return { source: `${q.name}${q.version ? ` ${q.version}` : ''} not found on ${host}` };
    const rootWheel = pickWheel(root, q.python, q.platform);
    if (!rootWheel) return { source: `no ${q.python} ${q.platform} wheel of ${q.name} ${root.info?.version ?? ''} on ${host} (pip would build the sdist)` };
    // Its dependencies (latest versions, markers for Linux evaluated), each once.
    let bytes = rootWheel.size;
    const seen = new Set([normalize(q.name)]);
    let level = wheelDependencies(root, q.python, q.platform);
    let count = 1;
    const unknown: string[] = [];
    while (level.length && count < this.opts.maxPackages) {
      const names = [...new Set(level.map(normalize))].filter((n) => !seen.has(n));
      names.forEach((n) => seen.add(n));
      const projects = await Promise.all(names.map((n) => project(n).catch(() => undefined)));
      level = [];
      projects.forEach((p, i) => {
        const wheel = p && pickWheel(p, q.python, q.platform);
        if (!p || !wheel) {
          unknown.push(names[i]);
          return;
        }
        bytes += wheel.size;
        count++;
        level.push(...wheelDependencies(p, q.python, q.platform));
      });
    }
    const rest = unknown.length ? `; no wheel for ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''} (not counted)` : '';
    return { bytes, source: `wheels of ${q.name} ${root.info?.version ?? ''} (${rootWheel.filename}) and ${count - 1} dependencies, ${count} packages, from ${host}${rest}` };
  }
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}


function same(a: RemoteSize | undefined, b: RemoteSize | undefined): boolean {
  return a === b || (!!a && !!b && a.bytes === b.bytes && a.source === b.source);
}

/** Remote file sizes and registry queries behind one cache (what the server and the CLI hand the core). */
export class SizeLookups extends RemoteSizeCache {
  readonly registries: RegistryLookups;

  constructor(options: RemoteSizeOptions = {}, registryOptions: RegistryLookupOptions = {}) {
    super(options);
    this.registries = new RegistryLookups(registryOptions);
  }

  override lookup(url: string): RemoteSize | undefined {
    return RegistryLookups.handles(url) ? this.registries.lookup(url) : super.lookup(url);
  }

  override async prefetch(urls: Iterable<string>): Promise<boolean> {
    const all = [...urls];
    const registry = all.filter((u) => RegistryLookups.handles(u));
    const files = all.filter((u) => !RegistryLookups.handles(u));
    const [a, b] = await Promise.all([files.length ? super.prefetch(files) : Promise.resolve(false), registry.length ? this.registries.prefetch(registry) : Promise.resolve(false)]);
    // The analysis cache compares generations: a registry answer must bump the shared one.
    if (b) this.generation++;
    return a || b;
  }
}
