import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('apt-lists-kept', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -fr /var/lib/apt/lists
    `,
    `
    FROM debian:bookworm-slim
    RUN apt-get update; apt-get install -y curl; rm --recursive --force /var/lib/apt/lists/*
    `,
    `
    FROM debian:trixie-slim
    RUN apt-get update && apt-get install -y curl && apt-get dist-clean
    `,
    `
    FROM debian:bookworm-slim
    RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl
    `,
    `
    FROM debian:bookworm-slim
    RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl
    `,
    `
    # escape=\`
    FROM debian:bookworm-slim
    RUN apt-get update \`
        && apt-get install -y curl \`
        && rm -rf /var/lib/apt/lists/*
    `,
    `
    FROM debian:bookworm-slim
    RUN <<EOF
    set -eux
    apt-get update
    apt-get install -y curl
    rm -rf /var/lib/apt/lists/*
    EOF
    `,
    `
    FROM debian:bookworm-slim
    # hadolint ignore=DL3009
    RUN apt-get update && apt-get install -y curl
    `,
    // Ported from hadolint test/Hadolint/Rule/DL3009Spec.hs (where our rule agrees):
    {
      name: 'hadolint DL3009: stage not used later (FROM scratch after it)',
      code: `
      FROM ubuntu:24.04 AS foo
      RUN apt-get update && apt-get install -y python3
      FROM scratch
      COPY x /x
      `,
    },
    {
      name: 'hadolint DL3009: intermediate stage that cleans its lists',
      code: `
      FROM ubuntu:24.04 AS foo
      RUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*
      FROM foo
      RUN echo hey
      `,
    },
    {
      name: 'hadolint DL3009: docker-clean removed, cache mounts on /var/lib/apt and /var/cache/apt',
      code: `
      FROM debian:bookworm-slim
      RUN rm -f /etc/apt/apt.conf.d/docker-clean
      RUN --mount=type=cache,target=/var/cache/apt \\
          --mount=type=cache,target=/var/lib/apt \\
          apt-get update && apt-get install -y curl
      `,
    },
    `
    FROM debian:bookworm-slim
    # size-hints ignore=apt-lists-kept
    RUN apt-get update && apt-get install -y curl
    `,
    {
      name: 'build-only stage a later RUN mounts one directory of (not the lists)',
      code: `
      FROM debian:bookworm AS builder
      COPY ./ /modules/
      RUN apt-get update && apt-get install -y --no-install-recommends make && make -C /modules && mkdir /tmp/packages
      FROM debian:bookworm-slim
      RUN --mount=type=bind,target=/tmp/packages/,source=/tmp/packages/,from=builder ls /tmp/packages
      `,
    },
  ],
  invalid: [
    {
      name: 'sudo apt-get update && sudo apt-get install',
      code: `
      FROM ubuntu:22.04
      RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl
      #   ^^^^^^^^^^^^^^^^^^^ apt-lists-kept: package lists
      CMD ["bash"]
      `,
    },
    {
      name: 'build-only stage mounted whole by a later RUN',
      code: `
      FROM debian:bookworm AS builder
      RUN apt-get update && apt-get install -y --no-install-recommends make
      #   ^^^^^^^^^^^^^^ apt-lists-kept
      FROM debian:bookworm-slim
      RUN --mount=from=builder,target=/b cp -a /b/var/lib/apt/lists /lists
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl
    #   ^^^^^^^^^^^^^^ apt-lists-kept: package lists
    `,
    {
      name: 'cleanup before the update does not count',
      code: `
      FROM debian:bookworm-slim
      RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl
      #                                  ^^^^^^^^^^^^^^ apt-lists-kept
      `,
    },
    {
      name: 'an unrelated rm -rf does not count',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y curl && rm -rf /tmp/*
      #   ^^^^^^^^^^^^^^ apt-lists-kept
      `,
    },
    {
      name: 'hadolint DL3009: intermediate stage the shipped stage is built FROM',
      code: `
      FROM ubuntu:24.04 AS foo
      RUN apt-get update && apt-get install -y python3
      #   ^^^^^^^^^^^^^^ apt-lists-kept
      FROM foo
      RUN echo hey
      `,
    },
    {
      name: 'hadolint DL3009: cache mount on /var/cache/apt only (the lists still land in the layer)',
      code: `
      FROM debian:bookworm-slim
      RUN --mount=type=cache,target=/var/cache/apt \\
          rm -f /etc/apt/apt.conf.d/docker-clean && \\
          apt-get update && apt-get install -y python3
      #   ^^^^^^^^^^^^^^ apt-lists-kept
      `,
    },
    {
      name: 'a cache mount on another path does not count',
      code: `
      FROM debian:bookworm-slim
      RUN --mount=type=cache,target=/root/.cache/pip apt-get update && apt-get install -y python3
      #                                              ^^^^^^^^^^^^^^ apt-lists-kept
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM debian:bookworm-slim
      RUN <<EOF
        set -eux
        apt-get update
      # ^^^^^^^^^^^^^^ apt-lists-kept
        apt-get install -y curl
      EOF
      `,
    },
  ],
});

fixTests('apt-lists-kept', [
  {
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
  },
  {
    name: 'after a trailing semicolon',
    before: `
    FROM debian:bookworm-slim
    RUN set -eux; apt-get update; apt-get install -y curl;
    `,
    // Before the `;`: after it, the rm's status would hide a failed install.
    after: `
    FROM debian:bookworm-slim
    RUN set -eux; apt-get update; apt-get install -y curl && rm -rf /var/lib/apt/lists/*;
    `,
  },
  {
    name: 'before a trailing comment, not inside it',
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl  # we need curl
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*  # we need curl
    `,
    safe: true,
  },
  {
    name: 'a comment after a continuation line',
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update \\
        && apt-get install -y curl \\
    # a comment line Docker drops
        && echo '# not a comment' # but this is
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update \\
        && apt-get install -y curl \\
    # a comment line Docker drops
        && echo '# not a comment' && rm -rf /var/lib/apt/lists/* # but this is
    `,
  },
  {
    name: 'a trailing continuation at the end of the file',
    before: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y sl \\',
    after: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y sl && rm -rf /var/lib/apt/lists/* \\',
  },
  {
    name: 'a later RUN installs from the lists: it gets its own update',
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y ca-certificates
    RUN apt-get install -y curl
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
  {
    name: 'a stage built FROM this one installs from the lists',
    before: `
    FROM debian:bookworm-slim AS base
    RUN apt-get update -q && apt-get install -y ca-certificates
    FROM base
    RUN echo hi && apt-get install -y curl
    `,
    after: `
    FROM debian:bookworm-slim AS base
    RUN apt-get update -q && apt-get install -y ca-certificates && rm -rf /var/lib/apt/lists/*
    FROM base
    RUN echo hi && apt-get update -q && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    safe: true,
  },
]);

noSafeFixTests('apt-lists-kept', [
  {
    name: 'a later install inside a condition',
    code: `
    FROM debian:bookworm
    RUN apt-get update && apt-get install -y ca-certificates
    RUN if [ -n "$X" ]; then apt-get install -y curl; fi
    `,
    title: /check: the RUN on line 3 installs from these lists/,
  },
  {
    name: 'a later apt in exec form',
    code: `
    FROM debian:bookworm
    RUN apt-get update && apt-get install -y ca-certificates
    RUN ["apt-get", "install", "-y", "curl"]
    `,
  },
]);

test('apt-lists-kept: a RUN that only updates, before a RUN that installs, is one waste reported by apt-update-alone', () => {
  // The move of the update into the install's RUN (apt-update-alone) is the fix; removing the lists here breaks the install.
  const text = 'FROM debian:bookworm\nRUN apt-get update -y\nRUN apt-get install -y --no-install-recommends curl\n';
  const onUpdate = findingsFor(text).findings.filter((f) => f.instructionIndex === 1 && f.severity !== 'hint');
  assert.deepEqual(onUpdate.map((f) => f.rule), ['apt-update-alone']);
  assert.match(onUpdate[0].message, /also apt-lists-kept/);
  const removesLists = onUpdate[0].fixes.filter((f) => f.edits.some((e) => /lists/.test(e.newText) && e.start >= text.indexOf('RUN apt-get update') && e.start < text.indexOf('RUN apt-get install')));
  assert.deepEqual(removesLists.map((f) => f.title), []);
});
