/** Path handling for the file-system picture: resolving against WORKDIR, globs, containment. */
import * as posix from 'node:path/posix';

export function resolvePath(p: string, workdir: string, home = '/root'): string {
  let v = p.replace(/^~(?=\/|$)/, home).replace(/^\$HOME(?=\/|$)/, home).replace(/^\$\{HOME\}(?=\/|$)/, home);
  if (!v.startsWith('/')) v = posix.join(workdir || '/', v);
  v = posix.normalize(v);
  if (v.length > 1 && v.endsWith('/')) v = v.slice(0, -1);
  return v;
}

const GLOB = /[*?[]/;

export function hasGlob(p: string): boolean {
  return GLOB.test(p);
}

const globCache = new Map<string, RegExp>();

/**
 * A path glob (`*`, `?`, `[...]`, each within one path segment, as in Go's filepath.Match that
 * Docker and shells use), compiled once per pattern: a RUN's `rm` is checked against every earlier
 * path of the stage, COPY sources against every context file.
 */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    if (globCache.size > 5000) globCache.clear();
    re = compileGlob(glob);
    globCache.set(glob, re);
  }
  return re;
}

function compileGlob(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        re += '[' + glob.slice(i + 1, close).replace(/^[!^]/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/** Does deleting `target` (maybe a glob, absolute) remove `entryPath` entirely? */
export function covers(target: string, entryPath: string): boolean {
  if (target === '/' ) return true;
  if (!hasGlob(target)) return entryPath === target || entryPath.startsWith(target + '/');
  const re = globToRegExp(target);
  // The entry itself matches, or one of its ancestors does.
  let p = entryPath;
  while (p && p !== '/') {
    if (re.test(p)) return true;
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
