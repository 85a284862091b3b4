/** Runs the BUILT CLI (dist/cli.js, `npm run build` first) as a child process. */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { tempDir } from '../../server/src/testing/tempDirs';

export const ROOT = path.resolve(__dirname, '../..');
/** dist/cli.js; DSH_CLI points the tests at another build of the same sources (e.g. while dist/ is being rebuilt). */
export const CLI = process.env.DSH_CLI ? path.resolve(process.env.DSH_CLI) : path.join(ROOT, 'dist/cli.js');
export const EXAMPLES = path.join(ROOT, 'examples');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A test machine's proxy variables must not carry requests to the tests' own servers on 127.0.0.1. */
export const LOOPBACK_NO_PROXY = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');

/** The CLI's environment: this process's, no FORCE_COLOR, loopback never proxied, then `extra` (undefined deletes). */
function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, NO_PROXY: LOOPBACK_NO_PROXY, ...extra };
  delete env.FORCE_COLOR;
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete env[k];
  return env;
}

export function cli(args: string[], opts: { cwd?: string; input?: string | Buffer; env?: Record<string, string | undefined>; asUser?: number } = {}): Run {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const env = childEnv(opts.env);
  const t = Date.now();
  // `asUser`: run as that uid (via util-linux setpriv) so permission checks apply even when tests run as root.
  const [cmd, argv] = opts.asUser === undefined ? [process.execPath, [CLI, ...args]] : ['setpriv', [`--reuid=${opts.asUser}`, `--regid=${opts.asUser}`, '--clear-groups', process.execPath, CLI, ...args]];
  const r = spawnSync(cmd, argv, { cwd: opts.cwd ?? ROOT, input: opts.input ?? '', env: env as NodeJS.ProcessEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

/** Like `cli`, without blocking this process (for tests that serve something the CLI asks for, e.g. HTTP). */
export function cliAsync(args: string[], opts: { cwd?: string; input?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {}): Promise<Run> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const env = childEnv(opts.env);
  const t = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the CLI did not finish within ${opts.timeoutMs ?? 30_000} ms\n${stderr}`));
    }, opts.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: Date.now() - t });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** A fresh temporary folder, removed when this test file's process exits (DSH_KEEP_TMP=1 keeps it). */
export function tmpDir(prefix = 'dsh-cli-'): string {
  return tempDir(prefix);
}

/** Copies examples/ (or one example) into a fresh temporary folder. */
export function copyExamples(only?: string): string {
  const dir = tmpDir();
  fs.cpSync(only ? path.join(EXAMPLES, only) : EXAMPLES, only ? path.join(dir, only) : dir, { recursive: true });
  return dir;
}

export const ESC = /\x1b/;

let jsonValidator: ReturnType<Ajv['compile']> | undefined;
/** Validates against docs/cli-output.schema.json; returns the errors as text ('' when valid). */
export function validateJsonReport(data: unknown): string {
  if (!jsonValidator) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    jsonValidator = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'docs/cli-output.schema.json'), 'utf8')));
  }
  return jsonValidator(data) ? '' : JSON.stringify(jsonValidator.errors, null, 1).slice(0, 3000);
}

let sarifValidator: ReturnType<Ajv2020['compile']> | undefined;
/** Validates against the official SARIF 2.1.0 schema (test/cli/fixtures/sarif-schema-2.1.0.json). */
export function validateSarif(data: unknown): string {
  if (!sarifValidator) {
    // The schema uses `format` (uri, date-time...): checked loosely here, the structure strictly.
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    sarifValidator = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures/sarif-schema-2.1.0.json'), 'utf8')));
  }
  return sarifValidator(data) ? '' : JSON.stringify(sarifValidator.errors, null, 1).slice(0, 3000);
}

/** The Dockerfiles under examples/, relative to the repository root. */
export function exampleDockerfiles(): string[] {
  return fs
    .readdirSync(EXAMPLES)
    .filter((d) => fs.existsSync(path.join(EXAMPLES, d, 'Dockerfile')))
    .map((d) => `examples/${d}/Dockerfile`)
    .sort();
}

/**
 * A local HTTP server on 127.0.0.1 for the network tests, started in `before` and closed in `after`
 * (open connections too: a tarpit handler never answers). `base` is its http://127.0.0.1:<port>.
 */
export function localServer(handler: http.RequestListener, hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }): { readonly base: string } {
  const server = http.createServer(handler);
  const out = { base: '' };
  hooks.before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    out.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  hooks.after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return out;
}
