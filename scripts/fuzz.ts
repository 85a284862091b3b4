// Fuzz run: seeded, reproducible generated and mutated Dockerfiles through the core (in-process), the
// built CLI and the language server over stdio (a real LSP client: open, change, hover, codeAction,
// inlayHint at random positions). Fails (exit 1) on any crash, hang over 5 s of CPU time (per core case,
// per server request, per CLI file; or no progress for 30 s / a minute of wall time), fix-all whose second pass changes
// something (core fixAll twice; CLI --fix then --fix-dry-run; the server's Fix all applied and asked
// again), or memory past its bound; every failure prints its seed, case and a command reproducing it.
//   node --import tsx scripts/fuzz.ts [--core N] [--cli N] [--server N] [--seed S] [--from I] [--out DIR] [--jobs J]
// npm run fuzz: 100,000 through the core, 2,000 through the CLI, 2,000 through the server (a benchmark-style run).
// npm run test:fuzz (CI): 10,000 through each, the three paths at once (the core in a child process).
// Case i of a path: fuzzCase(seed, i) for the core, fuzzCase(seed + 1, i) for the CLI, fuzzCase(seed + 2, i) for the server.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuzzCase } from '../test/fuzz/generate';
import { runCoreCase } from '../test/fuzz/fuzzCore';
import { CLI_HEAP_MB, fuzzCli } from '../test/fuzz/fuzzCli';
import { fuzzServer, SERVER_HEAP_MB } from '../test/fuzz/fuzzServer';

/** The in-process core's peak resident memory bound (10,000 cases peak near 400 MB). */
const CORE_RSS_MB = 1024;
/** The server's heap after every document closed may exceed the heap after the first one by this much (caches are bounded; a per-document leak of 10 kB over 10,000 documents is 100 MB). */
const SERVER_HEAP_GROWTH_MB = 64;

// The last occurrence wins: `npm run test:fuzz -- --seed 5` overrides the script's seed.
const arg = (name: string, d: number) => {
  const i = process.argv.lastIndexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const seed = arg('--seed', 16);
const from = arg('--from', 0);
const nCore = arg('--core', 100_000);
const nCli = arg('--cli', 2_000);
const nServer = arg('--server', 2_000);
const jobs = arg('--jobs', 2);
const outIdx = process.argv.lastIndexOf('--out');
const outDir = outIdx >= 0 ? process.argv[outIdx + 1]! : fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-fuzz-'));
fs.mkdirSync(outDir, { recursive: true });
const repro = (part: 'core' | 'cli' | 'server', i: number) =>
  `node --import tsx scripts/fuzz.ts --seed ${seed} --from ${i} --core ${part === 'core' ? 1 : 0} --cli ${part === 'cli' ? 1 : 0} --server ${part === 'server' ? 1 : 0}`;

interface CoreSummary {
  cases: number;
  crashes: number[];
  hangs: number[];
  notIdempotent: number[];
  fixed: number;
  slowestMs: number;
  peakRssMb: number;
  seconds: number;
}

/** The core part, in this process (the event loop blocks: run it in a child next to the others). */
function runCore(): CoreSummary {
  const s: CoreSummary = { cases: nCore, crashes: [], hangs: [], notIdempotent: [], fixed: 0, slowestMs: 0, peakRssMb: 0, seconds: 0 };
  const started = Date.now();
  for (let i = from; i < from + nCore; i++) {
    const text = fuzzCase(seed, i);
    const o = runCoreCase(text, seed + i);
    s.slowestMs = Math.max(s.slowestMs, o.ms);
    if (o.fixed) s.fixed++;
    if (o.crash) {
      s.crashes.push(i);
      fs.writeFileSync(path.join(outDir, `core-${seed}-${i}.Dockerfile`), text);
      console.log(`core seed ${seed} case ${i}: crash: ${o.crash.split('\n')[0]}`);
    }
    if (o.ms > 5000) {
      s.hangs.push(i);
      fs.writeFileSync(path.join(outDir, `core-${seed}-${i}.Dockerfile`), text);
      console.log(`core seed ${seed} case ${i}: ${o.ms.toFixed(0)} ms of CPU`);
    }
    if (o.notIdempotent) {
      s.notIdempotent.push(i);
      fs.writeFileSync(path.join(outDir, `core-${seed}-${i}.Dockerfile`), text);
      fs.writeFileSync(path.join(outDir, `core-${seed}-${i}.fixed-once.Dockerfile`), o.notIdempotent.first);
      console.log(`core seed ${seed} case ${i}: a second fix-all changes the fixed text again`);
    }
    if (i > from && (i - from) % 5000 === 0) console.log(`core: ${i - from} cases, ${s.crashes.length} crashes, ${s.hangs.length} over 5 s, ${s.notIdempotent.length} second fix-all changes, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  }
  s.seconds = (Date.now() - started) / 1000;
  s.peakRssMb = process.resourceUsage().maxRSS / 1024;
  return s;
}

/** The core part in a child process: its summary is the last line of its output. */
function coreInChild(): Promise<CoreSummary | { failed: string }> {
  return new Promise((resolve) => {
    const args = ['--import', 'tsx', __filename, '--part', 'core', '--seed', String(seed), '--from', String(from), '--core', String(nCore), '--out', outDir];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let pending = '';
    let summary: string | undefined;
    const lines = (chunk: string) => {
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const l of parts) {
        if (l.startsWith('{')) summary = l;
        else console.log(l);
      }
    };
    child.stdout.setEncoding('utf8').on('data', lines);
    child.on('close', (code, signal) => {
      lines('\n');
      if (code === 0 && summary) resolve(JSON.parse(summary) as CoreSummary);
      else resolve({ failed: `the core run ended with ${code ?? signal}` });
    });
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--part')) {
    // Child: the core only, summary as JSON on the last line.
    console.log(JSON.stringify(runCore()));
    return;
  }
  const started = Date.now();
  const problems: string[] = [];
  const corePromise = nCore ? coreInChild() : Promise.resolve(undefined);
  const cliPromise = nCli ? fuzzCli(seed + 1, from, nCli, outDir, jobs) : Promise.resolve(undefined);
  const serverPromise = nServer ? fuzzServer(seed + 2, nServer, outDir, from) : Promise.resolve(undefined);
  const [core, cli, server] = await Promise.all([corePromise, cliPromise, serverPromise]);

  if (core && 'failed' in core) problems.push(`core: ${core.failed}`);
  else if (core) {
    console.log(`core: ${core.cases} cases in ${core.seconds.toFixed(0)} s; ${core.crashes.length} crashes; ${core.hangs.length} over 5 s of CPU (slowest ${core.slowestMs.toFixed(0)} ms); fix-all changed ${core.fixed}, a second fix-all changed ${core.notIdempotent.length} again; peak RSS ${core.peakRssMb.toFixed(0)} MB (bound ${CORE_RSS_MB} MB)`);
    for (const i of core.crashes) problems.push(`core seed ${seed} case ${i}: crash; reproduce: ${repro('core', i)}`);
    for (const i of core.hangs) problems.push(`core seed ${seed} case ${i}: over 5 s; reproduce: ${repro('core', i)}`);
    for (const i of core.notIdempotent) problems.push(`core seed ${seed} case ${i}: a second fix-all changes it; reproduce: ${repro('core', i)}`);
    if (core.peakRssMb > CORE_RSS_MB) problems.push(`core: peak RSS ${core.peakRssMb.toFixed(0)} MB over ${CORE_RSS_MB} MB`);
  }
  if (cli) {
    console.log(`CLI: ${cli.cases} files in ${cli.runs} runs (heap capped at ${CLI_HEAP_MB} MB each); --fix changed ${cli.fixed}; ${cli.failures.length} failures; slowest run ${(cli.slowestBatchMs / 1000).toFixed(1)} s (most CPU for one run ${(cli.mostCpuMs / 1000).toFixed(1)} s)`);
    for (const f of cli.failures) {
      const one = f.cases.length === 1 ? `; reproduce: ${repro('cli', f.cases[0]!)}` : '';
      problems.push(`CLI (seed ${seed}) ${f.kind}, cases ${f.cases.slice(0, 20).join(', ')}${f.cases.length > 20 ? ', …' : ''}${one}: ${f.detail.split('\n')[0]}`);
      if (f.cases.length > 1 && f.kind !== 'crash') for (const i of f.cases) problems.push(`  reproduce case ${i}: ${repro('cli', i)}`);
    }
    if (cli.failures.some((f) => f.kind === 'crash' && f.cases.length > 1)) problems.push(`  (a crashed run lists its whole batch: run each with ${repro('cli', 0).replace('--from 0', '--from <case>')})`);
  }
  if (server) {
    const growth = server.heapEndMb - server.heapStartMb;
    console.log(`server: ${server.cases} documents (${server.requests} requests: hover/codeAction/inlayHint, fix-all applied and asked again); ${server.failures} failures; ${server.notIdempotent.length} fix-all offered again after applying it; slowest answer ${server.slowestMs.toFixed(0)} ms (most server CPU for one request ${server.mostCpuMs.toFixed(0)} ms); heap after GC ${server.heapStartMb.toFixed(0)} → ${server.heapEndMb.toFixed(0)} MB (growth bound ${SERVER_HEAP_GROWTH_MB} MB, heap cap ${SERVER_HEAP_MB} MB)`);
    for (const i of server.failed) problems.push(`server (seed ${seed}) case ${i}: no answer, an error answer or the server gone; reproduce: ${repro('server', i)}`);
    if (server.failures && !server.failed.length) problems.push('server: exited during the run');
    for (const i of server.notIdempotent) problems.push(`server (seed ${seed}) case ${i}: fix-all applied, then offered again; reproduce: ${repro('server', i)}`);
    if (!(growth <= SERVER_HEAP_GROWTH_MB)) problems.push(`server: heap grew ${growth.toFixed(0)} MB over ${server.cases} documents (bound ${SERVER_HEAP_GROWTH_MB} MB)`);
  }
  // A folder we made and nothing was kept in goes (a run without failures left an empty dsh-fuzz-* behind).
  const kept = fs.readdirSync(outDir).length;
  if (!kept && outIdx < 0) fs.rmSync(outDir, { recursive: true, force: true });
  console.log(`fuzz: seed ${seed}, cases ${from}…${from + Math.max(nCore, nCli, nServer) - 1}, ${((Date.now() - started) / 1000).toFixed(0)} s; ${kept ? `failing cases kept in ${outDir}` : 'no failing case kept'}`);
  if (problems.length) {
    console.log(`FAILED (${problems.length}):`);
    for (const p of problems) console.log(p);
    process.exit(1);
  }
}

void main();
