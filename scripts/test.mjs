#!/usr/bin/env node
// Runs every test with Node's built-in runner (TypeScript through tsx), then the grammar tests.
//   node scripts/test.mjs [filter]   only files whose path contains `filter`
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filter = process.argv[2];

function find(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) find(p, out);
    else if (/\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

const files = [...find(join(root, 'server')), ...find(join(root, 'client')), ...find(join(root, 'test'))]
  .filter((f) => !f.includes(`${join('test', 'e2e')}`))
  .filter((f) => !filter || f.includes(filter))
  .map((f) => relative(root, f))
  .sort();
if (!files.length) {
  console.error('no test files found');
  process.exit(1);
}
// Types first: tsx strips them, so only tsc catches a type error (and, per tsconfig, dead code).
if (!filter) {
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root, '--noEmit'], { cwd: root, stdio: 'inherit' });
  if (tsc.status !== 0) {
    console.error('type check failed (npx tsc -p . --noEmit)');
    process.exit(1);
  }
}

// Packaging rebuilds dist/ (production): run it after the tests that start dist/server.js.
const serial = files.filter((f) => f.endsWith('package.test.ts'));
const parallel = files.filter((f) => !serial.includes(f));
let status = 0;
for (const group of [parallel, serial]) {
  if (!group.length) continue;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...group], { cwd: root, stdio: 'inherit' });
  status ||= run.status ?? 1;
}
if (!filter && existsSync(join(root, 'scripts/test-grammar.mjs'))) {
  const g = spawnSync(process.execPath, [join(root, 'scripts/test-grammar.mjs')], { cwd: root, stdio: 'inherit' });
  status ||= g.status ?? 1;
}
process.exit(status);
