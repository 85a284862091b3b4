// Base images' package sets: the OS list plus what the official Dockerfiles down the FROM chain install and keep,
// with the Depends/Pre-Depends closure resolved by scripts/gen-base-images.mjs (issue 12). Real data, no fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSizeModel } from '../model/sizeModel';
import { parseDockerfile } from '../parse/dockerfile';
import { lookupBaseImage } from './baseImages';
import { tempDir } from '../../testing/tempDirs';

const ROOT = path.resolve(__dirname, '../../../..');
const KB = 1024;
const MB = 1024 * 1024;

/** Bytes and confidence of the RUN layer of `FROM <image>` + `apt-get install <packages>`. */
function installLayer(image: string, packages: string, platform?: string) {
  const text = `FROM ${image}\nRUN apt-get update && apt-get install -y --no-install-recommends ${packages} && rm -rf /var/lib/apt/lists/*\n`;
  const m = buildSizeModel(parseDockerfile(text), platform ? { platform } : {}, {});
  const layer = m.stages[0]!.layers.find((l) => l.instruction.keyword === 'RUN')!;
  return { bytes: layer.estimate.bytes, confidence: layer.estimate.confidence };
}

// [image, packages, at most, what the official Dockerfile keeps]; each was priced at 176–248 MB (medium) before.
const ALREADY_THERE: [string, string, number, string][] = [
  ['golang:1.24', 'git make gcc', 16 * KB, 'buildpack-deps:scm has git; golang keeps g++ gcc libc6-dev make pkg-config'],
  ['golang:latest', 'git make gcc', 16 * KB, 'same, trixie'],
  ['php:8.4-apache', 'gcc make autoconf', 16 * KB, 'PHPIZE_DEPS stay in php images'],
  ['php:8.3-fpm', 'gcc make autoconf', 16 * KB, 'PHPIZE_DEPS stay in php images'],
  ['rust:slim', 'gcc libc6-dev', 16 * KB, 'rust slim keeps ca-certificates gcc libc6-dev'],
  ['ros:humble', 'build-essential git', 16 * KB, 'ros-base installs build-essential git'],
  ['nginx:latest', 'curl gettext-base', 16 * KB, 'nginx keeps curl gettext-base ca-certificates'],
  ['python:3.12', 'cpp-14 binutils gcc-14', 16 * KB, "buildpack-deps names gcc: its dependencies are installed too"],
  // An installed `g++` is g++, not `g+` with apt's install suffix (it was priced again: 190 kB).
  ['python:3.12', 'g++', 16 * KB, 'buildpack-deps names g++'],
  ['golang:latest', 'g++', 16 * KB, 'golang keeps g++'],
  // basedata5: service images' own Dockerfiles (redis, memcached, wordpress, mongo, mariadb, rabbitmq; tomcat FROM temurin)
  ['redis:latest', 'tzdata', 16 * KB, 'redis keeps tzdata'],
  ['redis:7', 'tzdata', 16 * KB, 'redis 7 (bookworm) keeps tzdata'],
  ['memcached:latest', 'libsasl2-modules', 16 * KB, 'memcached keeps the SASL plugins'],
  ['wordpress:latest', 'ghostscript', 16 * KB, 'wordpress keeps ghostscript'],
  ['mongo:latest', 'jq numactl procps', 16 * KB, 'mongo keeps ca-certificates jq numactl procps'],
  ['mongo:7', 'jq numactl procps', 16 * KB, 'same on jammy'],
  ['mariadb:latest', 'pwgen socat zstd', 16 * KB, 'mariadb keeps pwgen tzdata xz-utils zstd socat ...'],
  ['mariadb:10.11', 'pwgen socat libtcmalloc-minimal4', 16 * KB, 'same on jammy (libtcmalloc-minimal4 without t64)'],
  ['rabbitmq:management', 'tzdata', 16 * KB, 'rabbitmq keeps ca-certificates gosu tzdata'],
  ['tomcat:latest', 'fontconfig locales', 16 * KB, 'tomcat is FROM eclipse-temurin:25-jdk-noble, which keeps them'],
];

for (const [image, packages, most, why] of ALREADY_THERE) {
  test(`${image} + apt-get install ${packages} adds almost nothing (${why})`, () => {
    const { bytes } = installLayer(image, packages);
    assert.ok(bytes <= most, `${bytes} B`);
  });
}

test('arm64 uses its own closure (binutils-aarch64-linux-gnu is in golang on arm64, not on amd64)', () => {
  const amd64 = lookupBaseImage('golang:latest', 'linux/amd64')!.packages!;
  const arm64 = lookupBaseImage('golang:latest', 'linux/arm64')!.packages!;
  assert.ok(amd64.includes('binutils-x86-64-linux-gnu') && !amd64.includes('binutils-aarch64-linux-gnu'));
  assert.ok(arm64.includes('binutils-aarch64-linux-gnu') && !arm64.includes('binutils-x86-64-linux-gnu'));
  assert.ok(installLayer('golang:latest', 'gcc-aarch64-linux-gnu').bytes > 10 * MB, 'a cross compiler on amd64 is still priced');
});

// Images whose own Dockerfile keeps nothing this data can name (node slim purges all but ldd-found libraries; redis keeps
// tzdata only): an install of anything else is priced as before.
const UNCHANGED: [string, string, number][] = [
  ['redis:latest', 'curl', 5 * MB],
  ['node:22-slim', 'curl', 5 * MB],
  ['debian:bookworm-slim', 'gcc', 50 * MB],
];
for (const [image, packages, least] of UNCHANGED) {
  test(`${image} + apt-get install ${packages} is still priced (nothing sourced for it)`, () => {
    const { bytes, confidence } = installLayer(image, packages);
    assert.ok(bytes >= least, `${bytes} B`);
    assert.equal(confidence, 'medium');
  });
}

test('base-images.json and base-packages.json are what scripts/gen-base-images.mjs makes', (t) => {
  const shared = path.resolve(ROOT, '..', 'shared', 'data');
  const sharedDir = fs.existsSync(path.join(shared, 'base-images.json')) ? shared : '/work/shared/data';
  if (!fs.existsSync(path.join(sharedDir, 'base-images.json'))) return t.skip('no shared repo-info snapshot here');
  const out = tempDir('dsh-genbase-');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/gen-base-images.mjs'), '--shared', sharedDir, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  for (const f of ['base-images.json', 'base-packages.json']) {
    assert.equal(fs.readFileSync(path.join(out, f), 'utf8'), fs.readFileSync(path.join(ROOT, 'server/data', f), 'utf8'), f);
  }
});
