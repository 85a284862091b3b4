import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('consecutive-run', {
  valid: [
    {
      name: 'a later RUN that deletes what an earlier one created: one waste, reported by delete-in-later-layer',
      code: `
      FROM debian:bookworm
      RUN git clone https://github.com/madler/zlib.git /src && cd /src && ./configure && make
      RUN rm -rf /src
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    {
      // Fuzz: a RUN cut short inside an \`if\`: merged, the next RUN would become part of its branch.
      name: 'a RUN that leaves an if (or case, loop, subshell, brace group) open',
      code: `
      FROM alpine:3.22
      RUN if [ -f /x ]; then echo a
      RUN echo b
      ENV X=1
      RUN case "$A" in x) echo c
      RUN echo d
      ENV Y=1
      RUN for f in a; do echo e
      RUN echo f
      ENV Z=1
      RUN (cd /tmp && make
      RUN echo g
      `,
    },
    {
      name: 'ENV between them',
      code: `
      FROM alpine:3.22
      RUN echo a
      ENV X=1
      RUN echo b
      `,
    },
    {
      name: 'WORKDIR, USER, ARG between them',
      code: `
      FROM alpine:3.22
      RUN echo a
      WORKDIR /x
      RUN echo b
      USER nobody
      RUN echo c
      ARG Y
      RUN echo d
      `,
    },
    {
      name: 'hadolint DL3059: different secret mounts',
      code: `
      FROM alpine:3.22
      RUN --mount=type=secret,id=foo /foo.sh
      RUN --mount=type=secret,id=bar /bar.sh
      `,
    },
    {
      name: 'exec form',
      code: `
      FROM alpine:3.22
      RUN ["echo", "a"]
      RUN echo b
      `,
    },
    {
      name: 'different mounts',
      code: `
      FROM alpine:3.22
      RUN --mount=type=cache,target=/root/.cache echo a
      RUN echo b
      `,
    },
    {
      name: 'different network',
      code: `
      FROM alpine:3.22
      RUN --network=none echo a
      RUN echo b
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.22
      RUN <<EOF
      echo a
      EOF
      RUN echo b
      `,
    },
    {
      name: 'different stages',
      code: `
      FROM alpine:3.22 AS a
      RUN echo a
      FROM alpine:3.22
      RUN echo b
      `,
    },
    {
      name: 'PowerShell',
      code: `
      FROM mcr.microsoft.com/windows/servercore:ltsc2022
      SHELL ["powershell", "-Command"]
      RUN Write-Host a
      RUN Write-Host b
      `,
    },
    {
      // Before another RUN its body is the left side of `&&`, where the shell ignores `set -e`.
      name: 'set -e in a RUN that another follows',
      code: `
      FROM debian:bookworm-slim
      RUN set -eux; false; echo survived
      RUN echo b
      `,
    },
    {
      name: 'a RUN that replaces /bin/sh: the next one runs with the new shell',
      code: `
      FROM debian:bookworm-slim
      RUN ln -sf /bin/bash /bin/sh
      RUN source /etc/profile && echo b
      `,
    },
    {
      name: 'a command in the background',
      code: `
      FROM debian:bookworm-slim
      RUN echo a
      RUN sleep 1 & echo b
      `,
    },
    `
    FROM alpine:3.22
    RUN echo a
    # hadolint ignore=DL3059
    RUN echo b
    `,
  ],
  invalid: [
    {
      name: 'a RUN ending in a shell comment still merges with the RUNs after it',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && \\
          apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* # tools
      RUN echo b
      #   ^^^^^^ consecutive-run: 3 consecutive RUNs
      RUN echo c
      `,
    },
    `
    FROM alpine:3.22
    RUN echo a
    RUN echo b
    #   ^^^^^^ consecutive-run: could be one layer
    `,
    // Ported from hadolint test/Hadolint/Rule/DL3059Spec.hs. Where we differ: hadolint accepts
    // consecutive RUNs when one of them already chains commands (`RUN foo && bar` / `RUN foobar`);
    // we still hint (one layer is one layer), and only warn when merging would shrink the image.
    {
      name: 'hadolint DL3059: two RUNs separated by comments',
      code: `
      FROM alpine:3.22
      RUN /foo.sh
      # a comment
      # another comment
      RUN /bar.sh
      #   ^^^^^^^ consecutive-run
      `,
    },
    {
      name: 'hadolint DL3059: same secret mount',
      code: `
      FROM alpine:3.22
      RUN --mount=type=secret,id=foo /foo.sh
      RUN --mount=type=secret,id=foo /bar.sh
      #                              ^^^^^^^ consecutive-run
      `,
    },
    {
      name: 'same flags',
      code: `
      FROM alpine:3.22
      RUN --network=none echo a
      RUN --network=none echo b
      #                  ^^^^^^ consecutive-run
      `,
    },
  ],
});

fixTests('consecutive-run', [
  {
    name: 'trailing && style, default indent',
    title: /Merge RUN commands/,
    before: `
    FROM alpine:3.22
    RUN echo a
    RUN echo b
    `,
    after: `
    FROM alpine:3.22
    RUN echo a && \\
        echo b
    `,
  },
  {
    name: 'leading && style, comments, pragma hoisted, trailing ; dropped, cd kept in a subshell',
    title: /Merge RUN commands/,
    before: `
    FROM alpine:3.22
    RUN apk add curl \\
      && echo done;
    # then build
    # hadolint ignore=DL3003
    RUN cd /src && make

    RUN make install
    `,
    after: `
    FROM alpine:3.22
    # hadolint ignore=DL3003
    RUN apk add curl \\
      && echo done \\
      # then build
      && (cd /src && make) \\
      && make install
    `,
  },
  {
    name: 'backtick escape',
    title: /Merge RUN commands/,
    before: `
    # escape=\`
    FROM alpine:3.22
    RUN echo a
    RUN echo b
    `,
    after: `
    # escape=\`
    FROM alpine:3.22
    RUN echo a && \`
        echo b
    `,
  },
  {
    name: 'a trailing comment becomes a comment line; later bodies with ; or || are grouped so an earlier failure still stops the build',
    title: /Merge RUN commands/,
    before: `
    FROM alpine:3.22
    RUN echo a # note
    RUN echo b; echo c
    RUN false || echo d  # last
    `,
    after: `
    FROM alpine:3.22
    RUN echo a && \\
        # note
        { echo b; echo c; } && \\
        { false || echo d; }  # last
    `,
  },
  {
    name: 'set -e in the last RUN keeps working inside braces; a function stays in its RUN',
    title: /Merge RUN commands/,
    before: `
    FROM alpine:3.22
    RUN greet() { echo hi; }; greet
    RUN set -eu; echo b; echo c;
    `,
    after: `
    FROM alpine:3.22
    RUN (greet() { echo hi; }; greet) && \\
        { set -eu; echo b; echo c; }
    `,
  },
  {
    name: 'CRLF',
    title: /Merge RUN commands/,
    before: 'FROM alpine:3.22\r\nRUN echo a\r\nRUN echo b\r\n',
    after: 'FROM alpine:3.22\r\nRUN echo a && \\\r\n    echo b\r\n',
  },
]);

test('consecutive-run: hint by default, warning when merging shrinks the image', () => {
  const plain = findingsFor('FROM debian:bookworm-slim\nRUN echo a > /a\nRUN echo b > /b\n').findings.find((f) => f.rule === 'consecutive-run');
  // A shrinking merge of bytes no other rule reports (delete-in-later-layer would take a plain rm, or a mv of the whole clone).
  const shrinking = findingsFor('FROM debian:bookworm-slim\nRUN git clone https://github.com/a/b /src\nRUN mv /src/lib /opt/lib\n').findings.find((f) => f.rule === 'consecutive-run');
  // A few kB of change is not a warning.
  const tiny = findingsFor('FROM debian:bookworm-slim\nRUN echo x > /big\nRUN mv /big /opt/big\n').findings.find((f) => f.rule === 'consecutive-run');
  assert.equal(tiny?.severity, 'hint');
  assert.equal(plain?.severity, 'hint');
  assert.equal(shrinking?.severity, 'warning');
  const userSet = findingsFor('FROM debian:bookworm-slim\nRUN git clone https://github.com/a/b /src\nRUN mv /src/lib /opt/lib\n', undefined, { severities: { 'consecutive-run': 'info' } }).findings.find((f) => f.rule === 'consecutive-run');
  assert.equal(userSet?.severity, 'info');
});

test('consecutive-run: an unknown command that ran in the WORKDIR does not make a later chmod there a shrinking merge (issue 14)', () => {
  const f = findingsFor('FROM php:8.3-apache\nWORKDIR /var/www/app\nRUN composer create-project laravel/laravel .\nRUN chmod -R 777 /var/www/app/storage\n').findings.filter((x) => x.rule === 'consecutive-run');
  assert.deepEqual(f.map((x) => x.severity), ['hint']);
  assert.match(f[0].message, /could be one layer/);
});
