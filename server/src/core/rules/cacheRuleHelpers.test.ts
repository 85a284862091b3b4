/**
 * appendCommand into a `RUN <<EOF` script as a table: a new last line, or nothing when the script
 * ends where a new line would not run as its own command.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../parse/dockerfile';
import { applyEdits } from '../fixes/applyEdits';
import { appendCommand } from './cacheRuleHelpers';

const CASES: { name: string; body: string; after: string | null }[] = [
  { name: 'a plain script', body: 'npm ci\n', after: 'npm ci\nnpm cache clean --force\n' },
  { name: 'indented', body: '  set -e\n  npm ci\n', after: '  set -e\n  npm ci\n  npm cache clean --force\n' },
  { name: 'after a closed if', body: 'if [ -f x ]; then\n  npm ci\nfi\n', after: 'if [ -f x ]; then\n  npm ci\nfi\nnpm cache clean --force\n' },
  { name: 'the last line continues', body: 'npm ci \\\n', after: null },
  { name: 'an if without fi', body: 'if [ -f x ]; then\n  npm ci\n', after: null },
  { name: 'a loop without done', body: 'for d in a b; do\n  npm ci\n', after: null },
  { name: 'an unterminated quote', body: 'npm ci && echo "done\n', after: null },
];

for (const c of CASES) {
  test(`appendCommand into a heredoc: ${c.name}`, () => {
    const text = `FROM node:22\nRUN <<EOF\n${c.body}EOF\n`;
    const run = parseDockerfile(text).instructions[1]!;
    const edit = appendCommand(text, run, 'npm cache clean --force');
    assert.equal(edit ? applyEdits(text, [edit]) : null, c.after === null ? null : `FROM node:22\nRUN <<EOF\n${c.after}EOF\n`);
  });
}
