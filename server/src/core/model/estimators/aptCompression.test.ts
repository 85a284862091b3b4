// The pulled (gzip) size of an apt install: `-dev` packages (headers, static libraries) at their measured
// ratio (compression.json `dev-packages`, scripts/measure-deb-compression.sh), everything else at the ELF one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { compressionRatio } from '../../data/compression';
import { aptCompressedBytes, isDevPackage } from './apt';

function aptPart(dockerfile: string) {
  const model = buildSizeModel(parseDockerfile(dockerfile), { platform: 'linux/amd64', bandwidthMbps: 50 });
  const layer = model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
  return layer.estimate.parts.find((p) => /^apt: /.test(p.label))!;
}

test('the measured dev-packages ratio is the one in compression.json, well below the binary ratio', () => {
  const dev = compressionRatio('dev-packages');
  const bin = compressionRatio('binary');
  // 17 -dev .debs of the chroot sets: 92.3 MB of files -> 23.6 MB gzip (0.255); ELF files 0.389.
  assert.ok(dev > 0.2 && dev < 0.3, `dev ratio ${dev}`);
  assert.ok(dev < bin * 0.75, `dev ${dev} vs binary ${bin}`);
});

test('isDevPackage: -dev names only', () => {
  for (const n of ['libc6-dev', 'linux-libc-dev', 'libssl-dev', 'libstdc++-12-dev', 'zlib1g-dev']) assert.ok(isDevPackage(n), n);
  for (const n of ['libc6', 'make', 'libdevmapper1.02.1', 'dev-tools-x', 'libssl3t64']) assert.ok(!isDevPackage(n), n);
});

test('aptCompressedBytes: each member at its class ratio, other bytes at the binary ratio', () => {
  const dev = compressionRatio('dev-packages');
  const bin = compressionRatio('binary');
  const members = new Map([
    ['libc6-dev', 10_000_000],
    ['make', 400_000],
  ]);
  assert.equal(aptCompressedBytes(members, 150_000), Math.round(10_000_000 * dev + 400_000 * bin + 150_000 * bin));
  assert.equal(aptCompressedBytes(new Map()), 0);
});

test('an install of headers and static libraries is pulled at about the dev ratio, a tool at the binary one', () => {
  const dev = compressionRatio('dev-packages');
  const bin = compressionRatio('binary');
  // libc6-dev on jammy: libc6-dev, linux-libc-dev, libcrypt-dev, libtirpc-dev, libnsl-dev (all -dev) + libc-dev-bin, rpcsvc-proto.
  const headers = aptPart('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends libc6-dev && rm -rf /var/lib/apt/lists/*\n');
  const r = headers.compressedBytes / headers.bytes;
  assert.ok(r > dev * 0.98 && r < dev * 1.15, `libc6-dev closure ratio ${r.toFixed(3)} (dev ${dev})`);
  // jq + its libraries: no -dev package, the binary ratio as before.
  const tool = aptPart('FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*\n');
  assert.ok(Math.abs(tool.compressedBytes / tool.bytes - bin) < 0.002, `jq ratio ${(tool.compressedBytes / tool.bytes).toFixed(3)}`);
});
