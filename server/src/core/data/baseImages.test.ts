import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { alpineReleaseOfName, lookupBaseImage, normalizePlatform, parseImageRef, parseTag, smallerVariants } from './baseImages';

test('parseImageRef reads registries, library/ prefixes, tags and digests', () => {
  const digest = 'sha256:' + 'a'.repeat(64);
  const cases: [string, Omit<ReturnType<typeof parseImageRef>, 'raw'>][] = [
    ['python', { repository: 'python' }],
    ['python:3.12', { repository: 'python', tag: '3.12' }],
    ['library/python:3.12', { repository: 'python', tag: '3.12' }],
    ['docker.io/library/python:3.12', { repository: 'python', tag: '3.12' }],
    [`docker.io/library/python:3.12@${digest}`, { repository: 'python', tag: '3.12', digest }],
    [`python@${digest}`, { repository: 'python', digest }],
    ['index.docker.io/bitnami/redis:7.2', { repository: 'bitnami/redis', tag: '7.2' }],
    ['localhost:5000/x/y:1', { registry: 'localhost:5000', repository: 'x/y', tag: '1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['ghcr.io/org/img', { registry: 'ghcr.io', repository: 'org/img' }],
    ['registry.example.com:443/team/app:v1.2', { registry: 'registry.example.com:443', repository: 'team/app', tag: 'v1.2' }],
    ['Ubuntu:22.04', { repository: 'ubuntu', tag: '22.04' }],
    ['myorg/app', { repository: 'myorg/app' }],
  ];
  for (const [ref, expected] of cases) {
    assert.deepEqual(parseImageRef(ref), { ...expected, raw: ref }, ref);
  }
});

test('normalizePlatform maps short and arch-only names to the data names', () => {
  assert.equal(normalizePlatform('amd64'), 'linux/amd64');
  assert.equal(normalizePlatform('linux/arm64'), 'linux/arm64/v8');
  assert.equal(normalizePlatform('aarch64'), 'linux/arm64/v8');
  assert.equal(normalizePlatform('linux/arm'), 'linux/arm/v7');
  assert.equal(normalizePlatform(''), 'linux/amd64');
});

test('python:3.12 is far larger than python:3.12-slim, both from repo-info', () => {
  const full = lookupBaseImage('python:3.12', 'linux/amd64');
  const slim = lookupBaseImage('python:3.12-slim', 'linux/amd64');
  assert.ok(full && slim);
  assert.equal(full.compressedBytes, 410908459);
  assert.equal(slim.compressedBytes, 43188023);
  assert.equal(slim.uncompressedBytes, 124990259);
  assert.equal(slim.uncompressedEstimated, false);
  assert.equal(slim.confidence, 'high');
  assert.equal(full.uncompressedEstimated, true, 'python:3.12 has no local report: on-disk size is estimated');
  assert.equal(full.confidence, 'medium');
  assert.ok(full.uncompressedBytes! > 2 * full.compressedBytes! && full.uncompressedBytes! < 4 * full.compressedBytes!);
  assert.equal(full.family, 'debian');
  assert.equal(full.suite, 'trixie');
  assert.equal(slim.slimDpkg, true);
  assert.equal(full.slimDpkg, false);
  assert.match(slim.source, /repo-info/);
  // python:3.12-slim is FROM debian:trixie-slim plus ca-certificates/netbase/tzdata
  assert.ok(slim.packages?.includes('libc6'));
  assert.ok(slim.packages?.includes('tzdata'));
  assert.ok(!slim.packages?.includes('gcc'));
  // python:3.12 is FROM buildpack-deps:trixie, which keeps gcc, git and curl
  for (const pkg of ['gcc', 'git', 'curl', 'libc6']) assert.ok(full.packages?.includes(pkg), pkg);
});

test('the same image on arm64 scales its own amd64 on-disk ratio', () => {
  const arm = lookupBaseImage('python:3.12-slim', 'linux/arm64');
  assert.ok(arm);
  assert.equal(arm.platform, 'linux/arm64/v8');
  assert.equal(arm.compressedBytes, 43464443);
  assert.equal(arm.uncompressedEstimated, true);
  const ratio = 124990259 / 43188023;
  assert.ok(Math.abs(arm.uncompressedBytes! - 43464443 * ratio) < 2);
});

test('defaults, aliases and Docker Hub spellings resolve to one entry', () => {
  assert.equal(lookupBaseImage('python', 'linux/amd64')?.key, 'python:latest');
  assert.equal(lookupBaseImage('ubuntu:noble', 'linux/amd64')?.key, 'ubuntu:24.04');
  assert.equal(lookupBaseImage('ubuntu:jammy', 'linux/amd64')?.suite, 'jammy');
  assert.equal(lookupBaseImage('debian:12-slim', 'linux/amd64')?.key, 'debian:bookworm-slim');
  assert.equal(lookupBaseImage('python:3', 'linux/amd64')?.key, 'python:latest');
  assert.equal(lookupBaseImage('docker.io/library/node:22-alpine', 'linux/amd64')?.family, 'alpine');
  assert.equal(lookupBaseImage('alpine:3.24', 'linux/amd64')?.key, 'alpine:latest');
  assert.equal(lookupBaseImage('debian:latest', 'linux/amd64')?.suite, 'trixie');
  assert.equal(lookupBaseImage('ubuntu:24.04', 'linux/amd64')?.slimDpkg, true, 'ubuntu images are minimized');
  assert.equal(lookupBaseImage('alpine:latest', 'linux/amd64')?.packageManager, 'apk');
  assert.ok(lookupBaseImage('alpine', 'linux/amd64')?.packages?.includes('musl'));
});

test('scratch is empty; unknown images and bare digests are undefined', () => {
  const scratch = lookupBaseImage('scratch', 'linux/amd64');
  assert.equal(scratch?.compressedBytes, 0);
  assert.equal(scratch?.uncompressedBytes, 0);
  assert.equal(scratch?.family, 'scratch');
  assert.equal(lookupBaseImage('ghcr.io/org/img:1', 'linux/amd64'), undefined);
  assert.equal(lookupBaseImage('myorg/app', 'linux/amd64'), undefined);
  // A major version the data lacks has no stand-in: unknown.
  assert.equal(lookupBaseImage('python:9.99', 'linux/amd64'), undefined);
  assert.equal(lookupBaseImage('${BASE_IMAGE}', 'linux/amd64'), undefined);
  assert.equal(lookupBaseImage('python@sha256:' + 'b'.repeat(64), 'linux/amd64'), undefined);
  const pinned = lookupBaseImage('python:3.12-slim@sha256:' + 'b'.repeat(64), 'linux/amd64');
  assert.equal(pinned?.key, 'python:3.12-slim');
  assert.equal(pinned?.confidence, 'low');
});

test('a platform missing from the data falls back to amd64 at low confidence', () => {
  const info = lookupBaseImage('node:lts', 'linux/arm/v7');
  assert.ok(info);
  assert.equal(info.platform, 'linux/amd64');
  assert.equal(info.compressedBytes, 408949206);
  assert.equal(info.confidence, 'low');
});

test('smallerVariants of python:3.12 lists -slim and -alpine with sizes and trade-offs', () => {
  const variants = smallerVariants('python:3.12', 'linux/amd64');
  const slim = variants.find((v) => v.key === 'python:3.12-slim');
  const alpine = variants.find((v) => v.key === 'python:3.12-alpine');
  assert.ok(slim && alpine);
  assert.equal(slim.compressedBytes, 43188023);
  assert.equal(slim.savesBytes, 410908459 - 43188023);
  assert.match(slim.tradeOff, /compilers|headers/);
  assert.match(alpine.tradeOff, /musl/);
  assert.deepEqual(variants.map((v) => v.key), ['python:3.12-slim', 'python:3.12-alpine']);
});

test('smallerVariants covers jdk→jre, debian slim, and multi-stage hints for compilers', () => {
  assert.ok(smallerVariants('eclipse-temurin:17-jdk', 'linux/amd64').some((v) => v.key === 'eclipse-temurin:17-jre' && /javac/.test(v.tradeOff)));
  assert.deepEqual(smallerVariants('debian:bookworm', 'linux/amd64').map((v) => v.key), ['debian:bookworm-slim']);
  assert.deepEqual(smallerVariants('node:22', 'linux/amd64').map((v) => v.key), ['node:22-slim', 'node:22-alpine']);
  const golang = smallerVariants('golang:1.26', 'linux/amd64');
  assert.ok(golang.some((v) => v.key === 'scratch' && /not a variant/.test(v.tradeOff)));
  assert.ok(smallerVariants('gcc:latest', 'linux/amd64').some((v) => v.key === 'debian:trixie-slim'));
  assert.deepEqual(smallerVariants('python:3.12-alpine', 'linux/amd64'), []);
  assert.deepEqual(smallerVariants('unknown/image', 'linux/amd64'), []);
  for (const v of smallerVariants('python:3.12-slim', 'linux/amd64')) assert.ok((v.savesBytes ?? 0) > 0);
});

test('tag resolution: the same variant and OS release and major version, else unknown (never :latest)', () => {
  // [as written, data key or undefined (unknown), confidence, stand-in said in the source]
  const cases: [string, string | undefined, string?, RegExp?][] = [
    // issue 12's cases
    ['node:16-alpine', 'node:16-alpine', 'medium'],
    ['node:18-bullseye-slim', 'node:18-bullseye-slim', 'medium'],
    ['python:3-alpine', 'python:3.14-alpine', 'medium', /python:3-alpine is not in the data: sizes of python:3\.14-alpine, one tag group in docker-library\/official-images library\/python@37079fb336f5 \(2026-08-21\), same version line/],
    ['golang:1.22-alpine3.19', undefined],
    ['eclipse-temurin:17-jdk-jammy', 'eclipse-temurin:17-jdk-jammy', 'medium'],
    ['eclipse-temurin:21-jre-noble', 'eclipse-temurin:21-jre-noble', 'medium'],
    ['ubuntu:latest', 'ubuntu:latest', 'high'],
    ['osrf/ros:noetic-desktop-full', undefined],
    // the variant and OS release are kept
    ['node:16-alpine3.17', 'node:16-alpine', 'medium', /same image, variant and version line/],
    // read from repo-info's 2023-01 reports (end-of-life lines): exact, and the note gives the build's date
    ['node:16-alpine3.16', 'node:16-alpine3.16', 'medium', /sizes of its build of 2022-12-13, the newest report the data has of this tag/],
    ['node:18-slim', undefined],
    ['node:18', undefined],
    ['eclipse-temurin:21-jdk-noble', 'eclipse-temurin:21-jdk-noble', 'medium'],
    ['eclipse-temurin:17-jammy', 'eclipse-temurin:17-jdk-jammy', 'medium'],
    ['python:3.12-slim-bookworm', 'python:3.12-slim-bookworm', 'medium'],
    ['python:3.12.3-slim-bookworm', 'python:3.12-slim-bookworm', 'medium', /same image, variant and version line/],
    ['python:3.9-slim-bookworm', 'python:3.10-slim-bookworm', 'low', /another 3\.x version/],
    ['golang:1.25-alpine3.24', 'golang:1.25-alpine', 'medium'],
    ['golang:1.25-alpine3.22', undefined],
    ['golang:1.24-alpine', 'golang:1.25-alpine', 'low'],
    ['redis:7.2-alpine', 'redis:7.2-alpine3.21', 'medium', /one tag group/],
    ['postgres:15.4-alpine3.18', undefined],
    ['python:3.11-slim-trixie', 'python:3.11-slim', 'medium', /one tag group in docker-library\/official-images library\/python@\w+ \(2026-08-21\), same version line/],
    ['node:22-bookworm-slim', 'node:22-slim', 'high'],
    ['ros:noetic', undefined],
    // tags read from repo-info for issue 12 (basedata4): exact entries, the variant and version kept
    ['node:24', 'node:24', 'medium'],
    ['node:24-slim', 'node:24-slim', 'medium'],
    ['node:24.20.0-alpine3.24', 'node:24-alpine', 'medium', /same image, variant and version line/],
    ['php:8.4-apache', 'php:8.4-apache', 'medium'],
    ['php:8.4-apache-trixie', 'php:8.4-apache', 'medium', /sizes of php:8\.4-apache, one tag group in .*, same version line/],
    ['php:8.5-apache-trixie', 'php:8.5-apache', 'medium', /one tag group in .*, same version line/],
    ['php:8.1-apache', 'php:8.2-apache-trixie', 'low', /php:8\.1-apache is not in the data: sizes of php:8\.2-apache, same variant and OS release, another 8\.x version/],
    ['php:8.4-fpm-alpine', 'php:8.4-fpm-alpine', 'medium'],
    ['python:3.14-slim-trixie', 'python:3.14-slim', 'medium', /one tag group in .*, same version line/],
    ['ruby:3.4-slim', 'ruby:3.4-slim', 'medium'],
    ['golang:1.26-alpine3.24', 'golang:1.26-alpine', 'medium'],
    ['golang:1.26-alpine3.22', undefined],
    ['buildpack-deps:trixie-scm', 'buildpack-deps:trixie-scm', 'medium'],
    ['ros:jazzy', 'ros:jazzy', 'medium'],
    ['node:20', undefined],
    ['python:3.13-slim-bookworm', 'python:3.13-slim-bookworm', 'medium'],
    ['python:3.13.5-slim-bookworm', 'python:3.13-slim-bookworm', 'medium', /same image, variant and version line/],
    ['centos:7', 'centos:7', 'medium'],
    ['centos:centos7', 'centos:7', 'medium'],
    ['centos:8', undefined],
    ['elasticsearch:8.19.22', 'elasticsearch:8.19.22', 'medium'],
    ['elasticsearch:8.11.1', 'elasticsearch:8.19.22', 'low', /another 8\.x version/],
    // elasticsearch publishes full versions only: 9.5.3 is another patch of the 9.5 line the data has
    ['elasticsearch:9.5.3', 'elasticsearch:9.5.2', 'medium', /same image, variant and version line/],
    ['elasticsearch:7.17.1', undefined],
    ['ruby:4.0-slim-trixie', 'ruby:4.0-slim-trixie', 'medium'],
    ['eclipse-temurin:25-jdk-noble', 'eclipse-temurin:25-jdk-noble', 'medium'],
    ['eclipse-temurin:25-jre-noble', 'eclipse-temurin:25-jre-noble', 'medium'],
    ['node:22-alpine3.23', 'node:22-alpine3.23', 'medium'],
    ['node:22-alpine3.24', 'node:22-alpine', 'medium', /one tag group in .*, same version line/],
    ['golang:1.26-alpine3.23', 'golang:1.26-alpine3.23', 'medium'],
    ['python:3.12.4-bookworm', 'python:3.12-bookworm', 'medium', /same image, variant and version line/],
    // basedata5: python 3.10 (trixie builds), php 8.2/8.5 fpm-alpine, erlang:28-alpine
    ['python:3.10', 'python:3.10', 'medium'],
    ['python:3.10-slim', 'python:3.10-slim', 'medium'],
    ['python:3.10.20-slim-trixie', 'python:3.10-slim', 'medium', /same image, variant and version line/],
    ['python:3.9-slim', 'python:3.10-slim', 'low', /another 3\.x version/],
    ['php:8.2-fpm-alpine', 'php:8.2-fpm-alpine', 'medium'],
    ['php:8.5-fpm-alpine3.24', 'php:8.5-fpm-alpine3.24', 'medium'],
    // php 8.1 is no longer built: its 2023 builds pinned to an Alpine release stand in for the floating tag, the newer
    // release first, at low confidence (the tag may have moved on to a later release and version since)
    ['php:8.1-fpm-alpine', 'php:8.1-fpm-alpine3.17', 'low', /php:8\.1-fpm-alpine3\.17 is a build of 2023-01-09: php:8\.1-fpm-alpine may have been rebuilt since, on a later version and on a later alpine release/],
    ['erlang:28-alpine', 'erlang:28-alpine', 'medium'],
    ['erlang:28.5-alpine', 'erlang:28-alpine', 'medium', /same version line/],
    ['postgres:17', 'postgres:17', 'medium'],
    ['postgres:17.6-alpine3.24', 'postgres:17-alpine', 'medium', /same image, variant and version line/],
    // redis:7 was read as 7.4.11, and 7.4 is in its tag group: the same line; 7.2 has entries of its own
    ['redis:7.4', 'redis:7', 'medium', /same version line/],
    ['redis:7.2.4', 'redis:7.2-bookworm', 'medium', /same image, variant and version line/],
    ['mariadb:10.11', 'mariadb:10.11', 'medium'],
    ['golang:1.25', 'golang:1.25', 'medium'],
    // versions: patch and build numbers, floating majors, snapshot dates
    ['python:3.12.7-slim', 'python:3.12-slim', 'medium', /3\.12\.7-slim is not in the data: sizes of python:3\.12-slim/],
    ['node:16.19-alpine', 'node:16-alpine3.16', 'low', /node:16-alpine3\.16 is a build of 2022-12-13/],
    ['node:22.11.0-slim', 'node:22-slim', 'medium'],
    ['eclipse-temurin:17.0.9_9-jdk-jammy', 'eclipse-temurin:17-jdk-jammy', 'medium'],
    ['postgres:16.4', 'postgres:16', 'medium'],
    ['debian:12.5-slim', 'debian:bookworm-slim', 'medium', /sizes of debian:12-slim/],
    ['debian:bookworm-20240110-slim', 'debian:bookworm-slim', 'medium'],
    ['ubuntu:jammy-20240212', 'ubuntu:22.04', 'medium', /sizes of ubuntu:jammy/],
    // another version of the same major: low, and it says so
    ['python:3.9.5', 'python:3.10', 'low', /python:3\.9\.5 is not in the data: sizes of python:3\.10, same variant and OS release, another 3\.x version/],
    // OS images: the version is the release, nothing else stands in
    ['alpine:3.19', undefined],
    ['ubuntu:16.04', 'ubuntu:16.04', 'medium'],
    ['ubuntu:xenial', undefined],
    ['ubuntu:15.10', undefined],
    ['ubuntu:bionic', 'ubuntu:18.04', 'medium'],
    ['debian:buster', 'debian:buster', 'medium', /build of 2023-01-11/],
    ['debian:10-slim', 'debian:buster-slim', 'medium'],
    // end-of-life lines from the 2023 reports: a tag naming the OS release and version line is answered at medium;
    // a floating one that only an old build stands in for is low and says why; verified aliases (same index digest)
    ['python:3.8-slim-bullseye', 'python:3.8-slim-bullseye', 'medium', /build of 2023-01-24/],
    ['python:3.8.16-slim-bullseye', 'python:3.8-slim-bullseye', 'medium', /same image, variant and version line/],
    ['python:3.7-slim', 'python:3.7-slim-bullseye', 'medium'],
    ['ruby:2.7-alpine', 'ruby:2.7-alpine3.16', 'medium'],
    ['ruby:2.7', 'ruby:2.7-bullseye', 'medium'],
    ['maven:3.8.6-eclipse-temurin-17', 'maven:3.8-eclipse-temurin-17', 'low', /is a build of 2023-01-24: maven:3\.8\.6-eclipse-temurin-17 may have been rebuilt since, on a later version/],
    ['python:3.8-slim', 'python:3.7-slim-bullseye', 'low', /another 3\.x version; python:3\.7-slim is a build of 2023-01-24/],
    // busybox's history dates are its fixed SOURCE_DATE_EPOCH (2024-09-26), not an old build: no old-build answer
    ['busybox:1.37-glibc', 'busybox:1.37.0-glibc', 'medium', /same image, variant and version line; docker-library\/repo-info repos\/busybox\/remote\/1\.37\.0-glibc\.md@\w+, read [\d-]+; on disk/],
    // node:14 and mongo:4.4 were other images (other index digests) than node:14-bullseye and mongo:4.4-focal
    ['node:14', undefined],
    ['mongo:4.4', undefined],
    ['redis:6', 'redis:6.2-bookworm', 'medium', /one tag group/],
    ['redis:5', undefined],
    ['example.com/team/app:3.12-slim-bookworm', undefined],
    ['notanimage:1.2.3', undefined],
    // official-images tag groups (libraryAliases): a floating tag of the group of a data tag is that version line,
    // medium; patch releases are not aliased and stand in as before; another minor of the same major is low
    ['nginx:1.31-alpine', 'nginx:alpine', 'medium', /sizes of nginx:alpine, one tag group in docker-library\/official-images library\/nginx@/],
    ['nginx:1.31.2-alpine', 'nginx:alpine', 'medium', /nginx:1\.31\.2-alpine is not in the data: sizes of nginx:1\.31-alpine, same image, variant and version line/],
    ['nginx:1.27-alpine', 'nginx:stable-alpine', 'low', /sizes of nginx:1\.30-alpine, same variant and OS release, another 1\.x version/],
    ['nginx:1.31-alpine3.22', undefined],
    ['tomcat:10-jdk25', 'tomcat:10', 'medium', /one tag group/],
    ['tomcat:10.1-jdk25', 'tomcat:10', 'medium', /sizes of tomcat:10, one tag group/],
    ['node:krypton-alpine', 'node:lts-alpine', 'medium', /one tag group/],
    ['python:3-slim-trixie', 'python:3-slim', 'medium', /one tag group/],
    // a tag more specific than the data's own versioned tag is not aliased (node:24 floats over its minors)
    // (node:24-alpine was read as 24.20.0, a later minor than the group's 24.19: the 24.19 build on alpine3.23)
    ['node:24.19-alpine', 'node:24.19-alpine3.23', 'medium', /same image, variant and version line/],
    // version lines per repository from the official tag groups: postgres 18.4 and 18.6 are patches of one line,
    // mysql 8.0 and 8.4 are two lines; node tags every major (22.11.0 is node:22's line), python 3.9 is not python:3's
    ['postgres:18.4-trixie', 'postgres:18.6-trixie', 'medium', /same image, variant and version line/],
    ['postgres:16.2-alpine', 'postgres:16-alpine', 'medium', /same image, variant and version line/],
    ['mysql:8.0', 'mysql:8.4', 'low', /another 8\.x version/],
    ['mysql:8.0.36', 'mysql:8.4', 'low', /another 8\.x version/],
    ['node:24.20.0-alpine3.24', 'node:24-alpine', 'medium', /same image, variant and version line/],
    ['golang:1.24-alpine', 'golang:1.25-alpine', 'low', /another 1\.x version/],
    ['ubuntu:22.10', undefined],
    // eclipse-temurin spells the Alpine release with a hyphen; it is kept like alpine3.22
    ['eclipse-temurin:21-jdk-alpine-3.22', 'eclipse-temurin:21-jdk-alpine-3.22', 'medium'],
    ['eclipse-temurin:21-jdk-alpine-3.19', undefined],
  ];
  for (const [ref, key, confidence, note] of cases) {
    const info = lookupBaseImage(ref);
    assert.equal(info?.key, key, ref);
    if (!info) continue;
    assert.equal(info.confidence, confidence, ref);
    if (note) assert.match(info.source, note, ref);
    // Never a repository's latest standing in for a versioned tag, unless the official tag group says it is latest.
    if (!/latest/.test(ref) && !/one tag group/.test(info.source)) assert.doesNotMatch(info.key, /:latest$/, ref);
  }
});

test('tags added from repo-info remote reports carry the sizes per platform of the report they name', () => {
  // [tag, linux/amd64 bytes, linux/arm64/v8 bytes or undefined, report@commit] (arm64 of python:3.10, postgres:17 and php
  // from the report's later pages, the same version, read 2026-12-08)
  const cases: [string, number, number | undefined, string][] = [
    ['node:24', 408949206, 400000940, 'repos/node/remote/24.md@2534b852'],
    ['php:8.4-apache', 179495552, 171927959, 'repos/php/remote/8.4-apache.md@e5886e77'],
    ['eclipse-temurin:21-jdk-noble', 210854812, 209488609, 'repos/eclipse-temurin/remote/21-jdk-noble.md@b3702b01'],
    // buildpack-deps' -curl/-scm images are the first layers of the full image (same digests)
    ['buildpack-deps:trixie-scm', 49337828 + 25639590 + 67800074, undefined, 'repos/buildpack-deps/remote/trixie.md@4dd7ffcb'],
    // the last CentOS 7 and Ubuntu 16.04 images (both end-of-life; their final reports)
    ['centos:centos7', 76097157, 108374945, 'repos/centos/remote/7.md@72e4be79'],
    ['ubuntu:16.04', 46499103, 41240759, 'repos/ubuntu/remote/16.04.md@72e4be79'],
    ['python:3.10', 406295314, 395566732, 'repos/python/remote/3.10.md@120e042a'],
    ['python:3.10-slim', 44982477, 45279450, 'repos/python/remote/3.10-slim.md@2477d553'],
    ['php:8.2-fpm-alpine', 32761723, 33013774, 'repos/php/remote/8.2-fpm-alpine.md@1fb3303d'],
    ['php:8.5-fpm-alpine3.24', 38716992, 38473675, 'repos/php/remote/8.5-fpm-alpine3.24.md@1fb3303d'],
    ['erlang:28-alpine', 56242179, 56616353, 'repos/erlang/remote/28-alpine.md@548fc117'],
    ['postgres:17', 161322974, 159958072, 'repos/postgres/remote/17.md@0b63eeca'],
    ['postgres:17-alpine', 117190808, 115020527, 'repos/postgres/remote/17-alpine.md@14ad5cc1'],
    ['redis:7', 43594077, 43483278, 'repos/redis/remote/7.md@0ae73091'],
    ['mariadb:10.11', 106472476, 101026199, 'repos/mariadb/remote/10.11.md@1e6022f4'],
    ['golang:1.25', 305264123, 298455317, 'repos/golang/remote/1.25.md@01b535c0'],
  ];
  for (const [tag, amd64, arm64, source] of cases) {
    const info = lookupBaseImage(tag)!;
    assert.equal(info.compressedBytes, amd64, tag);
    assert.equal(info.platforms['linux/arm64/v8'], arm64, tag);
    assert.ok(info.source.includes(source), `${tag}: ${info.source}`);
  }
  assert.equal(lookupBaseImage('node:24-slim', 'linux/arm64')?.compressedBytes, 80170518);
});

test('parseTag splits version, variant words, OS release and snapshot date', () => {
  assert.deepEqual(parseTag('3.12.7-slim-bookworm'), { version: ['3', '12', '7'], variant: ['slim'], os: { family: 'debian', release: 'bookworm' } });
  assert.deepEqual(parseTag('1.22-alpine3.19'), { version: ['1', '22'], variant: [], os: { family: 'alpine', release: '3.19' } });
  assert.deepEqual(parseTag('17-jdk-jammy'), { version: ['17'], variant: ['jdk'], os: { family: 'ubuntu', release: 'jammy' } });
  assert.deepEqual(parseTag('jammy-20240212'), { variant: [], os: { family: 'ubuntu', release: 'jammy' }, date: '20240212' });
  assert.deepEqual(parseTag('noetic-desktop-full'), { variant: ['desktop', 'full', 'noetic'] });
  // eclipse-temurin/maven/gradle write the Alpine release after a hyphen; it is the OS release, not a variant word.
  assert.deepEqual(parseTag('21-jdk-alpine-3.22'), { version: ['21'], variant: ['jdk'], os: { family: 'alpine', release: '3.22' } });
  assert.deepEqual(parseTag('3-eclipse-temurin-21-alpine'), { version: ['3'], variant: ['21', 'eclipse', 'temurin'], os: { family: 'alpine' } });
  assert.equal(alpineReleaseOfName('eclipse-temurin:8-jre-alpine-3.21'), '3.21');
});

test('a stand-in of another version offers no smaller variants (they would name a version the user did not write)', () => {
  assert.deepEqual(smallerVariants('python:3.9.5'), []);
  assert.ok(smallerVariants('python:3.12.7').length > 0 || lookupBaseImage('python:3.12.7') === undefined);
});

test('ubuntu:20.04 has its installed package list from repo-info (focal)', () => {
  const focal = lookupBaseImage('ubuntu:focal')!;
  assert.equal(focal.suite, 'focal');
  for (const p of ['libc6', 'perl-base', 'debconf', 'libffi7']) assert.ok(focal.packages?.includes(p), p);
  assert.ok(!focal.packages?.includes('tzdata'), 'tzdata is not in the focal base');
  assert.equal(focal.packages?.length, 92);
});

test('alpineReleaseOfName: the release an image name states, also without a data entry', () => {
  assert.equal(alpineReleaseOfName('alpine:3.16'), '3.16');
  assert.equal(alpineReleaseOfName('alpine:3.14.8'), '3.14');
  assert.equal(alpineReleaseOfName('docker.io/library/alpine:3.17'), '3.17');
  assert.equal(alpineReleaseOfName('node:18-alpine3.16'), '3.16');
  assert.equal(alpineReleaseOfName('node:18-alpine'), undefined);
  assert.equal(alpineReleaseOfName('debian:3.16'), undefined);
  assert.equal(alpineReleaseOfName('alpine'), undefined);
});

test('official-images tag groups alias only floating tags to a tag of the data', () => {
  const file = JSON.parse(readFileSync(path.join(__dirname, '../../../data/base-images.json'), 'utf8')) as {
    images: Record<string, { suite?: string }>;
    aliases: Record<string, string>;
    libraryAliases: Record<string, string>;
    libraryAliasesSource: string;
  };
  const entries = Object.entries(file.libraryAliases);
  assert.ok(entries.length > 300, `${entries.length} library aliases`);
  assert.match(file.libraryAliasesSource, /official-images library\/<repository>@[0-9a-f]{12} \(\d{4}-\d{2}-\d{2}\)/);
  for (const [tag, key] of entries) {
    assert.ok(file.images[key], `${tag} → ${key} is a data tag`);
    assert.ok(!file.images[tag] && !file.aliases[tag], `${tag} is neither a data tag nor an exact alias`);
    const name = tag.slice(tag.lastIndexOf(':') + 1);
    assert.doesNotMatch(name, /^v?\d+\.\d+\.\d+|(^|-)\d{8}/, `${tag}: no patch release or snapshot date`);
    assert.equal(tag.slice(0, tag.lastIndexOf(':')), key.slice(0, key.lastIndexOf(':')), `${tag}: same repository`);
  }
  // node:24 floats over minors: a minor tag is an alias of it only when the data read that minor (node:24 as
  // 24.19.0, node:24-slim as 24.18.1), and debian point releases are not aliased.
  assert.equal(file.libraryAliases['node:24.19'], 'node:24');
  assert.equal(file.libraryAliases['node:24.19-slim'], undefined);
  assert.equal(file.libraryAliases['redis:7.4-bookworm'], 'redis:7');
  assert.equal(file.libraryAliases['debian:12.15'], undefined);
  assert.equal(file.libraryAliases['nginx:1.31-alpine'], 'nginx:alpine');
});

test("dpkg's path-exclude follows the FROM image the report names, not the word slim in a tag", () => {
  // erlang's -slim images are built FROM the full debian:<suite> (layer 0 of 48-54 MB in repo-info); wordpress and
  // nginx's perl/otel images FROM images on debian:<suite>-slim.
  assert.equal(lookupBaseImage('erlang:28.5-slim')?.slimDpkg, false);
  assert.equal(lookupBaseImage('wordpress:latest')?.slimDpkg, true);
  assert.equal(lookupBaseImage('nginx:1.30-trixie-perl')?.slimDpkg, true);
  assert.equal(lookupBaseImage('python:3.14-slim')?.slimDpkg, true);
  assert.equal(lookupBaseImage('python:3.14')?.slimDpkg, false);
});

test('version lines per repository come from the official tag groups (line words, full-release words)', () => {
  const file = JSON.parse(readFileSync(path.join(__dirname, '../../../data/base-images.json'), 'utf8')) as {
    versionLineWords: Record<string, [number, number]>;
    libraryAliasesFrom: { repository: string; commit: string; date: string };
  };
  // postgres tags every major (18, 17) and releases 18.6; python tags minors (3.12 has no `3`) and releases 3.12.11;
  // mysql tags majors but releases 8.4.10, so 8.0 and 8.4 differ in a line word; buildpack-deps spells 26.04 in full.
  assert.deepEqual(file.versionLineWords.postgres, [1, 2]);
  assert.deepEqual(file.versionLineWords.python, [2, 3]);
  assert.deepEqual(file.versionLineWords.mysql, [1, 3]);
  assert.deepEqual(file.versionLineWords.node, [1, 3]);
  assert.deepEqual(file.versionLineWords['buildpack-deps'], [2, 2]);
  assert.deepEqual(file.libraryAliasesFrom, { repository: 'docker-library/official-images', commit: '37079fb336f572a88700cf32e5e1f6be54a04e8f', date: '2026-08-21' });
});
