import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, parseShell } from './shell';

/** Each case: script → the commands as "connector name args..." strings. */
const cases: { name: string; script: string; escape?: string | null; expect: string[] }[] = [
  { name: 'and-list', script: 'apt-get update && apt-get install -y curl', expect: ['_ apt-get update', '&& apt-get install -y curl'] },
  { name: 'all separators', script: 'a; b || c | d & e', expect: ['_ a', '; b', '|| c', '| d', '& e'] },
  { name: 'newlines separate', script: 'a\nb\n\nc', expect: ['_ a', '\\n b', '\\n c'] },
  { name: 'newline after && keeps &&', script: 'a &&\n  b', expect: ['_ a', '&& b'] },
  { name: 'continuations removed', script: 'apt-get install \\\n    curl \\\n    git', expect: ['_ apt-get install curl git'] },
  { name: 'comment lines inside continuation are dropped', script: 'a \\\n  # a comment\n  b', expect: ['_ a b'] },
  { name: 'quotes', script: `echo 'a b' "c $HOME d" e\\ f`, expect: ['_ echo a b c $HOME d e f'] },
  { name: 'operators inside quotes are text', script: `sh -x "a && b"; echo ';'`, expect: ['_ sh -x a && b', '; echo ;'] },
  { name: 'sh -c is parsed as a script', script: `sh -c 'apt-get update && rm -rf /var/lib/apt/lists/*'`, expect: ['_ apt-get update', '&& rm -rf /var/lib/apt/lists/*'] },
  { name: 'command substitution stays in the word', script: 'x="$(apt-mark showmanual)"; apt-get purge -y $x', expect: ['_ ', '; apt-get purge -y $x'] },
  { name: 'if/then/fi', script: 'if [ -f x ]; then rm -rf /x; else echo no; fi', expect: ['_ [ -f x ]', '; rm -rf /x', '; echo no'] },
  { name: 'for loop list is not a command', script: 'for f in a b c; do echo $f; done', expect: ['; echo $f'] },
  { name: 'case arms', script: 'case "$arch" in amd64) A=1 ;; arm64) B=2 ;; *) echo x ;; esac; echo done', expect: ['_ ', '_ ', '_ echo x', '; echo done'] },
  { name: 'case patterns with alternatives', script: 'case "$a" in arm64|aarch64) echo b ;; x86_64 | amd64 ) echo c ;; *) exit 1 ;; esac', expect: ['_ echo b', '_ echo c', '_ exit 1'] },
  { name: 'subshell', script: '(cd /x && make) && ls', expect: ['_ cd /x', '&& make', '&& ls'] },
  { name: 'redirects are not args', script: 'echo hi > /etc/x 2>&1', expect: ['_ echo hi'] },
  { name: 'full path name', script: '/usr/bin/apt-get install x', expect: ['_ apt-get install x'] },
  { name: 'assignment prefix', script: 'DEBIAN_FRONTEND=noninteractive apt-get install -y x', expect: ['_ apt-get install -y x'] },
  { name: 'backtick escape continuation', script: 'a `\n  b', escape: '`', expect: ['_ a b'] },
  { name: 'heredoc in a script', script: 'cat <<EOF > /x\nhello && world\nEOF\necho done', expect: ['_ cat', '\\n echo done'] },
  { name: 'CRLF', script: 'apt-get update && \\\r\n  apt-get install x\r\n', expect: ['_ apt-get update', '&& apt-get install x'] },
  { name: 'unterminated quote does not throw', script: `echo "abc`, expect: ['_ echo abc'] },
];

for (const c of cases) {
  test(`shell: ${c.name}`, () => {
    const script = parseShell(c.script, 0, c.script.length, { escapeChar: c.escape === undefined ? '\\' : c.escape });
    const got = script.commands.map((cmd) => `${cmd.connector === null ? '_' : cmd.connector === '\n' ? '\\n' : cmd.connector} ${[cmd.name, ...cmd.argv.slice(1).map((w) => w.value)].join(' ')}`);
    assert.deepEqual(got, c.expect);
  });
}

test('shell: word offsets point into the original text across continuations', () => {
  const text = 'RUN apt-get update \\\n  && apt-get install -y curl';
  const script = parseShell(text, 4, text.length);
  const install = script.commands[1];
  assert.equal(text.slice(install.start, install.end), 'apt-get install -y curl');
  assert.equal(text.slice(install.argv[3].start, install.argv[3].end), 'curl');
});

test('shell: heredoc body offsets', () => {
  const text = 'cat <<EOF\nline one\nEOF\n';
  const script = parseShell(text);
  assert.equal(script.heredocs.length, 1);
  assert.equal(text.slice(script.heredocs[0].bodyStart, script.heredocs[0].bodyEnd), 'line one\n');
});

test('shell: conditional and condition flags', () => {
  const s = parseShell('if true; then rm -rf /a; fi; rm -rf /b');
  assert.deepEqual(s.commands.map((c) => [c.name, c.inCondition, c.conditional]), [
    ['true', true, false],
    ['rm', false, true],
    ['rm', false, false],
  ]);
});

test('parseArgs: short clusters, long flags with values, --', () => {
  const s = parseShell('apt-get -qqy -o APT::Install-Recommends=false --no-install-recommends install -- curl');
  const a = parseArgs(s.commands[0].argv, new Set(['o']));
  assert.ok(a.flags.has('q') && a.flags.has('y') && a.flags.has('no-install-recommends'));
  assert.deepEqual(a.values.get('o'), ['APT::Install-Recommends=false']);
  assert.deepEqual(a.operands.map((w) => w.value), ['install', 'curl']);
});

test('parser never throws on random input', () => {
  const alphabet = ['a', ' ', '\\', '\n', '"', "'", '$(', ')', '`', '&&', '|', ';', '<<', 'EOF', '#', '{', '}', 'if', 'then', 'fi', 'case', 'in', ')'];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < 500; i++) {
    let s = '';
    for (let k = 0; k < 30; k++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    assert.doesNotThrow(() => parseShell(s), s);
  }
});

test('shell: wrappers are unwrapped, their words kept in `wrapper`', () => {
  const cases: [string, string, string[], string[]][] = [
    ['sudo -E -u app apt-get install x', 'apt-get', [], ['sudo', '-E', '-u', 'app']],
    ['gosu app npm ci', 'npm', [], ['gosu', 'app']],
    ['su-exec app pip install x', 'pip', [], ['su-exec', 'app']],
    ['env PIP_NO_CACHE_DIR=1 -i pip install x', 'pip', ['PIP_NO_CACHE_DIR=1'], ['env', 'PIP_NO_CACHE_DIR=1', '-i']],
    ['timeout -s KILL 600 make', 'make', [], ['timeout', '-s', 'KILL', '600']],
    ['nice -n 10 nohup make', 'make', [], ['nice', '-n', '10', 'nohup']],
    ['runuser -u app -- npm ci', 'npm', [], ['runuser', '-u', 'app', '--']],
    ['xargs -r apt-mark manual', 'apt-mark', [], ['xargs', '-r']],
    ['apt-get install x', 'apt-get', [], []],
    ['sudo', 'sudo', [], []],
  ];
  for (const [text, name, assignments, wrapper] of cases) {
    const [u] = parseShell(text).commands;
    assert.equal(u!.name, name, text);
    assert.deepEqual(u!.assignments.map((w) => w.value), assignments, text);
    assert.deepEqual((u!.wrapper ?? []).map((w) => w.value), wrapper, text);
    // The wrapped command's words keep their offsets: a rule can underline `apt-get` inside `sudo -E apt-get`.
    assert.equal(text.slice(u!.argv[0]!.start, u!.argv[0]!.end), u!.argv[0]!.value, text);
  }
});

test('shell: su -c and sudo sh -c run a nested script', () => {
  const names = (s: string) => parseShell(s).commands.map((c) => `${c.name}${c.wrapper ? ` [${c.wrapper.map((w) => w.value).join(' ')}]` : ''}`);
  assert.deepEqual(names(`su postgres -c 'apt-get update && initdb'`), ['apt-get [su postgres -c apt-get update && initdb]', 'initdb [su postgres -c apt-get update && initdb]']);
  assert.deepEqual(names(`sudo -u app bash -lc "pip install x"`), ['pip [sudo -u app]']);
  assert.deepEqual(names(`su - -c 'rm -rf /x' app`), ['rm [su - -c rm -rf /x]']);
});

/** "name@group.arm/arms" per command, for the branch tables. */
const branchesOf = (s: string) =>
  parseShell(s).commands.map((c) => [c.name, ...(c.branches ?? []).map((b) => `${b.kind}${b.group}.${b.arm}/${b.arms}${b.patterns ? `(${b.patterns.join('|')})` : ''}`)].join(' '));

test('shell: if/case arms are numbered alternatives', () => {
  const cases: [string, string[]][] = [
    ['if [ -f x ]; then apt-get install a; else apk add a; fi; echo', ['[', 'apt-get if0.0/2', 'apk if0.1/2', 'echo']],
    // No else: an implicit empty arm.
    ['if true; then make; fi', ['true', 'make if0.0/2']],
    ['if a; then b; elif c; then d; else e; fi', ['a', 'b if0.0/3', 'c', 'd if0.1/3', 'e if0.2/3']],
    [
      'case "$(dpkg --print-architecture)" in amd64) apt-get install jq ;; arm64|aarch64) apt-get install gcc ;; *) exit 1 ;; esac',
      ['apt-get case0.0/3(amd64)', 'apt-get case0.1/3(arm64|aarch64)', 'exit case0.2/3(*)'],
    ],
    // No `*)`: nothing may match.
    ['case $a in x) b ;; esac', ['b case0.0/2(x)']],
    // Nested: the outer arm comes first.
    ['if a; then case $x in y) b ;; z) c ;; esac; fi', ['a', 'b if0.0/2 case1.0/3(y)', 'c if0.0/2 case1.1/3(z)']],
    // A loop is not an alternative.
    ['for p in a b; do apt-get install $p; done', ['apt-get']],
    // `sh -c` inside an arm keeps the arm; its own groups get new numbers.
    [`if a; then sh -c 'if b; then c; fi'; fi`, ['a', 'b if0.0/2', 'c if0.0/2 if1.0/2']],
  ];
  for (const [script, expect] of cases) assert.deepEqual(branchesOf(script), expect, script);
  const [c] = parseShell('case "$(dpkg --print-architecture)" in amd64) jq ;; esac').commands;
  assert.equal(c!.branches![0]!.caseWord, '$(dpkg --print-architecture)');
});

test('shell: a redirect of a whole group is a command with groupOutput', () => {
  const cases: [string, string[], string][] = [
    ['{ echo a; echo b; } > /etc/x', ['echo', 'echo'], '/etc/x'],
    ['( cd /x && cat y ) >> /etc/z 2>&1', ['cd', 'cat'], '/etc/z'],
    ['for f in a b; do echo $f; done > /list', ['echo'], '/list'],
    ['if a; then echo y; fi > /out', ['a', 'echo'], '/out'],
  ];
  for (const [script, inner, target] of cases) {
    const cmds = parseShell(script).commands;
    const g = cmds.find((c) => c.groupOutput);
    assert.ok(g, script);
    assert.equal(g!.name, '', script);
    assert.deepEqual(g!.groupOutput!.map((c) => c.name), inner, script);
    assert.equal(g!.redirects[0]!.target!.value, target, script);
  }
  // A plain brace group without a redirect adds no command.
  assert.deepEqual(parseShell('{ echo a; }; ls').commands.map((c) => c.name), ['echo', 'ls']);
});

// A compound command still open at the end of the script is a problem (fixes must not append into it).
const UNCLOSED: [string, string[]][] = [
  ['if a; then b; fi', []],
  ['case $x in a) b ;; esac', []],
  ['(a && b) && { c; }', []],
  ['for f in 1; do a; done', []],
  ['if a; then b', ["unclosed 'if' (no 'fi')"]],
  ['case $x in a) b', ["unclosed 'case' (no 'esac')"]],
  ['while a; do b', ["unclosed loop (no 'done')"]],
  ['a && { b; c', ["unclosed '{' (no '}')"]],
  ['a && (b; if c; then d', ["unclosed '(' (no ')'), 'if' (no 'fi')"]],
];
for (const [script, problems] of UNCLOSED) {
  test(`shell: unclosed compound commands: ${script}`, () => {
    assert.deepEqual(parseShell(script).problems.map((p) => p.message), problems);
  });
}

// Words inside `sh -c "…"` carry their exact document offsets, escapes and continuations skipped (a fix
// anchored on one used to land mid-word: `apk a --no-cachedd curl`); where the string cannot be
// mapped one by one (ANSI-C $'…'), the words say their offsets are approximate.
const NESTED: { script: string; word: string; approximate?: boolean }[] = [
  { script: `sh -c 'echo "a" && apk add curl'`, word: 'add' },
  { script: `sh -c "echo \\"a\\" && apk add curl"`, word: 'add' },
  { script: `su -c "echo \\"\\$HOME\\" && apk add curl" root`, word: 'curl' },
  { script: `bash -c "echo \\\\; apt-get install \\\n  -y curl"`, word: 'curl' },
  { script: `sh -c "x"'; apk add curl'`, word: 'add' },
  { script: `sh -c $'echo \\'a\\' && apk add curl'`, word: 'add', approximate: true },
];
for (const c of NESTED) {
  test(`shell: nested sh -c word offsets: ${c.script}`, () => {
    const words = parseShell(c.script).commands.flatMap((x) => x.argv);
    const w = words.find((x) => x.value === c.word)!;
    if (c.approximate) assert.equal(w.approximate, true);
    else {
      assert.equal(w.approximate, undefined);
      assert.equal(c.script.slice(w.start, w.end), c.word);
    }
  });
}
