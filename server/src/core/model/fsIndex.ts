/**
 * A path index over a stage's file-system picture (`StageState.fs`), so an `rm`, `chown` or COPY
 * looks only at the entries under or above the path it names instead of every entry of every
 * earlier layer (a RUN with `rm -rf /var/lib/apt/lists/*` in each of 10,000 layers was quadratic).
 *
 * The index is kept per array and follows it as it grows: `StageState.fs` only ever gets entries
 * pushed, or is replaced by a new array (filter, clone), which gets its own index.
 */
import type { FsEntry } from './types';

interface Node {
  children: Map<string, Node>;
  entries: FsEntry[];
}

interface Index {
  root: Node;
  /** Entries whose path is not a clean absolute path: always candidates. */
  odd: FsEntry[];
  seq: Map<FsEntry, number>;
  upTo: number;
  last: FsEntry | undefined;
}

const INDEXES = new WeakMap<readonly FsEntry[], Index>();

function node(): Node {
  return { children: new Map(), entries: [] };
}

// Module constants: a regular expression literal is a new object each time it is evaluated (per entry, per lookup).
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const GLOB_CHAR = /[*?[]/;
const ESCAPE_OR_END = /\\|$/;

function clean(p: string): boolean {
  return p === '/' || (p.startsWith('/') && !p.endsWith('/') && !p.includes('//') && !DOT_SEGMENT.test(p));
}

function components(p: string): string[] {
  return p === '/' ? [] : p.slice(1).split('/');
}

function indexOf(fs: readonly FsEntry[]): Index {
  let ix = INDEXES.get(fs);
  // Shrunk or changed in place (not expected): start again.
  if (ix && (fs.length < ix.upTo || (ix.upTo > 0 && fs[ix.upTo - 1] !== ix.last))) ix = undefined;
  if (!ix) {
    ix = { root: node(), odd: [], seq: new Map(), upTo: 0, last: undefined };
    INDEXES.set(fs, ix);
  }
  for (; ix.upTo < fs.length; ix.upTo++) {
    const e = fs[ix.upTo]!;
    if (!ix.seq.has(e)) ix.seq.set(e, ix.upTo);
    if (!clean(e.path)) {
      ix.odd.push(e);
      continue;
    }
    let n = ix.root;
    for (const c of components(e.path)) {
      let next = n.children.get(c);
      if (!next) n.children.set(c, (next = node()));
      n = next;
    }
    n.entries.push(e);
  }
  ix.last = fs[fs.length - 1];
  return ix;
}

function collect(n: Node, out: FsEntry[]): void {
  const stack = [n];
  while (stack.length) {
    const m = stack.pop()!;
    out.push(...m.entries);
    for (const c of m.children.values()) stack.push(c);
  }
}

/**
 * The entries of `fs` that a path operation on `target` (absolute, maybe a glob) can concern: every
 * entry at or below the target's literal directory, and those at its ancestors (an entry the target
 * is part of), in `fs` order. A superset of what `covers`/`isPartOf` accept: callers still check each.
 */
export function entriesNear(fs: readonly FsEntry[], target: string): FsEntry[] {
  const firstGlob = target.search(GLOB_CHAR);
  // Before the first glob character (or an escape inside a glob) the pattern matches literally.
  const literal = firstGlob < 0 ? target : target.slice(0, target.slice(0, firstGlob).search(ESCAPE_OR_END));
  const dir = firstGlob < 0 ? target : literal.slice(0, literal.lastIndexOf('/')) || '/';
  if (target === '/' || !clean(dir)) return [...fs];
  const ix = indexOf(fs);
  const out: FsEntry[] = [...ix.odd];
  let n: Node | undefined = ix.root;
  for (const c of components(dir)) {
    out.push(...n.entries);
    n = n.children.get(c);
    if (!n) break;
  }
  if (n) collect(n, out);
  const seq = ix.seq;
  return out.sort((a, b) => (seq.get(a) ?? 0) - (seq.get(b) ?? 0));
}

/** The entries of `fs` at exactly one of `paths`, in `fs` order. */
export function entriesAt(fs: readonly FsEntry[], paths: ReadonlySet<string>): FsEntry[] {
  if (!paths.size) return [];
  const ix = indexOf(fs);
  const out = ix.odd.filter((e) => paths.has(e.path));
  for (const p of paths) {
    if (!clean(p)) continue;
    let n: Node | undefined = ix.root;
    for (const c of components(p)) {
      n = n.children.get(c);
      if (!n) break;
    }
    if (n) out.push(...n.entries);
  }
  return out.sort((a, b) => (ix.seq.get(a) ?? 0) - (ix.seq.get(b) ?? 0));
}
