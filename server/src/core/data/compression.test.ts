import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compressionRatio, compressionSource, type CompressionKind } from './compression';

test('measured gzip ratios are between 0 and 1 and ordered by content kind', () => {
  const kinds: CompressionKind[] = ['binary', 'text', 'archive', 'node_modules', 'python', 'apt-lists', 'mixed'];
  for (const kind of kinds) {
    const ratio = compressionRatio(kind);
    assert.ok(ratio > 0 && ratio < 1, `${kind}: ${ratio}`);
  }
  // Text compresses best, already-compressed files hardly at all.
  assert.ok(compressionRatio('text') < compressionRatio('binary'));
  assert.ok(compressionRatio('binary') < compressionRatio('archive'));
  assert.ok(compressionRatio('archive') > 0.85);
  assert.match(compressionSource(), /gzip/);
});
