/**
 * Builds the estimated-layer-size model of a parsed Dockerfile: per stage a base estimate, per
 * instruction a layer estimate with parts and sources, the file-system picture that lets rules see
 * deletes and rewrites across layers, the stage graph, and the shipped image's totals.
 */
import type { ApkIndexData } from '../data/apkDb';
import * as posix from 'node:path/posix';
import type { BuildContext } from '../context/buildContext';
import { alpineReleaseOfName, lookupBaseImage, type BaseImageInfo } from '../data/baseImages';
import { loadDataJson } from '../data/dataDir';
import type { ParsedDockerfile, ParsedInstruction, ParsedStage } from '../parse/dockerfile';
import { substituteArgs } from '../parse/dockerfile';
import { ALPINE_MIRROR, alpineArch, registryQueryUrl } from './registryQueries';
import { addEstimates, emptyEstimate, part, sumParts, unknownPart } from './estimate';
import { estimateCopy } from './estimators/copy';
import { estimateRun } from './estimators/run';
import { cloneState, homeOf, type StageState } from './estimators/runContext';
import { RunWordPaths, STANDARD_DIRS, covers, hasGlob, matchGlob, resolvePath } from './paths';
import { emptyFramingPart, framingPart, tarEntries } from './tarFraming';
import { OverlayMap, PersistentMap } from './persistentMap';
import { entriesAt, entriesNear } from './fsIndex';
import type { BaseEstimate, FsEntry, ImageTotal, LayerModel, ModelOptions, OsFamily, RemoteSize, SizeEstimate, SizeModel, StageModel } from './types';

export const DEFAULT_OPTIONS: ModelOptions = { platform: 'linux/amd64', bandwidthMbps: 50, network: false };

export interface ModelEnvironment {
  /** The build context (already created and cached by the caller), or undefined to not read it. */
  context?: BuildContext;
  /**
   * Sizes of remote files (ADD <url>, curl/wget downloads), read synchronously from the caller's
   * cache; undefined for a URL not looked up yet. Only asked when `options.network` is on.
   */
  remoteSize?: (url: string) => RemoteSize | undefined;
  /** Why network look-ups are off, for the unknown parts' source (default: "network look-ups are off"). */
  networkOff?: string;
  /**
   * The real APKINDEX (main + community) of an Alpine release ('3.24') for a platform, read synchronously
   * from the caller's cache (../../net/apkIndex.ts); undefined when not fetched. Only asked when
   * `options.network` is on.
   */
  apkIndex?: (release: string, platform: string) => ApkIndexData | undefined;
  /**
   * A FROM image the bundled data lacks, as its registry describes it (compressed layer sizes), read
   * synchronously from the caller's cache (../../net/imageRegistry.ts); undefined when not looked up.
   * Only asked when `options.network` is on.
   */
  registryImage?: (image: string, platform: string) => RegistryBaseImage | undefined;
}

export interface RegistryBaseImage {
  compressedBytes: number;
  registry: string;
  /** ISO time of the look-up. */
  lookedUpAt: string;
}

/**
 * Compressed / on-disk size of 22 official images in the base-image data (repo-info remote and local
 * reports): 0.28 (golang alpine) to 0.62 (nginx:alpine), typically 0.36. The on-disk size of an image
 * known only by its registry manifest is estimated with them, and says so.
 */
const REGISTRY_RATIO = { typical: 0.365, low: 0.28, high: 0.62 };

const LAYER_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

const CONTEXTS = new WeakMap<SizeModel, BuildContext>();

/** The build context a model was built with (undefined when it was not read). */
export function contextOf(model: SizeModel): BuildContext | undefined {
  return CONTEXTS.get(model);
}

export function buildSizeModel(parsed: ParsedDockerfile, opts: Partial<ModelOptions> = {}, env: ModelEnvironment = {}): SizeModel {
  const options: ModelOptions = { ...DEFAULT_OPTIONS, ...opts };
  const notes: string[] = [];
  const platformArgs = platformVariables(options.platform);
  const globalArgs = new Map(parsed.globalArgs);
  for (const [k, v] of Object.entries(options.buildArgs ?? {})) if (globalArgs.has(k)) globalArgs.set(k, v);

  const stages: StageModel[] = [];
  const finalStates: StageState[] = [];
  const layers = new Map<number, LayerModel>();
  // Record what the estimators ask, so a caller can fetch exactly those sizes (see remoteUrls.ts).
  const askedUrls = new Set<string>();
  const remoteSize = env.remoteSize && ((url: string) => (askedUrls.add(url), env.remoteSize?.(url)));
  // An Alpine index asked for is recorded the same way, as its registry query (registryQueries.ts).
  const apkIndex =
    options.network && env.apkIndex
      ? (release: string, platform: string) => {
          const arch = alpineArch(platform);
          if (!arch) return undefined;
          askedUrls.add(registryQueryUrl({ kind: 'apk-index', mirror: ALPINE_MIRROR, release, arch }));
          return env.apkIndex?.(release, platform);
        }
      : undefined;

  for (const ps of parsed.stages) {
    const vars = new Map([...platformArgs, ...globalArgs]);
    const platform = ps.platform ? substituteArgs(ps.platform, vars) || options.platform : options.platform;
    const { base, state } = baseOf(ps, platform, stages, finalStates, vars, options, env);
    const stageLayers: LayerModel[] = [];
    const mappings: { dest: string; src: string }[] = [];
    let running = base.estimate;
    let reclaimable = 0;
    // The same for every RUN of the stage (`mappings` grows in place): made once, not per RUN.
    const runEnv = {
      readContextFile: env.context ? (rel: string) => env.context?.readFile(rel) : undefined,
      contextPathFor: (abs: string) => contextPathFor(abs, mappings),
      remoteSize,
      networkOff: env.networkOff,
      apkIndex,
    };

    for (const instr of ps.instructions) {
      if (instr.keyword === 'FROM') continue;
      const beforeWorkdir = state.workdir;
      const makesLayer = LAYER_KEYWORDS.has(instr.keyword) && !instr.onbuild;
      const isRun = makesLayer && instr.keyword === 'RUN';
      // A RUN's estimate and facts are its RunContext's: the empty ones are made only for the other instructions.
      const layer: LayerModel = {
        instruction: instr,
        stageIndex: ps.index,
        makesLayer,
        estimate: isRun ? (undefined as unknown as SizeEstimate) : emptyEstimate('exact'),
        created: [],
        cleanedOwn: [],
        touchedEarlier: [],
        user: state.user,
        home: homeOf(state),
        env: state.env.fork(),
        workdir: beforeWorkdir,
        facts: isRun ? (undefined as unknown as LayerModel['facts']) : { apt: [], caches: [], notes: [] },
        stageTotal: running,
      };
      applyMetadata(instr, state, vars);
      if (instr.keyword === 'WORKDIR' && !instr.onbuild) layer.estimate = workdirEstimate(state, beforeWorkdir);
      if (isRun) {
        const ctx = estimateRun(instr, state, options, runEnv);
        const files = ctx.entries.filter((e) => e.file && !e.unknown).map((e) => ({ path: e.path, bytes: e.bytes }));
        if (ctx.tarFiles.length) files.push(...ctx.tarFiles.filter((f) => !files.some((x) => x.path === f.path)));
        // Deletes of earlier layers' paths are whiteout entries in ctx.tarOthers (RunContext.remove).
        const dirs = ctx.tarDirsIfAny?.size ? [...ctx.tarDirsIfAny] : [];
        const others = ctx.tarOthersIfAny?.size ? [...ctx.tarOthersIfAny] : [];
        // The layer's directories and whiteouts with their parents, once: the stage's directories, and (with the
        // files' parents, when the RUN wrote known files) the layer tar's entries.
        const dirEntries = tarEntries({ files: [], dirs, others });
        const framing = { files, dirs, others, uncounted: ctx.entries.some((e) => !e.file), framed: ctx.framedIfAny, entries: files.length ? undefined : dirEntries };
        const parts = ctx.parts();
        parts.push(framingPart(framing));
        layer.estimate = sumParts(parts);
        if (dirEntries.size) {
          const stageDirs = (state.dirs ??= new Set());
          // forEach, not for…of: no iterator result per directory, per RUN.
          dirEntries.forEach((d) => stageDirs.add(d));
        }
        const known = new OverlayMap<string | undefined>(state.env, new OverlayMap(state.args, vars));
        // Every word of every command (the state does not change in between: one home for the RUN).
        const home = homeOf(state);
        for (const c of instr.shell?.commands ?? []) {
          for (const w of c.argv) {
            const v = w.value.includes('$') ? substituteArgs(w.value, known) : w.value;
            (state.runWords ??= new RunWordPaths()).add((v.endsWith('/') ? v.replace(/\/+$/, '') : v) || '/', state.workdir, home);
          }
        }
        layer.created = ctx.entries;
        layer.cleanedOwn = ctx.cleaned;
        layer.touchedEarlier = ctx.touched;
        if (ctx.madeDirsIfAny?.size) layer.madeDirs = [...ctx.madeDirsIfAny];
        layer.facts = ctx.facts;
        layer.facts.aptListsBytes = ctx.entries.filter((e) => e.kind === 'apt-lists').reduce((a, e) => a + e.bytes, 0);
      } else if (layer.makesLayer) {
        const res = estimateCopy(instr, state, options, {
          context: env.context,
          stageFs: (ref) => stageByRef(ref, stages, finalStates),
          remoteSize,
          networkOff: env.networkOff,
        });
        layer.estimate = sumParts([...res.parts, framingPart({ files: res.tarFiles, dirs: [], others: [], uncounted: res.uncounted })]);
        for (const f of res.tarFiles) for (const d of tarEntries({ files: [], dirs: [f.path.replace(/\/[^/]*$/, '') || '/'], others: [] })) (state.dirs ??= new Set()).add(d);
        if (res.uncounted) (state.dirs ??= new Set()).add(res.dest);
        layer.created = res.created;
        mappings.push(...res.mappings);
        // COPY over an earlier layer's file replaces it: the old bytes stay in the image. (Two COPYs
        // into the same directory only overlap where the same files land: known for single files.)
        // Only entries at a path this COPY wrote a file to can be overwritten (an index, not a scan of every earlier entry).
        const written = new Set(res.destFiles);
        for (const c of res.created) if ((c as { file?: boolean }).file) written.add(c.path);
        for (const e of entriesAt(state.fs, written)) {
          const overwritten = (e as { file?: boolean }).file ? written.has(e.path) : false;
          if (overwritten && e.kind !== 'packages') {
            layer.touchedEarlier.push({ entry: e, action: 'rewrite', bytes: e.bytes, low: e.low, high: e.high, partial: false });
          }
        }
      }
      // The stage's picture: earlier paths deleted or overwritten disappear, rewritten ones now
      // belong to this layer (a copy-up), new ones appear. The old bytes stay in the image.
      if (layer.touchedEarlier.length) {
        const gone = new Set<FsEntry>();
        const rewritten: FsEntry[] = [];
        for (const t of layer.touchedEarlier) {
          reclaimable += t.bytes;
          if (t.partial) continue;
          gone.add(t.entry);
          if (t.action === 'rewrite' && instr.keyword === 'RUN') {
            rewritten.push({ ...t.entry, createdBy: instr.index, label: `${t.entry.label} (rewritten)` });
          }
        }
        if (gone.size) state.fs = state.fs.filter((e) => !gone.has(e));
        state.fs.push(...rewritten);
      }
      for (const e of layer.created) state.fs.push(e);
      running = addEstimates([running, layer.estimate]);
      layer.stageTotal = running;
      stageLayers.push(layer);
      layers.set(instr.index, layer);
    }

    const added = addEstimates(stageLayers.map((l) => l.estimate));
    stages.push({
      index: ps.index,
      name: ps.name,
      parsed: ps,
      base,
      ships: false,
      copiedBy: [],
      layers: stageLayers,
      total: running,
      added,
      reclaimableBytes: reclaimable,
      fs: state.fs,
    });
    finalStates.push(state);
  }

  // Stage graph: who copies from whom, and which stages end up in the shipped image.
  for (const s of stages) {
    for (const l of s.layers) {
      const refs = [
        ...l.instruction.flags.filter((f) => f.name === 'from').map((f) => f.value ?? ''),
        ...l.instruction.flags.filter((f) => f.name === 'mount' && f.options.from).map((f) => f.options.from),
      ];
      for (const r of refs) {
        const src = stageByRef(r, stages, finalStates);
        if (src && !stages[src.index].copiedBy.includes(s.index)) stages[src.index].copiedBy.push(s.index);
      }
    }
  }
  const target = targetStage(stages, options.target);
  if (options.target && target === undefined) notes.push(`target stage '${options.target}' not found; using the last stage`);
  const shippedIndex = target ?? stages.length - 1;
  for (let i: number | undefined = shippedIndex; i !== undefined && i >= 0 && stages[i]; i = stages[i].base.parentStage) {
    if (stages[i].ships) break;
    stages[i].ships = true;
  }

  const shipped = stages[shippedIndex];
  const total = shipped?.total ?? emptyEstimate('unknown');
  let reclaimable = 0;
  for (const s of stages) if (s.ships) reclaimable += s.reclaimableBytes;
  const image: ImageTotal = {
    stageIndex: shippedIndex,
    bytes: total.bytes,
    low: total.low,
    high: total.high,
    compressedBytes: total.compressedBytes,
    pullSeconds: (total.compressedBytes * 8) / (Math.max(0.001, options.bandwidthMbps) * 1e6),
    confidence: total.confidence,
    hasUnknown: total.hasUnknown,
    reclaimableBytes: reclaimable,
  };
  let root = shipped;
  for (let hops = 0; root && root.base.parentStage !== undefined && hops < stages.length; hops++) root = stages[root.base.parentStage];
  if (root && !root.base.known) image.unknownBase = root.base.image || '(none)';
  const model: SizeModel = { parsed, options, stages, layers, image, notes, remoteUrls: [...askedUrls] };
  if (env.context) CONTEXTS.set(model, env.context);
  return model;
}

/** Directories every Debian, Ubuntu and Alpine base has. */


/**
 * WORKDIR records a layer (BuildKit): an empty one (32 B gzipped) when the directory exists, else the
 * directory and its parents as tar entries. Whether it exists is known for standard directories and
 * what earlier layers of the stage made; a path an earlier RUN named is probably made by it; otherwise
 * either is possible.
 */
function workdirEstimate(state: StageState, before: string): SizeEstimate {
  const dir = state.workdir;
  if (dir === before) return sumParts([emptyFramingPart()]);
  const known = STANDARD_DIRS.has(dir) || state.dirs?.has(dir) || entriesNear(state.fs, dir).some((e) => covers(dir, e.path));
  const empty = emptyFramingPart();
  if (known) return sumParts([{ ...empty, confidence: 'high', label: `WORKDIR ${dir}: the directory exists (${empty.label})`, source: 'standard directory of the base, or made by an earlier layer of this stage' }]);
  const created = framingPart({ files: [], dirs: [dir], others: [] });
  if (state.family === 'scratch') return sumParts([created]);
  const named = state.runWords?.has(dir);
  (state.dirs ??= new Set()).add(dir);
  const likely = named ? empty : created;
  return sumParts([
    {
      ...likely,
      low: Math.min(empty.bytes, created.bytes),
      high: Math.max(empty.bytes, created.bytes),
      confidence: 'low',
      label: `WORKDIR ${dir}: ${named ? 'probably made by an earlier RUN (an empty layer)' : 'made here unless the base has it'}`,
      source: `whether ${dir} exists in the base is not known: ${empty.bytes} B (exists) to ${created.bytes} B tar (${created.label})`,
    },
  ]);
}

function platformVariables(platform: string): Map<string, string> {
  const [os = 'linux', arch = 'amd64', variant = ''] = platform.split('/');
  return new Map([
    ['BUILDPLATFORM', platform],
    ['TARGETPLATFORM', platform],
    ['BUILDOS', os],
    ['TARGETOS', os],
    ['BUILDARCH', arch],
    ['TARGETARCH', arch],
    ['TARGETVARIANT', variant],
    ['BUILDVARIANT', variant],
  ]);
}

function stageByRef(ref: string, stages: StageModel[], states: StageState[]): { index: number; fs: FsEntry[] } | undefined {
  const r = ref.toLowerCase();
  const byName = stages.find((s) => s.name === r);
  const s = byName ?? (/^\d+$/.test(r) ? stages[Number(r)] : undefined);
  return s ? { index: s.index, fs: states[s.index]?.fs ?? s.fs } : undefined;
}

function targetStage(stages: StageModel[], target?: string): number | undefined {
  if (!target) return undefined;
  const t = target.toLowerCase();
  const s = stages.find((x) => x.name === t) ?? (/^\d+$/.test(t) ? stages[Number(t)] : undefined);
  return s?.index;
}

function baseOf(
  ps: ParsedStage,
  platform: string,
  stages: StageModel[],
  states: StageState[],
  vars: Map<string, string | undefined>,
  options: ModelOptions,
  env: ModelEnvironment = {},
): { base: BaseEstimate; state: StageState } {
  if (ps.parentStage !== undefined && stages[ps.parentStage]) {
    const parent = stages[ps.parentStage];
    const state = cloneState(states[ps.parentStage]);
    state.platform = platform;
    const estimate: SizeEstimate = { ...parent.total, parts: [part({ label: `stage ${parent.name ?? parent.index}`, bytes: parent.total.bytes, low: parent.total.low, high: parent.total.high, compressedBytes: parent.total.compressedBytes, confidence: parent.total.confidence, source: `everything stage ${parent.name ?? parent.index} contains` })] };
    return {
      base: { image: ps.resolvedImage, estimate, family: parent.base.family, suite: parent.base.suite, known: parent.base.known, parentStage: parent.index, source: `stage ${parent.name ?? parent.index}` },
      state,
    };
  }
  const state: StageState = {
    family: 'unknown',
    platform,
    installed: new Set(),
    versions: new Map(),
    slimDpkg: false,
    aptRecommendsOff: false,
    env: new PersistentMap([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']]),
    user: 'root',
    workdir: '/',
    fs: [],
    args: new PersistentMap(vars),
  };
  const image = ps.resolvedImage;
  state.image = image;
  if (image.toLowerCase() === 'scratch') {
    state.family = 'scratch';
    return { base: { image, estimate: emptyEstimate('exact'), family: 'scratch', known: true, source: 'scratch is an empty image' }, state };
  }
  if (!image || image.includes('$')) {
    return { base: { image, estimate: unknownBase(image, 'image name uses a variable without a value'), family: 'unknown', known: false, source: 'unresolved ARG' }, state };
  }
  // Docker Hub's per-architecture namespaces (`arm32v7/ubuntu`) are the library image for that platform.
  const archRepo = /^(?:docker\.io\/)?(arm32v5|arm32v6|arm32v7|arm64v8|amd64|i386|ppc64le|s390x)\/(.+)$/.exec(image);
  let lookupImage = image;
  if (archRepo) {
    lookupImage = archRepo[2];
    platform = ARCH_NAMESPACE[archRepo[1]] ?? platform;
    state.platform = platform;
  }
  const info = lookupBaseImage(lookupImage, platform);
  if (!info) {
    const looked = options.network ? env.registryImage?.(image, platform) : undefined;
    if (looked) {
      const c = looked.compressedBytes;
      const day = looked.lookedUpAt.slice(0, 10);
      const estimate = sumParts([
        part({
          label: `base image ${image}`,
          bytes: Math.round(c / REGISTRY_RATIO.typical),
          low: Math.round(c / REGISTRY_RATIO.high),
          high: Math.round(c / REGISTRY_RATIO.low),
          compressedBytes: c,
          confidence: 'low',
          source: `${looked.registry} manifest, looked up ${day}: ${c} bytes compressed (exact); on disk estimated from it with the official images' ratios (x1.6–x3.6)`,
          kind: 'binary',
        }),
      ]);
      return { base: { image, estimate, family: guessFamily(image), known: true, source: `registry ${looked.registry} (looked up ${day})` }, state };
    }
    // An Alpine release named by the tag (alpine:3.16, node:18-alpine3.16): its size is unknown, but apk and
    // busybox run on that release's package data.
    const alpineRelease = alpineReleaseOfName(lookupImage);
    if (alpineRelease) {
      state.family = 'alpine';
      state.suite = alpineRelease;
    }
    return { base: { image, estimate: unknownBase(image, 'not in the base-image data'), family: guessFamily(image), known: false, source: 'unknown image', ...(alpineRelease ? { suite: alpineRelease } : {}) }, state };
  }
  state.family = info.family as OsFamily;
  state.suite = info.suite;
  if (info.standIn && !info.standIn.osPinned && info.suite) state.releaseGuess = `${info.standIn.asked} names no OS release: ${info.os ?? info.suite} of ${info.key} assumed`;
  state.slimDpkg = info.slimDpkg;
  for (const p of info.packages ?? []) state.installed.add(p);
  seedVersions(state, info.packageVersions, options);
  const bytes = info.uncompressedBytes ?? 0;
  const estimate = sumParts([
    info.uncompressedBytes === undefined
      ? unknownPart(`base image ${info.key}`, info.source)
      : part({
          label: `base image ${info.key}`,
          bytes,
          compressedBytes: info.compressedBytes,
          confidence: info.confidence, // the look-up's: 'medium' at most when the on-disk size is estimated, 'low' for another version, platform or a digest
          ...baseRange(bytes, info),
          kind: 'binary',
        }),
  ]);
  if (info.uncompressedBytes === undefined && info.compressedBytes !== undefined) estimate.compressedBytes = info.compressedBytes;
  return { base: { image, key: info.key, lookup: lookupImage, estimate, family: info.family as OsFamily, suite: info.suite, known: true, source: info.source }, state };
}

/**
 * The base's installed dpkg versions: the caller's when given (a real base, a benchmark's record;
 * 'archive' = as new as the index, so nothing to upgrade), else the one recorded build in the data.
 */
function seedVersions(state: StageState, recorded: { versions: Record<string, string>; source: string } | undefined, options: ModelOptions): void {
  const given = options.aptBaseVersions;
  if (given === 'archive') {
    state.versionsFrom = 'given';
    state.versionsSource = 'base image as new as the package index';
    return;
  }
  if (given) {
    state.versions = new Map(Object.entries(given));
    state.versionsFrom = 'given';
    state.versionsSource = 'base image versions given to the model';
    return;
  }
  if (!recorded) return;
  state.versions = new Map(Object.entries(recorded.versions));
  state.versionsFrom = 'snapshot';
  state.versionsSource = recorded.source;
}

const ARCH_NAMESPACE: Record<string, string> = {
  arm32v5: 'linux/arm/v5',
  arm32v6: 'linux/arm/v6',
  arm32v7: 'linux/arm/v7',
  arm64v8: 'linux/arm64/v8',
  amd64: 'linux/amd64',
  i386: 'linux/386',
  ppc64le: 'linux/ppc64le',
  s390x: 'linux/s390x',
};

interface BaseStandInsFile {
  summary: Record<'sameVersion' | 'otherVersion', { pairs: number; lowestRatio: number; highestRatio: number }>;
}

/**
 * The range of a base image's on-disk size: ±3 % for repo-info's measured size (±15 % when estimated from the
 * compressed one), widened for a stand-in tag by how far stand-ins of its kind were from the real image when each
 * tag of the data was left out in turn (server/data/base-standins.json, scripts/measure-base-standins.ts).
 */
function baseRange(bytes: number, info: BaseImageInfo): { low: number; high: number; source: string } {
  let low = info.uncompressedEstimated ? 0.85 : 0.97;
  let high = info.uncompressedEstimated ? 1.15 : 1.03;
  let source = info.source;
  if (info.standIn) {
    const kind = loadDataJson<BaseStandInsFile>('base-standins.json').summary[info.standIn.sameVersion && !info.standIn.oldBuild ? 'sameVersion' : 'otherVersion'];
    low *= Math.min(1, kind.lowestRatio);
    high *= Math.max(1, kind.highestRatio);
    source += `; range widened to ×${kind.lowestRatio.toFixed(2)}–×${kind.highestRatio.toFixed(2)}, how far ${kind.pairs} stand-in${kind.pairs === 1 ? '' : 's'} of this kind were from the real image (base-standins.json)`;
  }
  return { low: Math.round(bytes * low), high: Math.round(bytes * high), source };
}

function unknownBase(image: string, why: string): SizeEstimate {
  return sumParts([unknownPart(`base image ${image || '(none)'}`, why)]);
}

function guessFamily(image: string): OsFamily {
  if (/alpine/.test(image)) return 'alpine';
  if (/ubuntu/.test(image)) return 'ubuntu';
  if (/debian|bookworm|trixie|bullseye|slim/.test(image)) return 'debian';
  if (/fedora|ubi|rhel|rocky|alma|centos/.test(image)) return 'rhel';
  return 'unknown';
}

/** ENV / ARG / USER / WORKDIR change what later instructions see. */
function applyMetadata(instr: ParsedInstruction, state: StageState, globalVars: Map<string, string | undefined>): void {
  if (instr.onbuild) return;
  // ENV over ARG over the global ARGs, read in place (copying them for each instruction was quadratic).
  const vars = new OverlayMap<string | undefined>(state.env, new OverlayMap(state.args, globalVars));
  switch (instr.keyword) {
    case 'ENV':
      for (const [k, v] of keyValues(instr.args, instr.argsText)) state.env.set(k, substituteArgs(v, vars));
      return;
    case 'ARG':
      for (const [name, value] of assignmentWords(instr.argsText)) state.args.set(name, value ?? globalVars.get(name));
      return;
    case 'USER':
      if (instr.args[0]) state.user = substituteArgs(instr.args[0], vars);
      return;
    case 'WORKDIR':
      if (instr.args[0]) state.workdir = resolvePath(substituteArgs(instr.args.join(' '), vars), state.workdir, homeOf(state));
      return;
  }
}

function keyValues(args: string[], argsText: string): [string, string][] {
  if (!args.length) return [];
  // Legacy `ENV NAME value with spaces`: the rest of the line is the value.
  if (!args[0].includes('=')) return [[args[0], args.slice(1).join(' ')]];
  // A word without `=` after `A=b` is a syntax error for Docker, but it is how image histories print a
  // legacy multi-word ENV (`ENV PHPIZE_DEPS=autoconf dpkg-dev file`): read it as part of the value.
  const out: [string, string][] = [];
  for (const [k, v] of assignmentWords(argsText)) {
    if (v === undefined && out.length) out[out.length - 1]![1] += ` ${k}`;
    else out.push([k, v ?? '']);
  }
  return out;
}

const BLANK = /\s/;

/**
 * `A="x y" B=z C='q r' D` as Docker reads ENV/ARG: words split on unquoted blanks, quotes removed,
 * `\` escaping the next character outside single quotes. A name without `=` has no value (undefined).
 */
export function assignmentWords(text: string): [string, string | undefined][] {
  // BLANK, not /\s/ in the loops: a regular expression literal is a new object each time it is evaluated (per character).
  const out: [string, string | undefined][] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && BLANK.test(text[i]!)) i++;
    if (i >= text.length) break;
    let word = '';
    let sawEquals = false;
    let name = '';
    while (i < text.length && !BLANK.test(text[i]!)) {
      const c = text[i]!;
      if (c === '"' || c === "'") {
        i++;
        while (i < text.length && text[i] !== c) {
          if (c === '"' && text[i] === '\\' && i + 1 < text.length) i++;
          word += text[i++];
        }
        i++;
        continue;
      }
      if (c === '\\' && i + 1 < text.length) {
        word += text[i + 1];
        i += 2;
        continue;
      }
      if (c === '=' && !sawEquals) {
        sawEquals = true;
        name = word;
        word = '';
        i++;
        continue;
      }
      // A run of plain characters is added as one slice, not one string per character.
      let j = i + 1;
      while (j < text.length) {
        const d = text[j]!;
        if (d === '"' || d === "'" || d === '\\' || (d === '=' && !sawEquals) || BLANK.test(d)) break;
        j++;
      }
      word += text.slice(i, j);
      i = j;
    }
    out.push(sawEquals ? [name, word] : [word, undefined]);
  }
  return out;
}

function contextPathFor(abs: string, mappings: { dest: string; src: string }[]): string | undefined {
  for (let i = mappings.length - 1; i >= 0; i--) {
    const m = mappings[i];
    const src = m.src === '.' ? '' : m.src.replace(/\/+$/, '');
    if (hasGlob(src)) {
      // `COPY package*.json ./`: a match lands as dest/<name>; it came from the glob's folder.
      const rest = abs.startsWith(m.dest + '/') ? abs.slice(m.dest.length + 1) : '';
      if (rest && !rest.includes('/') && matchGlob(posix.basename(src), rest)) return posix.join(posix.dirname(src), rest);
      continue;
    }
    if (abs === m.dest) return src || '.';
    if (abs.startsWith(m.dest + '/')) {
      const rest = abs.slice(m.dest.length + 1);
      return src ? posix.join(src, rest) : rest;
    }
  }
  return undefined;
}
