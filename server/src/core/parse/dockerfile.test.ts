import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeLineStarts, earlierInStageChain, expandWord, parseDockerfile, substituteArgs } from './dockerfile';

const commandsOf = (text: string, index: number) =>
  parseDockerfile(text).instructions[index].shell?.commands.map((c) => [c.name, ...c.argv.slice(1).map((w) => w.value)].join(' '));

const cases: { name: string; text: string; index: number; commands: string[] }[] = [
  { name: 'line continuations', text: 'FROM x\nRUN apt-get update \\\n && apt-get install -y curl\n', index: 1, commands: ['apt-get update', 'apt-get install -y curl'] },
  { name: 'escape directive backtick', text: '# escape=`\nFROM x\nRUN apt-get update `\n && apt-get install -y curl\n', index: 1, commands: ['apt-get update', 'apt-get install -y curl'] },
  { name: 'comments inside continuations', text: 'FROM x\nRUN a \\\n# note\n  && b\n', index: 1, commands: ['a', 'b'] },
  { name: 'heredoc script', text: 'FROM x\nRUN <<EOF\nset -eux\napt-get update\nEOF\n', index: 1, commands: ['set -eux', 'apt-get update'] },
  { name: 'heredoc to bash', text: 'FROM x\nRUN bash <<EOF\napt-get update\nEOF\n', index: 1, commands: ['apt-get update'] },
  { name: 'heredoc to python is data', text: 'FROM x\nRUN python3 <<EOF\nimport os\nos.system("rm -rf /")\nEOF\n', index: 1, commands: ['python3'] },
  { name: 'exec form sh -c', text: 'FROM x\nRUN ["sh", "-c", "apt-get update && apt-get install -y x"]\n', index: 1, commands: ['apt-get update', 'apt-get install -y x'] },
  { name: 'exec form plain', text: 'FROM x\nRUN ["/usr/bin/apt-get", "update"]\n', index: 1, commands: ['apt-get update'] },
  { name: 'CRLF', text: 'FROM x\r\nRUN apt-get update \\\r\n && apt-get install -y curl\r\n', index: 1, commands: ['apt-get update', 'apt-get install -y curl'] },
  { name: 'mount flags are not shell', text: 'FROM x\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n', index: 1, commands: ['pip install flask'] },
  { name: 'ONBUILD RUN', text: 'FROM x\nONBUILD RUN apt-get update\n', index: 1, commands: ['apt-get update'] },
];

for (const c of cases) {
  test(`dockerfile: ${c.name}`, () => assert.deepEqual(commandsOf(c.text, c.index), c.commands));
}

test('dockerfile: stages, names, ARG substitution and --platform', () => {
  const p = parseDockerfile('ARG PY=3.12\nARG BASE\nFROM --platform=$BUILDPLATFORM python:${PY}-slim AS Build\nRUN x\nFROM build AS final\nFROM ${BASE:-debian}:bookworm\n');
  assert.equal(p.stages.length, 3);
  assert.equal(p.stages[0].resolvedImage, 'python:3.12-slim');
  assert.equal(p.stages[0].name, 'build');
  assert.equal(p.stages[0].platform, '$BUILDPLATFORM');
  assert.equal(p.stages[1].parentStage, 0);
  assert.equal(p.stages[2].resolvedImage, 'debian:bookworm');
  assert.deepEqual(p.stages[0].instructions.map((i) => i.keyword), ['FROM', 'RUN']);
});

test('dockerfile: build args override ARG defaults', () => {
  const p = parseDockerfile('ARG PY=3.12\nFROM python:${PY}\n', { buildArgs: { PY: '3.13' } });
  assert.equal(p.stages[0].resolvedImage, 'python:3.13');
});

test('dockerfile: mount flag options', () => {
  const p = parseDockerfile('FROM x\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update\n');
  assert.deepEqual(p.instructions[1].flags[0].options, { type: 'cache', target: '/var/cache/apt', sharing: 'locked' });
});

test('dockerfile: offsets and lines', () => {
  const text = 'FROM x\n\nRUN a \\\n  && b\n';
  const p = parseDockerfile(text);
  const run = p.instructions[1];
  assert.equal(run.line, 2);
  assert.equal(run.endLine, 3);
  assert.equal(text.slice(run.start, run.end), 'RUN a \\\n  && b');
  const b = run.shell!.commands[1];
  assert.equal(text.slice(b.start, b.end), 'b');
});

// dockerfile-ast (and LSP documents) break lines at \n, \r\n and a lone \r: its positions are converted
// to offsets with the same line starts, or every offset after a lone \r is a line off (found by the
// fuzz suite: a fix inserted --no-cache after the wrong word, on every fix-all pass).
const LINE_BREAKS: { name: string; text: string; starts: number[]; instruction: string }[] = [
  { name: 'LF', text: 'FROM x\n# c\nRUN apk add y\n', starts: [0, 7, 11, 25], instruction: 'RUN apk add y' },
  { name: 'CRLF is one break', text: 'FROM x\r\n# c\r\nRUN apk add y\r\n', starts: [0, 8, 13, 28], instruction: 'RUN apk add y' },
  { name: 'a lone CR in a comment', text: 'FROM x\n# a\rb\nRUN apk add y\n', starts: [0, 7, 11, 13, 27], instruction: 'RUN apk add y' },
  { name: 'a lone CR at a line end', text: 'FROM x\r# c\rRUN apk add y', starts: [0, 7, 11], instruction: 'RUN apk add y' },
];
for (const c of LINE_BREAKS) {
  test(`dockerfile: line starts and offsets, ${c.name}`, () => {
    assert.deepEqual(computeLineStarts(c.text), c.starts);
    const run = parseDockerfile(c.text).instructions.find((i) => i.keyword === 'RUN')!;
    assert.equal(c.text.slice(run.start, run.end), c.instruction);
    const add = run.shell!.commands[0]!;
    assert.equal(c.text.slice(add.argv[1]!.start, add.argv[1]!.end), 'add');
  });
}

test('substituteArgs forms', () => {
  const vars = new Map<string, string | undefined>([['A', 'x'], ['E', '']]);
  assert.equal(substituteArgs('$A-${A}-${B:-d}-${E:-e}-${E-f}-${A:+p}-${B:+q}', vars), 'x-x-d-e--p-');
});

test('malformed input never throws', () => {
  for (const t of ['', 'FROM', 'RUN', '\\', 'FROM x\nRUN <<EOF\nno end', 'FROM x\nRUN ["unterminated', '# escape=`\nFROM x`\n', '\u0000\uffff', 'FROM x AS\nCOPY --from= a']) {
    assert.doesNotThrow(() => parseDockerfile(t), JSON.stringify(t));
  }
});

test('FROM resolves quotes, ARG defaults and --build-arg as BuildKit does', () => {
  const image = (text: string, buildArgs?: Record<string, string>) => parseDockerfile(text, { buildArgs }).stages.map((s) => s.resolvedImage);
  assert.deepEqual(image('FROM debian:"trixie-slim"\n'), ['debian:trixie-slim']);
  assert.deepEqual(image("FROM 'node':18-alpine\n"), ['node:18-alpine']);
  assert.deepEqual(image('ARG PY=3.12\nARG BASE="python:${PY}-slim"\nFROM $BASE\n'), ['python:3.12-slim'], 'an ARG default uses earlier ARGs');
  assert.deepEqual(image('ARG PY=3.12\nARG BASE="python:${PY}-slim"\nFROM $BASE\n', { PY: '3.9' }), ['python:3.9-slim']);
  assert.deepEqual(image('ARG V\nFROM node:${V:-20}-alpine\n'), ['node:20-alpine']);
  assert.deepEqual(image('ARG V\nFROM node:${V:-20}-alpine\n', { V: '16' }), ['node:16-alpine']);
  assert.deepEqual(image('FROM node:${UNDECLARED:-18}\n', { UNDECLARED: '9' }), ['node:18'], 'a build arg needs a declared ARG');
  assert.equal(expandWord("'${X}'", new Map([['X', 'y']])), '${X}', 'single quotes keep $ literal');
  assert.equal(expandWord('"a b"\\:c', new Map()), 'a b:c');
});

test('earlierInStageChain: the instructions before one, in its stage and the stages it is built on', () => {
  const parsed = parseDockerfile('FROM debian AS base\nRUN a\nFROM alpine AS other\nRUN b\nFROM base AS app\nRUN c\nRUN d\nRUN e\n');
  const runsBefore = (line: number) =>
    earlierInStageChain(parsed, parsed.instructions.find((i) => i.line === line - 1)!).filter((i) => i.keyword === 'RUN').map((i) => i.argsText.trim());
  const cases: [line: number, expected: string[]][] = [
    [2, []],
    [4, []],
    [7, ['a', 'c']],
    [8, ['a', 'c', 'd']],
  ];
  for (const [line, expected] of cases) assert.deepEqual(runsBefore(line), expected, `line ${line}`);
});
