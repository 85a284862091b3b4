/**
 * Turning arguments into Dockerfiles: directories are searched (not under node_modules or .git),
 * globs (`*`, `?`, `[...]`, `**`) are expanded here so quoting them works on every shell, and each
 * file is read with the checks the spec asks for (size, binary, UTF-8) so one bad input is one
 * line on standard error and the others are still analysed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchGlob } from '../core/model/paths';
import { errnoReason, readRegularFile } from '../core/context/safeRead';

/** Dockerfile, Containerfile, Dockerfile.*, Containerfile.*, *.dockerfile, *.containerfile (not *.dockerignore). */
export function isDockerfileName(name: string): boolean {
  if (/\.dockerignore$/i.test(name)) return false;
  return /^(Dockerfile|Containerfile)(\..+)?$/i.test(name) || /\.(dockerfile|containerfile)$/i.test(name);
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

/** Walk limits: a directory tree deeper or larger than this is not a project (or is a symlink loop). */
export const WALK_LIMITS = { maxDepth: 40, maxEntries: 200_000 };

/** One walk's bookkeeping: directories seen (device+inode, so symlink loops end) and entries read. */
export class Walk {
  private readonly seen = new Set<string>();
  entries = 0;
  /** Set when a cap stopped the walk: the caller says so on standard error. */
  capped?: string;

  /** False when `dir` was already walked (a symlink loop or a second link to it) or a cap is hit. */
  enter(dir: string, depth: number, scope = ''): boolean {
    if (depth > WALK_LIMITS.maxDepth) {
      this.capped ??= `stopped at ${WALK_LIMITS.maxDepth} folders deep`;
      return false;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(dir === '' ? '.' : dir);
    } catch {
      return false;
    }
    const key = `${scope}:${st.dev}:${st.ino}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }

  read(dir: string): fs.Dirent[] {
    if (this.entries >= WALK_LIMITS.maxEntries) {
      this.capped ??= `stopped after ${WALK_LIMITS.maxEntries} entries`;
      return [];
    }
    const list = readDir(dir);
    this.entries += list.length;
    return list;
  }
}

export function findDockerfiles(dir: string, out: string[] = [], walk = new Walk(), depth = 0): string[] {
  if (!walk.enter(dir, depth)) return out;
  const entries = walk.read(dir);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (SKIP_DIRS.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findDockerfiles(p, out, walk, depth + 1);
    else if ((e.isFile() || e.isSymbolicLink()) && isDockerfileName(e.name)) {
      if (e.isSymbolicLink()) {
        try {
          if (!fs.statSync(p).isFile()) continue;
        } catch {
          continue;
        }
      }
      out.push(p);
    }
  }
  return out;
}

export function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/**
 * Expands a glob pattern into existing paths (files and directories), sorted. Segments match as
 * in a shell (matchGlob: a malformed `[` is literal text, never an error); `**` follows symlinked
 * folders once each (device+inode), within WALK_LIMITS.
 */
export function expandGlob(pattern: string, walk = new Walk()): string[] {
  const norm = pattern.replace(/\\/g, '/');
  const abs = norm.startsWith('/');
  const segs = norm.split('/').filter((s, i) => s !== '' || i === 0);
  if (abs) segs.shift();
  let k = 0;
  while (k < segs.length && !hasGlob(segs[k])) k++;
  const baseSegs = segs.slice(0, k);
  const base = (abs ? '/' : '') + baseSegs.join('/');
  const rest = segs.slice(k);
  const results = new Set<string>();
  const join = (a: string, b: string) => (a === '' ? b : a === '/' ? '/' + b : a + '/' + b);
  // `**` may reach one folder by several routes (`**/**`): each (folder, segment) is walked once.
  const done = new Set<string>();
  const walkFrom = (dir: string, i: number, depth: number) => {
    if (i === rest.length) {
      results.add(dir);
      return;
    }
    const key = `${i}\0${dir}`;
    if (done.has(key)) return;
    done.add(key);
    const seg = rest[i];
    if (seg === '**') {
      walkFrom(dir, i + 1, depth); // zero directories
      if (!walk.enter(dir, depth, `${i}`)) return;
      for (const e of walk.read(dir)) {
        if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
        if (isDir(join(dir, e.name), e)) walkFrom(join(dir, e.name), i, depth + 1);
      }
      return;
    }
    if (!hasGlob(seg)) {
      const p = join(dir, seg);
      if (exists(p)) walkFrom(p, i + 1, depth + 1);
      return;
    }
    // Each folder is read once per segment, whatever route (symlink) reached it.
    if (!walk.enter(dir, depth, `${i}`)) return;
    for (const e of walk.read(dir)) {
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!matchGlob(seg, e.name)) continue;
      const p = join(dir, e.name);
      if (i + 1 < rest.length && !isDir(p, e)) continue;
      walkFrom(p, i + 1, depth + 1);
    }
  };
  walkFrom(base, 0, 0);
  return [...results].sort();
}

function readDir(dir: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir === '' ? '.' : dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function isDir(p: string, e: fs.Dirent): boolean {
  if (e.isDirectory()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function exists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Largest Dockerfile we read: real ones are a few kB; anything this big is not one. */
export const MAX_FILE_BYTES = 5 * 1000 * 1000;

/** `bom`: the bytes began with a UTF-8 byte order mark (not in `text`; `--fix` writes it back). */
export type ReadResult = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

/** Text of a Dockerfile from its bytes: rejects binary and non-UTF-8 content. */
export function decodeDockerfile(buf: Buffer): ReadResult {
  if (buf.length > MAX_FILE_BYTES) return { ok: false, reason: `too large (${(buf.length / 1e6).toFixed(1)} MB; a Dockerfile is at most ${MAX_FILE_BYTES / 1e6} MB)` };
  if (buf.subarray(0, 8192).includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes), not a Dockerfile' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 text' };
  }
  return { ok: true, text: text.replace(/^\uFEFF/, ''), bom: buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf };
}

/** A Dockerfile on disk: a regular file (never a FIFO or device), at most MAX_FILE_BYTES, read bounded. */
export function readDockerfile(file: string): ReadResult {
  const r = readRegularFile(file, MAX_FILE_BYTES);
  if (!r.ok) return { ok: false, reason: r.reason.replace(/^too large \(([^;]*); at most ([^)]*)\)$/, 'too large ($1; a Dockerfile is at most $2)') };
  return decodeDockerfile(r.buf);
}

/** Checks a build context folder can be read; the reason when it cannot. */
export function checkContextDir(dir: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    return errnoReason(e);
  }
  if (!st.isDirectory()) return 'not a directory';
  try {
    fs.readdirSync(dir);
  } catch (e) {
    return errnoReason(e);
  }
  return undefined;
}

export { errnoReason };

/**
 * `--fix`'s write: never a half-written Dockerfile. A symlinked Dockerfile is fixed at its target
 * (the link stays). The target is read again first and the write is refused when its text is not
 * `expected` (changed since it was read); the new text goes to a temporary file beside it with the
 * same mode (and owner, when allowed), is fsynced, then renamed over the original. On any failure
 * the temporary file is removed and the original is untouched. Returns the reason when not written.
 */
export function writeFileAtomic(file: string, expected: string, content: string): string | undefined {
  let target: string;
  let st: fs.Stats;
  try {
    target = fs.realpathSync(file);
    st = fs.statSync(target);
  } catch (e) {
    return errnoReason(e);
  }
  if (!st.isFile()) return 'not a regular file';
  const now = readDockerfile(target);
  if (!now.ok || now.text !== expected) return 'changed since it was read; not fixed (run again)';
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.dsh-tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', st.mode & 0o7777);
    const buf = Buffer.from(content, 'utf8');
    let off = 0;
    while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
    fs.fsyncSync(fd);
    fs.fchmodSync(fd, st.mode & 0o7777);
    try {
      fs.fchownSync(fd, st.uid, st.gid);
    } catch {
      // Not allowed to give the file away (not root): it keeps our owner, as any editor's save would.
    }
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // never created
    }
    const code = (e as NodeJS.ErrnoException).code;
    return `cannot write the fixes (${code ?? (e as Error).message}); the file is unchanged`;
  }
  try {
    const dir = fs.openSync(path.dirname(target), 'r');
    fs.fsyncSync(dir);
    fs.closeSync(dir);
  } catch {
    // Directory fsync is not supported everywhere; the rename itself is atomic.
  }
  return undefined;
}
