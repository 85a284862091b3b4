import { fixTests, ruleTests } from './testing';

ruleTests('yum-cache-kept', {
  valid: [
    `
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    `,
    {
      name: 'yum is dnf on RHEL 8+: dnf clean all counts',
      code: `
      FROM rockylinux:9
      RUN yum install -y httpd && dnf clean all
      `,
    },
    {
      name: 'yum is dnf5 on Fedora 42: dnf5 clean all counts',
      code: `
      FROM fedora:42
      RUN yum install -y httpd && dnf5 clean all
      `,
    },
    {
      name: 'rm -rf /var/cache/yum after',
      code: `
      FROM centos:7
      RUN yum -y install httpd; yum clean all; rm -rf /var/cache/yum
      `,
    },
    {
      name: 'cache mount',
      code: `
      FROM centos:7
      RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd
      `,
    },
    {
      name: 'yum is dnf on Alma 9: a cache mount on /var/cache/dnf',
      code: `
      FROM almalinux:9
      RUN --mount=type=cache,target=/var/cache/dnf yum install -y httpd
      `,
    },
    {
      name: 'yum is dnf on Amazon Linux 2023: rm -rf /var/cache/dnf',
      code: `
      FROM amazonlinux:2023
      RUN yum install -y httpd && rm -rf /var/cache/dnf
      `,
    },
    {
      name: 'a base the data does not know: either folder cleaned counts',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN yum install -y httpd && rm -rf /var/cache/dnf
      `,
    },
    {
      name: 'dnf installed first in the RUN, a refresh between: the RUN\'s one cache is dnf-cache-kept\'s (issue 13)',
      code: `
      FROM fedora:40
      RUN dnf install -y tree && dnf makecache && yum -y install nano
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM centos:7
      # hadolint ignore=DL3032
      RUN yum install -y httpd
      `,
    },
  ],
  invalid: [
    {
      name: 'yum --setopt=keepcache=0 drops only the packages: the metadata stays',
      code: `
      FROM centos:7
      RUN yum install -y --setopt=keepcache=0 httpd
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ yum-cache-kept: in /var/cache/yum in this layer
      `,
    },
    {
      name: 'yum is dnf on Rocky 9: the cache is in /var/cache/dnf, and removing /var/cache/yum frees nothing',
      code: `
      FROM rockylinux:9
      RUN yum install -y httpd && rm -rf /var/cache/yum
      #   ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept: in /var/cache/dnf in this layer
      `,
    },
    {
      name: 'yum is dnf on Oracle Linux 8: a cache mount on /var/cache/yum does not hold the cache',
      code: `
      FROM oraclelinux:8
      RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd
      #                                            ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept: /var/cache/dnf
      `,
    },
    {
      name: 'Amazon Linux 2 keeps yum 3: /var/cache/yum',
      code: `
      FROM amazonlinux:2
      RUN yum install -y httpd && rm -rf /var/cache/dnf
      #   ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept: in /var/cache/yum in this layer
      `,
    },
    {
      name: 'microdnf keeps its cache in /var/cache/yum: its clean does not empty dnf\'s',
      code: `
      FROM rockylinux:9
      RUN yum install -y httpd && microdnf clean all
      #   ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      `,
    },
    {
      name: 'a second install reuses the metadata the first RUN kept: reported once, at the first (fresh5 fernando, issue 14)',
      code: `
      FROM centos:7
      RUN yum install -y wget
      #   ^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      RUN yum install -y make
      `,
    },
    {
      name: 'metadata cleaned in between: the second install downloads it again',
      code: `
      FROM centos:7
      RUN yum install -y wget
      #   ^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      RUN yum clean all
      RUN yum install -y make
      #   ^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      `,
    },
    `
    FROM centos:7
    RUN yum install -y httpd
    #   ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept: yum clean all
    `,
    {
      name: 'set -eux with continuation',
      code: `
      FROM centos:7
      RUN set -eux; \\
          yum install -y \\
      #   ^^^^^^^^^^^^^^^^ yum-cache-kept
            httpd; \\
          httpd -v
      `,
    },
    {
      name: 'a refresh starts the RUN and yum installs first: yum-cache-kept reports the RUN\'s one cache (issue 13)',
      code: `
      FROM fedora:40
      RUN dnf makecache && yum -y install nano && dnf install -y tree
      #                    ^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM centos:7
      RUN <<EOF
        yum install -y httpd
      # ^^^^^^^^^^^^^^^^^^^^ yum-cache-kept
      EOF
      `,
    },
  ],
});

fixTests('yum-cache-kept', [
  // Build case rpm-yum-cache-kept: line 3 reuses line 2's metadata and keeps a copy of primary.xml.gz (1,543,062 B: docker's
  // layers drop librepo's checksum attributes, set again, overlayfs copies the file up). Line 2's clean alone built
  // -1,540,079 B, both -5,104,304 B.
  {
    name: 'a later install reuses the metadata: it cleans too (rpm-yum-cache-kept)',
    before: `
    FROM rockylinux:9
    RUN yum install -y nano
    RUN yum -y install jq
    `,
    after: `
    FROM rockylinux:9
    RUN yum install -y nano && yum clean all
    RUN yum -y install jq && yum clean all
    `,
    title: /^Append `yum clean all` to this RUN and to the RUN on line 3$/,
  },
  {
    name: 'dnf reuses yum\'s metadata: its own clean',
    before: `
    FROM rockylinux:9
    RUN yum -y install nano
    RUN dnf install -y tree
    RUN dnf install -y jq
    `,
    after: `
    FROM rockylinux:9
    RUN yum -y install nano && yum clean all
    RUN dnf install -y tree && dnf clean all
    RUN dnf install -y jq && dnf clean all
    `,
    title: /^Append `yum clean all` to this RUN and to the RUNs on lines 3, 4$/,
  },
  {
    before: `
    FROM centos:7
    RUN set -eux; yum install -y httpd;
    `,
    after: `
    FROM centos:7
    RUN set -eux; yum install -y httpd && yum clean all;
    `,
  },
]);
