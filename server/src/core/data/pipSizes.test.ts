import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePipName, pipPackageSize } from './pipSizes';

test('requirement strings normalize to PEP 503 names', () => {
  assert.equal(normalizePipName('Flask'), 'flask');
  assert.equal(normalizePipName('typing_extensions'), 'typing-extensions');
  assert.equal(normalizePipName('uvicorn[standard]==0.30.1'), 'uvicorn');
  assert.equal(normalizePipName('requests>=2.31,<3'), 'requests');
  assert.equal(normalizePipName('numpy ; python_version >= "3.9"'), 'numpy');
  assert.equal(normalizePipName('Django~=4.2'), 'django');
  assert.equal(normalizePipName('zope.interface'), 'zope-interface');
  assert.equal(normalizePipName('pkg @ https://example.invalid/pkg.whl'), 'pkg');
});

test('numpy is a measured wheel install with an estimated wheel size', () => {
  const numpy = pipPackageSize('numpy==2.1.0');
  assert.ok(numpy);
  assert.ok(numpy.bytes > 10_000_000, `numpy bytes ${numpy.bytes}`);
  assert.ok(numpy.wheelBytes! > 0 && numpy.wheelBytes! < numpy.bytes);
  assert.ok(['high', 'medium', 'low'].includes(numpy.confidence));
  assert.ok(numpy.source.length > 20);
});

test('closure sums known dependencies and names unknown ones', () => {
  const boto3 = pipPackageSize('boto3');
  assert.ok(boto3);
  assert.ok(boto3.requires?.includes('botocore'));
  assert.ok(boto3.closureBytes! > boto3.bytes + pipPackageSize('botocore')!.bytes - 1);
});

test('Debian-sourced entries say so; unknown packages are undefined', () => {
  const django = pipPackageSize('Django');
  assert.ok(django);
  assert.match(django.source, /debian .*python3-django/);
  assert.equal(django.wheelBytes, undefined);
  // tensorflow now has a sourced wheel size (scripts/gen-pip-wheels.mjs); its installed size is an estimate.
  assert.equal(pipPackageSize('tensorflow')?.confidence, 'low');
  assert.equal(pipPackageSize('tensorflow')?.wheelBytes, 644_800_000);
  assert.equal(pipPackageSize('surely-not-a-package-xyz'), undefined);
});
