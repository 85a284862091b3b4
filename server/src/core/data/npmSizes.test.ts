import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownNpmPackages, npmPackageName, npmPackageSize } from './npmSizes';

test('express was measured with its dependency closure and cache', () => {
  const express = npmPackageSize('express');
  assert.ok(express);
  assert.ok(express.bytes > 100_000, `express bytes ${express.bytes}`);
  assert.ok(express.cacheBytes > 0);
  assert.ok((express.packages ?? 0) > 10, 'express pulls dozens of packages');
  assert.match(express.version, /^\d+\.\d+\.\d+/);
  assert.match(express.source, /npm install express@/);
  assert.ok(express.gzipBytes! < express.bytes);
});

test('version specs and scopes resolve to the measured name', () => {
  assert.equal(npmPackageName('express@^5.0.0'), 'express');
  assert.equal(npmPackageName('@nestjs/core@11'), '@nestjs/core');
  assert.equal(npmPackageName('@nestjs/core'), '@nestjs/core');
  assert.equal(npmPackageSize('express@4')?.bytes, npmPackageSize('express')?.bytes);
  assert.ok(npmPackageSize('@nestjs/core'));
  assert.equal(npmPackageSize('surely-not-a-measured-package-xyz'), undefined);
});

test('big frameworks are bigger than small utilities', () => {
  assert.ok(knownNpmPackages().length >= 60);
  assert.ok(npmPackageSize('next')!.bytes > 10 * npmPackageSize('express')!.bytes);
  assert.ok(npmPackageSize('dotenv')!.bytes < npmPackageSize('express')!.bytes);
});
