import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HEAVY_LAYER_BYTES, HEAVY_LAYER_SHARE, sizeCodeLenses } from './codeLens';
import { approxSize } from './sizeText';
import { analyzeExample, analyzeWithContext, exampleNames, instructionOn } from './testExamples';

test('lenses only above layers of 50 MB or 10% of the image', () => {
  for (const name of exampleNames()) {
    const a = analyzeExample(name);
    const lenses = sizeCodeLenses(a);
    for (const stage of a.model.stages) {
      const whole = stage.ships ? a.model.image.bytes : stage.total.bytes;
      for (const l of stage.layers.filter((x) => x.makesLayer)) {
        const heavy = l.estimate.bytes >= HEAVY_LAYER_BYTES || (l.estimate.bytes > 0 && l.estimate.bytes >= whole * HEAVY_LAYER_SHARE);
        const lens = lenses.find((x) => x.instructionIndex === l.instruction.index);
        assert.equal(!!lens, heavy, `${name} line ${l.instruction.line + 1}`);
        if (lens) {
          assert.equal(lens.line, l.instruction.line);
          assert.ok(lens.title.startsWith(approxSize(l.estimate)), lens.title);
        }
      }
    }
  }
});

test('the title counts the problems on the line', () => {
  const a = analyzeWithContext('FROM scratch\nCOPY big.bin /big.bin\n', { 'big.bin': 3_000_000 });
  const copy = instructionOn(a, 'COPY');
  const [lens] = sizeCodeLenses(a);
  assert.equal(lens.instructionIndex, copy.index);
  const problems = a.findings.filter((f) => f.instructionIndex === copy.index).length;
  assert.equal(lens.title, ['3 MB', ...(problems ? [`${problems} problem${problems === 1 ? '' : 's'}`] : [])].join(' · '));
});
