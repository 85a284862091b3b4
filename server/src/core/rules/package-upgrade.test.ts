import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, ruleTests } from './testing';

ruleTests('package-upgrade', {
  valid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    `,
    {
      name: 'targeted upgrades of named packages',
      code: `
      FROM debian:bookworm-slim
      RUN apt-get update && apt-get install -y --only-upgrade openssl && apt-get upgrade -y libssl3 && rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'apk add --upgrade, apk upgrade of one package',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache --upgrade curl && apk upgrade --no-cache openssl
      `,
    },
    {
      name: 'dnf update of a named package',
      code: `
      FROM fedora:40
      RUN dnf update -y openssl && dnf clean all
      `,
    },
    {
      name: 'dnf5 upgrade of a named package',
      code: `
      FROM fedora:42
      RUN dnf5 upgrade -y openssl && dnf5 clean all
      `,
    },
    {
      name: 'build-only stage (shippedOnly)',
      code: `
      FROM debian:bookworm AS build
      RUN apt-get update && apt-get upgrade -y
      FROM debian:bookworm-slim
      COPY --from=build /out /out
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM alpine:3.20
      # size-hints ignore=package-upgrade
      RUN apk upgrade --no-cache
      `,
    },
  ],
  invalid: [
    `
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
    #                     ^^^^^^^^^^^^^^^^^^ package-upgrade: not reproducible
    `,
    {
      name: 'the recorded base build bounds the size',
      code: `
      FROM debian:trixie-slim
      RUN apt-get update && apt-get upgrade -y
      #                     ^^^^^^^^^^^^^^^^^^ package-upgrade: (up to
      `,
    },
    {
      name: 'no version data for ubuntu:18.04: size unknown',
      code: `
      FROM ubuntu:18.04
      RUN apt-get update && apt-get upgrade -y
      #                     ^^^^^^^^^^^^^^^^^^ package-upgrade: (size unknown
      `,
    },
    {
      name: 'dist-upgrade in set -eux script with continuation',
      code: `
      FROM ubuntu:24.04
      RUN set -eux; \\
          apt-get update; \\
          DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y; \\
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ package-upgrade
          rm -rf /var/lib/apt/lists/*
      `,
    },
    {
      name: 'apk upgrade',
      code: `
      FROM alpine:3.20
      RUN apk upgrade --no-cache && apk add --no-cache curl
      #   ^^^^^^^^^^^^^^^^^^^^^^ package-upgrade
      `,
    },
    {
      name: 'dnf upgrade in a heredoc',
      code: `
      FROM fedora:40
      RUN <<EOF
        dnf -y upgrade
      # ^^^^^^^^^^^^^^ package-upgrade
        dnf clean all
      EOF
      `,
    },
    // dnf5 by that name (Fedora 41+, issue 13/12): like dnf, its options with a value before the subcommand.
    {
      name: 'dnf5 upgrade',
      code: `
      FROM fedora:42
      RUN dnf5 upgrade -y && dnf5 clean all
      #   ^^^^^^^^^^^^^^^ package-upgrade: dnf5 upgrade rewrites every outdated package
      `,
    },
    {
      name: 'dnf5 --refresh --enable-repo crb distro-sync, on a base not known',
      code: `
      FROM registry.example.com/team/el-base:1
      RUN dnf5 --refresh --enable-repo crb distro-sync -y && dnf5 clean all
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ package-upgrade: dnf5 distro-sync
      `,
    },
    {
      name: 'yum update, escape backtick',
      code: `
      # escape=\`
      FROM centos:7
      RUN yum -y update \`
      #   ^^^^^^^^^^^^^ package-upgrade
       && yum clean all
      `,
    },
  ],
});

test('package-upgrade: a hint when the size is unknown (it depends on the build date), info when the data shows outdated packages', () => {
  const sev = (from: string, run: string) => findingsFor(`FROM ${from}\nRUN ${run}\nCMD ["sh"]\n`).findings.filter((f) => f.rule === 'package-upgrade').map((f) => f.severity);
  // bionic has no recorded versions in the data.
  assert.deepEqual(sev('ubuntu:18.04', 'apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*'), ['hint']);
  // ubuntu:22.04 has them since repo-info 22.04.md@c577a25d (the 2026-07-31 build): outdated packages shown.
  assert.deepEqual(sev('ubuntu:22.04', 'apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*'), ['info']);
  // ubuntu:latest (26.04) has recorded versions (repo-info resolute.md@452725d): the data shows outdated packages.
  assert.deepEqual(sev('ubuntu:latest', 'apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*'), ['info']);
  assert.deepEqual(sev('alpine:3.20', 'apk upgrade --no-cache'), ['hint']);
  assert.deepEqual(sev('debian:bookworm-slim', 'apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*'), ['info']);
});
