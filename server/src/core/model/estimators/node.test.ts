// npm / yarn installs priced from the real npm table (server/data/npm-packages.json) and, for packages
// not in it, from a registry look-up when network look-ups are on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel, type ModelEnvironment } from '../sizeModel';
import { NPM_CACHE_GZ_PER_PACKAGE, npmCacheCompressedBytes, npmInstallSize, npmPackageSize, PACKUMENT_GZIP_RATIO, PUBLIC_REGISTRY_GZ_PER_VERSION, yarnV1CacheBytes } from '../../data/npmSizes';
import { parseRegistryQuery } from '../registryQueries';

function layer(dockerfile: string, network = false, env: ModelEnvironment = {}) {
  const model = buildSizeModel(parseDockerfile(dockerfile), { network }, env);
  const layers = [...model.layers.values()].filter((l) => l.makesLayer);
  return { layer: layers[layers.length - 1]!, model };
}
const part = (l: ReturnType<typeof layer>['layer'], re: RegExp) => l.estimate.parts.find((p) => re.test(p.label));

test('a named global install is its measured closure, at medium confidence', () => {
  const { layer: l } = layer('FROM node:22-slim\nRUN npm install -g typescript');
  const p = part(l, /^npm: typescript/)!;
  assert.equal(p.bytes, npmPackageSize('typescript')!.bytes);
  assert.equal(p.confidence, 'medium');
  assert.ok(p.low! < p.bytes && p.high! > p.bytes);
  const cache = part(l, /^npm cache/)!;
  assert.equal(cache.bytes, npmPackageSize('typescript')!.cacheBytes);
});

test('a pinned version other than the measured one is low confidence with a wide range', () => {
  const { layer: l } = layer('FROM node:22-slim\nRUN npm install -g typescript@3.9.7');
  const p = part(l, /^npm: typescript/)!;
  assert.equal(p.confidence, 'low');
  assert.match(p.source ?? '', /another version measured/);
});

test('ARG/ENV in the spec are expanded before the look-up', () => {
  const v = npmPackageSize('ghost-cli')!.version;
  const { layer: l } = layer(`FROM node:22-slim\nENV GHOST_CLI_VERSION ${v}\nRUN npm install -g "ghost-cli@$GHOST_CLI_VERSION"`);
  const p = part(l, /^npm: ghost-cli/)!;
  assert.equal(p.bytes, npmPackageSize('ghost-cli')!.bytes);
});

test('several packages: shared dependencies once', () => {
  const { layer: l } = layer('FROM node:22-slim\nWORKDIR /app\nRUN npm install express body-parser cors');
  const p = part(l, /^npm: express/)!;
  assert.equal(p.bytes, npmInstallSize(['express', 'body-parser', 'cors']).bytes);
  assert.ok(p.bytes < npmPackageSize('express')!.bytes + npmPackageSize('body-parser')!.bytes + npmPackageSize('cors')!.bytes);
});

test('yarn v1 keeps every package unpacked in its cache: the cache part follows', () => {
  const { layer: l } = layer('FROM node:22-slim\nWORKDIR /app\nRUN yarn global add typescript');
  const cache = part(l, /^yarn cache/)!;
  assert.equal(cache.bytes, yarnV1CacheBytes(npmPackageSize('typescript')!));
  assert.ok(cache.bytes > npmPackageSize('typescript')!.bytes, 'more than node_modules');
});

test('a package not in the table: unknown with look-ups off, never 0', () => {
  const { layer: l } = layer('FROM node:22-slim\nRUN npm install -g surely-not-in-the-table-qq');
  const p = part(l, /surely-not-in-the-table-qq/)!;
  assert.ok(p.unknown);
  assert.match(p.label + (p.source ?? ''), /network look-ups are off/);
});

test('a package not in the table: the registry answer when look-ups are on', () => {
  const asked: string[] = [];
  const remoteSize = (url: string) => {
    asked.push(url);
    const q = parseRegistryQuery(url);
    if (!q || !('registry' in q) || q.name !== 'surely-not-in-the-table-qq') return undefined;
    if (q.kind === 'npm-packuments') return undefined;
    return q.kind === 'npm-installed' ? { bytes: 5_000_000, source: 'dist.unpackedSize of surely-not-in-the-table-qq@1.0.0, 12 packages from registry.npmjs.org' } : { bytes: 1_500_000, source: 'tarballs' };
  };
  const pending = layer('FROM node:22-slim\nRUN npm install -g surely-not-in-the-table-qq@^1', true, { remoteSize: () => undefined });
  assert.ok(part(pending.layer, /surely-not-in-the-table-qq/)!.unknown, 'unknown until the answer is there');
  assert.ok(pending.model.remoteUrls.some((u) => u === 'https://registry.npmjs.org/surely-not-in-the-table-qq#size-hints:npm-installed:^1'), pending.model.remoteUrls.join(' '));
  const { layer: l } = layer('FROM node:22-slim\nRUN npm install -g surely-not-in-the-table-qq@^1', true, { remoteSize });
  const p = part(l, /^npm: surely-not-in-the-table-qq/)!;
  assert.equal(p.bytes, 5_000_000);
  assert.equal(p.confidence, 'low');
  assert.equal(part(l, /^npm cache/)!.bytes, 1_500_000);
  assert.ok(asked.length >= 2);
});

test('a pin the table does not hold: the registry closure of that version when look-ups are on, the table otherwise', () => {
  // ghost:6 (repo-info) pins ghost-cli 1.29.3: npm 11 installs it as 629 packages (15.9 MB gzipped), the table's latest as 306.
  const measured = npmPackageSize('ghost-cli')!;
  const pin = '1.29.3';
  assert.notEqual(measured.version, pin);
  const dockerfile = `FROM node:22-slim\nENV GHOST_CLI_VERSION=${pin}\nRUN npm install -g "ghost-cli@$GHOST_CLI_VERSION" && npm cache clean --force`;
  const remoteSize = (url: string) => {
    const q = parseRegistryQuery(url);
    if (!q || !('registry' in q) || q.name !== 'ghost-cli' || q.range !== pin) return undefined;
    return q.kind === 'npm-installed' ? { bytes: 72_000_000, source: `dist.unpackedSize of ghost-cli@${pin}, 629 packages from registry.npmjs.org` } : { bytes: 21_000_000, source: 'tarballs' };
  };
  const looked = part(layer(dockerfile, true, { remoteSize }).layer, /^npm: ghost-cli/)!;
  assert.equal(looked.bytes, 72_000_000);
  assert.match(looked.label, /629 packages/);
  assert.match(looked.source ?? '', /from the registry now/);
  assert.equal(looked.confidence, 'low');
  // Off, or no answer (yet): the table's version stands in, said so.
  for (const [network, env] of [[false, {}], [true, { remoteSize: () => undefined }]] as const) {
    const p = part(layer(dockerfile, network, env).layer, /^npm: ghost-cli/)!;
    assert.equal(p.bytes, measured.bytes);
    assert.match(p.source ?? '', /another version measured/);
  }
});

test('yarn global add installs into yarn\'s global folder, not npm\'s', () => {
  // express-gateway (repo-info): NODE_PATH=/usr/local/share/.config/yarn/global/node_modules/ after `yarn global add` as root.
  const kept = layer('FROM node:22-slim\nRUN yarn global add typescript && yarn cache clean').layer;
  assert.ok(part(kept, /^yarn: typescript/)!.bytes > 0);
  const removedYarn = layer('FROM node:22-slim\nRUN yarn global add typescript && yarn cache clean && rm -rf /usr/local/share/.config/yarn/global').layer;
  assert.ok(removedYarn.estimate.bytes < npmPackageSize('typescript')!.bytes * 0.1, `${removedYarn.estimate.bytes}`);
  const removedNpm = layer('FROM node:22-slim\nRUN yarn global add typescript && yarn cache clean && rm -rf /usr/local/lib/node_modules').layer;
  assert.ok(removedNpm.estimate.bytes > npmPackageSize('typescript')!.bytes * 0.9, 'npm\'s global folder is not where yarn put it');
});

// What `npm install -g` really wrote, tarred and gzipped as a layer (scripts/measure-npm-cache.mjs, npm 11.19.1).
const layout = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../bench/accuracy/npm-cache-layout.json'), 'utf8')) as {
  packages: Record<string, { packages: number; tarballBytes: number; packumentBytes: number; packumentVersions: number; cacheGz: number; prefixGz: number; registryServed: { withSignatures: number } }>;
};

test('npm cache in a layer: the measured constants give each measured install\'s gzipped ~/.npm within 8 % (rtlcss +7.0 %, express −1.7 %, nodemon +0.6 %)', () => {
  for (const [name, m] of Object.entries(layout.packages)) {
    // This registry serves no signatures (so none are priced here): tarballs + packuments + per-package entries.
    assert.equal(m.registryServed.withSignatures, 0, name);
    const priced = npmCacheCompressedBytes({ tarballBytes: m.tarballBytes, packumentBytes: m.packumentBytes, packumentVersions: 0, packages: m.packages });
    assert.ok(Math.abs(priced - m.cacheGz) / m.cacheGz < 0.08, `${name}: ${priced} priced, ${m.cacheGz} measured`);
    // The old ratio (packuments at a tenth, no index entries) was short on every one.
    assert.ok(m.tarballBytes + m.packumentBytes * 0.1 < m.cacheGz * 0.97, name);
    // node_modules gzips to about its tarballs (what the model uses for it): within 10 %.
    assert.ok(Math.abs(m.prefixGz - m.tarballBytes) / m.tarballBytes < 0.1, `${name}: ${m.prefixGz} vs ${m.tarballBytes}`);
  }
});

test('the table counts the versions of each closure\'s packuments, as the measured install found them', () => {
  for (const name of Object.keys(layout.packages)) {
    const m = layout.packages[name]!;
    const t = npmInstallSize([name]);
    assert.ok(Math.abs(t.packumentVersions - m.packumentVersions) / m.packumentVersions < 0.1, `${name}: table ${t.packumentVersions}, install ${m.packumentVersions}`);
    assert.ok(Math.abs(t.packumentBytes - m.packumentBytes) / m.packumentBytes < 0.1, `${name}: table ${t.packumentBytes}, install ${m.packumentBytes}`);
  }
});

test('npm install -g rtlcss (odoo): the cache part prices tarballs, packuments, their signatures per version and index entries', () => {
  // odoo:14's layer (repo-info, debian:buster-slim, npm 5.8): 456,651 B gzipped, node_modules and ~/.npm kept.
  const l = layer('FROM debian:bullseye-slim\nRUN npm install -g rtlcss').layer;
  const t = npmInstallSize(['rtlcss']);
  assert.equal(t.packages, 7);
  const cache = part(l, /^npm cache/)!;
  const expected = t.tarballBytes + t.packumentBytes * PACKUMENT_GZIP_RATIO + t.packumentVersions * PUBLIC_REGISTRY_GZ_PER_VERSION + 7 * NPM_CACHE_GZ_PER_PACKAGE;
  assert.equal(cache.compressedBytes, Math.round(expected));
  // The packuments' part is now more than the tarballs' (510 versions for 7 packages).
  assert.ok(cache.compressedBytes! - t.tarballBytes > t.tarballBytes, `${cache.compressedBytes}`);
  const total = l.estimate.compressedBytes;
  assert.ok(Math.abs(total - 456_651) / 456_651 < 0.2, `${total}`);
});

test('a looked-up closure kept in ~/.npm: its packuments are priced as the table\'s (bytes as served × ratio, per version, per package)', () => {
  // mongo-express (repo-info) pins 1.0.0-alpha.4 and keeps the cache: with look-ups on, the registry's closure of the pin.
  const pin = '1.0.0-alpha.4';
  const answers: Record<string, { bytes: number; count?: number; source: string }> = {
    'npm-installed': { bytes: 27_337_713, source: `files of mongo-express@${pin}, 321 packages` },
    'npm-tarballs': { bytes: 8_039_679, source: 'tarballs' },
    'npm-packuments': { bytes: 15_260_319, count: 8_651, source: 'packuments' },
  };
  const remoteSize = (url: string) => {
    const q = parseRegistryQuery(url);
    return q && 'registry' in q && q.name === 'mongo-express' && q.range === pin ? answers[q.kind] : undefined;
  };
  const dockerfile = `FROM node:18-alpine\nRUN npm install mongo-express@${pin}`;
  const cache = part(layer(dockerfile, true, { remoteSize }).layer, /^npm cache/)!;
  assert.equal(cache.bytes, 8_039_679 + 15_260_319);
  assert.equal(cache.compressedBytes, Math.round(8_039_679 + 15_260_319 * PACKUMENT_GZIP_RATIO + 8_651 * PUBLIC_REGISTRY_GZ_PER_VERSION + 321 * NPM_CACHE_GZ_PER_PACKAGE));
  // Without the packuments' answer (an older cache entry): tarballs and index entries only, as before.
  delete answers['npm-packuments'];
  const bare = part(layer(dockerfile, true, { remoteSize }).layer, /^npm cache/)!;
  assert.equal(bare.compressedBytes, Math.round(8_039_679 + 321 * NPM_CACHE_GZ_PER_PACKAGE));
});
