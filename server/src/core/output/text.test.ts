/** textReport groups findings by line: the one-pass grouping of findings in line order and the Map for others agree. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { findingRange } from './json';
import { textReport } from './text';

const DOCKERFILE = [
  'FROM python:3.12-slim-bookworm',
  'RUN apt-get update && apt-get install -y curl',
  'RUN pip install requests',
  'WORKDIR /app',
  'RUN apt-get update && apt-get install -y git',
  'RUN pip install flask',
  '',
].join('\n');

test('findings out of line order are grouped as the same findings in line order (lines ascending, each line in given order)', () => {
  const a = analyzeDockerfile(DOCKERFILE);
  assert.ok(a.findings.length >= 6, `${a.findings.length} findings`);
  const reversed = [...a.findings].reverse();
  // The same findings in line order, each line's findings in the order `reversed` has them (a stable sort).
  const lineOf = new Map(reversed.map((f) => [f, findingRange(a, f).line]));
  const byLine = [...reversed].sort((x, y) => lineOf.get(x)! - lineOf.get(y)!);
  assert.notDeepEqual(byLine, reversed);
  assert.equal(textReport('Dockerfile', { ...a, findings: reversed }, { color: false }), textReport('Dockerfile', { ...a, findings: byLine }, { color: false }));
});

test('a report of more lines than one chunk is every line joined by a line break', () => {
  const runs = Array.from({ length: 3000 }, (_, i) => `RUN echo ${i}`).join('\n');
  const report = textReport('Dockerfile', analyzeDockerfile(`FROM debian:bookworm-slim\n${runs}\n`), { color: false });
  // The layer table's rows, in order: one per RUN, none lost or doubled where a chunk ends.
  const rows = report.split('\n').flatMap((l) => /^ {4} *\d+  RUN echo (\d+)/.exec(l)?.[1] ?? []);
  assert.deepEqual(rows, Array.from({ length: 3000 }, (_, i) => String(i)));
  assert.ok(!report.includes('\n\n\n'));
});
