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
  { name: 'an OpenJDK install (here pulled in by maven) gets the man1 folder its postinst links into, which slim lacks', before: `
    FROM debian:bookworm
    RUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
    CMD ["mvn", "-v"]
    `, after: `
    FROM debian:bookworm-slim
    RUN mkdir -p /usr/share/man/man1
    RUN apt-get update && apt-get install -y --no-install-recommends maven && rm -rf /var/lib/apt/lists/*
    CMD ["mvn", "-v"]
    `, title: /bookworm-slim .*mkdir -p \/usr\/share\/man\/man1/ },
  { name: 'the same in a stage built on it, with CRLF line ends', before: 'FROM debian:bookworm AS base\r\nFROM base\r\nRUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless\r\nCMD ["java", "-version"]\r\n',
    after: 'FROM debian:bookworm-slim AS base\r\nRUN mkdir -p /usr/share/man/man1\r\nFROM base\r\nRUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless\r\nCMD ["java", "-version"]\r\n' },
  { name: 'no Java: the FROM alone', before: `
    FROM debian:bookworm
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    CMD ["curl", "--version"]
    `, after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    CMD ["curl", "--version"]
    ` },
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

test('large-base-image: no advice from a stand-in of another version or variant (issue 14)', () => {
  // The data has no python:3.7-slim-stretch; python:latest stands in, whose variants are not the user's.
  for (const code of ['FROM python:3.7-slim-stretch\nCOPY . /app\nCMD ["python", "/app/main.py"]\n', 'ARG V=3.6.0\nFROM python:${V}\nCOPY . /app\nCMD ["python", "/app/main.py"]\n']) {
    assert.equal(findingsFor(code).findings.filter((x) => x.rule === 'large-base-image').length, 0, code);
  }
});

test('large-base-image: a hint unless the stage clearly runs an app; alpine is another libc, a hint', () => {
  const tool = findingsFor('FROM node:22\nRUN corepack enable\nUSER node\n').findings.find((x) => x.rule === 'large-base-image');
  assert.equal(tool?.severity, 'hint');
  const app = findingsFor('FROM node:22\nCOPY . /app\nCMD ["node", "/app/index.js"]\n').findings.find((x) => x.rule === 'large-base-image');
  assert.equal(app?.severity, 'info');
  const nginx = findingsFor('FROM nginx:1.27\nCOPY build /usr/share/nginx/html\nCMD ["nginx", "-g", "daemon off;"]\n').findings.find((x) => x.rule === 'large-base-image');
  assert.ok(!nginx || nginx.severity === 'hint', nginx?.message);
});

test('large-base-image: a toolchain image whose only copies are its start script and a tool out of another image stays a hint (issue 14 fresh3: clojure lein)', () => {
  const sev = (code: string) => findingsFor(code).findings.find((x) => x.rule === 'large-base-image')?.severity;
  const lein = 'FROM debian:trixie\nENV JAVA_HOME=/opt/java/openjdk\nCOPY --from=eclipse-temurin:21 $JAVA_HOME $JAVA_HOME\nRUN curl -fsSLo /usr/local/bin/lein https://example.com/lein && chmod +x /usr/local/bin/lein\nCOPY entrypoint /usr/local/bin/entrypoint\nENTRYPOINT ["entrypoint"]\nCMD ["repl"]\n';
  assert.equal(sev(lein), 'hint');
  // The same start script beside the application's files: it runs an app.
  assert.equal(sev(lein.replace('COPY entrypoint', 'COPY target/app.jar /app/app.jar\nCOPY entrypoint')), 'info');
  // A COPY --from of an earlier stage of the file brings the application.
  assert.equal(sev('FROM debian:trixie AS build\nRUN make\nFROM debian:trixie\nCOPY --from=build /out/app /usr/local/bin/app\nCMD ["app"]\n'), 'info');
});
