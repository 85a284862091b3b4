/**
 * appendToRun as a table: where `&& cmd` lands in a RUN, or that it is not appended at all when no
 * place runs it as the RUN's last top-level command (the finding would stay, and every fix-all pass
 * would append another copy).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../parse/dockerfile';
import { applyEdits } from '../fixes/applyEdits';
import { appendToRun, reassignedAfter } from './fixHelpers';

const CMD = 'rm -rf /x';
const CASES: { name: string; before: string; after: string | null }[] = [
  { name: 'plain', before: 'RUN a && b', after: 'RUN a && b && rm -rf /x' },
  { name: 'before a trailing comment', before: 'RUN a && b  # note', after: 'RUN a && b && rm -rf /x  # note' },
  { name: 'before a trailing continuation', before: 'RUN a \\', after: 'RUN a && rm -rf /x \\' },
  { name: 'before the comment lines of a continuation', before: 'RUN a \\\n# note\n  \\\n# more', after: 'RUN a && rm -rf /x \\\n# note\n  \\\n# more' },
  { name: 'inside a trailing ;', before: 'RUN set -eux; a; b;', after: 'RUN set -eux; a; b && rm -rf /x;' },
  { name: 'after a closed if', before: 'RUN if [ -n "$A" ]; then a; fi', after: 'RUN if [ -n "$A" ]; then a; fi && rm -rf /x' },
  { name: 'after a closed case', before: 'RUN case "$A" in x) a ;; *) b ;; esac', after: 'RUN case "$A" in x) a ;; *) b ;; esac && rm -rf /x' },
  { name: 'after a closed subshell', before: 'RUN (cd /tmp && make)', after: 'RUN (cd /tmp && make) && rm -rf /x' },
  { name: 'after a closed loop', before: 'RUN for f in a b; do echo $f; done', after: 'RUN for f in a b; do echo $f; done && rm -rf /x' },
  // Cut short (a truncated file, an edit in progress): the end of the code is inside a compound command.
  { name: 'a case without esac', before: 'RUN case "$A" in x) a ;; *) ( b ) \\\n# note', after: null },
  { name: 'an if without fi', before: 'RUN if [ -n "$A" ]; then a', after: null },
  { name: 'a loop without done', before: 'RUN for f in a b; do echo $f', after: null },
  { name: 'an unclosed subshell', before: 'RUN a && (cd /tmp && make', after: null },
  { name: 'an unclosed brace group', before: 'RUN a && { b; c', after: null },
  { name: 'an unterminated quote', before: 'RUN a && echo "b', after: null },
  { name: 'an operator waiting for more', before: 'RUN a &&', after: null },
];

for (const c of CASES) {
  test(`appendToRun: ${c.name}`, () => {
    const text = `FROM debian:bookworm\n${c.before}`;
    const run = parseDockerfile(text).instructions[1]!;
    const edit = appendToRun(text, run, CMD);
    assert.equal(edit ? applyEdits(text, [edit]) : null, c.after === null ? null : `FROM debian:bookworm\n${c.after}`);
  });
}

// A cleanup appended at the end names variables: set again after the command it cleans up after,
// they would name another file (fuzz seed 5 case 2576: a stray `ARCH='armv7l'` after node's download).
const REASSIGNED: { name: string; run: string; after: string; word: string; names: string[] }[] = [
  { name: 'not set again', run: 'RUN A=x64 && curl -O "n-$A.tgz" && tar xzf "n-$A.tgz"', after: 'curl', word: '/n-$A.tgz', names: [] },
  { name: 'set again', run: 'RUN A=x64 && curl -O "n-$A.tgz" && tar xzf "n-$A.tgz"; A=armv7l', after: 'curl', word: '/n-$A.tgz', names: ['A'] },
  { name: 'exported', run: 'RUN curl -O "n-${V}.tgz" && export V=2', after: 'curl', word: '/n-${V}.tgz', names: ['V'] },
  { name: 'a loop variable', run: 'RUN curl -O "n-$V.tgz" && for V in 1 2; do echo; done', after: 'curl', word: '/n-$V.tgz', names: ['V'] },
  { name: 'read', run: 'RUN curl -O "n-$V.tgz" && read -r V < f', after: 'curl', word: '/n-$V.tgz', names: ['V'] },
  { name: 'only before it', run: 'RUN V=1 && curl -O "n-$V.tgz"', after: 'curl', word: '/n-$V.tgz', names: [] },
  { name: 'a longer name is another variable', run: 'RUN curl -O "n-$ARCH.tgz" && OPENSSL_ARCH=x', after: 'curl', word: '/n-$ARCH.tgz', names: [] },
];
for (const c of REASSIGNED) {
  test(`reassignedAfter: ${c.name}`, () => {
    const text = `FROM debian:bookworm\n${c.run}`;
    const run = parseDockerfile(text).instructions[1]!;
    const cmd = run.shell!.commands.find((x) => x.name === c.after)!;
    assert.deepEqual(reassignedAfter(text, run, cmd.end, c.word), c.names);
  });
}
