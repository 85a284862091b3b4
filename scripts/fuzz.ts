// Fuzz run (npm run fuzz): seeded, reproducible generated and mutated Dockerfiles through the core
// (in-process), the built CLI and the language server over stdio (a real LSP client: open, change,
// hover, codeAction, inlayHint at random positions). Counts crashes, hangs over 5 s (CPU time in-process, wall time per request for the CLI and server), fix-all runs
// whose second pass changes something, and peak memory. Exit 1 on any crash or hang.
//   node --import tsx scripts/fuzz.ts [--core N] [--cli N] [--server N] [--seed S] [--out DIR]
// Default (npm run fuzz): 100,000 through the core, 2,000 through the CLI, 2,000 through the server.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuzzCase } from '../test/fuzz/generate';
import { runCoreCase } from '../test/fuzz/fuzzCore';
import { fuzzServer } from '../test/fuzz/fuzzServer';

const ROOT = path.resolve(__dirname, '..');
const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : d;
};
const seed = arg('--seed', 16);
const nCore = arg('--core', 100_000);
const nCli = arg('--cli', 2_000);
const nServer = arg('--server', 2_000);
const outIdx = process.argv.indexOf('--out');
const outDir = outIdx >= 0 ? process.argv[outIdx + 1]! : fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-fuzz-'));
fs.mkdirSync(outDir, { recursive: true });

async function main(): Promise<void> {
  let crashes = 0;
  let hangs = 0;
  let fixed = 0;
  let notIdempotent = 0;
  let slowest = 0;
  const started = Date.now();
  for (let i = 0; i < nCore; i++) {
    const text = fuzzCase(seed, i);
    const o = runCoreCase(text, seed + i);
    slowest = Math.max(slowest, o.ms);
    if (o.fixed) fixed++;
    if (o.crash) {
      crashes++;
      fs.writeFileSync(path.join(outDir, `crash-core-${seed}-${i}.Dockerfile`), text);
      console.log(`core case ${i}: ${o.crash.split('\n')[0]}`);
    }
    if (o.ms > 5000) {
      hangs++;
      fs.writeFileSync(path.join(outDir, `slow-core-${seed}-${i}.Dockerfile`), text);
    }
    if (o.notIdempotent) {
      notIdempotent++;
      fs.writeFileSync(path.join(outDir, `fixall-twice-${seed}-${i}.Dockerfile`), text);
    }
    if (i && i % 5000 === 0) console.log(`core: ${i} cases, ${crashes} crashes, ${hangs} over 5 s, ${notIdempotent} second fix-all changes, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  }
  console.log(`core: ${nCore} cases in ${((Date.now() - started) / 1000).toFixed(0)} s; ${crashes} crashes; ${hangs} over 5 s (slowest ${slowest.toFixed(0)} ms); fix-all changed ${fixed}, a second fix-all changed ${notIdempotent} again; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  // The CLI: cases written as files, 100 per run (one start-up per batch), each with a 5 s budget.
  const cliDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-fuzz-cli-'));
  let cliCrashes = 0;
  for (let b = 0; b < nCli; b += 100) {
    const files: string[] = [];
    for (let i = b; i < Math.min(nCli, b + 100); i++) {
      const f = path.join(cliDir, `c${i}.Dockerfile`);
      fs.writeFileSync(f, fuzzCase(seed + 1, i));
      files.push(f);
    }
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), '--format', 'json', ...files], { encoding: 'utf8', timeout: 5000 * files.length, maxBuffer: 1 << 30 });
    // 0 ok, 1 findings at --fail-on, 2 input errors (e.g. a binary file): anything else (a signal, 134, a stack trace) is a crash.
    if (![0, 1, 2].includes(r.status ?? -1) || /\n\s+at .*\(.*:\d+:\d+\)/.test(r.stderr)) {
      cliCrashes++;
      console.log(`CLI batch ${b}: exit ${r.status} ${r.signal ?? ''} ${r.stderr.slice(0, 300)}`);
      for (const f of files) fs.copyFileSync(f, path.join(outDir, `cli-batch-${b}-${path.basename(f)}`));
    }
  }
  fs.rmSync(cliDir, { recursive: true, force: true });
  console.log(`CLI: ${nCli} files in ${Math.ceil(nCli / 100)} runs; ${cliCrashes} runs crashed or hung`);

  const s = await fuzzServer(seed + 2, nServer, outDir);
  console.log(`server: ${s.cases} documents (open, ${s.requests} requests: change/hover/codeAction/inlayHint); ${s.failures} failures; slowest answer ${s.slowestMs.toFixed(0)} ms; server heap ${s.heapStartMb.toFixed(0)} → ${s.heapEndMb.toFixed(0)} MB`);
  console.log(`cases kept in ${outDir}`);
  if (crashes || hangs || cliCrashes || s.failures) process.exit(1);
}

void main();
