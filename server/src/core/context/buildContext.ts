/**
 * The build context on disk, measured the way `docker build` sends it: every file under the
 * context root that `.dockerignore` (Docker's own matching rules: patternMatcher.ts) does not
 * exclude. Walked once and cached by the caller.
 *
 * Confined as Docker is: a symbolic link in the context is sent as a link (counted by its own
 * size) and never followed out of it; a file a RUN reads (`requirements.txt`, `package.json`) is
 * read only when its real path stays inside the context's real path, only when it is a regular
 * file, and only up to a size cap. The walk does not follow links, stops at a depth, a number of
 * entries and a folder seen twice (device + inode, e.g. a bind mount of a parent), and says why.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchGlob } from '../model/paths';
import { PatternMatcher, readIgnoreFile } from './patternMatcher';
import { READ_CAPS, readRegularFile, type SafeRead } from './safeRead';

export interface ContextFile {
  rel: string;
  bytes: number;
}

export interface ContextMeasure {
  bytes: number;
  files: number;
  /** Some source matched nothing on disk. */
  missing: string[];
  matched: ContextFile[];
}

export interface TopLevelEntry {
  name: string;
  bytes: number;
  files: number;
  ignored: boolean;
  isDir: boolean;
}

export interface BuildContextOptions {
  /** Stop walking after this many files (the measure is then a lower bound). */
  maxFiles?: number;
  /** Stop descending below this many folders (default 64). */
  maxDepth?: number;
}

const HEAVY_NAMES = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'target', 'dist', 'build', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.gradle', '.idea', 'coverage']);

export class BuildContext {
  readonly root: string;
  readonly hasDockerignore: boolean;
  readonly dockerignoreFile?: string;
  private readonly ig: PatternMatcher;
  private files?: ContextFile[];
  private top?: TopLevelEntry[];
  truncated = false;
  /** Why the walk stopped early (a cap), for the estimate's source line. */
  truncatedReason?: string;
  /** What the size estimate should say about the context: bad .dockerignore patterns, an unreadable .dockerignore. */
  readonly problems: string[] = [];
  private readonly maxFiles: number;
  private readonly maxDepth: number;

  constructor(root: string, dockerfilePath?: string, options: BuildContextOptions = {}) {
    this.root = path.resolve(root);
    this.maxFiles = options.maxFiles ?? 100_000;
    this.maxDepth = options.maxDepth ?? 64;
    // BuildKit prefers <Dockerfile>.dockerignore next to the Dockerfile over the context's .dockerignore.
    const candidates = [dockerfilePath ? `${dockerfilePath}.dockerignore` : undefined, path.join(this.root, '.dockerignore')].filter(Boolean) as string[];
    const found = candidates.find((c) => safeLexists(c));
    this.hasDockerignore = !!found;
    this.dockerignoreFile = found;
    let patterns: string[] = [];
    if (found) {
      // Read as BuildKit reads it, inside its folder (the context's, or the Dockerfile's): a link out of it is not followed.
      const r = readInside(path.dirname(found), path.basename(found), READ_CAPS.dockerignore);
      if (r.ok) patterns = readIgnoreFile(r.buf.toString('utf8'));
      else this.problems.push(`${path.basename(found)} not read (${r.reason}): nothing excluded`);
    }
    this.ig = new PatternMatcher(patterns);
    for (const e of this.ig.errors) this.problems.push(`${path.basename(found ?? '.dockerignore')}: ${JSON.stringify(e.pattern)}: ${e.message} (docker build fails on it; it excludes nothing here)`);
  }

  ignores(rel: string): boolean {
    if (!rel || rel === '.') return false;
    return this.ig.matches(rel);
  }

  /** Files Docker would send (not ignored), walked once. Links are entries (their own size), never followed. */
  list(): ContextFile[] {
    if (this.files) return this.files;
    const files: ContextFile[] = [];
    const top = new Map<string, TopLevelEntry>();
    const seen = new Set<string>();
    let entriesRead = 0;
    // Ignored folders are walked too when .dockerignore re-includes (`!`): entries, not only files, are capped.
    const maxEntries = this.maxFiles * 10;
    const stop = (why: string) => {
      this.truncated = true;
      this.truncatedReason ??= why;
    };
    /**
     * `dir` is opened without following a link (O_NOFOLLOW | O_DIRECTORY) and read through its
     * descriptor (/proc/self/fd/N on Linux), and so are its entries: a folder swapped for a link
     * to /etc after it was listed is never read through the link. Elsewhere the folder is checked
     * again after reading (same device and inode, still not a link) and dropped when it changed.
     */
    const walk = (dir: string, rel: string, depth: number, topName?: string) => {
      if (depth > this.maxDepth) return stop(`stopped at ${this.maxDepth} folders deep`);
      const opened = openDirNoFollow(dir);
      if (!opened) return;
      try {
        const key = `${opened.st.dev}:${opened.st.ino}`;
        // Only a bind mount can show a folder twice without a link: walk it once.
        if (seen.has(key)) return stop(`folder ${rel || '.'} seen twice (a mount loop?)`);
        seen.add(key);
        walkHooks.afterOpenDir?.(dir);
        let entries: fs.Dirent[];
        try {
          entries = fs.readdirSync(opened.base, { withFileTypes: true });
        } catch {
          return;
        }
        if (!opened.viaFd && !sameFolder(dir, opened.st)) return stop(`folder ${rel || '.'} changed during the walk`);
        for (const e of entries) {
          if (files.length >= this.maxFiles) return stop(`stopped after ${this.maxFiles} files`);
          if (++entriesRead > maxEntries) return stop(`stopped after ${maxEntries} entries`);
          const r = rel ? `${rel}/${e.name}` : e.name;
          const t = topName ?? e.name;
          const ignored = this.ignores(r);
          if (!topName) top.set(e.name, { name: e.name, bytes: 0, files: 0, ignored, isDir: e.isDirectory() });
          if (e.isDirectory()) {
            // An ignored directory can still have re-included files (`!dir/keep`); only skip when no negations exist.
            if (ignored && !this.ig.exclusions) continue;
            walk(path.join(opened.base, e.name), r, depth + 1, t);
          } else {
            if (ignored) continue;
            // Files and links by their own size; a FIFO, socket or device is sent as an entry, 0 B, never opened.
            let size = 0;
            try {
              if (e.isFile() || e.isSymbolicLink()) size = fs.lstatSync(path.join(opened.base, e.name)).size;
            } catch {
              continue;
            }
            files.push({ rel: r, bytes: size });
            const te = top.get(t);
            if (te) {
              te.bytes += size;
              te.files++;
            }
          }
        }
      } finally {
        if (opened.fd >= 0) fs.closeSync(opened.fd);
      }
    };
    // The context folder itself may be reached through a link (the user named it): walk its real path.
    let rootDir = this.root;
    try {
      rootDir = fs.realpathSync(this.root);
    } catch {
      // gone: the walk finds nothing
    }
    walk(rootDir, '', 0);
    this.files = files;
    this.top = [...top.values()];
    return files;
  }

  /** Top-level names with their sent bytes (0 when ignored), for the context-not-ignored rule. */
  topLevel(): TopLevelEntry[] {
    this.list();
    return this.top ?? [];
  }

  /** Bytes of heavy folders (`.git`, `node_modules`, ...) anywhere near the top that are sent. */
  heavySent(): TopLevelEntry[] {
    return this.topLevel().filter((t) => !t.ignored && HEAVY_NAMES.has(t.name) && t.bytes > 0);
  }

  /** COPY/ADD sources (relative to the context, maybe globs) → what would be copied. */
  measure(sources: string[], excludes: string[] = []): ContextMeasure {
    // `COPY --exclude=PATTERN` (dockerfile:1.7+): .dockerignore-style patterns, matched against the
    // path inside the copied source (what lands under the destination) and the context path.
    const excluded = excludes.length ? new PatternMatcher(excludes) : undefined;
    const matched = new Map<string, ContextFile>();
    const missing: string[] = [];
    for (const raw of sources) {
      const src = normalizeSource(raw);
      const inSource = (f: ContextFile) => (src && f.rel.startsWith(src + '/') ? f.rel.slice(src.length + 1) : f.rel);
      const files = excluded ? this.list().filter((f) => !excluded.matches(inSource(f)) && !excluded.matches(f.rel)) : this.list();
      let hit = 0;
      if (src === '') {
        for (const f of files) matched.set(f.rel, f);
        hit = files.length || 1;
      } else if (/[*?[]/.test(src)) {
        for (const f of files) {
          if (matchesWithParents(src, f.rel)) {
            matched.set(f.rel, f);
            hit++;
          }
        }
      } else {
        for (const f of files) {
          if (f.rel === src || f.rel.startsWith(src + '/')) {
            matched.set(f.rel, f);
            hit++;
          }
        }
        if (!hit && this.isEmptyDir(src) && !this.ignores(src)) hit = 1;
      }
      if (!hit) missing.push(raw);
    }
    const list = [...matched.values()];
    return { bytes: list.reduce((a, f) => a + f.bytes, 0), files: list.length, missing, matched: list };
  }

  /** An empty folder in the context (a source that copies nothing but exists); never through a link. */
  private isEmptyDir(src: string): boolean {
    try {
      return this.resolveInside(src) !== undefined && fs.lstatSync(path.join(this.root, src)).isDirectory();
    } catch {
      return false;
    }
  }

  private resolveInside(rel: string): string | undefined {
    return resolveInside(this.root, rel);
  }

  /**
   * A small file of the context a RUN reads (`requirements.txt`, `package.json`): only when, with
   * every link resolved, it is a regular file inside the context (Docker copies a link as a link,
   * so a link to ../secret or /etc/shadow is never what the build reads), at most 10 MB.
   */
  readFile(rel: string): string | undefined {
    const r = readInside(this.root, rel, READ_CAPS.contextFile);
    if (!r.ok) return undefined;
    return r.buf.toString('utf8');
  }

  /** What the estimate should say about the context: bad .dockerignore patterns, a walk cut short. */
  caveats(): string[] {
    const out = [...this.problems];
    if (this.truncated) out.push(`the context walk ${this.truncatedReason ?? 'stopped early'}: a lower bound`);
    return out;
  }
}

function normalizeSource(s: string): string {
  // `./x` → `x`, but `.env` stays `.env`.
  let v = s.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  v = path.posix.normalize(v || '.');
  return v === '.' ? '' : v;
}


function matchesWithParents(glob: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let k = 1; k <= parts.length; k++) if (matchGlob(glob, parts.slice(0, k).join('/'))) return true;
  return false;
}

/** The real path of `rel` under `root` when, after every link, it stays inside root's real path. */
export function resolveInside(root: string, rel: string): string | undefined {
  const norm = normalizeSource(rel);
  if (norm === '..' || norm.startsWith('../')) return undefined;
  let realRoot: string;
  let real: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(path.join(root, norm));
  } catch {
    return undefined;
  }
  const prefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
  return real === realRoot || real.startsWith(prefix) ? real : undefined;
}

/**
 * A regular file under `root`, read only when its real path stays inside root and it is at most `max`
 * bytes. The real path is checked again on the open descriptor: a folder on the way swapped for a
 * link after the check (the open follows links before the last component) is refused.
 */
export function readInside(root: string, rel: string, max: number): SafeRead {
  const real = resolveInside(root, rel);
  if (!real) return { ok: false, reason: safeLexists(path.join(root, normalizeSource(rel))) ? 'a link out of its folder' : 'no such file or directory' };
  walkHooks.afterResolve?.(real);
  return readRegularFile(real, max, { follow: false, openedAs: real });
}

/** Test hooks for the races above: called where a folder could be swapped for a link. */
export const walkHooks: { afterOpenDir?: (dir: string) => void; afterResolve?: (real: string) => void } = {};

const PROC_FD = (() => {
  try {
    return fs.statSync('/proc/self/fd').isDirectory();
  } catch {
    return false;
  }
})();

/** A folder opened without following a link; `base` reads it through the descriptor where the system allows. */
function openDirNoFollow(dir: string): { fd: number; st: fs.Stats; base: string; viaFd: boolean } | undefined {
  if (process.platform === 'win32') {
    // No O_NOFOLLOW for folders there: lstat now, and the same check again after reading (sameFolder).
    try {
      const st = fs.lstatSync(dir);
      return st.isDirectory() ? { fd: -1, st, base: dir, viaFd: false } : undefined;
    } catch {
      return undefined;
    }
  }
  let fd: number;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch {
    return undefined; // a link (ELOOP), gone, or unreadable: not walked
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isDirectory()) {
      fs.closeSync(fd);
      return undefined;
    }
    return { fd, st, base: PROC_FD ? `/proc/self/fd/${fd}` : dir, viaFd: PROC_FD };
  } catch {
    fs.closeSync(fd);
    return undefined;
  }
}

/** Is `dir` still the folder with this device and inode (not a link put in its place)? */
function sameFolder(dir: string, st: fs.Stats): boolean {
  try {
    const now = fs.lstatSync(dir);
    return now.isDirectory() && now.dev === st.dev && now.ino === st.ino;
  } catch {
    return false;
  }
}

function safeLexists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
