/**
 * Every file the tool reads goes through here: regular files only (a FIFO, device or socket is
 * refused before it is opened, so nothing blocks and /dev/zero is not read), opened non-blocking,
 * checked again on the open descriptor, and read up to a size cap (one byte past the cap is where
 * we stop and say "too large"), so no input can grow memory without bound.
 */
import * as fs from 'node:fs';

export type SafeRead = { ok: true; buf: Buffer } | { ok: false; reason: string };

/** Largest file of each kind we read (real ones are a few kB). */
export const READ_CAPS = {
  dockerfile: 5_000_000,
  config: 1_000_000,
  dockerignore: 1_000_000,
  /** requirements*.txt, package.json, lock files a RUN names. */
  contextFile: 10_000_000,
};

export function formatCap(bytes: number): string {
  return bytes >= 1e6 ? `${bytes / 1e6} MB` : `${bytes / 1e3} kB`;
}

export function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `cannot read (${code})` : `cannot read (${(e as Error).message})`;
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'not a regular file (a FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'not a regular file (a device)';
  if (st.isSocket()) return 'not a regular file (a socket)';
  return 'not a regular file';
}

/**
 * Reads a regular file of at most `max` bytes. `follow: false` refuses a symbolic link as the last
 * component (lstat, O_NOFOLLOW); callers that confine paths resolve links themselves first.
 */
export function readRegularFile(file: string, max: number, opts: { follow?: boolean; openedAs?: string } = {}): SafeRead {
  const follow = opts.follow ?? true;
  let st: fs.Stats;
  try {
    st = follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch (e) {
    return { ok: false, reason: errnoReason(e) };
  }
  if (st.isSymbolicLink()) return { ok: false, reason: 'a symbolic link' };
  if (!st.isFile()) return { ok: false, reason: kindOf(st) };
  if (st.size > max) return { ok: false, reason: tooLarge(st.size, max) };
  let fd: number;
  try {
    // O_NONBLOCK: if the path became a FIFO since the stat, opening it does not wait for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (follow ? 0 : fs.constants.O_NOFOLLOW));
  } catch (e) {
    return { ok: false, reason: (e as NodeJS.ErrnoException).code === 'ELOOP' && !follow ? 'a symbolic link' : errnoReason(e) };
  }
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile()) return { ok: false, reason: kindOf(now) };
    if (now.dev !== st.dev || now.ino !== st.ino) return { ok: false, reason: 'changed while it was read' };
    // The path the descriptor really has (Linux): a folder on the way swapped for a link shows here.
    if (opts.openedAs !== undefined && openedPath(fd) !== undefined && openedPath(fd) !== opts.openedAs) return { ok: false, reason: 'a folder on its path changed while it was read' };
    return readFd(fd, max);
  } catch (e) {
    return { ok: false, reason: errnoReason(e) };
  } finally {
    fs.closeSync(fd);
  }
}

/** What /proc says the descriptor is (undefined where there is no /proc). */
function openedPath(fd: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

function tooLarge(size: number | undefined, max: number): string {
  return size !== undefined ? `too large (${(size / 1e6).toFixed(1)} MB; at most ${formatCap(max)})` : `too large (more than ${formatCap(max)})`;
}

/**
 * Reads a descriptor (a file that may still grow, or standard input: a pipe, a terminal, /dev/zero)
 * until its end or one byte past `max`, whichever comes first.
 */
export function readFd(fd: number, max: number): SafeRead {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, max + 1 - total), null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') {
        // A non-blocking pipe with nothing yet: wait a little, as a blocking read would.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      if (code === 'EOF') break;
      return { ok: false, reason: errnoReason(e) };
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > max) return { ok: false, reason: tooLarge(undefined, max) };
  }
  return { ok: true, buf: Buffer.concat(chunks, total) };
}
