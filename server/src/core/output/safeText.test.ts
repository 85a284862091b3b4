import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeData, escapeProperty, githubAnnotation } from './github';
import { isSafeText, neutralizeWorkflowCommands, safeText } from './safeText';

test('safeText makes escape sequences, newlines and bidi overrides visible text', () => {
  assert.equal(safeText('a\u001b]0;title\u0007b'), 'a\\x1b]0;title\\x07b');
  assert.equal(safeText('x\r\n::error::y'), 'x\\r\\n::error::y');
  assert.equal(safeText('\u009b31m \u202eevil'), '\\x9b31m \\u{202e}evil');
  assert.equal(safeText('plain – ünïcode ✓'), 'plain – ünïcode ✓');
  assert.ok(isSafeText(safeText('\u0000\u001f\u007f\u2028')));
});

test("GitHub workflow-command encoding: % CR LF in data, also : and , in properties; controls inert", () => {
  assert.equal(escapeData('50% \r\n'), '50%25 %0D%0A');
  assert.equal(escapeProperty('a::b,c'), 'a%3A%3Ab%2Cc');
  const line = githubAnnotation('warning', { file: 'x\n::error::y', line: 1 }, 'm\n::error::z \u001b[2J');
  assert.equal(line.split('\n').length, 1);
  assert.equal(line, '::warning file=x\\n%3A%3Aerror%3A%3Ay,line=1::m\\n::error::z \\x1b[2J');
});

test('a line starting with :: (after spaces) is not a workflow command any more', () => {
  assert.equal(neutralizeWorkflowCommands('ok\n  ::error::x\n::warning::y'), 'ok\n  \\::error::x\n\\::warning::y');
});
