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
    // Issue 13 (rpm-zypper-ref-then-two-installs): an install that reuses the metadata an earlier RUN left keeps none of its
    // own; `zypper clean -a` appended to it freed nothing of line 2's layer (built: +64,366 B, zypper's longer log).
    {
      name: 'a lone refresh, then an install: the metadata is the refresh\'s layer (rpm-refresh-alone reports it)',
      code: `
      FROM opensuse/tumbleweed
      RUN zypper --non-interactive refresh
      RUN zypper --non-interactive install -y nano
      `,
    },
    {
      name: 'a lone refresh with options, then two installs, the second cleaning (the build case)',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n --gpg-auto-import-keys ref
      RUN zypper -n install -y nano
      RUN zypper -n install -y tree && zypper clean -a
      `,
    },
    {
      name: 'the refresh in the stage this one is built on',
      code: `
      FROM opensuse/leap:15.6 AS base
      RUN zypper -n ref
      FROM base
      RUN zypper -n in nano
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
    {
      name: 'a second install reuses the first install\'s metadata: reported once, at the first',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n in curl
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept: and in the RUN on line 3, whose install reuses this metadata
      RUN zypper -n in tree
      `,
    },
    {
      name: 'a refresh in the install\'s own RUN: its metadata is this layer\'s',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n ref
      RUN zypper -n in nano
      RUN zypper -n ref && zypper -n in tree
      #                    ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      `,
    },
    {
      name: 'a repository added in the install\'s RUN: new metadata',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n ref
      RUN zypper -n in nano
      RUN zypper -n ar -f https://download.example.com/repo extra && zypper -n in tree
      #                                                              ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      `,
    },
    {
      name: 'cleaned in between: the next install downloads the metadata again',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n in curl
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      RUN zypper -n in tree
      RUN zypper clean -a
      RUN zypper -n in nano
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      `,
    },
    {
      name: 'a repository file copied in between: new metadata',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n in curl
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      RUN zypper -n in tree
      COPY extra.repo /etc/zypp/repos.d/
      RUN zypper -n in nano
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      `,
    },
    {
      name: 'a refresh into a cache mount leaves no metadata in its layer: the install downloads its own',
      code: `
      FROM opensuse/leap:15.6
      RUN --mount=type=cache,target=/var/cache/zypp zypper -n ref
      RUN zypper -n in nano
      #   ^^^^^^^^^^^^^^^^^ zypper-cache-kept
      RUN zypper -n in tree
      `,
    },
    {
      name: '--download-only keeps the packages it downloads, even on metadata an earlier RUN left',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper -n ref
      RUN zypper -n in --download-only nano
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ zypper-cache-kept: packages
      RUN zypper -n in tree
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
  // Issue 13 (rpm-zypper-two-installs, built): either install's clean alone +64,368 / +13,189 B (cleaned in the first only,
  // the second downloads its own copy); both -3,487,529 B. A later install that cleans itself needs nothing.
  {
    name: 'a later install that reuses the metadata cleans too',
    before: `
    FROM opensuse/leap:15.6
    RUN zypper -n in nano
    RUN zypper -n in tree
    `,
    after: `
    FROM opensuse/leap:15.6
    RUN zypper -n in nano && zypper clean -a
    RUN zypper -n in tree && zypper clean -a
    `,
  },
  {
    name: 'two later installs reuse it: the one that cleans itself is left as it is',
    before: `
    FROM opensuse/leap:15.6
    RUN zypper -n in nano
    RUN zypper -n in tree
    RUN zypper -n in jq && zypper clean -a
    `,
    after: `
    FROM opensuse/leap:15.6
    RUN zypper -n in nano && zypper clean -a
    RUN zypper -n in tree && zypper clean -a
    RUN zypper -n in jq && zypper clean -a
    `,
  },
  {
    name: 'a child stage\'s install reuses it',
    before: `
    FROM opensuse/leap:15.6 AS base
    RUN zypper -n in nano
    FROM base
    RUN zypper -n in tree
    `,
    after: `
    FROM opensuse/leap:15.6 AS base
    RUN zypper -n in nano && zypper clean -a
    FROM base
    RUN zypper -n in tree && zypper clean -a
    `,
  },
]);
