/**
 * The fix-safety checks that skip a re-parse of the edited text (issue 16: 1 MB of fixable findings in
 * under 2 s) against the re-parse they replace (issue 13: fixes never break builds), kept here as the
 * oracle: the same verdict and the same edit for every candidate of every real Dockerfile we have, of
 * the fuzz corpus and of generated RUN bodies made of the characters that matter (escapes,
 * continuations, comments, quotes, `#`, `[`, `-`, `<<`, operators).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDockerfile, type ParsedDockerfile } from '../../server/src/core/parse/dockerfile';
import { MERGE_CHECK, mergeRuns } from '../../server/src/core/refactors/mergeRuns';
import { APPEND_CHECK, appendToRun, isPlainShell, PLAIN_SHELL, plainRun } from '../../server/src/core/rules/fixHelpers';
import { fuzzCase } from '../fuzz/generate';
import { repositoryDockerfiles as corpusTexts } from '../../server/src/testing/repositoryDockerfiles';

/** `FIX_CHECK_CASES=10000 node --import tsx --test test/fixes/fixChecks.test.ts`: the whole CI fuzz corpus (and 20x the generated bodies). */
const CASES = Number(process.env.FIX_CHECK_CASES) || 1500;

/** Every merge mergeRuns can be asked for in a text: each two consecutive instructions, and each maximal run of RUNs. */
function mergeCandidates(parsed: ParsedDockerfile): number[][] {
  const out: number[][] = [];
  const is = parsed.instructions;
  for (let i = 0; i + 1 < is.length; i++) if (is[i].keyword === 'RUN' && is[i + 1].keyword === 'RUN') out.push([i, i + 1]);
  for (let i = 0; i < is.length; ) {
    let j = i;
    while (j < is.length && is[j].keyword === 'RUN') j++;
    if (j - i > 2) out.push(Array.from({ length: j - i }, (_, k) => i + k));
    i = Math.max(j, i + 1);
  }
  return out;
}

/**
 * The merges of a text with the cheaper checks (by construction, and the plain-code proof) and with the re-parse:
 * each candidate's outcome, as JSON.
 */
function mergeVerdicts(text: string, byConstruction: boolean, byProof = byConstruction): string[] {
  const before = { ...MERGE_CHECK };
  Object.assign(MERGE_CHECK, { byConstruction, byProof });
  try {
    const parsed = parseDockerfile(text);
    return mergeCandidates(parsed).map((c) => JSON.stringify(mergeRuns(parsed, c.map((i) => parsed.instructions[i]))));
  } finally {
    Object.assign(MERGE_CHECK, before);
  }
}

function assertSameMerges(name: string, text: string): number {
  const fast = mergeVerdicts(text, true);
  assert.deepEqual(fast, mergeVerdicts(text, false), `${name}: a merge verdict differs from the re-parse's`);
  // The proof alone (a merge it does not prove is checked by construction as before).
  assert.deepEqual(fast, mergeVerdicts(text, true, false), `${name}: a merge verdict differs without the plain-code proof`);
  return fast.length;
}

test('merge RUNs: the check by construction gives the re-parse verdict on every real Dockerfile', () => {
  let n = 0;
  const texts = corpusTexts();
  assert.ok(texts.length > 250, `the corpora are there (${texts.length} files)`);
  for (const { name, text } of texts) {
    n += assertSameMerges(name, text);
    // The same file with CRLF line ends and with the backtick escape directive.
    n += assertSameMerges(`${name} (CRLF)`, text.replace(/\r?\n/g, '\r\n'));
    n += assertSameMerges(`${name} (escape=\`)`, '# escape=`\n' + text.replace(/\\(\r?\n)/g, '`$1'));
  }
  assert.ok(n > 1000, `${n} merges compared`);
});

test('merge RUNs: the check by construction gives the re-parse verdict on the fuzz corpus', () => {
  for (let i = 0; i < CASES; i++) assertSameMerges(`fuzzCase(16, ${i})`, fuzzCase(16, i));
});

const PIECES = [
  'apt-get update', 'echo a', 'x=1', '(cd /x)', '{ a; }', '$(date)', '"q w"', "'s'", '"open', "'open", '#c', ' # c', '\\', '\\ ', '\\\n', '\\\n# mid\n',
  '\\\n\n', '[', '[ -f x ]', '-x', '--flag', '<<EOF', '<<', '&&', '||', ';', '&', '|', 'if true; then', 'fi', 'case x in', 'esac', 'for a in b; do', 'done',
  '`', '$', '${', '}', ')', '(', '\t', '  ', '\r', 'echo "a\\\nb"', 'ls \\\n  -l',
  // What the plain-code proof must tell apart: plain words and operators, keywords spelt with word characters, and
  // characters just outside its word set.
  'apt-get install -y curl pkg-1', 'pip install requests==2.2.0', 'rm -rf /var/lib/apt/lists/*', 'cd /app', 'export A=1', 'set -e', 'f()', 'sh -c x',
  'in', 'do', 'then', 'function', 'for', 'while x', 'time', '!', '2', '>', '2>&1', ';;', '&&&', '|&', '#', 'a#b', '~/x', 'a,b:c@d%e^f+g=h', '*.deb', '?',
];
const bodyArb = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((p) => p.join(' ').replace(/^ +/, ''));

test('merge RUNs: the check by construction gives the re-parse verdict on generated RUN bodies', () => {
  fc.assert(
    fc.property(fc.array(bodyArb, { minLength: 2, maxLength: 4 }), fc.boolean(), fc.boolean(), fc.boolean(), (bodies, comments, leading, flags) => {
      const lines = bodies.map((b, k) => `${comments && k ? '# between\n' : ''}RUN ${flags ? '--mount=type=cache,target=/x ' : ''}${b}`);
      // A continued line in the file's other RUNs makes the merge put `&&` first on its lines.
      const text = `FROM debian:bookworm-slim\n${leading ? 'RUN a \\\n    && b\n' : ''}${lines.join('\n')}\n`;
      assertSameMerges(JSON.stringify(text), text);
    }),
    { numRuns: 2 * CASES, seed: 16 },
  );
});

/** What the fixes append to RUNs (apt lists, a downloaded file, a cache, a command with a variable). */
const APPENDED = ['rm -rf /var/lib/apt/lists/*', 'rm -f /tmp/x.tar.gz', 'rm -rf /root/.cache/pip', 'rm -rf "$HOME/.npm"'];

/** appendToRun for every RUN of a text and each appended command, reusing the RUN's own parse (and the plain-code proof) or not. */
function appendVerdicts(text: string, reuseRunParse: boolean, byProof = reuseRunParse): string[] {
  const before = { ...APPEND_CHECK };
  Object.assign(APPEND_CHECK, { reuseRunParse, byProof });
  try {
    const parsed = parseDockerfile(text);
    return parsed.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => APPENDED.map((c) => JSON.stringify(appendToRun(text, i, c) ?? null)));
  } finally {
    Object.assign(APPEND_CHECK, before);
  }
}

function assertSameAppends(name: string, text: string): number {
  const reused = appendVerdicts(text, true);
  assert.deepEqual(reused, appendVerdicts(text, false), `${name}: an appended command's verdict differs when the RUN is parsed again`);
  assert.deepEqual(reused, appendVerdicts(text, true, false), `${name}: an appended command's verdict differs without the plain-code proof`);
  return reused.filter((v) => v !== 'null').length;
}

test('append to a RUN: reusing the RUN\'s parse gives the verdict of parsing it again, on every real Dockerfile and the fuzz corpus', () => {
  let n = 0;
  for (const { name, text } of corpusTexts()) {
    n += assertSameAppends(name, text);
    n += assertSameAppends(`${name} (CRLF)`, text.replace(/\r?\n/g, '\r\n'));
    n += assertSameAppends(`${name} (escape=\`)`, '# escape=`\n' + text.replace(/\\(\r?\n)/g, '`$1'));
  }
  for (let i = 0; i < CASES; i++) n += assertSameAppends(`fuzzCase(16, ${i})`, fuzzCase(16, i));
  assert.ok(n > 1000, `${n} appends made`);
});

test('append to a RUN: reusing the RUN\'s parse gives the verdict of parsing it again, on generated RUN bodies', () => {
  fc.assert(
    fc.property(bodyArb, fc.boolean(), (body, sh) => {
      const text = `FROM debian:bookworm-slim\nRUN ${sh ? `sh -c '${body}' && ` : ''}${body}\n`;
      assertSameAppends(JSON.stringify(text), text);
    }),
    { numRuns: 2 * CASES, seed: 16 },
  );
});

/** Texts of plain RUNs (and a few that are not) the proofs decide: generated from the pieces above, mostly plain ones. */
const PLAIN_PIECES = PIECES.slice(PIECES.indexOf('apt-get install -y curl pkg-1'));
const plainBodyArb = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PLAIN_PIECES.slice(0, 8)) }, { weight: 2, arbitrary: fc.constantFrom(...PLAIN_PIECES) }, { weight: 1, arbitrary: fc.constantFrom('&&', '||', '|', ';') }), { minLength: 1, maxLength: 5 })
  .map((p) => p.join(' '));
const plainTextArb = fc.tuple(fc.array(plainBodyArb, { minLength: 2, maxLength: 3 }), fc.constantFrom('', ' # note', '  ', ' \\\n    # mid\n    x', ' \u00a0', '\u00a0x', ' \v# c', '\f'), fc.boolean()).map(([bodies, tail, crlf]) => {
  const text = `FROM debian:bookworm-slim\n${bodies.map((b, k) => `RUN ${b}${k === 0 ? tail : ''}`).join('\n')}\n`;
  return crlf ? text.replace(/\n/g, '\r\n') : text;
});

test('plain-code proof: the appends and merges it proves are the ones the re-parse accepts, on generated plain RUNs', () => {
  let proven = 0;
  fc.assert(
    fc.property(plainTextArb, (text) => {
      const parsed = parseDockerfile(text);
      proven += parsed.instructions.filter((i) => i.keyword === 'RUN' && plainRun(text, i)).length;
      assertSameAppends(JSON.stringify(text), text);
      assertSameMerges(JSON.stringify(text), text);
    }),
    { numRuns: 2 * CASES, seed: 16 },
  );
  assert.ok(proven > CASES, `${proven} plain RUNs`);
});

test('plain-code proof: isPlainShell reads words and operators, not keywords, quotes, groups or redirects', () => {
  for (const code of ['apt-get update && apt-get install -y curl pkg-1', 'a|b||c;d', 'X=1 make -j4 install', 'rm -rf /var/lib/apt/lists/*', 'a,b:c@d%e^f+g=h ~/x *.deb ?']) assert.ok(isPlainShell(code), code);
  for (const code of ['', ' ', 'a &&', '&& a', 'a && && b', 'a ;; b', 'a & b', 'a |& b', 'for x in a', 'a in b', 'if', 'a; fi', 'function f', '! a', 'a > b', 'a 2>&1', 'a #c', 'echo "a"', "echo 'a'", 'echo $A', 'a\\', '(a)', '{ a; }', 'f()', 'a\nb', 'a\rb', 'é'])
    assert.ok(!isPlainShell(code), JSON.stringify(code));
});

test('plain-code proof: a proof that lets a blank other than space or tab after the code fails the equivalence', () => {
  PLAIN_SHELL.tail = false;
  try {
    // A no-break space is blank to the code scan and a word character to the shell: the appended `rm` would take it.
    assert.throws(() => assertSameAppends('nbsp', 'FROM debian:bookworm-slim\nRUN apt-get update\u00a0\n'), /differs/);
  } finally {
    PLAIN_SHELL.tail = true;
  }
});

test('plain-code proof: a proof that lets keywords through fails the equivalence', () => {
  PLAIN_SHELL.keywords = false;
  try {
    // `for x in a b` is no command: appended to, its loop words swallow the `rm`; merged, the next RUN's commands vanish.
    const text = 'FROM debian:bookworm-slim\nRUN for x in a b\nRUN echo done-not\n';
    assert.throws(() => assertSameAppends('for', text), /differs/);
    assert.throws(() => assertSameMerges('for', text), /differs/);
    const found = fc.check(fc.property(plainTextArb, (t) => { assertSameAppends('', t); assertSameMerges('', t); }), { numRuns: 2 * CASES, seed: 16 });
    assert.ok(found.failed, 'the generated plain RUNs catch the wrong proof');
  } finally {
    PLAIN_SHELL.keywords = true;
  }
});
