// Performance benchmark (not a test): analysis latency per example and for large generated files,
// apt look-ups after load, and memory. Run with `npm run bench`.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyzeDockerfile } from '../server/src/core/analyze';
import { BuildContext } from '../server/src/core/context/buildContext';
import { aptDatabase } from '../server/src/core/model/dataAccess';

const ROOT = path.resolve(__dirname, '..');

function time(fn: () => void, runs = 20): { median: number; p95: number } {
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)], p95: t[Math.floor(t.length * 0.95)] };
}

const rows: string[][] = [['case', 'median ms', 'p95 ms']];
const t0 = performance.now();
aptDatabase()?.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true });
rows.push(['first apt load + resolve', (performance.now() - t0).toFixed(1), '']);

for (const dir of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
  const file = path.join(ROOT, 'examples', dir, 'Dockerfile');
  if (!fs.existsSync(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const context = new BuildContext(path.dirname(file), file);
  const r = time(() => analyzeDockerfile(text, {}, { context }));
  rows.push([`examples/${dir}`, r.median.toFixed(2), r.p95.toFixed(2)]);
}

const big = ['FROM debian:bookworm-slim'];
for (let i = 0; i < 500; i++) big.push(`RUN apt-get update && apt-get install -y --no-install-recommends curl git-${i} \\\n    && rm -rf /var/lib/apt/lists/*`);
const bigText = big.join('\n');
const rb = time(() => analyzeDockerfile(bigText), 5);
rows.push([`generated 500 RUNs (${(bigText.length / 1024).toFixed(0)} KiB)`, rb.median.toFixed(1), rb.p95.toFixed(1)]);

const apt = aptDatabase();
if (apt) {
  const r = time(() => apt.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['build-essential', 'python3-pip', 'git', 'cmake'], installRecommends: true }), 50);
  rows.push(['apt resolve build-essential+python3-pip+git+cmake', r.median.toFixed(3), r.p95.toFixed(3)]);
}
// The built CLI end to end (start-up, data load, analysis of examples/): what a CI job pays.
const cliPath = path.join(ROOT, 'dist/cli.js');
if (fs.existsSync(cliPath)) {
  const run = (args: string[]) => () => spawnSync(process.execPath, [cliPath, ...args], { cwd: ROOT, encoding: 'utf8' });
  const startUp = time(run(['--version']), 5);
  const examples = time(run(['--format', 'json', 'examples']), 5);
  rows.push(['CLI start-up (node + bundle)', startUp.median.toFixed(0), startUp.p95.toFixed(0)]);
  rows.push(['CLI on examples/ (json, incl. start-up)', examples.median.toFixed(0), examples.p95.toFixed(0)]);
}
rows.push(['heap used after all (MB)', (process.memoryUsage().heapUsed / 1e6).toFixed(1), '']);

const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log(r.map((x, c) => (c ? x.padStart(w[c]) : x.padEnd(w[c]))).join('  '));
