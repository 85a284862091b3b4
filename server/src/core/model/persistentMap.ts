/**
 * A string-keyed map whose `fork()` is O(1): a hash array mapped trie shared between forks, each
 * `set`/`delete` copying only the path to its key (O(log n)). Every layer keeps the environment it
 * ran with; with plain Map copies a file of 10,000 ENV lines held 10,000 copies of 10,000 entries.
 * Iteration is O(n) (in no particular order); `get`/`has` are what the model and rules use.
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
/** Below this depth the 32-bit hash is used up: keys with equal hashes share a collision list. */
const MAX_SHIFT = 30;

interface Leaf<V> {
  leaf: true;
  hash: number;
  key: string;
  value: V;
}
interface Collision<V> {
  collision: true;
  hash: number;
  entries: Leaf<V>[];
}
interface Branch<V> {
  bitmap: number;
  children: Child<V>[];
}
type Child<V> = Leaf<V> | Collision<V> | Branch<V>;

function hashOf(key: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

const EMPTY: Branch<never> = { bitmap: 0, children: [] };

function isLeaf<V>(c: Child<V>): c is Leaf<V> {
  return (c as Leaf<V>).leaf === true;
}
function isCollision<V>(c: Child<V>): c is Collision<V> {
  return (c as Collision<V>).collision === true;
}

function lookup<V>(node: Branch<V>, hash: number, key: string): Leaf<V> | undefined {
  let n: Child<V> = node;
  for (let shift = 0; ; shift += BITS) {
    if (isLeaf(n)) return n.key === key ? n : undefined;
    if (isCollision(n)) return n.entries.find((e) => e.key === key);
    const bit = 1 << ((hash >>> shift) & MASK);
    if (!(n.bitmap & bit)) return undefined;
    n = n.children[popcount(n.bitmap & (bit - 1))]!;
  }
}

/** Two leaves with different keys under one branch at `shift`. */
function pair<V>(a: Leaf<V>, b: Leaf<V>, shift: number): Child<V> {
  if (shift > MAX_SHIFT || a.hash === b.hash) return { collision: true, hash: a.hash, entries: [a, b] };
  const ia = (a.hash >>> shift) & MASK;
  const ib = (b.hash >>> shift) & MASK;
  if (ia === ib) return { bitmap: 1 << ia, children: [pair(a, b, shift + BITS)] };
  return { bitmap: (1 << ia) | (1 << ib), children: ia < ib ? [a, b] : [b, a] };
}

/** The node with `leaf` set; `added` tells whether the key is new. */
function insert<V>(node: Child<V>, leaf: Leaf<V>, shift: number, added: { yes: boolean }): Child<V> {
  if (isLeaf(node)) {
    if (node.key === leaf.key) return leaf;
    added.yes = true;
    return pair(node, leaf, shift);
  }
  if (isCollision(node)) {
    if (node.hash !== leaf.hash) {
      // A collision list meets a different hash: split it off at this level.
      added.yes = true;
      const ic = (node.hash >>> shift) & MASK;
      const il = (leaf.hash >>> shift) & MASK;
      if (ic === il) return { bitmap: 1 << ic, children: [insert(node, leaf, shift + BITS, added)] };
      return { bitmap: (1 << ic) | (1 << il), children: ic < il ? [node, leaf] : [leaf, node] };
    }
    const i = node.entries.findIndex((e) => e.key === leaf.key);
    if (i < 0) added.yes = true;
    const entries = node.entries.slice();
    if (i < 0) entries.push(leaf);
    else entries[i] = leaf;
    return { collision: true, hash: node.hash, entries };
  }
  const bit = 1 << ((leaf.hash >>> shift) & MASK);
  const idx = popcount(node.bitmap & (bit - 1));
  if (node.bitmap & bit) {
    const children = node.children.slice();
    children[idx] = insert(children[idx]!, leaf, shift + BITS, added);
    return { bitmap: node.bitmap, children };
  }
  added.yes = true;
  return { bitmap: node.bitmap | bit, children: withInserted(node.children, idx, leaf) };
}

/**
 * `children` with `child` inserted at `idx`, in an array of exactly the new length: a copy grown by splice keeps
 * room for 16 more (V8 grows a backing store by half plus 16), and every layer's environment keeps its branches
 * (1 MB of RUN/ENV lines: 34,000 of them, 5.8 MB, five times what their children need).
 */
function withInserted<T>(children: readonly T[], idx: number, child: T): T[] {
  const n = children.length;
  const out = new Array<T>(n + 1);
  for (let k = 0; k < idx; k++) out[k] = children[k]!;
  out[idx] = child;
  for (let k = idx; k < n; k++) out[k + 1] = children[k]!;
  return out;
}

/** The node without `key`, undefined when it becomes empty; the same node when the key is absent. */
function remove<V>(node: Child<V>, hash: number, key: string, shift: number): Child<V> | undefined {
  if (isLeaf(node)) return node.key === key ? undefined : node;
  if (isCollision(node)) {
    const entries = node.entries.filter((e) => e.key !== key);
    if (entries.length === node.entries.length) return node;
    return entries.length === 1 ? entries[0] : { collision: true, hash: node.hash, entries };
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  if (!(node.bitmap & bit)) return node;
  const idx = popcount(node.bitmap & (bit - 1));
  const child = node.children[idx]!;
  const next = remove(child, hash, key, shift + BITS);
  if (next === child) return node;
  const children = node.children.slice();
  if (next === undefined) {
    children.splice(idx, 1);
    const bitmap = node.bitmap & ~bit;
    if (!bitmap) return undefined;
    return { bitmap, children };
  }
  children[idx] = next;
  return { bitmap: node.bitmap, children };
}

function* walk<V>(node: Child<V>): Generator<Leaf<V>> {
  if (isLeaf(node)) yield node;
  else if (isCollision(node)) yield* node.entries;
  else for (const c of node.children) yield* walk(c);
}

export class PersistentMap<V> implements Map<string, V> {
  private root: Branch<V> = EMPTY;
  private count = 0;

  constructor(entries?: Iterable<readonly [string, V]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }

  /** An independent copy in O(1): later changes to either do not show in the other. */
  fork(): PersistentMap<V> {
    const m = new PersistentMap<V>();
    m.root = this.root;
    m.count = this.count;
    return m;
  }

  /** A fork of `m` when it is a PersistentMap, else a PersistentMap with its entries. */
  static from<V>(m: ReadonlyMap<string, V>): PersistentMap<V> {
    return m instanceof PersistentMap ? (m as PersistentMap<V>).fork() : new PersistentMap<V>(m);
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return lookup(this.root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return lookup(this.root, hashOf(key), key) !== undefined;
  }

  set(key: string, value: V): this {
    const added = { yes: false };
    // A branch stays a branch on insert.
    this.root = insert<V>(this.root, { leaf: true, hash: hashOf(key), key, value }, 0, added) as Branch<V>;
    if (added.yes) this.count++;
    return this;
  }

  delete(key: string): boolean {
    const next = remove(this.root, hashOf(key), key, 0);
    if (next === this.root) return false;
    this.count--;
    // A branch without the key is a branch again, or nothing.
    this.root = (next as Branch<V> | undefined) ?? EMPTY;
    return true;
  }

  clear(): void {
    this.root = EMPTY;
    this.count = 0;
  }

  forEach(fn: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const l of walk(this.root)) fn.call(thisArg, l.value, l.key, this);
  }

  *entries(): MapIterator<[string, V]> {
    for (const l of walk(this.root)) yield [l.key, l.value];
  }

  *keys(): MapIterator<string> {
    for (const l of walk(this.root)) yield l.key;
  }

  *values(): MapIterator<V> {
    for (const l of walk(this.root)) yield l.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'PersistentMap';
  }
}

/**
 * Reads `top` first, then `bottom` (an ENV over the stage's ARGs): O(1) to make, nothing copied.
 * A key `top` holds with an undefined value hides `bottom`'s, as in a Map built from both.
 */
export class OverlayMap<V> implements ReadonlyMap<string, V> {
  constructor(
    private readonly top: ReadonlyMap<string, V>,
    private readonly bottom: ReadonlyMap<string, V>,
  ) {}

  get(key: string): V | undefined {
    return this.top.has(key) ? this.top.get(key) : this.bottom.get(key);
  }

  has(key: string): boolean {
    return this.top.has(key) || this.bottom.has(key);
  }

  get size(): number {
    let n = this.top.size;
    for (const k of this.bottom.keys()) if (!this.top.has(k)) n++;
    return n;
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.bottom) if (!this.top.has(k)) yield [k, v];
    yield* this.top.entries();
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
