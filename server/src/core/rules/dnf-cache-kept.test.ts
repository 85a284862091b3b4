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
      name: 'keepcache=0 and a clean',
      code: `
      FROM fedora:40
      RUN dnf install -y --setopt=keepcache=0 tree && dnf clean all
      `,
    },
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
      name: 'dnf5 (Fedora 41 and later): its cache is /var/cache/libdnf5',
      code: `
      FROM fedora:42
      RUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y gcc
      `,
    },
    // dnf5 by that name (Fedora 41+; issue 13/12: it was not seen at all): dnf's rule, libdnf5's folder on any base.
    {
      name: 'dnf5 clean all in the same RUN',
      code: `
      FROM fedora:42
      RUN dnf5 install -y gcc && dnf5 clean all
      `,
    },
    {
      name: 'dnf5 on a base not known: dnf5 clean all',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN dnf5 -y install gcc && dnf5 clean all
      `,
    },
    {
      name: 'dnf5 install, dnf clean all: dnf is dnf5 on Fedora 42',
      code: `
      FROM fedora:42
      RUN dnf5 install -y gcc && dnf clean all
      `,
    },
    {
      name: 'dnf5: rm -rf /var/cache/libdnf5',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN dnf5 install -y gcc && rm -rf /var/cache/libdnf5/*
      `,
    },
    {
      name: 'dnf5: cache mount on /var/cache/libdnf5',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y gcc
      `,
    },
    {
      name: 'microdnf keeps its cache in /var/cache/yum (libdnf): removing it cleans',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y tar && rm -rf /var/cache/yum
      `,
    },
    {
      name: 'tdnf keeps its cache in /var/cache/tdnf',
      code: `
      FROM photon:5.0
      RUN tdnf install -y tar && rm -rf /var/cache/tdnf
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
    // yum is dnf (RHEL 8+, Fedora): one RUN keeps one cache, reported once, by the rule of the first install that
    // keeps it (issue 13: merging `RUN dnf makecache` / `RUN yum -y install nano` / `RUN … dnf install -y tree` reported it
    // under both names, the rpm generator's seeds 2, 4, 5 and 9).
    {
      name: 'a refresh starts the RUN, yum installs first: yum-cache-kept reports the RUN\'s one cache',
      code: `
      FROM fedora:40
      RUN dnf makecache && yum -y install nano && (test -x /usr/bin/tree || dnf install -y tree)
      `,
    },
    {
      name: 'a refresh between yum\'s install and dnf\'s: still the one cache yum-cache-kept reports',
      code: `
      FROM fedora:40
      RUN yum -y install nano && dnf makecache && dnf install -y tree
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
    {
      name: 'dnf5 on Fedora 42: removing /var/cache/dnf leaves /var/cache/libdnf5',
      code: `
      FROM fedora:42
      RUN dnf install -y gcc && rm -rf /var/cache/dnf
      #   ^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/libdnf5 in this layer
      `,
    },
    {
      name: 'dnf5 install on Fedora 42: the folder and the clean it names are dnf5\'s',
      code: `
      FROM fedora:42
      RUN dnf5 install -y gcc
      #   ^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: dnf5 keeps its metadata and package cache (size unknown) in /var/cache/libdnf5 in this layer; run \`dnf5 clean all\`
      `,
    },
    {
      name: 'dnf5 on a base not known: removing /var/cache/dnf leaves /var/cache/libdnf5',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN dnf5 --setopt=install_weak_deps=False -y install --nodocs gcc && rm -rf /var/cache/dnf
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/libdnf5 in this layer
      `,
    },
    // keepcache=0 is dnf's default and drops only the packages: the metadata stays (it was taken as no cache at all).
    {
      name: 'dnf --setopt=keepcache=0 without a clean: the metadata is still kept',
      code: `
      FROM fedora:40
      RUN dnf install -y --setopt=keepcache=0 tree
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/dnf in this layer
      `,
    },
    {
      name: 'dnf group install (two words) keeps the cache too',
      code: `
      FROM fedora:40
      RUN dnf group install -y "Development Tools"
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/dnf in this layer
      `,
    },
    {
      name: 'microdnf --setopt=keepcache=0 without a clean',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y --setopt=keepcache=0 --nodocs tar
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/yum in this layer
      `,
    },
    {
      name: 'dnf5 --setopt=keepcache=1: still kept',
      code: `
      FROM fedora:42
      RUN dnf5 install -y --setopt=keepcache=1 gcc
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: dnf5 clean all
      `,
    },
    {
      name: 'microdnf on UBI: removing /var/cache/dnf leaves /var/cache/yum',
      code: `
      FROM registry.access.redhat.com/ubi9/ubi-minimal
      RUN microdnf install -y tar && rm -rf /var/cache/dnf
      #   ^^^^^^^^^^^^^^^^^^^^^^^ dnf-cache-kept: in /var/cache/yum in this layer
      `,
    },
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
      name: 'after yum\'s install reused an earlier RUN\'s metadata, a refresh in this RUN downloads metadata that is this RUN\'s',
      code: `
      FROM fedora:40
      RUN yum -y install nano
      RUN yum -y install jq && dnf makecache && dnf install -y tree
      #                                         ^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
      `,
    },
    {
      name: 'yum\'s cache cleaned before dnf installs in the same RUN: dnf\'s own',
      code: `
      FROM fedora:40
      RUN yum -y install nano && yum clean all && dnf install -y tree
      #                                           ^^^^^^^^^^^^^^^^^^^ dnf-cache-kept
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
  // The clean appended is the manager the user wrote (issue 13/12): `dnf5 clean all`, not `dnf clean all`.
  {
    name: 'dnf5: appends dnf5 clean all',
    before: `
    FROM fedora:42
    RUN dnf5 install -y httpd
    `,
    after: `
    FROM fedora:42
    RUN dnf5 install -y httpd && dnf5 clean all
    `,
    title: /^Append `dnf5 clean all` to this RUN$/,
  },
  {
    name: 'dnf5 on a base not known, and a later dnf5 install that reuses the metadata',
    before: `
    FROM registry.example.com/team/el-base:1
    RUN dnf5 install -y httpd
    RUN dnf5 install -y gcc
    `,
    after: `
    FROM registry.example.com/team/el-base:1
    RUN dnf5 install -y httpd && dnf5 clean all
    RUN dnf5 install -y gcc && dnf5 clean all
    `,
    title: /^Append `dnf5 clean all` to this RUN and to the RUN on line 3$/,
  },
  // A later install that reuses the metadata keeps a copy of the compressed files it checks (built, rpm-yum-cache-kept:
  // primary.xml.gz copied up whole into line 3's layer, 1,543,062 B): its RUN cleans too.
  {
    name: 'a later install reuses the metadata: it cleans too, with its own manager',
    before: `
    FROM fedora:40
    RUN dnf install -y httpd
    RUN microdnf install -y gcc
    `,
    after: `
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    RUN microdnf install -y gcc && microdnf clean all
    `,
    title: /^Append `dnf clean all` to this RUN and to the RUN on line 3$/,
  },
  {
    name: 'the later install cleans itself: left as it is (one after that clean downloads its own, reported there)',
    before: `
    FROM fedora:40
    RUN dnf install -y httpd
    RUN dnf install -y jq && dnf clean all
    RUN dnf install -y gcc
    `,
    after: `
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    RUN dnf install -y jq && dnf clean all
    RUN dnf install -y gcc
    `,
    title: /^Append `dnf clean all` to this RUN$/,
  },
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
