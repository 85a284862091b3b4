import { fixTests, ruleTests } from './testing';

ruleTests('dnf-cache-kept', {
  valid: [
    `
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    `,
    {
      name: 'microdnf on UBI',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y --nodocs tar gzip && microdnf clean all
      `,
    },
    {
      name: 'rm -rf /var/cache/dnf after',
      code: `
      FROM fedora:40
      RUN set -eux; dnf -y install gcc; rm -rf /var/cache/dnf/*
      `,
    },
    {
      name: 'cache mount',
      code: `
      FROM fedora:40
      RUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM fedora:40
      RUN <<EOF
      dnf install -y httpd
      dnf clean all
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM fedora:40
      RUN dnf install -y httpd \`
       && dnf clean all
      `,
    },
    {
      name: 'builder stage',
      code: `
      FROM fedora:40 AS build
      RUN dnf install -y gcc make && make
      FROM scratch
      COPY --from=build /src/app /app
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM fedora:40
      # hadolint ignore=DL3040
      RUN dnf install -y httpd
      `,
    },
  ],
  invalid: [
    `
    FROM fedora:40
    RUN dnf install -y httpd
    #   ^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: dnf clean all
    `,
    {
      name: 'clean before the install',
      code: `
      FROM fedora:40
      RUN dnf clean all && dnf install -y httpd
      #                    ^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      `,
    },
    {
      name: 'microdnf',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y tar
      #   ^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: microdnf clean all
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM fedora:40
      RUN <<EOF
        dnf install -y httpd
      # ^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      EOF
      `,
    },
    {
      name: 'ONBUILD',
      code: `
      FROM fedora:40
      ONBUILD RUN dnf install -y httpd
      #           ^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      `,
    },
  ],
});

fixTests('dnf-cache-kept', [
  {
    before: `
    FROM fedora:40
    RUN dnf install -y httpd
    `,
    after: `
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    `,
  },
]);
