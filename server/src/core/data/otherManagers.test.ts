import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageManagerCache, rpmPackageSize } from './otherManagers';
import { loadDataJson } from './dataDir';

test('apk packages are not proxied from Debian any more (Alpine data: apkDb.ts)', () => {
  const file = loadDataJson<{ apk: Record<string, unknown> }>('other-managers.json');
  assert.equal(file.apk.packages, undefined);
});

test('rpm packages and cache notes exist', () => {
  const gcc = rpmPackageSize('gcc');
  assert.ok(gcc && gcc.bytes > 1_000_000);
  assert.ok(rpmPackageSize('python3'));
  assert.equal(packageManagerCache('apk').path, '/var/cache/apk');
  assert.match(packageManagerCache('rpm').path, /dnf/);
});
