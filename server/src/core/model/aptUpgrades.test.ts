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
  { name: 'ubuntu: versions unknown, nothing modelled', text: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y ca-certificates\n', opts: {}, upgraded: [], counted: false },
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
  // No version data (ubuntu): still unknown, not zero.
  const [ubuntu] = runLayers('FROM ubuntu:24.04\nRUN apt-get update && apt-get upgrade -y\n');
  assert.ok(ubuntu!.estimate.parts.some((p) => p.unknown && /upgrade/.test(p.label)));
});
