import { fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('apt-update-alone', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    {
      name: 'official images idiom (savedAptMark, apt-mark auto, purge --auto-remove)',
      code: `
      FROM debian:bookworm-slim
      RUN set -eux; \\
          savedAptMark="$(apt-mark showmanual)"; \\
          apt-get update; \\
          apt-get install -y --no-install-recommends ca-certificates wget; \\
          apt-mark auto '.*' > /dev/null; \\
          [ -z "$savedAptMark" ] || apt-mark manual $savedAptMark; \\
          apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
          rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM debian:bookworm-slim
      RUN <<EOF
      apt-get update
      apt-get install -y curl
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM debian:bookworm-slim
      RUN apt-get update \`
       && apt-get install -y curl
      `,
    },
    {
      name: 'update followed by upgrade',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get upgrade -y
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM debian:bookworm-slim
      # size-hints ignore=apt-update-alone
      RUN apt-get update
      RUN apt-get install -y curl
      `,
    },
  ],
  invalid: [
    {
      name: 'sudo apt-get update alone, sudo apt-get install in the next RUN',
      code: `
      FROM ubuntu:22.04
      RUN sudo apt-get update
      #   ^^^^^^^^^^^^^^^^^^^ apt-update-alone: the install on line 3
      RUN sudo apt-get install -y --no-install-recommends curl && sudo rm -rf /var/lib/apt/lists/*
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update
    #   ^^^^^^^^^^^^^^ apt-update-alone: line 3
    RUN apt-get install -y curl
    `,
    {
      name: 'install before the update does not count',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get install -y curl; apt-get update -qq
      #                            ^^^^^^^^^^^^^^^^^^ apt-update-alone: no install
      `,
    },
    {
      name: 'set -eux with the lists removed',
      code: `
      FROM debian:bookworm-slim
      RUN set -eux; apt-get update; rm -rf /var/lib/apt/lists/*
      #             ^^^^^^^^^^^^^^ apt-update-alone
      RUN apt-get install -y curl
      `,
    },
    {
      name: 'cache mounts do not make it safe',
      code: `
      FROM debian:bookworm-slim
      RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update
      #                                                               ^^^^^^^^^^^^^^ apt-update-alone
      RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get install -y curl
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM debian:bookworm-slim
      RUN <<EOF
        apt-get update
      # ^^^^^^^^^^^^^^ apt-update-alone
      EOF
      RUN apt-get install -y curl
      `,
    },
    {
      name: 'ONBUILD',
      code: `
      FROM debian:bookworm-slim
      ONBUILD RUN apt-get update
      #           ^^^^^^^^^^^^^^ apt-update-alone
      ONBUILD RUN apt-get install -y curl
      `,
    },
  ],
});

fixTests('apt-update-alone', [
  {
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update
    RUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
  },
  {
    name: 'into a set -eux script, past other instructions',
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update -qq
    ENV DEBIAN_FRONTEND=noninteractive
    RUN set -eux; \\
        apt-get install -y curl; \\
        rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    ENV DEBIAN_FRONTEND=noninteractive
    RUN set -eux; \\
        apt-get update -qq && apt-get install -y curl; \\
        rm -rf /var/lib/apt/lists/*
    `,
  },
  {
    name: 'sudo stays on the moved update (as a non-root USER, `apt-get update` alone cannot lock the lists)',
    before: `
    FROM ubuntu:22.04
    USER app
    RUN sudo apt-get update
    RUN sudo apt-get install -y --no-install-recommends curl && sudo rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM ubuntu:22.04
    USER app
    RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl && sudo rm -rf /var/lib/apt/lists/*
    `,
    title: /^Move `sudo apt-get update` into the RUN on line 4$/,
  },
  {
    name: 'into a heredoc',
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update
    RUN <<EOF
    apt-get install -y curl
    EOF
    `,
    after: `
    FROM debian:bookworm-slim
    RUN <<EOF
    apt-get update && apt-get install -y curl
    EOF
    `,
  },
]);

// Nothing installs from the lists: the update goes (appending an rm would leave a pointless update behind).
fixTests('apt-update-alone', [
  { name: 'a lone update with no install after it: the RUN goes', safe: true, before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    FROM debian:bookworm-slim
    RUN apt-get update
    CMD ["bash"]
    `, after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    FROM debian:bookworm-slim
    CMD ["bash"]
    ` },
  { name: 'sudo: the title names the command as written', safe: true, title: /^Remove this RUN: nothing installs from the lists `sudo apt-get update` downloads$/, before: `
    FROM debian:bookworm-slim
    RUN sudo apt-get update
    CMD ["bash"]
    `, after: `
    FROM debian:bookworm-slim
    CMD ["bash"]
    ` },
  { name: 'an update followed by other work: only the update goes', safe: true, before: `
    FROM debian:bookworm-slim
    RUN apt-get update && mkdir -p /data
    `, after: `
    FROM debian:bookworm-slim
    RUN mkdir -p /data
    ` },
]);

noSafeFixTests('apt-update-alone', [
  { name: 'the install runs only when a test fails (`a || apt-get install`): the moved update would make it run always', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN apt-get update
    RUN test -x /usr/bin/curl || apt-get install -y --no-install-recommends curl
    ` },
  { name: 'a negated install (`! apt-get install`): `! apt-get update && …` would negate the update instead', noFix: true, code: `
    FROM debian:bookworm-slim
    RUN apt-get update
    RUN ! apt-get install -y --no-install-recommends no-such-package
    ` },
  { name: 'a stage built on this one installs from the lists', noFix: true, code: `
    FROM debian:bookworm-slim AS base
    RUN apt-get update && mkdir -p /data
    FROM base
    RUN apt-get install -y --no-install-recommends curl
    ` },
]);
