import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../model/format';
import { sizeInlayHints } from './inlayHints';
import { approxSize, shortSize } from './sizeText';
import { analyzeExample, analyzeWithContext, exampleNames, instructionOn } from './testExamples';

const SIZE = /^(\d+(\.\d+)? (B|kB|MB|GB|TB)( \+ unknown)?|unknown)$/;

test('every layer gets `+size` at the end of its instruction, in the one number format', () => {
  for (const name of exampleNames()) {
    const a = analyzeExample(name);
    const hints = sizeInlayHints(a);
    for (const stage of a.model.stages) {
      for (const l of stage.layers.filter((x) => x.makesLayer)) {
        const h = hints.find((x) => x.instructionIndex === l.instruction.index);
        assert.ok(h, `${name} line ${l.instruction.line + 1} has a hint`);
        assert.equal(h.offset, l.instruction.end);
        assert.ok(h.label.startsWith(`+${shortSize(l.estimate)}`), `${name}: ${h.label}`);
        const size = h.label.slice(1).split(/ \(not shipped\)| · /)[0];
        assert.match(size, SIZE, `${name}: ${h.label}`);
        assert.equal(h.label.includes('(not shipped)'), !stage.ships, `${name}: ${h.label}`);
        assert.equal(h.shipped, stage.ships);
      }
    }
  }
});

test('the shipped total sits on the last line of the shipped stage', () => {
  for (const name of exampleNames()) {
    const a = analyzeExample(name);
    const shipped = a.model.stages[a.model.image.stageIndex];
    const last = shipped.parsed.instructions[shipped.parsed.instructions.length - 1];
    const withTotal = sizeInlayHints(a).filter((h) => h.label.includes('image '));
    assert.equal(withTotal.length, 1, name);
    assert.equal(withTotal[0].offset, last.end, name);
    assert.ok(withTotal[0].label.includes(`image ${approxSize(shipped.total)}`), withTotal[0].label);
  }
});

test('the base image size follows FROM; build stages are marked not shipped', () => {
  const a = analyzeExample('python-multistage');
  const hints = sizeInlayHints(a);
  const [build, final] = a.model.stages;
  assert.equal(hints.find((h) => h.instructionIndex === build.parsed.from.index)?.label, `base ${shortSize(build.base.estimate)} (not shipped)`);
  assert.equal(hints.find((h) => h.instructionIndex === final.parsed.from.index)?.label, `base ${shortSize(final.base.estimate)}`);
});

test('a known layer reads `+2 MB`; the total shows its reclaimable bytes', () => {
  const a = analyzeWithContext('FROM debian:bookworm-slim\nCOPY big.bin /data/big.bin\nRUN rm -rf /data\n', { 'big.bin': 2_000_000 });
  const hints = sizeInlayHints(a);
  const copy = instructionOn(a, 'COPY');
  assert.equal(hints.find((h) => h.instructionIndex === copy.index)?.label, '+2 MB');
  const last = hints[hints.length - 1];
  assert.ok(last.label.endsWith(`(${formatBytes(a.model.image.reclaimableBytes)} reclaimable)`), last.label);
  assert.match(last.tooltip, /move the delete|COPY\/ADD/);
  assert.match(last.tooltip, /docker build --squash/);
});
