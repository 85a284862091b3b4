/**
 * Temporary folders for tests, removed when the test process exits: each test file is its own process
 * under `node --test`, so that is after its last test and `after` hook (servers and CLIs the tests started
 * have been stopped by then), and it happens when a test fails half-way too. `DSH_KEEP_TMP=1` keeps them
 * and prints where they are.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];

/** A fresh folder `<tmpdir>/<prefix>XXXXXX`, removed with everything in it when this process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!made.length) process.once('exit', removeTempDirs);
  made.push(dir);
  return dir;
}

function removeTempDirs(): void {
  const dirs = made.splice(0);
  if (process.env.DSH_KEEP_TMP === '1') {
    process.stderr.write(`DSH_KEEP_TMP=1: kept ${dirs.join(' ')}\n`);
    return;
  }
  for (const dir of dirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // A test left a folder unreadable (mode 000) and we are not root: open it up, then try once more.
      try {
        openUp(dir);
        fs.rmSync(dir, { recursive: true, force: true });
      } catch (e) {
        process.stderr.write(`could not remove the test folder ${dir}: ${(e as Error).message}\n`);
      }
    }
  }
}

function openUp(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) openUp(path.join(dir, e.name));
}
