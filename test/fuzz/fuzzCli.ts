/**
 * Fuzz cases through the built CLI (dist/cli.js), as a user or CI job runs it: the cases are written
 * as files, `--fix --format json` runs over a batch of them (one start-up per batch), then
 * `--fix-dry-run` over the files the first run changed must find nothing more to fix (a second
 * `--fix` changes nothing: BOM, line endings and the atomic write included). Each run's heap is
 * capped (`--max-old-space-size`): past it Node aborts, which counts as a crash.
 *
 * A crash is an exit other than 0/1/2 (2: input errors such as a binary file), a signal, or a stack
 * trace on stderr. Time is CPU time (a busy machine stretches wall time, not CPU time): a batch
 * using more than 5 s plus its fair share is re-run one file at a time, and a file using over 5 s
 * alone is a hang; so is a run that makes no progress (blocked, no CPU) for a minute of wall time.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuzzCase } from './generate';
import { cpuSeconds } from './procCpu';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
/** Per CLI run, whatever the batch size (a 250-file batch peaks near 200 MB). */
export const CLI_HEAP_MB = 512;
/** Files per CLI run. */
const BATCH = 250;
/** A file's fair share of a batch's CPU budget, on top of the 5 s any single file may take (files take ~20 ms). */
const PER_FILE_MS = 200;
/** Wall time a run may take, CPU or not (a blocking read uses none): a minute plus a second per file. */
const wallLimitMs = (files: number) => 60_000 + 1000 * files;

export interface CliFailure {
  kind: 'crash' | 'hang' | 'second-fix-changes';
  /** Case numbers (fuzzCase(seed, i)); a crash of a whole batch lists the batch. */
  cases: number[];
  detail: string;
}

export interface CliOutcome {
  cases: number;
  runs: number;
  fixed: number;
  failures: CliFailure[];
  slowestBatchMs: number;
  /** The most CPU time one run used. */
  mostCpuMs: number;
}

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU time as last sampled (a lower bound). */
  cpuMs: number;
  timedOut: boolean;
}

/** Runs the CLI; killed past `cpuMs` of its CPU time (checked every 100 ms) or its wall-time limit. */
function run(args: string[], cpuMs: number, files: number): Promise<Run> {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(process.execPath, [`--max-old-space-size=${CLI_HEAP_MB}`, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let cpu = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const poll = setInterval(() => {
      cpu = cpuSeconds(child.pid) ?? cpu;
      if (cpu * 1000 > cpuMs || Date.now() - t > wallLimitMs(files)) {
        timedOut = true;
        child.kill('SIGKILL');
      }
    }, 100);
    child.on('close', (status, signal) => {
      clearInterval(poll);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - t, cpuMs: cpu * 1000, timedOut });
    });
  });
}

/** 0 ok, 1 findings at --fail-on, 2 input errors: anything else (a signal, 134 out of memory, a stack trace) is a crash. */
function crashed(r: Run): string | undefined {
  if (r.timedOut) return undefined;
  if (![0, 1, 2].includes(r.status ?? -1)) return `exit ${r.status ?? r.signal}: ${r.stderr.slice(-300)}`;
  if (/\n\s+at .*\(.*:\d+:\d+\)/.test(r.stderr)) return `stack trace: ${r.stderr.slice(0, 300)}`;
  return undefined;
}

/** `fuzzCase(seed, i)` for i in [from, from + count) through the CLI, `jobs` runs at a time. */
export async function fuzzCli(seed: number, from: number, count: number, outDir: string, jobs = 2): Promise<CliOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-fuzz-cli-'));
  const out: CliOutcome = { cases: count, runs: 0, fixed: 0, failures: [], slowestBatchMs: 0, mostCpuMs: 0 };
  const keep = (i: number, suffix: string, text: string) => fs.writeFileSync(path.join(outDir, `cli-${seed}-${i}${suffix}.Dockerfile`), text);

  const batch = async (b: number): Promise<void> => {
    const bdir = path.join(dir, `b${b}`);
    fs.mkdirSync(bdir);
    const originals = new Map<string, { i: number; text: string }>();
    for (let i = b; i < Math.min(from + count, b + BATCH); i++) {
      const f = path.join(bdir, `c${i}.Dockerfile`);
      const text = fuzzCase(seed, i);
      fs.writeFileSync(f, text);
      originals.set(f, { i, text });
    }
    const files = [...originals.keys()];
    const first = await run(['--fix', '--format', 'json', ...files], 5000 + PER_FILE_MS * files.length, files.length);
    out.runs++;
    out.slowestBatchMs = Math.max(out.slowestBatchMs, first.ms);
    out.mostCpuMs = Math.max(out.mostCpuMs, first.cpuMs);
    const crash = crashed(first);
    if (crash) {
      out.failures.push({ kind: 'crash', cases: [...originals.values()].map((o) => o.i), detail: crash });
      for (const { i, text } of originals.values()) keep(i, '', text);
      return;
    }
    if (first.timedOut) {
      // Which file? Each alone, from its original text, with 5 s.
      const slow: number[] = [];
      for (const [f, { i, text }] of originals) {
        fs.writeFileSync(f, text);
        const one = await run(['--fix', '--format', 'json', f], 5000, 1);
        out.runs++;
        if (one.timedOut || crashed(one)) {
          slow.push(i);
          keep(i, '', text);
        }
      }
      out.failures.push({ kind: 'hang', cases: slow.length ? slow : [...originals.values()].map((o) => o.i), detail: `a run over ${files.length} files used over ${((5000 + PER_FILE_MS * files.length) / 1000).toFixed(0)} s of CPU or ${wallLimitMs(files.length) / 1000} s of wall time; alone over 5 s or crashing: ${slow.length ? slow.join(', ') : 'none (the batch as a whole was slow)'}` });
      return;
    }
    const changed = files.filter((f) => fs.readFileSync(f, 'utf8') !== originals.get(f)!.text);
    out.fixed += changed.length;
    if (!changed.length) return;
    const second = await run(['--fix-dry-run', ...changed], 5000 + PER_FILE_MS * changed.length, changed.length);
    out.runs++;
    const crash2 = crashed(second) ?? (second.timedOut ? 'the second pass timed out' : undefined);
    if (crash2) {
      out.failures.push({ kind: 'crash', cases: changed.map((f) => originals.get(f)!.i), detail: `second pass: ${crash2}` });
      for (const f of changed) keep(originals.get(f)!.i, '', originals.get(f)!.text);
      return;
    }
    // The dry run prints a unified diff, and `would fix <file>: …` on stderr, per file it would still change.
    const again = changed.filter((f) => second.stderr.includes(`would fix ${f}: `));
    if (second.stdout.trim() && !again.length) again.push(...changed);
    if (again.length) {
      out.failures.push({ kind: 'second-fix-changes', cases: again.map((f) => originals.get(f)!.i), detail: second.stdout.slice(0, 600) });
      for (const f of again) {
        keep(originals.get(f)!.i, '', originals.get(f)!.text);
        keep(originals.get(f)!.i, '.fixed-once', fs.readFileSync(f, 'utf8'));
      }
    }
    fs.rmSync(bdir, { recursive: true, force: true });
  };

  const starts: number[] = [];
  for (let b = from; b < from + count; b += BATCH) starts.push(b);
  const worker = async () => {
    for (let b = starts.shift(); b !== undefined; b = starts.shift()) await batch(b);
  };
  // Every worker settles before the batches' folder goes (their CLIs write in it), also when one threw;
  // failing cases were kept in outDir.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, jobs) }, worker));
  fs.rmSync(dir, { recursive: true, force: true });
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return out;
}
