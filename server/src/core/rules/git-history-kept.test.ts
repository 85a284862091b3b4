import { fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('git-history-kept', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN git clone --depth 1 https://github.com/a/b /opt/b
    `,
    `
    FROM debian:bookworm-slim
    RUN git clone --depth=1 --branch v1 https://github.com/a/b /opt/b
    `,
    { name: 'removes .git in the same RUN', code: `
      FROM debian:bookworm-slim
      RUN git clone https://github.com/a/b /opt/b && rm -rf /opt/b/.git
      ` },
    { name: 'removes the whole clone in the same RUN', code: `
      FROM debian:bookworm-slim
      RUN set -eux; git clone https://github.com/a/b /src; make -C /src install; rm -rf /src
      ` },
    { name: 'vcs import --shallow', code: `
      FROM ros:jazzy
      WORKDIR /ws
      RUN vcs import --shallow src < ros2.repos
      ` },
    { name: 'build-only stage, only the build output is copied', code: `
      FROM golang:1.23 AS build
      RUN git clone https://github.com/a/b /src
      FROM scratch
      COPY --from=build /src/bin/app /app
      ` },
    { name: 'find -name .git -delete', code: `
      FROM ros:jazzy
      RUN vcs import src < ros2.repos && find src -name .git -type d -prune -exec rm -rf {} +
      ` },
  ],
  invalid: [
    `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /opt/b
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ git-history-kept: /opt/b/.git
    `,
    { name: 'vcs import', code: `
      FROM ros:jazzy
      WORKDIR /ws
      RUN vcs import src < ros2.repos
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ git-history-kept: vcs import
      ` },
    { name: 'build stage clone copied whole into the final image', code: `
      FROM debian:bookworm-slim AS src
      RUN git clone https://github.com/a/b /src
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ git-history-kept
      FROM debian:bookworm-slim
      COPY --from=src /src /src
      ` },
    { name: 'heredoc', code: `
      FROM debian:bookworm-slim
      RUN <<EOF
        set -eux
        git clone https://github.com/a/b /opt/b
      # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ git-history-kept
      EOF
      ` },
  ],
});

fixTests('git-history-kept', [
  { before: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /opt/b
    `, after: `
    FROM debian:bookworm-slim
    RUN git clone --depth 1 https://github.com/a/b /opt/b
    ` },
  { name: 'vcs import', before: `
    FROM ros:jazzy
    RUN vcs import src < ros2.repos
    `, after: `
    FROM ros:jazzy
    RUN vcs import --shallow src < ros2.repos
    ` },
]);

// --depth 1 keeps one commit: anything after the clone that needs more must keep the fix out (issue 13, class 9).
noSafeFixTests('git-history-kept', [
  { name: 'a later RUN checks out a tag', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /app
    RUN cd /app && git checkout -q v1
    ` },
  { name: 'git -C <dir> checkout in the same RUN (-C is not the subcommand)', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /app && git -C /app checkout -q v1
    ` },
  { name: 'a later git describe', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /app
    RUN git -C /app describe --tags > /version
    ` },
  { name: 'git log, fetch, submodule update', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /app && cd /app && git submodule update --init
    ` },
  { name: 'git --git-dir=… log', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /app
    RUN git --git-dir=/app/.git log --oneline > /log
    ` },
  { name: 'a later stage fetches', noFix: true, code: `
    FROM debian:bookworm-slim AS src
    RUN git clone https://github.com/a/b /app
    FROM src
    RUN git -C /app fetch --tags
    ` },
  { name: 'a build after the clone may read its history: a suggestion that says so', title: /check: the make step/, code: `
    FROM debian:bookworm-slim
    RUN git clone https://github.com/a/b /src && cd /src && make install
    ` },
]);

fixTests('git-history-kept', [
  { name: 'a clone behind git -c options, a later rev-parse', safe: true, before: `
    FROM debian:bookworm-slim
    RUN git -c advice.detachedHead=false clone https://github.com/a/b /opt/b
    RUN git -C /opt/b rev-parse HEAD > /opt/b.rev
    `, after: `
    FROM debian:bookworm-slim
    RUN git -c advice.detachedHead=false clone --depth 1 https://github.com/a/b /opt/b
    RUN git -C /opt/b rev-parse HEAD > /opt/b.rev
    ` },
]);
