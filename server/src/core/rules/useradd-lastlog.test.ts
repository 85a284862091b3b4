import { fixTests, ruleTests } from './testing';

ruleTests('useradd-lastlog', {
  valid: [
    {
      // Measured: shadow 4.13 leaves lastlog and faillog at 0 bytes (layer 4.3 kB) with or without --no-log-init.
      name: 'bookworm and noble: shadow 4.13 writes no lastlog records past the end of the file',
      code: `
      FROM debian:bookworm-slim
      RUN useradd -u 100000 app
      FROM ubuntu:24.04
      RUN useradd -u 100000 app
      `,
    },
    `
    FROM debian:bullseye-slim
    RUN useradd --no-log-init -u 100000 -m app
    `,
    {
      name: 'short -l in a cluster',
      code: `
      FROM debian:bullseye-slim
      RUN useradd -lmu 100000 app
      `,
    },
    {
      name: 'small UID',
      code: `
      FROM debian:bullseye-slim
      RUN groupadd -r app && useradd -r -g app -u 999 app
      `,
    },
    {
      name: 'solr, robot-docker-env: a variable whose ENV or ARG default is a small UID',
      code: `
      FROM debian:bullseye-slim
      ENV SOLR_UID="8983"
      RUN useradd -r --uid "$SOLR_UID" solr
      FROM ubuntu:14.04
      ARG UID=1000
      ARG USER=bot
      RUN useradd -rms /usr/bin/zsh -u $UID \${USER}
      `,
    },
    {
      name: 'no UID given',
      code: `
      FROM debian:bullseye-slim
      RUN useradd -m app
      `,
    },
    // Ported from hadolint test/Hadolint/Rule/DL3046Spec.hs:
    {
      name: 'hadolint DL3046: 5-digit UID',
      code: `
      FROM debian:bullseye-slim
      RUN useradd -u 12345 luser
      `,
    },
    {
      name: 'hadolint DL3046: long UID with -l',
      code: `
      FROM debian:bullseye-slim
      RUN useradd -l -u 123456 luser
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM debian:bullseye-slim
      # hadolint ignore=DL3046
      RUN useradd -u 100000 app
      `,
    },
    {
      name: 'busybox adduser is not useradd',
      code: `
      FROM alpine:3.20
      RUN adduser -D -u 100000 app
      `,
    },
  ],
  invalid: [
    `
    FROM debian:bullseye-slim
    RUN useradd -u 100000 -m app
    #   ^^^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog: 29.2 MB
    `,
    {
      name: 'hadolint DL3046: long UID without -l',
      code: `
      FROM debian:bullseye-slim
      RUN useradd -u 123456 luser
      #   ^^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog
      `,
    },
    {
      name: '--uid= and a variable',
      code: `
      FROM debian:bullseye-slim
      ARG UID
      RUN useradd --uid=\${UID} -m app
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog: variable
      `,
    },
    {
      name: 'a variable whose ARG default is a large UID: the size of that UID',
      code: `
      FROM debian:bullseye-slim
      ARG APP_UID=100000
      RUN useradd -u "\${APP_UID}" app
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog: 29.2 MB
      `,
    },
    {
      name: 'set -eux, continuation',
      code: `
      FROM debian:bullseye-slim
      RUN set -eux; \\
          groupadd -g 70000 app; \\
          useradd -g app \\
      #   ^^^^^^^^^^^^^^^^ useradd-lastlog
            -u 70000 app
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM debian:bullseye-slim
      RUN <<EOF
        useradd -u 1000000 app
      # ^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM debian:bullseye-slim
      RUN useradd \`
      #   ^^^^^^^^^^ useradd-lastlog
          -u 123456 app
      `,
    },
    {
      name: 'build-only stage too',
      code: `
      FROM debian:bullseye-slim AS build
      RUN useradd -u 200000 builder
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^ useradd-lastlog
      FROM scratch
      COPY --from=build /etc/passwd /etc/passwd
      `,
    },
  ],
});

fixTests('useradd-lastlog', [
  {
    before: `
    FROM debian:bullseye-slim
    RUN useradd -u 100000 -m app
    `,
    after: `
    FROM debian:bullseye-slim
    RUN useradd --no-log-init -u 100000 -m app
    `,
  },
]);
