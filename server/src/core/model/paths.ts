/** Path handling for the file-system picture: resolving against WORKDIR, globs, containment. */
import * as posix from 'node:path/posix';

/** An absolute path with an empty, `.` or `..` segment, or a trailing slash: one posix.normalize would change. */
const NOT_NORMAL = /\/\/|\/\.\.?(\/|$)|[^]\/$/;

/** Directories every Linux base image has. */
export const STANDARD_DIRS: ReadonlySet<string> = new Set([
  '/', '/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp',
  '/usr', '/usr/bin', '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/local/lib', '/usr/local/sbin', '/usr/local/share', '/usr/sbin', '/usr/share', '/usr/src',
  '/var', '/var/cache', '/var/lib', '/var/log', '/var/tmp', '/var/spool', '/var/opt', '/etc/ssl',
]);

export function resolvePath(p: string, workdir: string, home = '/root'): string {
  // Most paths are absolute and normal already (the model asks for every word of every RUN).
  if (p.charCodeAt(0) === 47 && !NOT_NORMAL.test(p)) return p;
  // `~`, `$HOME`, `${HOME}` first: only a path starting with `~` or `$` has one (most words are plain: `apt-get`, `-y`).
  const first = p.charCodeAt(0);
  let v = first !== 126 && first !== 36 ? p : p.replace(/^~(?=\/|$)/, home).replace(/^\$HOME(?=\/|$)/, home).replace(/^\$\{HOME\}(?=\/|$)/, home);
  if (!v.startsWith('/')) {
    const dir = workdir || '/';
    // A plain relative path under a normal absolute folder: joined by hand (posix.join would change nothing else).
    if (v && dir.charCodeAt(0) === 47 && !NOT_NORMAL.test(dir) && !NOT_NORMAL.test('/' + v)) return dir === '/' ? '/' + v : `${dir}/${v}`;
    v = posix.join(dir, v);
  }
  v = posix.normalize(v);
  if (v.length > 1 && v.endsWith('/')) v = v.slice(0, -1);
  return v;
}

/**
 * The words of a stage's RUNs as the paths they name (resolvePath against that RUN's WORKDIR and home), asked only
 * whether one of them is a given directory. Kept by last segment and resolved when asked: resolving and keeping
 * every word of every RUN was a tenth of a 1 MB Dockerfile's model. A word's last segment is its path's last
 * segment, unless it is empty, `.`, `..` or a lone `~`/`$HOME`: those are always resolved.
 */
export class RunWordPaths {
  /** last segment -> word, workdir, home, word, workdir, home, … */
  private readonly byLastSegment: Map<string, string[]>;
  private readonly others: string[];

  constructor(from?: RunWordPaths) {
    this.byLastSegment = new Map();
    if (from) for (const [k, v] of from.byLastSegment) this.byLastSegment.set(k, v.slice());
    this.others = from ? from.others.slice() : [];
  }

  /** A word as resolvePath takes it (`dir/` already without its slash). */
  add(word: string, workdir: string, home: string): void {
    const slash = word.lastIndexOf('/');
    const last = slash < 0 ? word : word.slice(slash + 1);
    let list: string[] | undefined;
    if (last === '' || last === '.' || last === '..' || (slash < 0 && (word.charCodeAt(0) === 126 || word.charCodeAt(0) === 36))) list = this.others;
    else {
      list = this.byLastSegment.get(last);
      if (!list) this.byLastSegment.set(last, (list = []));
    }
    // The same word again in the same folder (`apt-get` twice per RUN, the same cleanup in every RUN): one entry.
    const n = list.length;
    if (n >= 3 && list[n - 3] === word && list[n - 2] === workdir && list[n - 1] === home) return;
    list.push(word, workdir, home);
  }

  /** Whether some word resolves to `dir`. */
  has(dir: string): boolean {
    const named = (list: string[] | undefined) => {
      if (list) for (let i = 0; i < list.length; i += 3) if (resolvePath(list[i]!, list[i + 1]!, list[i + 2]!) === dir) return true;
      return false;
    };
    return named(this.byLastSegment.get(dir.slice(dir.lastIndexOf('/') + 1))) || named(this.others);
  }
}

const GLOB = /[*?[]/;

export function hasGlob(p: string): boolean {
  return GLOB.test(p);
}

/**
 * Does `name` match the path glob `pattern`? Go's `path.Match` semantics, which Docker uses for
 * COPY sources and shells share: `*` and `?` never match `/`, `[...]` classes with ranges and `^`
 * (or the shell's `!`) negation, `\\` escapes the next character. A reversed range (`[z-a]`)
 * matches nothing, as in Go. A malformed pattern (`[` unclosed, trailing `\\`) is compared as
 * literal text, so odd input is never an error. No regular expression: each `*` tries each
 * position once (O(pattern × name)), so hostile patterns cannot backtrack exponentially.
 */
export function matchGlob(pattern: string, name: string): boolean {
  let compiled = globCache.get(pattern);
  if (!compiled) {
    // A RUN's `rm` is checked against every earlier path of the stage: split each pattern once.
    if (globCache.size > 5000) globCache.clear();
    const chars = Array.from(pattern);
    compiled = { chars, valid: validGlob(chars) };
    globCache.set(pattern, compiled);
  }
  if (!compiled.valid) return pattern === name;
  // A name without surrogates is its own array of characters: no array made per check (an `rm` checks every entry near it).
  return goMatch(compiled.chars, SURROGATE.test(name) ? Array.from(name) : name);
}

const SURROGATE = /[\uD800-\uDFFF]/;

const globCache = new Map<string, { chars: string[]; valid: boolean }>();

/** `name`: its characters (a string when each is one UTF-16 unit), read only by index, length and indexOf. */
function goMatch(pattern: string[], name: string | string[]): boolean {
  let pi = 0;
  let ni = 0;
  while (pi < pattern.length) {
    const { star, chunkEnd } = scanChunk(pattern, pi);
    const chunkStart = star.end;
    pi = chunkEnd;
    const last = pi >= pattern.length;
    if (star.seen && chunkStart === chunkEnd) {
      // A trailing `*` matches the rest unless it holds a '/'.
      return name.indexOf('/', ni) < 0;
    }
    const here = matchChunk(pattern, chunkStart, chunkEnd, name, ni);
    if (here >= 0 && (here === name.length || !last)) {
      ni = here;
      continue;
    }
    let advanced = false;
    if (star.seen) {
      for (let i = ni; i < name.length && name[i] !== '/'; i++) {
        const t = matchChunk(pattern, chunkStart, chunkEnd, name, i + 1);
        if (t >= 0) {
          if (last && t < name.length) continue;
          ni = t;
          advanced = true;
          break;
        }
      }
    }
    if (!advanced) return false;
  }
  return ni === name.length;
}

/** Leading stars, then the chunk up to the next `*` outside a class. */
function scanChunk(p: string[], from: number): { star: { seen: boolean; end: number }; chunkEnd: number } {
  let i = from;
  while (i < p.length && p[i] === '*') i++;
  const star = { seen: i > from, end: i };
  let inClass = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '*' && !inClass) break;
  }
  return { star, chunkEnd: i };
}

/** Matches p[from, to) at name[at]: the index after the match, or -1. Assumes a valid pattern. */
function matchChunk(p: string[], from: number, to: number, name: string | string[], at: number): number {
  let i = from;
  let n = at;
  while (i < to) {
    if (n >= name.length) return -1;
    const c = p[i];
    if (c === '[') {
      const r = name[n++].codePointAt(0) as number;
      i++;
      let negated = false;
      if (p[i] === '^' || p[i] === '!') {
        negated = true;
        i++;
      }
      let hit = false;
      let ranges = 0;
      for (;;) {
        if (p[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        if (p[i] === '\\') i++;
        const lo = p[i++].codePointAt(0) as number;
        let hi = lo;
        if (p[i] === '-') {
          i++;
          if (p[i] === '\\') i++;
          hi = p[i++].codePointAt(0) as number;
        }
        if (lo <= r && r <= hi) hit = true;
        ranges++;
      }
      if (hit === negated) return -1;
    } else if (c === '?') {
      if (name[n] === '/') return -1;
      n++;
      i++;
    } else {
      if (c === '\\') i++;
      if (p[i] !== name[n]) return -1;
      n++;
      i++;
    }
  }
  return n;
}

/**
 * Go's ErrBadPattern cases: an unclosed class, an empty or dangling range, a trailing `\\`.
 * `bang`: `[!…]` negates as in a shell (COPY sources, rm); Go's own `path.Match` (what Docker's
 * .dockerignore check calls) knows only `[^…]`, so there `!` is a member.
 */
export function validGlob(p: string[], bang = true): boolean {
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 >= p.length) return false;
      i += 2;
    } else if (c === '[') {
      i++;
      if (p[i] === '^' || (bang && p[i] === '!')) i++;
      let ranges = 0;
      for (;;) {
        if (i >= p.length) return false;
        if (p[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        // One class member (maybe escaped), maybe a range.
        const member = (): boolean => {
          if (i >= p.length || p[i] === '-' || p[i] === ']') return false;
          if (p[i] === '\\') i++;
          if (i >= p.length) return false;
          i++;
          return i < p.length;
        };
        if (!member()) return false;
        if (p[i] === '-') {
          i++;
          if (!member()) return false;
        }
        ranges++;
      }
    } else i++;
  }
  return true;
}

/** Does deleting `target` (maybe a glob, absolute) remove `entryPath` entirely? */
export function covers(target: string, entryPath: string): boolean {
  if (target === '/' ) return true;
  if (!hasGlob(target)) return entryPath === target || entryPath.startsWith(target + '/');
  // The entry itself matches, or one of its ancestors does.
  let p = entryPath;
  while (p && p !== '/') {
    if (matchGlob(target, p)) return true;
    p = posix.dirname(p);
  }
  // `/var/lib/apt/lists/*` empties the directory entry `/var/lib/apt/lists`: all its bytes are files inside.
  const dir = posix.dirname(target);
  const last = posix.basename(target);
  if (!hasGlob(dir) && (last === '*' || last === '.*' || last === '{*,.*}') && dir === entryPath) return true;
  return false;
}

/** Does `target` name a path strictly inside `entryPath` (part of the entry)? */
export function isInside(target: string, entryPath: string): boolean {
  const prefix = hasGlob(target) ? target.slice(0, target.search(GLOB)) : target;
  return prefix.startsWith(entryPath + '/') && prefix.length > entryPath.length + 1;
}
