import { fixTests, noSafeFixTests, ruleTests } from './testing';

ruleTests('rpm-refresh-alone', {
  valid: [
    `
    FROM fedora:40
    RUN dnf makecache && dnf install -y tree && dnf clean all
    `,
    {
      name: 'the refresh is cleaned in its own RUN',
      code: `
      FROM opensuse/leap:15.6
      RUN zypper --non-interactive refresh && zypper clean -a
      RUN zypper --non-interactive install -y nano
      `,
    },
    {
      name: 'rm -rf of the cache in the same RUN (yum 3 keeps it in /var/cache/yum)',
      code: `
      FROM centos:7
      RUN yum makecache; rm -rf /var/cache/yum
      `,
    },
    {
      name: 'rm -rf of the cache in the same RUN (yum is dnf on Rocky 9: /var/cache/dnf)',
      code: `
      FROM rockylinux:9
      RUN yum makecache; rm -rf /var/cache/dnf
      `,
    },
    {
      name: 'a cache mount keeps nothing in the layer',
      code: `
      FROM fedora:40
      RUN --mount=type=cache,target=/var/cache/dnf dnf makecache
      RUN --mount=type=cache,target=/var/cache/dnf dnf install -y tree
      `,
    },
    {
      name: 'check-update before an install in the same RUN',
      code: `
      FROM almalinux:9
      RUN yum check-update || true; yum install -y tree && yum clean all
      `,
    },
    {
      name: 'dnf makecache is not a zypper command (and apt update is another rule)',
      code: `
      FROM debian:bookworm
      RUN apt-get update
      RUN apt-get install -y curl
      `,
    },
    {
      name: 'other subcommands do not refresh',
      code: `
      FROM fedora:40
      RUN dnf clean all
      RUN dnf repolist
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM fedora:40
      # size-hints ignore=rpm-refresh-alone
      RUN dnf makecache
      RUN dnf install -y tree && dnf clean all
      `,
    },
  ],
  invalid: [
    {
      name: 'yum is dnf on Rocky 9: removing /var/cache/yum leaves the metadata in /var/cache/dnf',
      code: `
      FROM rockylinux:9
      RUN yum makecache; rm -rf /var/cache/yum
      #   ^^^^^^^^^^^^^ rpm-refresh-alone: stays in /var/cache/dnf
      `,
    },
    {
      name: 'dnf5 on Fedora 41 and later keeps it in /var/cache/libdnf5',
      code: `
      FROM fedora:42
      RUN dnf makecache
      #   ^^^^^^^^^^^^^ rpm-refresh-alone: stays in /var/cache/libdnf5
      RUN dnf install -y tree && dnf clean all
      `,
    },
    `
    FROM fedora:40
    RUN dnf makecache
    #   ^^^^^^^^^^^^^ rpm-refresh-alone: the install on line 3
    RUN dnf install -y tree && dnf clean all
    `,
    {
      name: 'dnf5 makecache (issue 13/12): /var/cache/libdnf5, and the clean it names is dnf5\'s',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN dnf5 makecache
      #   ^^^^^^^^^^^^^^ rpm-refresh-alone: stays in /var/cache/libdnf5 in this layer, where \`dnf5 clean all\` in a later RUN cannot remove it, and the install on line 3
      RUN dnf5 install -y tree && dnf5 clean all
      `,
    },
    {
      name: 'zypper ref with global options',
      code: `
      FROM opensuse/tumbleweed
      RUN zypper -n --gpg-auto-import-keys ref
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ rpm-refresh-alone: stays in /var/cache/zypp
      RUN zypper -n install nano && zypper clean -a
      `,
    },
    {
      name: 'yum makecache fast, with the install past other instructions',
      code: `
      FROM rockylinux:8
      RUN yum makecache fast
      #   ^^^^^^^^^^^^^^^^^^ rpm-refresh-alone: line 4
      ENV LANG=C.UTF-8
      RUN yum install -y tree && yum clean all
      `,
    },
    {
      name: 'check-update || true',
      code: `
      FROM almalinux:9
      RUN yum check-update || true
      #   ^^^^^^^^^^^^^^^^ rpm-refresh-alone: check-update
      RUN yum install -y tree
      `,
    },
    {
      name: 'refresh after the install in the same RUN, nothing later',
      code: `
      FROM fedora:40
      RUN dnf install -y tree && dnf clean all && dnf makecache
      #                                           ^^^^^^^^^^^^^ rpm-refresh-alone: no install after it
      `,
    },
    {
      name: 'sudo microdnf',
      code: `
      FROM fedora:40
      RUN sudo microdnf makecache
      #   ^^^^^^^^^^^^^^^^^^^^^^^ rpm-refresh-alone: sudo microdnf makecache
      RUN microdnf install -y tree && microdnf clean all
      `,
    },
    {
      name: 'ONBUILD',
      code: `
      FROM fedora:40
      ONBUILD RUN dnf makecache
      #           ^^^^^^^^^^^^^ rpm-refresh-alone
      ONBUILD RUN dnf install -y tree
      `,
    },
  ],
});

fixTests('rpm-refresh-alone', [
  {
    name: 'zypper: the refresh joins the install, whose clean then takes the metadata too',
    safe: true,
    before: `
    FROM opensuse/tumbleweed
    RUN zypper --non-interactive refresh
    RUN zypper --non-interactive install -y nano && zypper clean -a
    `,
    after: `
    FROM opensuse/tumbleweed
    RUN zypper --non-interactive refresh && zypper --non-interactive install -y nano && zypper clean -a
    `,
  },
  {
    name: 'into a set -eux script, past other instructions',
    safe: true,
    before: `
    FROM fedora:40
    RUN set -eux; dnf makecache
    ENV LANG=C.UTF-8
    RUN set -eux; \\
        dnf install -y tree; \\
        dnf clean all
    `,
    after: `
    FROM fedora:40
    ENV LANG=C.UTF-8
    RUN set -eux; \\
        dnf makecache && dnf install -y tree; \\
        dnf clean all
    `,
  },
  {
    name: 'check-update || true keeps its || true to itself',
    safe: true,
    before: `
    FROM almalinux:9
    RUN yum check-update || true
    RUN yum install -y tree && yum clean all
    `,
    after: `
    FROM almalinux:9
    RUN { yum check-update || true; } && yum install -y tree && yum clean all
    `,
  },
  {
    name: 'dnf5: the refresh joins the install',
    safe: true,
    before: `
    FROM fedora:42
    RUN dnf5 makecache
    RUN dnf5 install -y tree && dnf5 clean all
    `,
    after: `
    FROM fedora:42
    RUN dnf5 makecache && dnf5 install -y tree && dnf5 clean all
    `,
  },
  {
    name: 'into a heredoc',
    before: `
    FROM fedora:40
    RUN dnf makecache
    RUN <<EOF
    dnf install -y tree
    dnf clean all
    EOF
    `,
    after: `
    FROM fedora:40
    RUN <<EOF
    dnf makecache && dnf install -y tree
    dnf clean all
    EOF
    `,
  },
]);

// Nothing installs from the metadata: the refresh goes.
fixTests('rpm-refresh-alone', [
  { name: 'a lone refresh with no install after it: the RUN goes', safe: true, before: `
    FROM fedora:40
    RUN dnf makecache
    CMD ["bash"]
    `, after: `
    FROM fedora:40
    CMD ["bash"]
    ` },
  { name: 'a refresh followed by other work: only the refresh goes', safe: true, before: `
    FROM opensuse/leap:15.6
    RUN zypper refresh && mkdir -p /data
    `, after: `
    FROM opensuse/leap:15.6
    RUN mkdir -p /data
    ` },
  { name: 'a later zypper install does not read dnf\'s metadata', safe: true, before: `
    FROM opensuse/leap:15.6
    RUN dnf makecache
    RUN zypper -n install nano && zypper clean -a
    `, after: `
    FROM opensuse/leap:15.6
    RUN zypper -n install nano && zypper clean -a
    ` },
]);

noSafeFixTests('rpm-refresh-alone', [
  { name: 'a stage built on this one installs from the metadata', noFix: true, code: `
    FROM fedora:40 AS base
    RUN dnf makecache
    FROM base
    RUN dnf install -y tree && dnf clean all
    ` },
  { name: 'a later RUN queries the metadata', noFix: true, code: `
    FROM fedora:40
    RUN dnf makecache
    RUN dnf list --available > /packages.txt
    ` },
  { name: 'the refresh RUN does other work too', noFix: true, code: `
    FROM fedora:40
    RUN dnf makecache && mkdir -p /data
    RUN dnf install -y tree && dnf clean all
    ` },
  { name: 'the install runs only when something before it fails', noFix: true, code: `
    FROM fedora:40
    RUN dnf makecache
    RUN test -x /usr/bin/tree || dnf install -y tree
    ` },
  { name: 'a later exec-form RUN runs dnf5: it may read the metadata', noFix: true, code: `
    FROM fedora:42
    RUN dnf5 makecache
    RUN ["dnf5", "install", "-y", "tree"]
    ` },
  { name: 'a heredoc refresh is a script: not deleted in one click', noFix: true, code: `
    FROM fedora:40
    RUN <<EOF
    dnf makecache
    EOF
    RUN dnf install -y tree
    ` },
]);
