import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixTests, ruleTests, findingsFor } from './testing';

ruleTests('large-base-image', {
  valid: [
    `
    FROM python:3.12-slim
    `,
    `
    FROM node:22-alpine
    `,
    { name: 'build-only stage', code: `
      FROM python:3.12 AS build
      RUN pip wheel -w /wheels numpy
      FROM python:3.12-slim
      COPY --from=build /wheels /wheels
      ` },
    { name: 'image not in the data', code: `
      FROM registry.example.com/team/base:1
      ` },
    { name: 'ignored (not on the first line: dockerfile-ast reads a leading `# x=y` as a parser directive)', code: `
      ARG UNUSED=1
      # size-hints ignore=large-base-image
      FROM python:3.12
      ` },
  ],
  invalid: [
    `
    FROM python:3.12
    #    ^^^^^^^^^^^ large-base-image: python:3.12-slim saves
    `,
    `
    FROM debian:bookworm
    #    ^^^^^^^^^^^^^^^ large-base-image: debian:bookworm-slim
    `,
    { name: 'child of the shipped chain', code: `
      FROM node:22 AS base
      #    ^^^^^^^ large-base-image: node:22-slim
      FROM base
      CMD ["node"]
      ` },
  ],
});

fixTests('large-base-image', [
  { before: `
    FROM python:3.12
    `, after: `
    FROM python:3.12-slim
    `, title: /python:3\.12-slim/ },
  { name: 'keeps the registry spelling', before: `
    FROM docker.io/library/debian:bookworm
    `, after: `
    FROM docker.io/library/debian:bookworm-slim
    ` },
]);

test('large-base-image: a tag the data only approximates gets the advice but no guessed rewrite', () => {
  const f = findingsFor('FROM python:3.12.7\nCMD ["python"]\n').findings.find((x) => x.rule === 'large-base-image');
  assert.ok(f, 'the slim advice still comes');
  assert.match(f.message, /python:3\.12-slim/);
  assert.deepEqual(f.fixes, [], 'no fix: python:3.12.7 is not in the data (python:3.12 stands in), so no tag is guessed');
});
