import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { hoverMarkdown } from './hover';
import { mdCode, mdMessage, mdText, unsafeMarkdown } from './markdown';

test('mdCode fences any backtick run; mdText escapes link, image and HTML syntax; mdMessage keeps spans', () => {
  assert.equal(mdCode('a`b'), '``a`b``');
  assert.equal(mdCode('`x'), '`` `x ``');
  assert.equal(mdText('![x](http://t/p.png) <img src=x>'), '!\\[x\\](http://t/p.png) &lt;img src=x&gt;');
  assert.equal(mdMessage('run `npm ci` [here](command:x)'), 'run `npm ci` \\[here\\](command:x)');
  assert.equal(mdMessage('odd ` tick [a]'), 'odd \\` tick \\[a\\]');
  for (const s of ['a`b', '[x](command:y)', '`', '``', 'a\nb\u001b]8;;http://x\u0007']) {
    assert.equal(unsafeMarkdown(mdCode(s)), undefined, s);
    assert.equal(unsafeMarkdown(mdText(s)), undefined, s);
    assert.equal(unsafeMarkdown(mdMessage(s)), undefined, s);
  }
  assert.ok(unsafeMarkdown('see [x](command:y)'));
  assert.ok(unsafeMarkdown('<img src=x>'));
});

/** Links, images, HTML and command URIs in every place user text reaches a hover. */
const HOSTILE = [
  'FROM evil/img`](command:workbench.action.terminal.new)![x](http://tracker.example/p.png)<img src=x> AS `build`[x](command:a)',
  'RUN apt-get update && apt-get install -y "[click](command:workbench.action.reloadWindow)" "![p](http://tracker.example/x.png)" && pip install "<img src=http://tracker.example/y>"',
  'ADD http://tracker.example/<script>alert(1)</script>/[a](command:b).tgz /tmp/',
  'COPY --from=`)[a](command:x) /a /b',
  'RUN rm -rf "/[pwn](command:x)" /tmp/`x` /tmp/\u001b]8;;http://t\u0007link',
  'FROM `build`[x](command:a) AS two',
  'COPY --from=two /[z](command:q)/ /c/',
  'RUN curl -fsSL "https://user:secret@tracker.example/![i](http://t/i.png)" -o /x && rm /x',
].join('\n');

test('a hostile Dockerfile gets no link, image, HTML or control character in any hover', () => {
  const a = analyzeDockerfile(HOSTILE, {});
  let hovers = 0;
  for (let offset = 0; offset <= HOSTILE.length; offset++) {
    const md = hoverMarkdown(a, offset);
    if (!md) continue;
    hovers++;
    assert.equal(unsafeMarkdown(md), undefined, `offset ${offset}:\n${md}`);
  }
  assert.ok(hovers > HOSTILE.length / 2, `${hovers} hovers`);
});
