/**
 * Talks to a local container engine (Docker or Podman) through its own CLI, never a shell: which
 * engine answers, an image's inspect data and history, and its layer tars streamed from `save`
 * (parsed on the fly, never written to disk, in memory bounded by the number of files, not bytes).
 * `DOCKER_HOST`, `DOCKER_CONTEXT` and `CONTAINER_HOST` reach the engine CLI through the environment.
 */
import { execFile, spawn } from 'node:child_process';
import { createGunzip, type Gunzip } from 'node:zlib';
import { addTarEntry, analyzeLayerWaste, emptyChanges, type LayerChanges } from '../core/builtImage/layerWaste';
import { TarReader } from '../core/builtImage/tarStream';
import type { BuiltImage } from '../core/builtImage/compare';
import type { HistoryEntry } from '../core/builtImage/historyMap';

export type EngineName = 'docker' | 'podman';

export interface EngineOptions {
  /** Which engine; default: the first of docker, podman that answers. */
  engine?: EngineName;
  /** Path of the engine's CLI (default: `docker` / `podman` on PATH). */
  path?: string;
  /** Per-command time limit for inspect/history (ms). */
  timeoutMs?: number;
}

export interface Engine {
  name: EngineName;
  bin: string;
  version: string;
}

export class EngineError extends Error {}

const DEFAULT_TIMEOUT = 15_000;
/** JSON files inside a `save` archive (manifests, configs) larger than this are refused. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

function run(bin: string, args: string[], timeoutMs: number, maxBuffer = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: timeoutMs, maxBuffer, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why =
          code === 'ENOENT'
            ? `${bin} is not installed or not on PATH`
            : (err as { killed?: boolean }).killed
              ? `${bin} ${args[0]} did not answer within ${Math.round(timeoutMs / 1000)} s`
              : String(stderr || err.message).trim().split('\n').pop() || err.message;
        reject(new EngineError(why));
      } else resolve(stdout);
    });
  });
}

/** The engine to use: the one asked for, or the first of docker and podman whose daemon answers. */
export async function resolveEngine(opts: EngineOptions = {}): Promise<Engine> {
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT;
  // A given path is the one engine to try (named by --engine, else by its file name).
  const names: EngineName[] = opts.engine ? [opts.engine] : opts.path ? [/podman[^/\\]*$/.test(opts.path) ? 'podman' : 'docker'] : ['docker', 'podman'];
  const errors: string[] = [];
  for (const name of names) {
    const bin = opts.path ?? name;
    try {
      const fmt = name === 'docker' ? '{{.Server.Version}}' : '{{.Version}}';
      const version = (await run(bin, ['version', '--format', fmt], timeout)).trim();
      if (!version) throw new EngineError(`${bin} reports no server version`);
      return { name, bin, version };
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new EngineError(`no container engine answered (${errors.join('; ')})`);
}

export interface InspectResult {
  id: string;
  tags: string[];
  bytes: number;
}

export async function inspectImage(engine: Engine, ref: string, timeoutMs = DEFAULT_TIMEOUT): Promise<InspectResult> {
  let out: string;
  try {
    out = await run(engine.bin, ['image', 'inspect', ref], timeoutMs);
  } catch (e) {
    throw new EngineError(`${engine.name} has no image '${ref}': ${(e as Error).message}`);
  }
  const arr = JSON.parse(out) as { Id?: string; RepoTags?: string[]; Size?: number }[];
  const img = arr[0];
  if (!img?.Id) throw new EngineError(`${engine.name} returned no image for '${ref}'`);
  return { id: img.Id, tags: img.RepoTags ?? [], bytes: Number(img.Size ?? 0) };
}

/** The image's history, oldest first, with per-entry layer sizes in bytes. */
export async function imageHistory(engine: Engine, ref: string, timeoutMs = DEFAULT_TIMEOUT): Promise<HistoryEntry[]> {
  const rows: { createdBy: string; size: number }[] = [];
  if (engine.name === 'docker') {
    const out = await run(engine.bin, ['image', 'history', '--no-trunc', '--human=false', '--format', '{{json .}}', ref], timeoutMs);
    for (const line of out.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { CreatedBy?: string; Size?: string | number };
      rows.push({ createdBy: r.CreatedBy ?? '', size: Number(r.Size ?? 0) || 0 });
    }
  } else {
    const out = await run(engine.bin, ['image', 'history', '--no-trunc', '--format', 'json', ref], timeoutMs);
    for (const r of JSON.parse(out) as { CreatedBy?: string; createdBy?: string; size?: number; Size?: number }[]) {
      rows.push({ createdBy: r.CreatedBy ?? r.createdBy ?? '', size: Number(r.size ?? r.Size ?? 0) || 0 });
    }
  }
  return rows.reverse();
}

export interface SaveOptions {
  signal?: AbortSignal;
  /** Bytes of the `save` stream read so far (for a progress bar against the image size). */
  onProgress?: (bytesRead: number) => void;
  /** Whole export time limit (ms). */
  timeoutMs?: number;
}

interface ConfigJson {
  history?: { created_by?: string; empty_layer?: boolean }[];
}

/**
 * Streams `<engine> save <ref>` and reads every layer tar's entries. Returns each layer's changes in
 * image order and, for each, the index of the history entry (oldest first) that made it.
 */
export async function readImageLayers(engine: Engine, ref: string, opts: SaveOptions = {}): Promise<{ layers: LayerChanges[]; layerHistory: number[] }> {
  const args = engine.name === 'docker' ? ['image', 'save', ref] : ['image', 'save', '--format', 'docker-archive', ref];
  const child = spawn(engine.bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const jsonFiles = new Map<string, Buffer>();
  const layerByPath = new Map<string, LayerChanges>();
  // The legacy archive stores a layer shared by two entries once and links the other to it.
  const links = new Map<string, string>();
  const gunzipDone: Promise<void>[] = [];
  let stderr = '';
  let read = 0;
  let failure: string | undefined;

  // The outer archive: small JSON files are kept, everything else is read as a layer tar.
  let current: { path: string; json?: Buffer[]; jsonBytes: number; layer?: LayerChanges; inner?: TarReader; gunzip?: Gunzip; sniffed: boolean } | undefined;
  const feedLayer = (chunk: Uint8Array) => {
    if (!current) return;
    if (!current.sniffed) {
      current.sniffed = true;
      const first = chunk[0];
      if (first === 0x7b || first === 0x5b) current.json = [];
      else {
        current.layer = emptyChanges();
        const layer = current.layer;
        current.inner = new TarReader({ entry: (h) => addTarEntry(layer, h) });
        if (chunk[0] === 0x1f && chunk[1] === 0x8b) {
          const inner = current.inner;
          const gz = createGunzip();
          current.gunzip = gz;
          gz.on('data', (c: Buffer) => inner.write(c));
          gunzipDone.push(
            new Promise((resolve) => {
              gz.on('end', resolve);
              gz.on('error', () => {
                failure ??= `a layer of '${ref}' is not a readable gzip stream`;
                resolve();
              });
            }),
          );
        }
      }
    }
    if (current.json) {
      current.jsonBytes += chunk.length;
      if (current.jsonBytes > MAX_JSON_BYTES) {
        failure ??= `'${current.path}' in the image archive is larger than ${MAX_JSON_BYTES} bytes`;
        current.json = undefined;
        return;
      }
      current.json.push(Buffer.from(chunk));
    } else if (current.gunzip) {
      // Backpressure: inflating can be slower than the pipe; without it, a multi-GB gzip layer would
      // queue in zlib's input buffer.
      if (!current.gunzip.write(chunk) && !child.stdout.isPaused()) {
        child.stdout.pause();
        current.gunzip.once('drain', () => child.stdout.resume());
      }
    } else current.inner?.write(chunk);
  };
  const outer = new TarReader({
    entry: (h) => {
      const path = h.path.replace(/^\.\//, '');
      if (h.type === '2' || h.type === '1') {
        const target = h.type === '2' ? new URL(h.linkPath, `file:///${path}`).pathname.slice(1) : h.linkPath.replace(/^\.\//, '');
        links.set(path, target);
      }
      current = h.type === '0' ? { path, jsonBytes: 0, sniffed: false } : undefined;
    },
    data: feedLayer,
    entryEnd: () => {
      if (!current) return;
      const done = current;
      current = undefined;
      if (done.json) jsonFiles.set(done.path, Buffer.concat(done.json));
      else if (done.layer) {
        layerByPath.set(done.path, done.layer);
        done.gunzip?.end();
      }
    },
  });

  const finished = new Promise<void>((resolve, reject) => {
    const timer = opts.timeoutMs ? setTimeout(() => {
      failure ??= `${engine.name} save did not finish within ${Math.round(opts.timeoutMs! / 1000)} s`;
      child.kill('SIGKILL');
    }, opts.timeoutMs) : undefined;
    const abort = () => {
      failure ??= 'cancelled';
      child.kill('SIGKILL');
    };
    opts.signal?.addEventListener('abort', abort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.length;
      opts.onProgress?.(read);
      outer.write(chunk);
      if (outer.error) {
        failure ??= `the ${engine.name} save stream is not a tar archive (${outer.error})`;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < 4096) stderr += c.toString();
    });
    child.on('error', (e) => reject(new EngineError(`${engine.bin}: ${e.message}`)));
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', abort);
      if (failure) reject(new EngineError(failure));
      else if (code !== 0) reject(new EngineError(stderr.trim().split('\n').pop() || `${engine.name} save exited with ${code}`));
      else resolve();
    });
  });
  await finished;
  await Promise.all(gunzipDone);
  if (failure) throw new EngineError(failure);

  const manifestRaw = jsonFiles.get('manifest.json');
  if (!manifestRaw) throw new EngineError(`the ${engine.name} save archive of '${ref}' has no manifest.json`);
  const manifest = JSON.parse(manifestRaw.toString('utf8')) as { Config?: string; Layers?: string[] }[];
  const entry = manifest[0];
  if (!entry?.Layers) throw new EngineError(`the manifest of '${ref}' lists no layers`);
  const layers = entry.Layers.map((p) => layerByPath.get(p) ?? layerByPath.get(links.get(p) ?? '') ?? emptyChanges());
  const config = entry.Config ? (JSON.parse(jsonFiles.get(entry.Config)?.toString('utf8') ?? '{}') as ConfigJson) : {};
  // Each non-empty history entry made the next layer.
  const layerHistory: number[] = [];
  (config.history ?? []).forEach((h, i) => {
    if (!h.empty_layer) layerHistory.push(i);
  });
  if (layerHistory.length !== layers.length) {
    // Without a usable history, assume the last layers are the last entries (best effort, said so by the caller).
    layerHistory.length = 0;
  }
  return { layers, layerHistory };
}

export interface InspectBuiltOptions extends EngineOptions, SaveOptions {
  /** Also stream the layer tars for dive's efficiency and waste on the lines (slower: reads the whole image). */
  layers?: boolean;
}

/** Everything the comparison needs about one local image. */
export async function inspectBuiltImage(ref: string, opts: InspectBuiltOptions = {}): Promise<BuiltImage> {
  const engine = await resolveEngine(opts);
  const info = await inspectImage(engine, ref, opts.timeoutMs);
  const history = await imageHistory(engine, info.id, opts.timeoutMs);
  const built: BuiltImage = { ref, id: info.id, tags: info.tags, engine: engine.name, bytes: info.bytes, history, inspectedAt: new Date().toISOString() };
  if (opts.layers) {
    const { layers, layerHistory } = await readImageLayers(engine, info.id, opts);
    built.waste = analyzeLayerWaste(layers);
    if (layerHistory.length) built.layerHistory = layerHistory;
  }
  return built;
}

export interface LocalImage {
  /** `repo:tag`, or the short ID for an untagged image. */
  ref: string;
  id: string;
  /** As the engine prints it ("198MB", "3 days ago"). */
  size: string;
  created: string;
}

/** Local images, newest first, for a picker. */
export async function listImages(opts: EngineOptions = {}): Promise<{ engine: Engine; images: LocalImage[] }> {
  const engine = await resolveEngine(opts);
  const timeout = opts.timeoutMs ?? DEFAULT_TIMEOUT;
  const images: LocalImage[] = [];
  if (engine.name === 'docker') {
    const out = await run(engine.bin, ['image', 'ls', '--format', '{{json .}}'], timeout);
    for (const line of out.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { Repository?: string; Tag?: string; ID?: string; Size?: string; CreatedSince?: string };
      const tagged = r.Repository && r.Repository !== '<none>' && r.Tag && r.Tag !== '<none>';
      images.push({ ref: tagged ? `${r.Repository}:${r.Tag}` : (r.ID ?? ''), id: r.ID ?? '', size: r.Size ?? '', created: r.CreatedSince ?? '' });
    }
  } else {
    const out = await run(engine.bin, ['images', '--format', 'json'], timeout);
    for (const r of JSON.parse(out || '[]') as { Id?: string; Names?: string[]; Size?: number; CreatedAt?: string }[]) {
      const id = (r.Id ?? '').slice(0, 12);
      for (const name of r.Names?.length ? r.Names : [id]) images.push({ ref: name, id, size: String(r.Size ?? ''), created: r.CreatedAt ?? '' });
    }
  }
  return { engine, images: images.filter((i) => i.ref) };
}
