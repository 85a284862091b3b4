// The path index never misses an entry an rm/chown of the target concerns: checked against a scan
// of every entry with covers/isPartOf, for random paths and targets (globs, escapes, odd paths).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { entriesAt, entriesNear } from './fsIndex';
import { covers } from './paths';
import { isPartOf } from './estimators/runContext';
import type { FsEntry } from './types';

const segment = fc.constantFrom('usr', 'lib', 'var', 'apt', 'lists', 'a', 'b.txt', 'x*', 'l[a-z]b', 'q?', '\\*', '.', '..', '', 'local', 'src');
const pathText = fc.array(segment, { minLength: 0, maxLength: 5 }).chain((segs) => fc.constantFrom('/' + segs.join('/'), segs.join('/'), '/' + segs.join('/') + '/'));
// The model's entries are absolute (resolvePath); `covers` never ends on a relative one.
const entryPath = fc.array(segment, { minLength: 0, maxLength: 5 }).chain((segs) => fc.constantFrom('/' + segs.join('/'), '/' + segs.join('/') + '/'));

function entry(path: string, i: number): FsEntry {
  return { path, bytes: i, low: i, high: i, kind: i % 3 ? 'other' : 'packages', label: path, createdBy: i } as FsEntry;
}

test('entriesNear returns every entry covers/isPartOf accept, in fs order', () => {
  fc.assert(
    fc.property(fc.array(entryPath, { maxLength: 30 }), pathText, (paths, target) => {
      const fs = paths.map(entry);
      const near = entriesNear(fs, target);
      const want = fs.filter((e) => covers(target, e.path) || isPartOf(target, e));
      for (const e of want) assert.ok(near.includes(e), `missed ${e.path} for ${target}`);
      assert.deepEqual(near, fs.filter((e) => near.includes(e)), 'not in fs order');
    }),
    { numRuns: 3000, seed: 16 },
  );
});

test('the index follows pushes to the same array and a replaced array', () => {
  const fs = [entry('/usr', 0)];
  assert.equal(entriesNear(fs, '/usr/lib/x').length, 1);
  fs.push(entry('/usr/lib/x', 1), entry('/var/lib/apt/lists', 2));
  assert.deepEqual(entriesNear(fs, '/var/lib/apt/lists/*').map((e) => e.path), ['/var/lib/apt/lists']);
  assert.deepEqual(entriesAt(fs, new Set(['/usr/lib/x', '/usr'])).map((e) => e.path), ['/usr', '/usr/lib/x']);
  const fewer = fs.filter((e) => e.path !== '/usr');
  assert.deepEqual(entriesNear(fewer, '/usr/lib/x').map((e) => e.path), ['/usr/lib/x']);
});

test('an rm in each of 20,000 layers looks at the entries near its target only', () => {
  // Work count, not time: with a scan each rm would visit ~10,000 entries on average.
  const fs: FsEntry[] = [];
  let visited = 0;
  for (let i = 0; i < 20_000; i++) {
    fs.push(entry(`/opt/app-${i}`, i));
    visited += entriesNear(fs, '/var/lib/apt/lists/*').length + entriesNear(fs, `/opt/app-${i}/cache`).length;
  }
  assert.equal(visited, 20_000);
});
