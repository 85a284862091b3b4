/** scripts/npm-corpus.mjs: which npm packages the corpora install, and the npm table covering all of them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// @ts-expect-error plain ESM script without type declarations
import { corpusNames, dockerfileText, npmNamesIn } from '../scripts/npm-corpus.mjs';
import { knownNpmPackages, npmPackageSize } from '../server/src/core/data/npmSizes';
import { loadDataJson } from '../server/src/core/data/dataDir';

const ROOT = path.resolve(__dirname, '..');

test('install commands name packages; versions in variables keep the name; flags, paths and prose do not count', () => {
  const names: string[] = npmNamesIn(
    [
      'RUN set -eux; \tnpm install -g "ghost-cli@$GHOST_CLI_VERSION"; \tnpm cache clean --force',
      'RUN yarn global add express-gateway@$EG_VERSION && yarn cache clean',
      'RUN npm i --omit=dev @nestjs/cli@10 ./local-dir git+https://example.com/x.git',
      'RUN pnpm add typescript@5.4.0',
    ].join('\n'),
  );
  assert.deepEqual(names.sort(), ['@nestjs/cli', 'express-gateway', 'ghost-cli', 'typescript']);
});

test('JSON corpora: only RUN/Dockerfile strings are read, not the notes beside them', () => {
  const text = fs.readFileSync(path.join(ROOT, 'bench/accuracy/heldout-layers.json'), 'utf8');
  const names: string[] = npmNamesIn(dockerfileText('heldout-layers.json', text));
  for (const n of ['express-gateway', 'ghost-cli', 'mongo-express', 'rtlcss']) assert.ok(names.includes(n), n);
  // The notes say "npm install mongo-express@0.54.0 (npm 6, node 12) into / ." and "yarn global add ... then yarn cache clean".
  for (const prose of ['then', 'into', 'named', 'cache', 'node']) assert.ok(!names.includes(prose), prose);
  assert.equal(npmNamesIn(dockerfileText('notes.md', 'You can npm install keeps the cache.\n```\nRUN npm install -g rtlcss\n```\n')).join(), 'rtlcss');
});

test('the npm table holds every package the corpora install, with why and when it was added', () => {
  const corpus: Map<string, string> = corpusNames(ROOT, ['examples', 'test', 'bench']);
  assert.ok(corpus.has('express-gateway') && corpus.has('ghost-cli'));
  const known = new Set(knownNpmPackages());
  const missing = [...corpus.keys()].filter((n) => !known.has(n));
  assert.deepEqual(missing, [], `run node --import tsx scripts/gen-npm-sizes.mjs (incremental) to add ${missing.join(', ')}`);
  const data = loadDataJson<{ added: Record<string, string[]>; why: Record<string, string>; packages: Record<string, unknown> }>('npm-packages.json');
  const dated = new Set(Object.values(data.added).flat());
  assert.deepEqual(Object.keys(data.packages).filter((n) => !dated.has(n)), [], 'every package has the date it was measured');
  assert.equal(data.why['express-gateway'], 'bench/accuracy/heldout-layers.json');
});

test('incremental regeneration reads the shipped table back exactly: every closure, version and size', async () => {
  // @ts-expect-error plain ESM script without type declarations
  const { previousClosures } = await import('../scripts/gen-npm-sizes.mjs');
  const file = path.join(ROOT, 'server/data/npm-packages.json');
  const prev = previousClosures(file) as { packages: Map<string, { entry: { v: string }; keys: string[] }>; sizes: Map<string, { bytes: number; tgz: number }>; added: Record<string, string[]> };
  const names = knownNpmPackages();
  assert.equal(prev.packages.size, names.length);
  for (const name of names) {
    const kept = prev.packages.get(name)!;
    const size = npmPackageSize(name)!;
    assert.equal(kept.entry.v, size.version, name);
    assert.equal(kept.keys[0]!.replace(/@[^@]*$/, ''), name, `${name}: the package's own member comes first`);
    assert.equal(kept.keys.length, size.packages, name);
    assert.equal(kept.keys.reduce((s, k) => s + prev.sizes.get(k)!.bytes, 0), size.bytes, name);
    assert.equal(kept.keys.reduce((s, k) => s + prev.sizes.get(k)!.tgz, 0), size.tarballBytes, name);
  }
  assert.deepEqual(Object.values(prev.added).flat().sort(), [...names].sort());
});
