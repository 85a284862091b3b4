import { fixTests, ruleTests } from './testing';

ruleTests('apt-no-install-recommends', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get -o APT::Install-Recommends=false install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    {
      name: 'apt config written by an earlier layer',
      code: `
      FROM debian:bookworm-slim
      RUN echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/01norecommends
      RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
      `,
    },
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -qqy --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
  ],
  invalid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    #                     ^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends: recommended
    `,
    {
      name: 'hadolint DL3015: -y before the subcommand',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get -y install python3 && rm -rf /var/lib/apt/lists/*
      #                     ^^^^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
      `,
    },
    {
      name: 'apt install counts like apt-get install',
      code: `
      FROM debian:bookworm-slim
      RUN apt update && apt install -y curl && rm -rf /var/lib/apt/lists/*
      #                 ^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
      `,
    },
    {
      name: 'short-flag cluster and continuation',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update \\
       && apt-get install -qqy \\
      #   ^^^^^^^^^^^^^^^^^^^^^^^ apt-no-install-recommends
          curl \\
       && rm -rf /var/lib/apt/lists/*
      `,
    },
  ],
});

fixTests('apt-no-install-recommends', [
  {
    before: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
    `,
    after: `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*
    `,
  },
]);
