import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Env var that points every loader at another data dir (tests, packaged extension with data elsewhere). */
export const DATA_DIR_ENV = 'DOCKERFILE_SIZE_HINTS_DATA';

let overrideDir: string | undefined;
let resolvedDir: string | undefined;

/** Force the data dir (tests, the extension host passing its install path). `undefined` restores the default lookup. */
export function setDataDir(dir: string | undefined): void {
  overrideDir = dir;
  resolvedDir = undefined;
  jsonCache.clear();
}

/**
 * Where the shipped JSON data lives: the override, then $DOCKERFILE_SIZE_HINTS_DATA, then `<__dirname>/data`
 * (the bundle: dist/data), then the first `server/data` with base-images.json walking up from __dirname
 * (running from source) or from the working directory.
 */
export function dataDir(): string {
  if (overrideDir) return overrideDir;
  const fromEnv = process.env[DATA_DIR_ENV];
  if (fromEnv) return fromEnv;
  if (resolvedDir) return resolvedDir;
  const bundled = path.join(__dirname, 'data');
  if (existsSync(path.join(bundled, 'base-images.json'))) return (resolvedDir = bundled);
  for (const start of [__dirname, process.cwd()]) {
    let dir = start;
    for (;;) {
      const candidate = path.join(dir, 'server', 'data');
      if (existsSync(path.join(candidate, 'base-images.json'))) return (resolvedDir = candidate);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  // Nothing found: report the bundle location so the error names a sensible path.
  return bundled;
}

/** data dir → file → parsed JSON. */
const jsonCache = new Map<string, Map<string, unknown>>();

/**
 * Reads and caches `<dataDir>/<file>`; the cache is keyed by the data dir so setDataDir takes effect. Keyed by
 * dir and file, not their path.join: the model asks for its tables once per layer part (1 MB of RUNs: 200 ms of joins).
 */
export function loadDataJson<T>(file: string): T {
  const dir = dataDir();
  let files = jsonCache.get(dir);
  if (!files) jsonCache.set(dir, (files = new Map()));
  let value = files.get(file);
  if (value === undefined) {
    value = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    files.set(file, value);
  }
  return value as T;
}
