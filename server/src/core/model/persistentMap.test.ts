// PersistentMap against a plain Map under random operations (forks included), and OverlayMap's lookups.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OverlayMap, PersistentMap } from './persistentMap';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

test('behaves like Map under random set/delete, and forks are independent', () => {
  const r = rng(42);
  const pairs: { p: PersistentMap<number>; m: Map<string, number> }[] = [{ p: new PersistentMap(), m: new Map() }];
  for (let step = 0; step < 20_000; step++) {
    const cur = pairs[Math.floor(r() * pairs.length)]!;
    const key = `k${Math.floor(r() * 3000)}`;
    const op = r();
    if (op < 0.6) {
      cur.p.set(key, step);
      cur.m.set(key, step);
    } else if (op < 0.9) assert.equal(cur.p.delete(key), cur.m.delete(key));
    else if (pairs.length < 50) pairs.push({ p: cur.p.fork(), m: new Map(cur.m) });
    assert.equal(cur.p.get(key), cur.m.get(key));
    assert.equal(cur.p.has(key), cur.m.has(key));
  }
  for (const { p, m } of pairs) {
    assert.equal(p.size, m.size);
    assert.deepEqual(new Map([...p].sort()), new Map([...m].sort()));
  }
});

test('keys with equal hashes share a collision list and stay apart', () => {
  // FNV-1a collisions (found by brute force): k32728/k261234 and k32729/k261235 hash alike pairwise.
  const p = new PersistentMap<number>();
  for (const [i, k] of ['k32728', 'k261234', 'k32729', 'k261235', 'x'].entries()) p.set(k, i);
  const q = p.fork();
  q.set('k261234', 9);
  assert.deepEqual([p.get('k32728'), p.get('k261234'), p.get('k32729'), p.get('k261235')], [0, 1, 2, 3]);
  assert.equal(q.get('k261234'), 9);
  assert.equal(p.delete('k32728'), true);
  assert.equal(p.get('k261234'), 1);
  assert.equal(p.has('k32728'), false);
  assert.equal(p.size, 4);
  assert.equal(q.size, 5);
  // many keys fill every level of the trie
  const big = new PersistentMap<string>();
  for (let i = 0; i < 70_000; i++) big.set(i.toString(36), String(i));
  for (let i = 0; i < 70_000; i += 2) big.delete(i.toString(36));
  assert.equal(big.size, 35_000);
  assert.equal(big.get((1).toString(36)), '1');
  assert.equal(big.get((0).toString(36)), undefined);
});

test('OverlayMap reads the top map first, an undefined value there included', () => {
  const bottom = new Map<string, string | undefined>([['A', 'arg'], ['B', 'arg']]);
  const top = new Map<string, string | undefined>([['A', 'env'], ['C', undefined]]);
  const o = new OverlayMap(top, bottom);
  assert.equal(o.get('A'), 'env');
  assert.equal(o.get('B'), 'arg');
  assert.equal(o.has('C'), true);
  assert.equal(o.size, 3);
  assert.deepEqual(new Map(o), new Map([...bottom, ...top]));
});
