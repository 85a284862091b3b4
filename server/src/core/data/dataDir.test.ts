import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../testing/tempDirs';
import { DATA_DIR_ENV, dataDir, loadDataJson, setDataDir } from './dataDir';

test('dataDir finds server/data from the source tree', () => {
  const saved = process.env[DATA_DIR_ENV];
  delete process.env[DATA_DIR_ENV];
  try {
    setDataDir(undefined);
    const dir = dataDir();
    assert.ok(existsSync(path.join(dir, 'base-images.json')), dir);
    assert.match(dir, /server[\\/]data$/);
  } finally {
    if (saved !== undefined) process.env[DATA_DIR_ENV] = saved;
  }
});

test('setDataDir and the env var redirect loading', () => {
  const dir = tempDir('size-hints-data-');
  writeFileSync(path.join(dir, 'probe.json'), JSON.stringify({ value: 42 }));
  setDataDir(dir);
  try {
    assert.equal(dataDir(), dir);
    assert.deepEqual(loadDataJson<{ value: number }>('probe.json'), { value: 42 });
  } finally {
    setDataDir(undefined);
  }
  const saved = process.env[DATA_DIR_ENV];
  process.env[DATA_DIR_ENV] = dir;
  try {
    assert.equal(dataDir(), dir);
  } finally {
    if (saved === undefined) delete process.env[DATA_DIR_ENV];
    else process.env[DATA_DIR_ENV] = saved;
  }
});
