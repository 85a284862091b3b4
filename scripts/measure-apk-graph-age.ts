// How much an `apk add X` closure on a newer Alpine release differs when its dependencies come from the
// Alpine 3.17 index instead of the release's own (observed) edges: for every package the newest observed
// release and the 3.17 index both have, the closure's bytes (that release's sizes, its base subtracted) with
// the observed edges ÷ with the 3.17 index alone. Its 10th and 90th percentiles widen the range of
// packages whose dependencies the model still takes from the 3.17 index on 3.18+ (model/estimators/apk.ts).
// Writes server/data/apk/graph-age.json. Run after scripts/gen-apk-db.mjs:  npx tsx scripts/measure-apk-graph-age.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { ApkDatabase } from '../server/src/core/data/apkDb';

const dir = path.resolve(__dirname, '..', 'server', 'data', 'apk');
const raw = JSON.parse(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'apk.json.br'))).toString('utf8'));
const release = Object.keys(raw.observed).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1])).at(-1)!;
const withObserved = new ApkDatabase(raw);
const indexOnly = new ApkDatabase({ ...raw, observed: {} });
const bytes = (db: ApkDatabase, name: string) => db.resolve([name], release, new Set()).packages.reduce((n, p) => n + p.bytes, 0);
const ratios: { name: string; ratio: number }[] = [];
for (const name of Object.keys(raw.observed[release]).sort()) {
  if (!raw.index.packages[name]) continue;
  const old = bytes(indexOnly, name);
  if (old > 0) ratios.push({ name, ratio: bytes(withObserved, name) / old });
}
const sorted = ratios.map((r) => r.ratio).sort((a, b) => a - b);
const quantile = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 1000) / 1000;
const out = {
  what: `apk closure bytes on Alpine ${release}: dependencies observed in real images ÷ dependencies from the Alpine 3.17 index, over the ${sorted.length} packages both have`,
  source: 'server/data/apk/apk.json.br (observed edges: scripts/data/apk-observed-deps.json; index: Alpine v3.17 main); sizes of that release from the repo-info reports the same file holds',
  generatedBy: 'scripts/measure-apk-graph-age.ts',
  release,
  samples: sorted.length,
  low: quantile(0.1),
  median: quantile(0.5),
  high: quantile(0.9),
  largest: ratios.sort((a, b) => b.ratio - a.ratio).slice(0, 5).map((r) => `${r.name} ×${r.ratio.toFixed(2)}`),
  smallest: ratios.slice(-3).map((r) => `${r.name} ×${r.ratio.toFixed(2)}`),
};
fs.writeFileSync(path.join(dir, 'graph-age.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`server/data/apk/graph-age.json: ${sorted.length} packages on ${release}: p10 ×${out.low}, median ×${out.median}, p90 ×${out.high}`);
