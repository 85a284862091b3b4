import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, formatEstimate } from '../model/format';
import { layerSummary } from './summary';
import { analyzeExample, analyzeWithContext, exampleNames } from './testExamples';

test('summary totals equal the model totals on every example', () => {
  for (const name of exampleNames()) {
    const a = analyzeExample(name);
    const s = layerSummary(a);
    const img = a.model.image;
    assert.equal(s.bytes, img.bytes, name);
    assert.equal(s.compressedBytes, img.compressedBytes, name);
    assert.equal(s.reclaimableBytes, img.reclaimableBytes, name);
    assert.equal(s.stageIndex, img.stageIndex, name);
    assert.equal(s.totalText, formatEstimate(a.model.stages[img.stageIndex].total), name);
    assert.ok(s.text.startsWith('Image '), s.text);
    assert.ok(s.text.includes(`· ${formatBytes(img.compressedBytes)} pull`), s.text);
    assert.match(s.tooltip, /Reclaimable/);
    assert.equal(s.stages.length, a.model.stages.length);
    for (const st of s.stages) {
      const m = a.model.stages[st.index];
      assert.equal(st.bytes, m.total.bytes);
      assert.equal(st.ships, m.ships);
      assert.equal(st.totalText, formatEstimate(m.total));
      // The base row, then one row per layer, in file order.
      assert.equal(st.layers[0].kind, 'base');
      assert.equal(st.layers[0].bytes, m.base.estimate.bytes);
      const layers = m.layers.filter((l) => l.makesLayer);
      assert.deepEqual(st.layers.slice(1).map((l) => l.line), layers.map((l) => l.instruction.line));
      assert.deepEqual(st.layers.slice(1).map((l) => l.estimateText), layers.map((l) => formatEstimate(l.estimate)));
      // Base + layers add up to the stage total.
      assert.equal(st.layers.reduce((x, l) => x + l.bytes, 0), m.total.bytes, `${name} stage ${st.label}`);
    }
  }
});

test('the status text reads "Image ≈ 412 MB · 152 MB pull"', () => {
  const s = layerSummary(analyzeExample('node-copy-all'));
  assert.match(s.text, /^Image (≈|≥) \d+(\.\d+)? (MB|GB)( \+ unknown)? · \d+(\.\d+)? (MB|GB) pull/);
});

test('reclaimable bytes: which layer, which delete, and what the user can do', () => {
  const a = analyzeWithContext('FROM debian:bookworm-slim\nCOPY big.bin /data/big.bin\nRUN rm -rf /data\n', { 'big.bin': 2_000_000 });
  const s = layerSummary(a);
  assert.equal(s.reclaimableBytes, a.model.image.reclaimableBytes);
  assert.equal(s.reclaimableText, formatBytes(a.model.image.reclaimableBytes));
  assert.ok(s.text.endsWith(`· ${s.reclaimableText} reclaimable`), s.text);
  assert.deepEqual(
    s.reclaimable.map((r) => [r.createdLine, r.touchedLine, r.action]),
    [[1, 2, 'delete']],
  );
  const copyRow = s.stages[0].layers.find((l) => l.keyword === 'COPY')!;
  assert.equal(copyRow.reclaimableText, s.reclaimableText);
  // A COPY cannot delete in its own layer: the remedies say so and offer multi-stage and squashing.
  assert.match(s.remedies.join('\n'), /COPY\/ADD \(line 2\) cannot be deleted in the same layer/);
  assert.match(s.remedies.join('\n'), /multi-stage/);
  assert.match(s.remedies.join('\n'), /--squash/);
  assert.match(s.tooltip, /line 2 → line 3/);
});

test('a delete of a RUN-created path suggests moving the delete into that RUN', () => {
  const s = layerSummary(analyzeExample('delete-in-later-layer'));
  assert.ok(s.reclaimable.some((r) => r.path === '/src' && r.createdLine === 8 && r.touchedLine === 11));
  assert.match(s.remedies[0], /move the delete into the RUN that creates the files \(line 9\)/);
  // Its size is unknown (git clone + make): said so, no figure made up.
  assert.ok(s.reclaimableHasUnknown);
  assert.match(s.reclaimableText, /unknown/);
});

test('an image whose base is not in the data is "size unknown", not the bytes of its own layers', () => {
  const a = analyzeWithContext('FROM osrf/ros:noetic-desktop-full\nRUN echo hi > /greeting\n', {});
  const s = layerSummary(a);
  assert.equal(a.model.image.unknownBase, 'osrf/ros:noetic-desktop-full');
  assert.match(s.text, /^Image size unknown/);
  assert.doesNotMatch(s.text, /\d+(\.\d+)? ?(B|kB|MB)\b.*pull/, s.text);
  assert.match(s.tooltip, /osrf\/ros:noetic-desktop-full is not in the data/);
  assert.equal(s.pullText, 'unknown to pull');
  // A known base keeps its number.
  assert.match(layerSummary(analyzeWithContext('FROM debian:bookworm-slim\nRUN echo hi > /greeting\n', {})).text, /^Image ≈ \d/);
});
