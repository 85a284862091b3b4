import { fixTests, ruleTests } from './testing';

ruleTests('zypper-cache-kept', {
  valid: [
    `
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl && zypper clean -a
    `,
    {
      name: 'zypper cc',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n in curl && zypper cc -a
      `,
    },
    {
      name: 'rm -rf /var/cache/zypp',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n in curl; rm -rf /var/cache/zypp/*
      `,
    },
    {
      name: 'cache mount',
      code: `
      FROM opensuse/leap:15.6
      RUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM opensuse/leap:15.6
      # hadolint ignore=DL3036
      RUN zypper -n in curl
      `,
    },
  ],
  invalid: [
    `
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ zypper-cache-kept: zypper clean -a
    `,
    {
      name: 'heredoc',
      code: `
      FROM opensuse/leap:15.6
      RUN <<EOF
        zypper -n in curl
      # ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM opensuse/leap:15.6
      RUN zypper -n in \`
      #   ^^^^^^^^^^^^^^^ zypper-cache-kept
          curl
      `,
    },
  ],
});

fixTests('zypper-cache-kept', [
  {
    before: `
    FROM opensuse/leap:15.6
    RUN zypper -n in curl
    `,
    after: `
    FROM opensuse/leap:15.6
    RUN zypper -n in curl && zypper clean -a
    `,
  },
]);
