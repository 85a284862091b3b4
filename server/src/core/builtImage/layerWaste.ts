/**
 * What a built image's layers really hold, path by path: from each layer tar's entries (never its
 * file data) we compute dive's efficiency score and wasted bytes exactly as dive does, and which
 * layer's bytes a later layer deleted or rewrote while they still ship.
 *
 * dive (wagoodman/dive, filetree/efficiency.go): every leaf node of every layer tree counts; a
 * whiteout node weighs the size of the directory it removes (all files below it in the stacked tree
 * of the earlier layers) or 0 for a removed file; per path, efficiency takes the smallest size seen
 * over the cumulative size; wasted bytes are the cumulative sizes of paths seen in two or more layers.
 */
import type { TarHeader } from './tarStream';

export interface LayerEntry {
  size: number;
  dir: boolean;
}

/** One layer's changes: files it adds or rewrites, paths it removes (whiteouts), directories it makes opaque. */
export interface LayerChanges {
  entries: Map<string, LayerEntry>;
  whiteouts: string[];
  opaqueDirs: string[];
}

export function emptyChanges(): LayerChanges {
  return { entries: new Map(), whiteouts: [], opaqueDirs: [] };
}

export function normalizeTarPath(p: string): string {
  return p.replace(/^\.?\/+/, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

/** Records one tar entry of a layer (no data needed). */
export function addTarEntry(layer: LayerChanges, h: TarHeader): void {
  const path = normalizeTarPath(h.path);
  if (!path) return;
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  const base = path.slice(slash + 1);
  if (base === '.wh..wh..opq') {
    layer.opaqueDirs.push(dir);
    return;
  }
  if (base.startsWith('.wh.')) {
    layer.whiteouts.push(dir ? `${dir}/${base.slice(4)}` : base.slice(4));
    return;
  }
  layer.entries.set(path, { size: h.type === '0' || h.type === '7' ? h.size : 0, dir: h.type === '5' });
}

export interface Inefficiency {
  path: string;
  cumulativeBytes: number;
  /** Layer indexes (0-based, image order) the path was seen in. */
  layers: number[];
}

/** Bytes of one layer that a later layer deleted or rewrote: they still ship. */
export interface ShadowedBytes {
  /** Layer whose bytes are shadowed. */
  createdIn: number;
  /** Layer that deleted or rewrote them. */
  removedIn: number;
  action: 'deleted' | 'rewritten';
  bytes: number;
  files: number;
  /** The largest paths involved (for messages). */
  examples: { path: string; bytes: number }[];
}

export interface LayerWaste {
  /** dive's efficiency score (1 = nothing duplicated or deleted). */
  efficiency: number;
  /** dive's wasted bytes: cumulative size of paths seen in two or more layers. */
  wastedBytes: number;
  inefficiencies: Inefficiency[];
  /** Per (creator, remover) layer pair, what is shipped but not visible in the final image. */
  shadowed: ShadowedBytes[];
  /** Bytes per layer as the tars hold them (regular-file sizes). */
  layerBytes: number[];
}

function isUnder(path: string, dir: string): boolean {
  return dir === '' ? path !== '' : path.startsWith(`${dir}/`);
}

/** Paths whose parent directory also appears in the same layer are not leaves (dive visits leaves only). */
function leaves(layer: LayerChanges): { path: string; size: number; whiteout: boolean }[] {
  const parents = new Set<string>();
  const all = [...layer.entries.keys(), ...layer.whiteouts];
  for (const p of all) {
    for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) parents.add(p.slice(0, i));
  }
  const out: { path: string; size: number; whiteout: boolean }[] = [];
  for (const [p, e] of layer.entries) if (!parents.has(p)) out.push({ path: p, size: e.size, whiteout: false });
  for (const p of layer.whiteouts) if (!parents.has(p)) out.push({ path: p, size: 0, whiteout: true });
  return out;
}

export function analyzeLayerWaste(layers: LayerChanges[], maxExamples = 3): LayerWaste {
  // The stacked file system so far: path → size, dir flag and the layer that last wrote it.
  const stack = new Map<string, { size: number; dir: boolean; layer: number }>();
  const eff = new Map<string, { cumulative: number; min: number; layers: number[] }>();
  const shadowed = new Map<string, ShadowedBytes>();
  const layerBytes: number[] = [];

  const shadow = (createdIn: number, removedIn: number, action: ShadowedBytes['action'], path: string, bytes: number) => {
    if (bytes <= 0 || createdIn === removedIn) return;
    const key = `${createdIn}:${removedIn}:${action}`;
    let s = shadowed.get(key);
    if (!s) shadowed.set(key, (s = { createdIn, removedIn, action, bytes: 0, files: 0, examples: [] }));
    s.bytes += bytes;
    s.files++;
    s.examples.push({ path: `/${path}`, bytes });
    if (s.examples.length > maxExamples * 4) s.examples = s.examples.sort((a, b) => b.bytes - a.bytes).slice(0, maxExamples);
  };
  const descendants = (dir: string) => [...stack.keys()].filter((p) => isUnder(p, dir));
  // Only directories (or paths the tars never listed themselves) can have descendants: scanning for
  // a removed file would make a purge of many files quadratic.
  const mayHaveChildren = (p: string) => {
    const e = stack.get(p);
    return !e || e.dir;
  };

  layers.forEach((layer, i) => {
    // dive's leaf visit uses the stacked tree of the layers before this one.
    for (const leaf of leaves(layer)) {
      let size = leaf.size;
      if (leaf.whiteout) {
        const prev = stack.get(leaf.path);
        size = prev?.dir ? descendants(leaf.path).reduce((a, p) => a + stack.get(p)!.size, prev.size) : 0;
      }
      let d = eff.get(leaf.path);
      if (!d) eff.set(leaf.path, (d = { cumulative: 0, min: -1, layers: [] }));
      d.cumulative += size;
      if (d.min < 0 || size < d.min) d.min = size;
      d.layers.push(i);
    }
    // Then apply the layer: opaque dirs and whiteouts hide earlier content, entries replace it.
    for (const dir of layer.opaqueDirs) {
      for (const p of descendants(dir)) {
        const e = stack.get(p)!;
        shadow(e.layer, i, 'deleted', p, e.size);
        stack.delete(p);
      }
    }
    for (const w of layer.whiteouts) {
      for (const p of mayHaveChildren(w) ? [w, ...descendants(w)] : [w]) {
        const e = stack.get(p);
        if (!e) continue;
        shadow(e.layer, i, 'deleted', p, e.size);
        stack.delete(p);
      }
    }
    let bytes = 0;
    for (const [p, e] of layer.entries) {
      bytes += e.size;
      const prev = stack.get(p);
      if (prev && !prev.dir) shadow(prev.layer, i, 'rewritten', p, prev.size);
      // A file replaced by a directory hides nothing below it; a directory replaced by a file does.
      if (prev?.dir && !e.dir) {
        for (const q of descendants(p)) {
          shadow(stack.get(q)!.layer, i, 'deleted', q, stack.get(q)!.size);
          stack.delete(q);
        }
      }
      stack.set(p, { size: e.size, dir: e.dir, layer: i });
    }
    layerBytes.push(bytes);
  });

  let minimum = 0;
  let discovered = 0;
  let wasted = 0;
  const inefficiencies: Inefficiency[] = [];
  for (const [path, d] of eff) {
    minimum += d.min;
    discovered += d.cumulative;
    if (d.layers.length >= 2) {
      wasted += d.cumulative;
      inefficiencies.push({ path: `/${path}`, cumulativeBytes: d.cumulative, layers: d.layers });
    }
  }
  inefficiencies.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes);
  const list = [...shadowed.values()].map((s) => ({ ...s, examples: s.examples.sort((a, b) => b.bytes - a.bytes).slice(0, maxExamples) }));
  list.sort((a, b) => b.bytes - a.bytes);
  return { efficiency: discovered === 0 ? 1 : minimum / discovered, wastedBytes: wasted, inefficiencies, shadowed: list, layerBytes };
}
