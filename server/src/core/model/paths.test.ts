import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { BuildContext } from '../context/buildContext';
import { tempDir } from '../../testing/tempDirs';
import { covers, matchGlob, resolvePath, RunWordPaths } from './paths';

// Go's path/filepath match_test.go table (semantics Docker uses for COPY sources); malformed
// patterns (Go: ErrBadPattern) are literal text here, so they match only themselves.
const GO_CASES: [string, string, boolean][] = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', false],
  ['a*/b', 'abc/b', true],
  ['a*/b', 'a/c/b', false],
  ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
  ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
  ['a*b*c*d*e*/f', 'axbxcxdxexxx/fff', false],
  ['a*b?c*x', 'abxbbxdbxebxczzx', true],
  ['a*b?c*x', 'abxbbxdbxebxczzy', false],
  ['ab[c]', 'abc', true],
  ['ab[b-d]', 'abc', true],
  ['ab[e-g]', 'abc', false],
  ['ab[^c]', 'abc', false],
  ['ab[^b-d]', 'abc', false],
  ['ab[^e-g]', 'abc', true],
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'ab', false],
  ['a?b', 'a☺b', true],
  ['a[^a]b', 'a☺b', true],
  ['a???b', 'a☺b', false],
  ['a[^a][^a][^a]b', 'a☺b', false],
  ['[a-ζ]*', 'α', true],
  ['*[a-ζ]', 'A', false],
  ['a?b', 'a/b', false],
  ['a*b', 'a/b', false],
  ['[\\]a]', ']', true],
  ['[\\-]', '-', true],
  ['[x\\-]', 'x', true],
  ['[x\\-]', '-', true],
  ['[x\\-]', 'z', false],
  ['[\\-x]', 'x', true],
  ['[\\-x]', '-', true],
  ['[\\-x]', 'a', false],
  ['*x', 'xxx', true],
  // Malformed in Go: literal here.
  ['[]a]', ']', false],
  ['[-]', '-', false],
  ['[x-]', 'x', false],
  ['[-x]', 'x', false],
  ['\\', 'a', false],
  ['[a-b-c]', 'a', false],
  ['[', 'a', false],
  ['[', '[', true],
  ['[^bc', 'a', false],
  ['a[', 'ab', false],
  ['a[', 'a[', true],
  // A reversed range is valid in Go and matches nothing.
  ['[z-a]', 'm', false],
  ['[z-a]*', 'zebra', false],
  ['/[z-a]', '/z', false],
];

test("matchGlob follows Go's path.Match table; malformed patterns are literal, never an error", () => {
  for (const [pattern, name, want] of GO_CASES) assert.equal(matchGlob(pattern, name), want, `${pattern} vs ${name}`);
});

/** Milliseconds for `reps` matches (best of three, so one slow scheduling slice does not count). */
function timeMatches(pattern: string, name: string, reps: number): number {
  let best = Infinity;
  for (let k = 0; k < 3; k++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) matchGlob(pattern, name);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return best;
}

test('pathological globs take about as long as a normal one on the same name (no backtracking)', () => {
  const name = 'a'.repeat(2000);
  const normal = timeMatches('*.txt', name, 200);
  for (const hostile of ['*a*a*a*a*a*a*a*a*a*a*b', '(a+)+b', '*'.repeat(500) + 'b', '?'.repeat(1999) + '[z-a]']) {
    const t = timeMatches(hostile, name, 200);
    // Linear: a fixed number of passes over the name. A backtracking matcher is millions of times slower.
    assert.ok(t < normal * 40 + 20, `${hostile.slice(0, 30)}: ${t.toFixed(1)} ms vs ${normal.toFixed(1)} ms for *.txt`);
  }
});

test('covers() treats an odd glob as a path, not an error', () => {
  assert.equal(covers('/[z-a]', '/z'), false);
  assert.equal(covers('/tmp/[', '/tmp/['), true);
  assert.equal(covers('/var/lib/apt/lists/*', '/var/lib/apt/lists/x'), true);
});

test('RUN rm -rf /[z-a] and COPY [z-a] /x are analysed, with no internal error', () => {
  const dir = tempDir('dsh-glob-');
  fs.writeFileSync(path.join(dir, 'z'), 'z');
  const context = new BuildContext(dir, path.join(dir, 'Dockerfile'));
  const text = 'FROM debian:bookworm-slim\nRUN rm -rf /[z-a] /tmp/[ /[signed-by=$KEY]\nCOPY [z-a] /x\nCOPY ["[", "/y"]\nRUN rm -rf /x/[!a-]*\n';
  const a = analyzeDockerfile(text, {}, { context });
  assert.deepEqual(a.findings.filter((f) => f.rule === 'internal-error'), []);
  assert.equal(a.model.stages.length, 1);
});

test('RunWordPaths.has(dir) is "some word resolves to dir", as a set of every resolved word was', () => {
  // Words as RUNs write them (already without a trailing slash), with the segments and prefixes resolvePath treats apart.
  const segments = ['a', 'b', 'app', '.', '..', '', '~', '$HOME', '${HOME}', '~x', '-y', 'dir-1', '$X', 'a.b', '...'];
  let seed = 16;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = () => {
    const n = 1 + next(4);
    const parts = Array.from({ length: n }, () => segments[next(segments.length)]!);
    return (next(3) === 0 ? '/' : '') + parts.join('/') || '/';
  };
  const workdirs = ['/', '/app', '/app/dir-1', '/root', '/home/u'];
  const homes = ['/root', '/home/u', '/'];
  for (let round = 0; round < 20; round++) {
    const words = new RunWordPaths();
    const resolved = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const w = word();
      const workdir = workdirs[next(workdirs.length)]!;
      const home = homes[next(homes.length)]!;
      words.add(w, workdir, home);
      // The same word again in the same folder, as RUNs repeat them (kept once).
      if (next(3) === 0) words.add(w, workdir, home);
      resolved.add(resolvePath(w, workdir, home));
    }
    const asked = new Set([...resolved, ...workdirs, '/app/b', '/a/b', '/x', '/root/a', '/home', '/app/dir-1/-y']);
    for (const dir of asked) assert.equal(words.has(dir), resolved.has(dir), `round ${round}: ${dir}`);
    // A stage made FROM this one starts with the same words, and its own do not reach back.
    const child = new RunWordPaths(words);
    child.add('only-in-child', '/app', '/root');
    assert.equal(child.has('/app/only-in-child'), true);
    assert.equal(words.has('/app/only-in-child'), resolved.has('/app/only-in-child'));
    for (const dir of resolved) assert.equal(child.has(dir), true);
  }
});

test('matchGlob counts a character outside the BMP as one, as before names were read as strings', () => {
  assert.equal(matchGlob('?', '😀'), true);
  assert.equal(matchGlob('??', '😀'), false);
  assert.equal(matchGlob('a?b', 'a😀b'), true);
  assert.equal(matchGlob('[😀-😂]x', '😁x'), true);
  assert.equal(matchGlob('*', 'x/😀'), false);
  assert.equal(matchGlob('x/*', 'x/😀y'), true);
});
