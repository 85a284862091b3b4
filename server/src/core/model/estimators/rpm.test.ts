import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { isRpmRefresh, rpmCacheDirs, rpmGeneration, rpmSubcommand } from './rpm';

// Which yum/dnf each base ships decides where the cache is (issue 13: yum's cache was /var/cache/yum on every base).
test('rpmGeneration reads the release from the FROM image', () => {
  const table: [string | undefined, ReturnType<typeof rpmGeneration>][] = [
    ['centos:7', 'yum'],
    ['centos:7.9.2009', 'yum'],
    ['centos:centos7', 'yum'],
    ['centos:8', 'dnf4'],
    ['centos', 'dnf4'],
    ['quay.io/centos/centos:stream9', 'dnf4'],
    ['rockylinux:9', 'dnf4'],
    ['rockylinux/rockylinux:10', 'dnf4'],
    ['almalinux:8.10', 'dnf4'],
    ['almalinux/9-base', 'dnf4'],
    ['oraclelinux:7-slim', 'yum'],
    ['oraclelinux:9', 'dnf4'],
    ['amazonlinux:2', 'yum'],
    ['amazonlinux:2.0.20240306.2', 'yum'],
    ['amazonlinux:2023', 'dnf4'],
    ['amazonlinux', 'dnf4'],
    ['public.ecr.aws/amazonlinux/amazonlinux:2', 'yum'],
    ['fedora:40', 'dnf4'],
    ['fedora:41', 'dnf5'],
    ['fedora', 'dnf5'],
    ['fedora:rawhide', 'dnf5'],
    ['registry.fedoraproject.org/fedora:39', 'dnf4'],
    ['registry.access.redhat.com/ubi9/ubi-minimal', 'dnf4'],
    ['registry.access.redhat.com/ubi8:8.10', 'dnf4'],
    ['registry.access.redhat.com/ubi7/ubi:7.9', 'yum'],
    ['redhat/ubi9', 'dnf4'],
    ['fedora@sha256:0123', 'dnf5'],
    ['registry.example.com/team/el-base:1', undefined],
    ['debian:bookworm', undefined],
    ['centos:$VERSION', undefined],
    [undefined, undefined],
  ];
  for (const [image, want] of table) assert.equal(rpmGeneration(image), want, String(image));
});

test('rpmCacheDirs: one folder on a known base, the candidates on an unknown one', () => {
  assert.deepEqual(rpmCacheDirs('yum', 'centos:7'), ['/var/cache/yum']);
  assert.deepEqual(rpmCacheDirs('yum', 'rockylinux:9'), ['/var/cache/dnf']);
  assert.deepEqual(rpmCacheDirs('dnf', 'rockylinux:9'), ['/var/cache/dnf']);
  assert.deepEqual(rpmCacheDirs('yum', 'fedora:42'), ['/var/cache/libdnf5']);
  assert.deepEqual(rpmCacheDirs('dnf', 'fedora:42'), ['/var/cache/libdnf5']);
  assert.deepEqual(rpmCacheDirs('yum', 'example/base'), ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5']);
  assert.deepEqual(rpmCacheDirs('dnf', 'example/base'), ['/var/cache/dnf', '/var/cache/libdnf5']);
  assert.deepEqual(rpmCacheDirs('microdnf', 'registry.access.redhat.com/ubi9/ubi-minimal'), ['/var/cache/yum']);
  assert.deepEqual(rpmCacheDirs('tdnf', 'photon:5.0'), ['/var/cache/tdnf']);
  assert.deepEqual(rpmCacheDirs('zypper', 'opensuse/leap:15.6'), ['/var/cache/zypp']);
});

// `dnf5` by that name always runs libdnf5 (issue 13/12: it was not an RPM manager at all).
test('rpmCacheDirs: dnf5 keeps /var/cache/libdnf5 on every base', () => {
  const table: [string | undefined, string[]][] = [
    ['fedora:42', ['/var/cache/libdnf5']],
    ['fedora:40', ['/var/cache/libdnf5']],
    ['example/base', ['/var/cache/libdnf5']],
    [undefined, ['/var/cache/libdnf5']],
  ];
  for (const [image, want] of table) assert.deepEqual(rpmCacheDirs('dnf5', image), want, String(image));
});

test('rpmSubcommand: dnf5 options with a value (dnf5/main.cpp) and its compatibility aliases', () => {
  const table: [string, string][] = [
    ['dnf5 install -y git', 'install'],
    ['dnf5 -y --setopt install_weak_deps=False install git', 'install'],
    ['dnf5 --enable-repo crb --disable-repo updates-testing install git', 'install'],
    ['dnf5 --enablerepo crb --nodocs install git', 'install'],
    ['dnf5 --setvar releasever_major=9 --repofrompath local,/repo --exclude kernel upgrade', 'upgrade'],
    ['dnf5 --comment why --forcearch x86_64 makecache', 'makecache'],
    ['dnf5 --no-docs --refresh clean all', 'clean'],
  ];
  for (const [line, want] of table) {
    const cmd = parseDockerfile(`FROM fedora:42\nRUN ${line}\n`).instructions[1]!.shell!.commands[0]!;
    assert.equal(rpmSubcommand(cmd), want, line);
  }
  assert.ok(isRpmRefresh(parseDockerfile('FROM fedora:42\nRUN dnf5 makecache\n').instructions[1]!.shell!.commands[0]!));
});
