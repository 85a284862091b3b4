import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compile, goClean, PatternMatcher, readIgnoreFile } from './patternMatcher';

// Docker's own cases: github.com/moby/patternmatcher patternmatcher_test.go at 5a6d842 (TestMatches,
// TestMatch's matchTests, TestCompile's compileTests), copied as data. `bad`: Docker reports
// ErrBadPattern (the build fails); here the pattern matches nothing and is listed in `errors`.

/** TestMatches: [pattern, path, matches] through MatchesOrParentMatches. */
const MATCHES: [string, string, boolean][] = [
  ['**', 'file', true],
  ['**', 'file/', true],
  ['**/', 'file', true],
  ['**/', 'file/', true],
  ['**', '/', true],
  ['**/', '/', true],
  ['**', 'dir/file', true],
  ['**/', 'dir/file', true],
  ['**', 'dir/file/', true],
  ['**/', 'dir/file/', true],
  ['**/**', 'dir/file', true],
  ['**/**', 'dir/file/', true],
  ['dir/**', 'dir/file', true],
  ['dir/**', 'dir/file/', true],
  ['dir/**', 'dir/dir2/file', true],
  ['dir/**', 'dir/dir2/file/', true],
  ['**/dir', 'dir', true],
  ['**/dir', 'dir/file', true],
  ['**/dir2/*', 'dir/dir2/file', true],
  ['**/dir2/*', 'dir/dir2/file/', true],
  ['**/dir2/**', 'dir/dir2/dir3/file', true],
  ['**/dir2/**', 'dir/dir2/dir3/file/', true],
  ['**file', 'file', true],
  ['**file', 'dir/file', true],
  ['**/file', 'dir/file', true],
  ['**file', 'dir/dir/file', true],
  ['**/file', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file', true],
  ['**/file*', 'dir/dir/file.txt', true],
  ['**/file*txt', 'dir/dir/file.txt', true],
  ['**/file*.txt', 'dir/dir/file.txt', true],
  ['**/file*.txt*', 'dir/dir/file.txt', true],
  ['**/**/*.txt', 'dir/dir/file.txt', true],
  ['**/**/*.txt2', 'dir/dir/file.txt', false],
  ['**/*.txt', 'file.txt', true],
  ['**/**/*.txt', 'file.txt', true],
  ['a**/*.txt', 'a/file.txt', true],
  ['a**/*.txt', 'a/dir/file.txt', true],
  ['a**/*.txt', 'a/dir/dir/file.txt', true],
  ['a/*.txt', 'a/dir/file.txt', false],
  ['a/*.txt', 'a/file.txt', true],
  ['a/*.txt**', 'a/file.txt', true],
  ['a[b-d]e', 'ae', false],
  ['a[b-d]e', 'ace', true],
  ['a[b-d]e', 'aae', false],
  ['a[^b-d]e', 'aze', true],
  ['.*', '.foo', true],
  ['.*', 'foo', false],
  ['abc.def', 'abcdef', false],
  ['abc.def', 'abc.def', true],
  ['abc.def', 'abcZdef', false],
  ['abc?def', 'abcZdef', true],
  ['abc?def', 'abcdef', false],
  ['a\\\\', 'a\\', true],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'dir/foo/bar', true],
  ['**/foo/bar', 'dir/dir2/foo/bar', true],
  ['abc/**', 'abc', false],
  ['abc/**', 'abc/def', true],
  ['abc/**', 'abc/def/ghi', true],
  ['**/.foo', '.foo', true],
  ['**/.foo', 'bar.foo', false],
  ['a(b)c/def', 'a(b)c/def', true],
  ['a(b)c/def', 'a(b)c/xyz', false],
  ['a.|)$(}+{bc', 'a.|)$(}+{bc', true],
  ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['dist/*.whl', 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', true],
  ['a\\*b', 'a*b', true],
];

const MULTI: [string[], string, boolean][] = [
  [['**', '!util/docker/web'], 'util/docker/web/foo', false],
  [['**', '!util/docker/web', 'util/docker/web/foo'], 'util/docker/web/foo', true],
  [['**', '!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  [['**', '!dist/*.whl'], 'dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', false],
  // TestExclusionPattern*, TestPatternMatchesFolder*
  [['!fileutils.go', '*.go'], 'fileutils.go', true],
  [['docs', '!docs/README.md'], 'docs/README.md', false],
  [['docs/', '!docs/README.md'], 'docs/README.md', false],
  [['docs/*', '!docs/README.md'], 'docs/README.md', false],
  [['*.go', '!fileutils.go'], 'fileutils.go', false],
  [['*.go'], '.', false],
  [['*'], 'fileutils.go', true],
  [[], '/any/path/there', false],
];

/** TestMatch's matchTests: [pattern, path, matches, bad]. */
const MATCH: [string, string, boolean, boolean?][] = [
  ['abc', 'abc', true],
  ['*', 'abc', true],
  ['*c', 'abc', true],
  ['a*', 'a', true],
  ['a*', 'abc', true],
  ['a*', 'ab/c', true],
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
  ['[]a]', ']', false, true],
  ['[-]', '-', false, true],
  ['[x-]', 'x', false, true],
  ['[x-]', '-', false, true],
  ['[x-]', 'z', false, true],
  ['[-x]', 'x', false, true],
  ['[-x]', '-', false, true],
  ['[-x]', 'a', false, true],
  ['\\', 'a', false, true],
  ['[a-b-c]', 'a', false, true],
  ['[', 'a', false, true],
  ['[^', 'a', false, true],
  ['[^bc', 'a', false, true],
  ['a[', 'a', false, true],
  ['a[', 'ab', false, true],
  ['*x', 'xxx', true],
  // TestMatchesWithMalformedPatterns, TestSingleExclamationError, and moby/moby#52203 (a reversed
  // range passes Go's filepath.Match but RE2 refuses it).
  ['[', '/any/path/there', false, true],
  ['!', 'fileutils.go', false, true],
  ['[Local-Only]/', 'x', false, true],
  ['[z-a]', 'x', false, true],
];

test("Docker's TestMatches table (MatchesOrParentMatches), one pattern and several", () => {
  for (const [pattern, path, want] of MATCHES) {
    const pm = new PatternMatcher([pattern]);
    assert.deepEqual(pm.errors, [], pattern);
    assert.equal(pm.matches(path), want, `${pattern} vs ${path}`);
  }
  for (const [patterns, path, want] of MULTI) assert.equal(new PatternMatcher(patterns).matches(path), want, `${patterns.join(' ')} vs ${path}`);
});

test("Docker's TestMatch table, bad patterns included (listed, never a throw, never a match)", () => {
  for (const [pattern, path, want, bad] of MATCH) {
    const pm = new PatternMatcher([pattern]);
    assert.equal(pm.matches(path), want, `${pattern} vs ${path}`);
    assert.equal(pm.errors.length > 0, !!bad, `${pattern}: ${JSON.stringify(pm.errors)}`);
  }
});

test("Docker's TestCompile table: the same match type and expression text", () => {
  const table: [string, string, string][] = [
    ['*', 'regexp', '^[^/]*$'],
    ['file*', 'regexp', '^file[^/]*$'],
    ['*file', 'regexp', '^[^/]*file$'],
    ['a*/b', 'regexp', '^a[^/]*/b$'],
    ['**', 'suffix', ''],
    ['**/**', 'regexp', '^(.*/)?.*$'],
    ['dir/**', 'prefix', ''],
    ['**/dir', 'suffix', ''],
    ['**/dir2/*', 'regexp', '^(.*/)?dir2/[^/]*$'],
    ['**/dir2/**', 'regexp', '^(.*/)?dir2/.*$'],
    ['**file', 'suffix', ''],
    ['**/file*txt', 'regexp', '^(.*/)?file[^/]*txt$'],
    ['**/**/*.txt', 'regexp', '^(.*/)?(.*/)?[^/]*\\.txt$'],
    ['a[b-d]e', 'regexp', '^a[b-d]e$'],
    ['.*', 'regexp', '^\\.[^/]*$'],
    ['abc.def', 'exact', ''],
    ['abc?def', 'regexp', '^abc[^/]def$'],
    ['**/foo/bar', 'suffix', ''],
    ['a(b)c/def', 'exact', ''],
    ['a.|)$(}+{bc', 'exact', ''],
    ['dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl', 'exact', ''],
  ];
  for (const [pattern, type, re] of table) {
    const c = compile(goClean(pattern));
    assert.equal(c.type, type, pattern);
    if (type === 'regexp') assert.equal(c.regexp, re, pattern);
  }
});

test('RE2 corners the glob passes through: suffix ** without a slash, `[!…]` is a member, `.` and newlines', () => {
  // `**foo` is a plain suffix test in patternmatcher: it matches barfoo too.
  assert.equal(new PatternMatcher(['**foo']).matches('barfoo'), true);
  // Go's filepath.Match has no `!` negation: `[!a]` is the class {!, a}.
  assert.equal(new PatternMatcher(['[!a]']).matches('b'), false);
  assert.equal(new PatternMatcher(['[!a]']).matches('!'), true);
  // `**` becomes `(.*/)?`: RE2's `.` does not cross a newline in a file name; `[^/]` does.
  assert.equal(new PatternMatcher(['**/x*']).matches('a\nb/x'), false);
  assert.equal(new PatternMatcher(['*/x']).matches('a\nb/x'), true);
  // A `^` the glob leaves alone is RE2's start-of-text: never matches in the middle.
  assert.equal(new PatternMatcher(['a^*']).matches('a^b'), false);
  // POSIX classes are RE2's: `[[:digit:]]` (the glob sees `[[:digit:]` + `]`).
  assert.equal(new PatternMatcher(['v[[:digit:]]']).matches('v1'), true);
  assert.equal(new PatternMatcher(['a\\db']).matches('a7b'), true);
  assert.match(new PatternMatcher(['a\\yb']).errors[0]?.message ?? '', /syntax error in pattern.*escape/);
});

/**
 * RE2 escapes and operators the glob passes through, as Docker matches them: [pattern, path, matches, bad].
 * The expected column is moby/patternmatcher at 5a6d842 itself (New + MatchesOrParentMatches) run
 * with Go 1.19's regexp on each pair, not our reading of it. `\\b` is RE2's word boundary, `\\pL` and
 * `\\p{Greek}` Unicode classes, `\\Q…\\E` literal text; `|`, `{` and `}` are not escaped by
 * patternmatcher (its escape bitmap drops bytes from 64 up), so `a|b*` is an alternation searched
 * anywhere in the path and `x{2}` a counted repeat, while `*.{js,ts}` stays literal braces.
 */
const RE2_ESCAPES: [string, string, boolean, boolean?][] = [
  ["a\\bb", "ab", false],
  ["\\bfoo", "foo", true],
  ["foo\\b*", "foo.bar", true],
  ["foo\\b*", "foox", false],
  ["*\\bbar", "x.bar", true],
  ["*\\bbar", "xbar", false],
  ["a\\Bb", "ab", true],
  ["a\\B-b", "a-b", false],
  ["x/\\bfoo\\b/y", "x/foo/y", true],
  ["dir\\b/file", "dir/file", true],
  ["**/\\bx", "q/x", true],
  ["\\b**", "x/y", true],
  ["\\pL", "é", true],
  ["\\pL", "7", false],
  ["\\PL", "7", true],
  ["\\pN\\pN", "12", true],
  ["a\\pZb", "a b", true],
  ["\\pX", "x", false, true],
  ["[\\pL]", "λ", true],
  ["[^\\pL]x", "1x", true],
  ["\\p{Greek}", "λ", true],
  ["\\p{Greek}", "a", false],
  ["\\p{^Greek}x", "ax", true],
  ["\\P{Han}", "漢", false],
  ["\\p{Lu}*", "Ωx", true],
  ["\\p{Any}", "\u0001", true],
  ["\\p{Nope}", "x", false, true],
  ["\\p{Greek", "x", false, true],
  ["\\p\\{Greek\\}", "λ", false, true],
  ["\\QA.b\\E", "A.b", false],
  ["\\QA.b\\E", "Aab", false],
  ["\\Qa*b\\E", "a[^/]*b", true],
  ["\\Qab", "ab", false],
  ["\\Qa\\E{2}*", "aa", true],
  ["\\C", "x", false, true],
  ["\\E", "x", false, true],
  ["[\\b]", "x", false, true],
  ["\\x41", "A", true],
  ["\\x4", "x", false, true],
  ["\\101", "A", true],
  ["\\18", "x", false, true],
  ["\\8", "x", false, true],
  ["\\a", "\u0007", true],
  ["\\e", "x", false, true],
  ["\\y", "x", false, true],
  ["a|b*", "a", true],
  ["a|b*", "xa", false],
  ["a|b*", "ab/c", true],
  ["*a|b", "xay", true],
  ["*a|b", "ab", true],
  ["*.{js,ts}", "x.{js,ts}", true],
  ["*.{js,ts}", "x.js", false],
  ["x{2}*", "xx", true],
  ["x{2}*", "x", false],
  ["a{2,}*", "aaa", true],
  ["a{,2}*", "a{,2}", true],
  ["a{01}*", "a{01}", true],
  ["a{1001}*", "a", false, true],
  ["a{2,1}*", "a", false, true],
  ["a{0}b*", "b", true],
  ["a{3}?", "aaa", false],
  ["a?{2}", "a", false],
  ["a{1000}*", 'a'.repeat(1000), true],
  ["*a{2}/x", "aa/x", true],
  ["dir/a|b/c*", "dir/b/c", true],

];

test('RE2 escapes, alternation and counted repeats: the same answers and the same bad patterns as Docker', () => {
  for (const [pattern, path, want, bad] of RE2_ESCAPES) {
    const pm = new PatternMatcher([pattern]);
    assert.equal(pm.errors.length > 0, !!bad, `${pattern}: ${JSON.stringify(pm.errors)}`);
    assert.equal(pm.matches(path), want, `${pattern} vs ${path.length > 20 ? path.slice(0, 20) + '…' : path}`);
  }
});

test('the .dockerignore file as ignorefile.ReadAll reads it', () => {
  assert.deepEqual(readIgnoreFile('\uFEFF# c\n  /abs/path/ \n\n! ./keep//x \r\n#!x\n  # not a comment\nnode_modules\n'), ['abs/path', '!keep/x', '# not a comment', 'node_modules']);
});

/** Fastest of `reps` runs of `fn`, in CPU ms (user + system: time spent waiting for a core on a shared machine does not count). */
function time(fn: () => void, reps = 7): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

test('pathological patterns are linear: doubling the name doubles the time, and cost follows pattern size, as for a normal pattern', () => {
  const nested = Array(40).fill('**').join('/') + '/z';
  const cases: [string, (n: number) => string][] = [
    ['(a+)+b', (n) => 'a'.repeat(n)],
    ['*a*a*a*a*a*a*a*a*a*a*b', (n) => 'a'.repeat(n)],
    [nested, (n) => 'a/'.repeat(n / 2) + 'y'],
    ['*' + 'a*'.repeat(30) + 'b', (n) => 'a'.repeat(n)],
  ];
  const N = 200;
  const normal = new PatternMatcher(['*.txt']);
  const run = (pm: PatternMatcher, name: string) => () => {
    for (let k = 0; k < N; k++) pm.matches(name);
  };
  for (let w = 0; w < 3; w++) run(normal, 'a'.repeat(256))();
  const tNormal = time(run(normal, 'a'.repeat(256)));
  for (const [pattern, name] of cases) {
    const bad = new PatternMatcher([pattern]);
    for (let w = 0; w < 3; w++) run(bad, name(256))();
    // Past the pattern's length every NFA state can be alive: from there the cost per character is flat.
    // Interleaved, fastest of 9 each: a busy machine slows both alike.
    let t128 = Infinity;
    let t256 = Infinity;
    for (let r = 0; r < 9; r++) {
      t128 = Math.min(t128, time(run(bad, name(128)), 1));
      t256 = Math.min(t256, time(run(bad, name(256)), 1));
    }
    // Backtracking doubled the time per extra character (2^32 steps at 32): here 2x the input is ~2x the time.
    assert.ok(t256 < t128 * 5 + 5, `${pattern}: 128 chars ${t128.toFixed(2)} ms, 256 chars ${t256.toFixed(2)} ms`);
    // A constant factor of the normal pattern's cost per pattern character (every NFA state may be alive at once);
    // backtracking at 256 characters would not finish at all.
    assert.ok(t256 < tNormal * pattern.length * 8 + 5, `${pattern}: ${t256.toFixed(2)} ms vs ${tNormal.toFixed(2)} ms for *.txt (x${pattern.length * 8} allowed)`);
    assert.equal(bad.matches(name(256)), false);
    console.log(`${pattern.slice(0, 30)}: ${N} paths of 128 chars ${t128.toFixed(2)} ms, of 256 chars ${t256.toFixed(2)} ms; *.txt ${tNormal.toFixed(2)} ms`);
  }
});

test('counted repeats cannot blow a .dockerignore up: a program cap per pattern and for the whole file, reported as bad patterns', () => {
  // 1,000 copies of `a` per `{1000}`: 101 of them in one pattern pass Go's limit but not ours.
  const huge = new PatternMatcher(['x' + 'a{1000}'.repeat(101) + '*']);
  assert.match(huge.errors[0]?.message ?? '', /expression too large/);
  // 2,100 patterns of 1,000 steps each: the last ones are refused, the first still match.
  const many = new PatternMatcher(Array.from({ length: 2_100 }, (_, k) => `p${k}a{1000}*`));
  assert.ok(many.errors.length > 0 && many.errors.length < 200, `${many.errors.length} refused`);
  assert.equal(many.matches('p0' + 'a'.repeat(1000)), true);
});
