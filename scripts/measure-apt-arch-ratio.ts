// Ubuntu's index is amd64 only (ports.ubuntu.com, with arm64/armhf, was not reachable): how much do
// install closures differ between arches? Measured on Debian bookworm's three-arch index, resolved on
// debian:bookworm-slim, with and without recommends; writes the median and spread to
// server/data/apt/ubuntu.json archStandIn. Usage: node --import tsx scripts/measure-apt-arch-ratio.ts
import fs from 'node:fs';
import path from 'node:path';
import { AptDatabase, type AptArch } from '../server/src/core/data/aptDb';
import { basePackageList } from '../server/src/core/data/baseImages';

const dir = path.join(import.meta.dirname, '..', 'server', 'data', 'apt');
const db = AptDatabase.fromDirectory(dir);
const installed = basePackageList('debian:bookworm-slim') ?? [];
const sets = [['curl'], ['git'], ['python3', 'python3-pip'], ['build-essential'], ['ca-certificates', 'wget', 'gnupg'], ['openjdk-17-jre-headless'], ['libpq-dev', 'gcc'], ['nginx'], ['ffmpeg'], ['imagemagick'], ['vim'], ['nodejs', 'npm'], ['postgresql-client'], ['libgl1', 'libglib2.0-0']];
const ratios: Record<string, number[]> = { arm64: [], armhf: [] };
for (const installRecommends of [false, true]) {
  for (const packages of sets) {
    const bytes = (arch: AptArch) => db.resolve({ suite: 'bookworm', arch, packages, installRecommends, installed }).bytes;
    const amd64 = bytes('amd64');
    for (const arch of ['arm64', 'armhf'] as const) ratios[arch]!.push(bytes(arch) / amd64);
  }
}
const round = (x: number) => Math.round(x * 1000) / 1000;
const file = path.join(dir, 'ubuntu.json');
const json = JSON.parse(fs.readFileSync(file, 'utf8'));
json.archStandIn = Object.fromEntries(
  Object.entries(ratios).map(([arch, r]) => {
    const s = [...r].sort((a, b) => a - b);
    const median = (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
    return [arch, { factor: round(median), low: round(s[0]!), high: round(s[s.length - 1]!), source: `median ${arch}/amd64 of ${s.length} install closures on Debian bookworm (range = min–max; scripts/measure-apt-arch-ratio.ts)` }];
  }),
);
fs.writeFileSync(file, JSON.stringify(json, null, 1) + '\n');
console.log(JSON.stringify(json.archStandIn, null, 1));
