import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownNpmPackages, npmInstallSize, npmPackageName, npmPackageSize, npmSpecRange, yarnV1CacheBytes } from './npmSizes';
import { loadDataJson } from './dataDir';

test('express: its whole closure from the registry, matching a real npm install', () => {
  const express = npmPackageSize('express');
  assert.ok(express);
  // bench/accuracy/npm-installs.json: npm 11 installed express 5.3.0 as 68 packages, 2,345,393 B of files.
  assert.ok(express.packages >= 50 && express.packages <= 90, `express closure ${express.packages} packages`);
  assert.ok(express.bytes > 0.8 * 2_345_393 && express.bytes < 1.25 * 2_345_393, `express ${express.bytes}`);
  assert.ok(express.tarballBytes < express.bytes, 'tarballs are gzip-compressed');
  assert.ok(express.cacheBytes > express.tarballBytes, 'the cache holds the packuments too');
  assert.match(express.version, /^\d+\.\d+\.\d+/);
  assert.match(express.source, /npm registry closure.*express@/);
});

test('the closures match real npm installs (bench/accuracy/npm-installs.json) where the version is the same', () => {
  const measured = loadDataJson<{ packages: Record<string, { version: string; nodeModulesBytes: number }> }>('../../bench/accuracy/npm-installs.json').packages;
  let compared = 0;
  for (const [name, real] of Object.entries(measured)) {
    const size = npmPackageSize(name);
    if (!size || size.version !== real.version) continue;
    compared++;
    const ratio = size.bytes / real.nodeModulesBytes;
    assert.ok(ratio > 1 / 1.5 && ratio < 1.5, `${name}@${real.version}: table ${size.bytes} vs installed ${real.nodeModulesBytes}`);
  }
  assert.ok(compared >= 20, `only ${compared} same-version packages to compare`);
});

test('version specs and scopes resolve to the measured name; another major version is flagged', () => {
  assert.equal(npmPackageName('express@^5.0.0'), 'express');
  assert.equal(npmPackageName('@nestjs/core@11'), '@nestjs/core');
  assert.equal(npmSpecRange('@nestjs/core@11'), '11');
  assert.equal(npmSpecRange('express'), undefined);
  const latest = npmPackageSize('express')!;
  assert.equal(npmPackageSize(`express@^${latest.version.split('.')[0]}`)?.otherVersion, false);
  assert.equal(npmPackageSize('surely-not-a-measured-package-xyz'), undefined);
  // A major older than the table keeps (two below the latest) falls back to the latest closure, flagged.
  const ancient = npmPackageSize('express@1')!;
  assert.equal(ancient.version, latest.version);
  assert.equal(ancient.otherVersion, true);
});

test('an older major the table measured is priced by its own closure (`express@4`, `mongo-express@0.54.0`)', () => {
  const latest = npmPackageSize('express')!;
  const four = npmPackageSize('express@4')!;
  assert.match(four.version, /^4\./);
  assert.equal(four.otherVersion, false);
  assert.notEqual(four.packages, latest.packages);
  // mongo-express 0.54.0 is the latest of 0.x: the held-out tuning layer's pin (npm 6 installed it as a
  // 16.35 MB compressed layer with npm's cache; the table's 1.0.x closure said 24.8 MB).
  const me = npmPackageSize('mongo-express@0.54.0')!;
  assert.equal(me.version, '0.54.0');
  assert.equal(me.otherVersion, false);
  assert.ok(me.tarballBytes < npmPackageSize('mongo-express')!.tarballBytes, `${me.tarballBytes}`);
  // ghost-cli has one major: a pin of an older 1.x stays the latest's closure, flagged.
  const ghost = npmPackageSize('ghost-cli@1.29.3')!;
  assert.equal(ghost.version, npmPackageSize('ghost-cli')!.version);
  assert.equal(ghost.otherVersion, true);
  // Installed together: the older closure is the one counted.
  const both = npmInstallSize(['express@4', 'lodash']);
  assert.deepEqual(both.otherVersion, []);
  assert.notEqual(both.bytes, npmInstallSize(['express', 'lodash']).bytes);
  assert.ok(both.bytes <= four.bytes + npmPackageSize('lodash')!.bytes && both.bytes >= four.bytes, `${both.bytes}`);
});

test('the table covers the 500 most downloaded packages and the ones the issue names', () => {
  assert.ok(knownNpmPackages().length >= 500);
  for (const name of ['ghost-cli', 'rtlcss', 'typescript', 'semver', 'lodash', '@types/node']) assert.ok(npmPackageSize(name), name);
  assert.ok(npmPackageSize('next')!.bytes > 10 * npmPackageSize('express')!.bytes);
  assert.ok(npmPackageSize('dotenv')!.bytes < npmPackageSize('express')!.bytes);
  assert.deepEqual(npmPackageSize('puppeteer')!.installScripts.includes('puppeteer'), true, 'puppeteer downloads a browser at install');
});

test('packages installed together count shared dependencies once', () => {
  const express = npmPackageSize('express')!;
  const bodyParser = npmPackageSize('body-parser')!;
  const both = npmInstallSize(['express', 'body-parser']);
  assert.deepEqual(both.known, ['express', 'body-parser']);
  // express depends on body-parser: installing both adds nothing to express alone.
  assert.equal(both.bytes, express.bytes);
  assert.ok(both.bytes < express.bytes + bodyParser.bytes);
  const withUnknown = npmInstallSize(['express', 'not-a-real-package-qq']);
  assert.deepEqual(withUnknown.unknown, ['not-a-real-package-qq']);
});

test('yarn v1 cache: unpacked packages + tarballs + metadata, as measured with yarn 1.22.22', () => {
  // Measured 2026-12-04: `yarn add express` left a 3,673,919 B cache (68 packages).
  const express = npmPackageSize('express')!;
  const cache = yarnV1CacheBytes(express);
  assert.ok(cache > 0.85 * 3_673_919 && cache < 1.15 * 3_673_919, `yarn cache ${cache}`);
  // `yarn add lodash axios moment dotenv pg mongoose winston`: 26,697,941 B (93 packages).
  const mix = yarnV1CacheBytes(npmInstallSize(['lodash', 'axios', 'moment', 'dotenv', 'pg', 'mongoose', 'winston']));
  assert.ok(mix > 0.85 * 26_697_941 && mix < 1.15 * 26_697_941, `yarn cache ${mix}`);
});
