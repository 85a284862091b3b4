import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

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
      name: 'a second install reuses the metadata the first RUN kept: reported once, at the first (percona, issue 14 fresh4)',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf -y install glibc-langpack-en
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      RUN microdnf install -y findutils; rpm -i /tmp/percona-release.rpm; percona-release enable ppg-16
      `,
    },
    {
      name: 'metadata cleaned in between: the second install downloads it again',
      code: `
      FROM fedora:40
      RUN dnf install -y httpd
      #   ^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      RUN dnf clean all
      RUN dnf install -y gcc
      #   ^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      `,
    },
    {
      name: 'a repository enabled in between: new metadata',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y tar
      #   ^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      RUN rpm -i https://example.com/percona-release.rpm && percona-release enable ppg-16
      RUN microdnf install -y percona-postgresql16
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
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

test('dnf-cache-kept: a later clean of metadata two RUNs kept is folded into the first RUN\'s finding, not left alone', () => {
  const { findings } = findingsFor('FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf -y install tar\nRUN microdnf -y install findutils\nRUN microdnf clean all\n');
  assert.deepEqual(findings.filter((f) => f.severity !== 'hint').map((f) => f.rule), ['dnf-cache-kept']);
  assert.match(findings.find((f) => f.rule === 'dnf-cache-kept')!.message, /delete-in-later-layer on line 4 frees none of it/);
});
