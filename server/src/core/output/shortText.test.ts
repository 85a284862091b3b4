/** shortText must be shortInstruction (what it skips is proven to be the identity): on every instruction we have and on random text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { shortInstruction } from '../features/summary';
import { parseDockerfile } from '../parse/dockerfile';
import { shortText } from './shortText';
import { repositoryDockerfiles } from '../../testing/repositoryDockerfiles';


const CHARS = ['a', 'Z', '0', '-', ' ', ' ', '\t', '\n', '\r', '\\', '`', '\u00a0', '\ufeff', '\u2028', '…', '#', '&'];
const textArb = fc.array(fc.constantFrom(...CHARS), { maxLength: 40 }).map((c) => c.join(''));
const maxArb = fc.integer({ min: 1, max: 30 });

test('shortText is shortInstruction on every instruction of the repository corpora (widths 40, 48, 70, 80)', () => {
  let n = 0;
  for (const { text } of repositoryDockerfiles()) {
    const parsed = parseDockerfile(text);
    for (const i of parsed.instructions) {
      const t = text.slice(i.start, i.end);
      for (const max of [40, 48, 70, 80]) assert.equal(shortText(t, max), shortInstruction(t, max), JSON.stringify(t));
      n++;
    }
  }
  assert.ok(n > 1500, `${n} instructions`);
});

test('shortText is shortInstruction on random text of blanks, breaks and escapes', () => {
  fc.assert(fc.property(textArb, maxArb, (t, max) => shortText(t, max) === shortInstruction(t, max)), { numRuns: 20000, seed: 16 });
});

test('shortText: a shortcut that misses a case (two spaces) fails the random comparison', () => {
  const wrong = (t: string, max: number) => (/[^\S ]|^ | $/.test(t) ? shortInstruction(t, max) : t.length > max ? t.slice(0, max - 1) + '…' : t);
  const found = fc.check(fc.property(textArb, maxArb, (t, max) => wrong(t, max) === shortInstruction(t, max)), { numRuns: 20000, seed: 16 });
  assert.ok(found.failed);
});
