/**
 * The fix-safety checks that skip a re-parse of the edited text (issue 16: 1 MB of fixable findings in
 * under 2 s) against the re-parse they replace (issue 13: fixes never break builds), kept here as the
 * oracle: the same verdict and the same edit for every candidate of every real Dockerfile we have, of
 * the fuzz corpus and of generated RUN bodies made of the characters that matter (escapes,
 * continuations, comments, quotes, `#`, `[`, `-`, `<<`, operators).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDockerfile, type ParsedDockerfile } from '../../server/src/core/parse/dockerfile';
import { MERGE_CHECK, mergeRuns } from '../../server/src/core/refactors/mergeRuns';
import { APPEND_CHECK, appendToRun } from '../../server/src/core/rules/fixHelpers';
import { fuzzCase } from '../fuzz/generate';

const ROOT = path.resolve(__dirname, '../..');
/** `FIX_CHECK_CASES=10000 node --import tsx --test test/fixes/fixChecks.test.ts`: the whole CI fuzz corpus (and 20x the generated bodies). */
const CASES = Number(process.env.FIX_CHECK_CASES) || 1500;

/** Every Dockerfile of the repository's corpora: examples, official images, the build corpus, bench/rules, the grammar tests. */
export function corpusTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string, keep: (f: string) => boolean) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, keep);
      else if (keep(e.name)) out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'), (f) => f === 'Dockerfile');
  walk(path.join(ROOT, 'test/fixtures/official'), (f) => f.endsWith('.Dockerfile'));
  walk(path.join(ROOT, 'test/builds/corpus'), (f) => f === 'Dockerfile');
  walk(path.join(ROOT, 'bench/rules'), (f) => f.endsWith('.Dockerfile'));
  walk(path.join(ROOT, 'test/grammar'), (f) => f.endsWith('.dockerfile'));
  return out;
}

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

/** The merges of a text with the cheaper check and with the re-parse: each candidate's outcome, as JSON. */
function mergeVerdicts(text: string, byConstruction: boolean): string[] {
  const before = MERGE_CHECK.byConstruction;
  MERGE_CHECK.byConstruction = byConstruction;
  try {
    const parsed = parseDockerfile(text);
    return mergeCandidates(parsed).map((c) => JSON.stringify(mergeRuns(parsed, c.map((i) => parsed.instructions[i]))));
  } finally {
    MERGE_CHECK.byConstruction = before;
  }
}

function assertSameMerges(name: string, text: string): number {
  const fast = mergeVerdicts(text, true);
  assert.deepEqual(fast, mergeVerdicts(text, false), `${name}: a merge verdict differs from the re-parse's`);
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

/** appendToRun for every RUN of a text and each appended command, reusing the RUN's own parse or not. */
function appendVerdicts(text: string, reuseRunParse: boolean): string[] {
  const before = APPEND_CHECK.reuseRunParse;
  APPEND_CHECK.reuseRunParse = reuseRunParse;
  try {
    const parsed = parseDockerfile(text);
    return parsed.instructions.filter((i) => i.keyword === 'RUN').flatMap((i) => APPENDED.map((c) => JSON.stringify(appendToRun(text, i, c) ?? null)));
  } finally {
    APPEND_CHECK.reuseRunParse = before;
  }
}

function assertSameAppends(name: string, text: string): number {
  const reused = appendVerdicts(text, true);
  assert.deepEqual(reused, appendVerdicts(text, false), `${name}: an appended command's verdict differs when the RUN is parsed again`);
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
