// apt's same-source upgrades (APT::Get::Upgrade-By-Source-Package) and `apt-get upgrade`, read
// against the shipped index (server/data/apt/base-sources.json) and the bases' recorded versions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../parse/dockerfile';
import { aptBaseSources } from './dataAccess';
import { buildSizeModel } from './sizeModel';
import type { ModelOptions } from './types';

const runLayers = (text: string, opts: Partial<ModelOptions> = {}) =>
  [...buildSizeModel(parseDockerfile(text), opts).layers.values()].filter((l) => l.instruction.keyword === 'RUN');
const upgradeParts = (l: ReturnType<typeof runLayers>[number]) => l.estimate.parts.filter((p) => /upgrade/.test(p.label));

const table = aptBaseSources()!;
const archiveSsl = table.archiveVersion('trixie', 'amd64', 'libssl3t64')!;
/** A base whose openssl binaries are older than the archive; everything else unknown. */
const OLD_SSL = { libssl3t64: '3.0.0-1', 'openssl-provider-legacy': '3.0.0-1' };

test('the shipped table knows which binaries share a source with base packages', () => {
  assert.equal(table.sourceOf('trixie', 'openssl'), 'openssl');
  assert.equal(table.sourceOf('trixie', 'libssl-dev'), 'openssl');
  assert.equal(table.sourceOf('bookworm', 'libc6-dev'), 'glibc');
  assert.ok(table.baseBinaries('trixie', 'openssl').includes('libssl3t64'));
  assert.ok(table.baseBinaries('bookworm', 'glibc').includes('libc6'));
  assert.match(archiveSsl, /^3\./);
  assert.equal(table.sourceOf('trixie', 'curl'), undefined, 'curl has no binary in the base');
});

const SSL_INSTALL = 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n';

const cases: { name: string; text: string; opts: Partial<ModelOptions>; upgraded: string[]; counted: boolean }[] = [
  { name: 'base older than the archive: openssl pulls its libssl3t64 along', text: SSL_INSTALL, opts: { aptBaseVersions: OLD_SSL }, upgraded: ['libssl3t64', 'openssl-provider-legacy'], counted: true },
  { name: 'base as new as the archive: nothing to upgrade', text: SSL_INSTALL, opts: { aptBaseVersions: 'archive' }, upgraded: [], counted: false },
  {
    name: 'the archive of the build day had the base versions: nothing to upgrade',
    text: SSL_INSTALL,
    opts: { aptBaseVersions: OLD_SSL, aptArchiveVersions: OLD_SSL },
    upgraded: [],
    counted: false,
  },
  {
    name: 'Upgrade-By-Source-Package turned off',
    text: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y -o APT::Get::Upgrade-By-Source-Package=false ca-certificates\n',
    opts: { aptBaseVersions: OLD_SSL },
    upgraded: [],
    counted: false,
  },
  { name: 'a package of another source upgrades nothing', text: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y jq\n', opts: { aptBaseVersions: OLD_SSL }, upgraded: [], counted: false },
  { name: 'naming an outdated base package upgrades it', text: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y libssl3t64\n', opts: { aptBaseVersions: OLD_SSL }, upgraded: ['libssl3t64', 'openssl-provider-legacy'], counted: true },
  { name: 'the data\'s recorded base build: a possible upgrade, in the range only', text: SSL_INSTALL, opts: {}, upgraded: ['libssl3t64'], counted: false },
  // ubuntu:24.04's recorded build (repo-info 24.04.md@34e0037a, 2026-08-17) has libssl3t64 3.0.13-0ubuntu3.12; noble's archive is newer.
  { name: 'ubuntu:24.04: ca-certificates pulls openssl, a possible libssl3t64 upgrade in the range', text: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n', opts: {}, upgraded: ['libssl3t64'], counted: false },
  {
    name: 'ubuntu:24.04 priced by the Debian stand-in (gosu is in universe): the upgrade is still read from noble\'s own table',
    text: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends gosu openssl\n',
    opts: {},
    upgraded: ['libssl3t64'],
    counted: false,
  },
  // ubuntu:22.04's recorded build (repo-info 22.04.md@c577a25d, 2026-07-31): libssl3 3.0.2-0ubuntu1.26. Its apt (2.4.14)
  // has no Upgrade-By-Source-Package, but openssl depends on libssl3, so the upgrade is still possible.
  { name: 'ubuntu:22.04: openssl depends on the base\'s libssl3, a possible upgrade in the range', text: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n', opts: {}, upgraded: ['libssl3'], counted: false },
  // libssl-doc (openssl source, no dependencies): apt 2.4 leaves libssl3 alone; apt >= 2.6 would rewrite it.
  { name: 'ubuntu:22.04 (apt 2.4): a same-source package that does not depend on the base binary upgrades nothing', text: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y libssl-doc\n', opts: {}, upgraded: [], counted: false },
];

for (const c of cases) {
  test(`same-source upgrades: ${c.name}`, () => {
    const [layer] = runLayers(c.text, c.opts);
    const parts = upgradeParts(layer!);
    if (!c.upgraded.length) {
      assert.deepEqual(parts.map((p) => p.label), []);
      return;
    }
    assert.equal(parts.length, 1, parts.map((p) => p.label).join(' / '));
    const part = parts[0]!;
    for (const name of c.upgraded) assert.match(part.label + part.source, new RegExp(name));
    if (c.counted) {
      assert.ok(part.bytes > 1e6, `libssl3t64 is megabytes: ${part.bytes}`);
      assert.match(part.source, new RegExp(`3\\.0\\.0-1 → ${archiveSsl.replace(/[.+~]/g, '\\$&')}`));
      const [without] = runLayers(c.text, { aptBaseVersions: 'archive' });
      assert.equal(layer!.estimate.bytes, without!.estimate.bytes + part.bytes);
    } else {
      assert.equal(part.bytes, 0);
      assert.ok(part.high > 1e6, 'the high end covers the upgrade');
      const [without] = runLayers(c.text, { aptBaseVersions: 'archive' });
      assert.equal(layer!.estimate.bytes, without!.estimate.bytes, 'the point estimate assumes a current base');
      assert.ok(layer!.estimate.high > without!.estimate.high);
    }
  });
}

test('ubuntu: the upgrade compares Ubuntu versions with Ubuntu\'s archive, also on the Debian stand-in', () => {
  assert.equal(table.sourceOf('noble', 'openssl'), 'openssl');
  assert.ok(table.baseBinaries('noble', 'openssl').includes('libssl3t64'));
  for (const text of ['FROM ubuntu:24.04\nRUN apt-get install -y openssl\n', 'FROM ubuntu:24.04\nRUN apt-get install -y gosu openssl\n']) {
    const part = upgradeParts(runLayers(text)[0]!)[0]!;
    assert.match(part.source, /libssl3t64 3\.0\.13-0ubuntu3\.12 → 3\.0\.13-0ubuntu3\.\d+/);
  }
});

test('mongo:8 (held-out): with the base\'s versions and the archive of the build day, libssl3t64 is rewritten and the layer comes out at its real size', () => {
  // repo-info mongo/remote/8.md@093fce75: built 2026-09-08 on the ubuntu:24.04 of 2026-08-17 (libssl3t64 3.0.13-0ubuntu3.12);
  // noble-20260905.md@9aa76945 already has 3.0.13-0ubuntu3.15. Real layer: 4,184,813 B; without the upgrade the model said 1.66 MB.
  const text = 'FROM ubuntu:24.04\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates jq numactl procps; rm -rf /var/lib/apt/lists/*\n';
  const [layer] = runLayers(text, { aptBaseVersions: { libssl3t64: '3.0.13-0ubuntu3.12' }, aptArchiveVersions: { libssl3t64: '3.0.13-0ubuntu3.15' } });
  const part = upgradeParts(layer!)[0]!;
  assert.match(part.label, /upgrades base libssl3t64/);
  assert.ok(part.bytes > 5e6, `libssl3t64 ${part.bytes}`);
  const ratio = layer!.estimate.compressedBytes / 4_184_813;
  assert.ok(ratio > 0.85 && ratio < 1.15, `estimate ${layer!.estimate.compressedBytes} vs real 4184813`);
});

test('apt < 2.6 has no Upgrade-By-Source-Package: the base\'s recorded apt version decides', () => {
  const text = 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y libssl-doc\n';
  const old = { libssl3: '3.0.2-0ubuntu1.26' };
  const [apt24] = runLayers(text, { aptBaseVersions: { ...old, apt: '2.4.14' } });
  const [apt26] = runLayers(text, { aptBaseVersions: { ...old, apt: '2.6.1' } });
  assert.deepEqual(upgradeParts(apt24!).map((p) => p.label), []);
  const part = upgradeParts(apt26!)[0]!;
  assert.match(part.label, /upgrades base libssl3 \(same source as libssl-doc\)/);
  assert.equal(apt26!.estimate.bytes, apt24!.estimate.bytes + part.bytes);
  // focal (apt 2.0.9, recorded): libc6-dev depends on libc6, not on libc-bin, so only libc6 may be rewritten.
  const focal = upgradeParts(runLayers('FROM ubuntu:20.04\nRUN apt-get update && apt-get install -y --no-install-recommends libc6-dev\n')[0]!)[0]!;
  assert.match(focal.source, /libc6 2\.31-0ubuntu9\.9 → /);
  assert.doesNotMatch(focal.source, /libc-bin/);
});

test('an upgrade happens once: a later install of the same source does not count it again', () => {
  const layers = runLayers(`${SSL_INSTALL}RUN apt-get update && apt-get install -y libssl-dev\n`, { aptBaseVersions: OLD_SSL });
  assert.equal(upgradeParts(layers[0]!).length, 1);
  assert.equal(upgradeParts(layers[1]!).length, 0);
});

test('apt-get upgrade: the outdated base packages, or nothing when the base is current', () => {
  const text = 'FROM debian:trixie-slim\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n';
  const [old] = runLayers(text, { aptBaseVersions: { ...OLD_SSL, libc6: '2.0-1', 'libc-bin': '2.0-1' } });
  const part = upgradeParts(old!)[0]!;
  assert.match(part.label, /libc6|libssl3t64/);
  assert.ok(part.bytes > 5e6, `${part.bytes}`);
  const [current] = runLayers(text, { aptBaseVersions: 'archive' });
  assert.equal(current!.estimate.bytes, 0);
  assert.equal(current!.estimate.parts.some((p) => p.unknown), false);
  // ubuntu:22.04's recorded build: what jammy's archive has newer (apt 2.4.14 -> 2.4.15ubuntu0.1 …), in the range only.
  const [jammy] = runLayers('FROM ubuntu:22.04\nRUN apt-get update && apt-get upgrade -y\n');
  const jup = upgradeParts(jammy!).find((p) => /may upgrade base/.test(p.label))!;
  assert.ok(jup && jup.bytes === 0 && jup.high > 1e6, jup?.label);
  assert.match(jup.source, /apt 2\.4\.14 → 2\.4\.\d+/);
  assert.match(jup.source, /22\.04\.md@c577a25d/);
  // ubuntu:24.04's recorded build: what noble's archive has newer, in the range only.
  const [noble] = runLayers('FROM ubuntu:24.04\nRUN apt-get update && apt-get upgrade -y\n');
  const up = upgradeParts(noble!).find((p) => /may upgrade base/.test(p.label))!;
  assert.ok(up && up.bytes === 0 && up.high > 1e6, up?.label);
});
