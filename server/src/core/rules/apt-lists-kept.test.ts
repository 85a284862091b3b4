import { fixTests, ruleTests } from './testing';

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
    `
    FROM debian:bookworm-slim
    # size-hints ignore=apt-lists-kept
    RUN apt-get update && apt-get install -y curl
    `,
  ],
  invalid: [
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
    after: `
    FROM debian:bookworm-slim
    RUN set -eux; apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists/*
    `,
  },
]);
