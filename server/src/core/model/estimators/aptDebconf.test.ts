// debconf's caches in an apt layer (scripts/measure-apt-debconf.mjs, real docker builds): every install
// opens templates.dat and config.dat for writing; BuildKit drops the unchanged copy-ups, the classic
// builder and podman on overlay storage ship them. Installs of packages using debconf rewrite them for
// real (with -old copies), whatever the builder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { aptCalibration } from '../dataAccess';

function runLayer(dockerfile: string) {
  const model = buildSizeModel(parseDockerfile(dockerfile), { platform: 'linux/amd64', bandwidthMbps: 50 });
  return model.stages.flatMap((s) => s.layers).find((l) => l.instruction.keyword === 'RUN')!;
}
const install = (base: string, pkgs: string) => `FROM debian:${base}\nRUN apt-get update && apt-get install -y --no-install-recommends ${pkgs} && rm -rf /var/lib/apt/lists/*\n`;

test('calibration: the copy-up size is a measured number with its source', () => {
  const cal = aptCalibration()!;
  assert.ok(cal.debconfRewriteBytes! > 500_000 && cal.debconfRewriteBytes! < 1_000_000, String(cal.debconfRewriteBytes));
  // The measured installs with templates keep the -old copies: about twice the copy-up.
  assert.ok(cal.debconfCacheBytes > 1.8 * cal.debconfRewriteBytes! && cal.debconfCacheBytes < 2.2 * cal.debconfRewriteBytes!);
});

test('installs without debconf packages: the copy-up widens the range, not the estimate', () => {
  const cal = aptCalibration()!;
  const cases: [string, string, number][] = [
    // base, packages, the built layer of the classic builder on overlay2 (measured 2026-12-05)
    ['bookworm-slim', 'jq', 1_963_226],
    ['bookworm', 'jq', 2_064_019],
  ];
  for (const [base, pkgs, classic] of cases) {
    const layer = runLayer(install(base, pkgs));
    const part = layer.estimate.parts.find((p) => /debconf caches copied up/.test(p.label));
    assert.ok(part, `${base} ${pkgs}: ${layer.estimate.parts.map((p) => p.label).join(', ')}`);
    assert.equal(part.bytes, 0);
    assert.equal(part.high, cal.debconfRewriteBytes);
    assert.ok(layer.estimate.low <= classic && classic <= layer.estimate.high, `${base} ${pkgs}: ${layer.estimate.low}–${layer.estimate.high} must hold the classic-builder layer ${classic}`);
    const apt = layer.estimate.parts.find((p) => p.label.startsWith('apt: '))!;
    assert.equal(layer.estimate.bytes, apt.bytes, 'the estimate is the BuildKit layer');
  }
});

test('installs of debconf packages rewrite the caches for real: in the estimate, no copy-up part', () => {
  // locales depends on debconf (tzdata would too, but debian:bookworm already has it).
  const layer = runLayer(install('bookworm', 'locales'));
  assert.ok(!layer.estimate.parts.some((p) => /copied up/.test(p.label)));
  const apt = layer.estimate.parts.find((p) => p.label.startsWith('apt: locales'))!;
  assert.ok(apt.bytes > aptCalibration()!.debconfCacheBytes, `${apt.bytes}`);
});

test('an install of nothing new adds no debconf part', () => {
  const layer = runLayer('FROM debian:bookworm\nRUN apt-get install -y --no-install-recommends bash\n');
  assert.ok(!layer.estimate.parts.some((p) => /debconf/.test(p.label)));
});
