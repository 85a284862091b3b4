/**
 * The build context on disk, measured the way `docker build` sends it: every file under the
 * context root that `.dockerignore` (Docker's own matching rules, via @balena/dockerignore) does
 * not exclude. Walked once and cached by the caller; reads are bounded so a huge tree cannot stall
 * the editor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import { matchGlob } from '../model/paths';

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
}

const HEAVY_NAMES = new Set(['.git', 'node_modules', '.venv', 'venv', '__pycache__', 'target', 'dist', 'build', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.gradle', '.idea', 'coverage']);

export class BuildContext {
  readonly root: string;
  readonly hasDockerignore: boolean;
  readonly dockerignoreFile?: string;
  private readonly ig: ReturnType<typeof ignore>;
  private files?: ContextFile[];
  private top?: TopLevelEntry[];
  truncated = false;
  private readonly maxFiles: number;

  constructor(root: string, dockerfilePath?: string, options: BuildContextOptions = {}) {
    this.root = path.resolve(root);
    this.maxFiles = options.maxFiles ?? 100_000;
    // BuildKit prefers <Dockerfile>.dockerignore next to the Dockerfile over the context's .dockerignore.
    const candidates = [dockerfilePath ? `${dockerfilePath}.dockerignore` : undefined, path.join(this.root, '.dockerignore')].filter(Boolean) as string[];
    const found = candidates.find((c) => safeIsFile(c));
    this.hasDockerignore = !!found;
    this.dockerignoreFile = found;
    this.ig = ignore();
    if (found) {
      try {
        this.ig.add(fs.readFileSync(found, 'utf8').split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#')));
      } catch {
        // unreadable .dockerignore: treat as absent but keep going
      }
    }
  }

  ignores(rel: string): boolean {
    if (!rel || rel === '.') return false;
    try {
      return this.ig.ignores(rel);
    } catch {
      return false;
    }
  }

  /** Files Docker would send (not ignored), walked once. */
  list(): ContextFile[] {
    if (this.files) return this.files;
    const files: ContextFile[] = [];
    const top = new Map<string, TopLevelEntry>();
    const walk = (dir: string, rel: string, topName?: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (files.length >= this.maxFiles) {
          this.truncated = true;
          return;
        }
        const r = rel ? `${rel}/${e.name}` : e.name;
        const t = topName ?? e.name;
        const ignored = this.ignores(r);
        if (!topName) top.set(e.name, { name: e.name, bytes: 0, files: 0, ignored, isDir: e.isDirectory() });
        if (e.isDirectory()) {
          // An ignored directory can still have re-included files (`!dir/keep`); only skip when no negations exist.
          if (ignored && !this.hasNegations()) continue;
          walk(path.join(dir, e.name), r, t);
        } else if (e.isFile() || e.isSymbolicLink()) {
          if (ignored) continue;
          let size = 0;
          try {
            size = fs.lstatSync(path.join(dir, e.name)).size;
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
    };
    walk(this.root, '');
    this.files = files;
    this.top = [...top.values()];
    return files;
  }

  private negations?: boolean;
  private hasNegations(): boolean {
    if (this.negations === undefined) {
      try {
        this.negations = !!this.dockerignoreFile && /^\s*!/m.test(fs.readFileSync(this.dockerignoreFile, 'utf8'));
      } catch {
        this.negations = false;
      }
    }
    return this.negations;
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
    const excluded = excludes.length ? ignore().add(excludes) : undefined;
    const matched = new Map<string, ContextFile>();
    const missing: string[] = [];
    for (const raw of sources) {
      const src = normalizeSource(raw);
      const inSource = (f: ContextFile) => (src && f.rel.startsWith(src + '/') ? f.rel.slice(src.length + 1) : f.rel);
      const files = excluded ? this.list().filter((f) => !safeIgnores(excluded, inSource(f)) && !safeIgnores(excluded, f.rel)) : this.list();
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
        if (!hit && safeExists(path.join(this.root, src)) && !this.ignores(src)) hit = 1; // an empty dir
      }
      if (!hit) missing.push(raw);
    }
    const list = [...matched.values()];
    return { bytes: list.reduce((a, f) => a + f.bytes, 0), files: list.length, missing, matched: list };
  }

  readFile(rel: string): string | undefined {
    const p = path.resolve(this.root, normalizeSource(rel));
    if (p !== this.root && !p.startsWith(this.root + path.sep)) return undefined;
    try {
      const st = fs.statSync(p);
      if (!st.isFile() || st.size > 1_000_000) return undefined;
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  }
}

function normalizeSource(s: string): string {
  let v = s.replace(/\\/g, '/').replace(/^\.\/?/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  v = path.posix.normalize(v || '.');
  return v === '.' ? '' : v;
}


function matchesWithParents(glob: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let k = 1; k <= parts.length; k++) if (matchGlob(glob, parts.slice(0, k).join('/'))) return true;
  return false;
}

function safeIgnores(ig: ReturnType<typeof ignore>, rel: string): boolean {
  try {
    return ig.ignores(rel);
  } catch {
    return false;
  }
}

function safeIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function safeExists(p: string): boolean {
  try {
    fs.statSync(p);
    return true;
  } catch {
    return false;
  }
}
