import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkPackageSize, packageManagerCache, rpmPackageSize } from './otherManagers';

test('common apk packages have low-confidence sizes proxied from Debian', () => {
  for (const name of ['build-base', 'python3', 'nodejs', 'git', 'curl', 'bash', 'musl-dev', 'tzdata']) {
    const size = apkPackageSize(name);
    assert.ok(size, name);
    assert.ok(size.bytes > 0, name);
    assert.equal(size.confidence, 'low');
    assert.match(size.source, /debian .* × /);
  }
  assert.ok(apkPackageSize('build-base')!.bytes > apkPackageSize('curl')!.bytes);
  assert.equal(apkPackageSize('curl=8.5.0-r0')?.bytes, apkPackageSize('curl')?.bytes);
  assert.equal(apkPackageSize('surely-not-a-package'), undefined);
});

test('rpm packages and cache notes exist', () => {
  const gcc = rpmPackageSize('gcc');
  assert.ok(gcc && gcc.bytes > 1_000_000);
  assert.ok(rpmPackageSize('python3'));
  assert.equal(packageManagerCache('apk').path, '/var/cache/apk');
  assert.match(packageManagerCache('rpm').path, /dnf/);
});
