// How far a stand-in base image's sizes are from the real ones: for every tag in server/data/base-images.json,
// leave it (and its aliases) out, ask which tag would stand in for it (the same rule the model uses for a tag
// the data lacks), and compare the two images' linux/amd64 compressed sizes from repo-info. The ratios bound
// the range the model gives a stand-in's size (server/src/core/model/sizeModel.ts reads the summary).
//
//   node --import tsx scripts/measure-base-standins.ts          rewrites server/data/base-standins.json
//   node --import tsx scripts/measure-base-standins.ts --check  exits 1 when the file is not what the data gives
import fs from 'node:fs';
import path from 'node:path';
import { standInWithout } from '../server/src/core/data/baseImages';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'server/data/base-standins.json');
const data = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/data/base-images.json'), 'utf8')) as {
  readDate: string;
  remoteReadDate?: string;
  images: Record<string, { platforms: Record<string, number>; uncompressedBytes?: number }>;
};

interface Pair {
  tag: string;
  standIn: string;
  /** real ÷ stand-in, linux/amd64 compressed (both from repo-info). */
  compressedRatio: number;
  /** real ÷ stand-in on disk, where repo-info's local reports give both. */
  onDiskRatio?: number;
}
const pairs: Record<'sameVersion' | 'otherVersion', Pair[]> = { sameVersion: [], otherVersion: [] };
for (const key of Object.keys(data.images).sort()) {
  const near = standInWithout(key);
  if (!near) continue;
  const real = data.images[key]!;
  const stand = data.images[near.key]!;
  const a = real.platforms['linux/amd64'];
  const b = stand.platforms['linux/amd64'];
  if (!a || !b) continue;
  const pair: Pair = { tag: key, standIn: near.key, compressedRatio: round(a / b) };
  if (real.uncompressedBytes && stand.uncompressedBytes) pair.onDiskRatio = round(real.uncompressedBytes / stand.uncompressedBytes);
  pairs[near.sameVersion ? 'sameVersion' : 'otherVersion'].push(pair);
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
function summary(list: Pair[]) {
  // Both measures count: the range has to hold the real on-disk size, and most tags have only compressed sizes.
  const ratios = list.flatMap((p) => (p.onDiskRatio === undefined ? [p.compressedRatio] : [p.compressedRatio, p.onDiskRatio])).sort((x, y) => x - y);
  const off = list.map((p) => Math.abs(p.compressedRatio - 1)).sort((x, y) => x - y);
  return {
    pairs: list.length,
    lowestRatio: ratios[0] ?? 1,
    highestRatio: ratios[ratios.length - 1] ?? 1,
    medianOff: off.length ? round(off[Math.floor(off.length / 2)]!) : 0,
  };
}

// Out of sample: each repository's pairs checked against the range the other repositories' pairs give.
function heldOut(list: Pair[]) {
  const repo = (tag: string) => tag.slice(0, tag.lastIndexOf(':'));
  let held = 0;
  for (const p of list) {
    const others = summary(list.filter((q) => repo(q.tag) !== repo(p.tag)));
    const ratios = p.onDiskRatio === undefined ? [p.compressedRatio] : [p.compressedRatio, p.onDiskRatio];
    if (others.pairs && ratios.every((r) => r >= Math.min(1, others.lowestRatio) && r <= Math.max(1, others.highestRatio))) held++;
  }
  return { pairs: list.length, heldByOtherRepositories: held };
}

const file = {
  source: `server/data/base-images.json (repo-info sizes read ${data.readDate}, remote reports ${data.remoteReadDate ?? data.readDate}): every tag left out in turn, its stand-in chosen by the model's nearest-tag rule, the real tag's sizes compared with the stand-in's`,
  generatedBy: 'scripts/measure-base-standins.ts',
  note: 'sameVersion: the stand-in is the same version line (medium confidence); otherVersion: another version of the same major (low). Ratios are real ÷ stand-in, linux/amd64, compressed and (where both local reports exist) on disk. The model widens a stand-in\'s range by the lowest and highest ratio of its kind.',
  summary: { sameVersion: summary(pairs.sameVersion), otherVersion: summary(pairs.otherVersion) },
  outOfSample: { sameVersion: heldOut(pairs.sameVersion), otherVersion: heldOut(pairs.otherVersion) },
  pairs,
};
const text = JSON.stringify(file, null, 2) + '\n';
if (process.argv.includes('--check')) {
  const now = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (now !== text) {
    console.error(`server/data/base-standins.json is not what base-images.json gives: run node --import tsx scripts/measure-base-standins.ts`);
    process.exit(1);
  }
  console.log('server/data/base-standins.json is up to date');
} else {
  fs.writeFileSync(OUT, text);
  console.log(JSON.stringify({ ...file.summary, outOfSample: file.outOfSample }, null, 2));
  for (const kind of ['sameVersion', 'otherVersion'] as const) for (const p of pairs[kind]) console.log(kind.padEnd(13), p.tag.padEnd(34), '←', p.standIn.padEnd(34), p.compressedRatio, p.onDiskRatio ?? '');
}
