// Inputs whose variable values would grow without bound: each expansion stops at MAX_EXPANSION, so
// memory stays proportional to the file (speed itself is measured in `npm run bench`, not here).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../server/src/core/analyze';
import { MAX_EXPANSION } from '../server/src/core/parse/dockerfile';

test('ENV PATH=/x:$PATH on 20,000 lines keeps every value under the cap', () => {
  const lines = ['FROM debian:bookworm-slim'];
  for (let i = 0; i < 20_000; i++) lines.push(`ENV PATH=/opt/tool-${i}/bin:$PATH`);
  lines.push('RUN echo $PATH');
  const a = analyzeDockerfile(lines.join('\n'));
  let longest = 0;
  for (const l of a.model.layers.values()) longest = Math.max(longest, l.env.get('PATH')?.length ?? 0);
  assert.ok(longest <= MAX_EXPANSION + 100, `PATH grew to ${longest}`);
  // Below the cap it is still expanded as Docker would.
  const small = analyzeDockerfile('FROM debian:bookworm-slim\nENV PATH=/a:$PATH\nENV PATH=/b:$PATH\nRUN true\n');
  assert.equal([...small.model.layers.values()].pop()?.env.get('PATH'), '/b:/a:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
});

test('a shell value doubled 60 times in one RUN stays unknown past the cap instead of 2^60 characters', () => {
  const doubling = Array.from({ length: 60 }, () => 'a="$a$a"').join(' && ');
  const a = analyzeDockerfile(`FROM debian:bookworm-slim\nRUN a=xxxxxxxx && ${doubling} && mkdir "/opt/$a" && apt-get install -y $a\n`);
  assert.ok(a.model.layers.size > 0);
  assert.ok(!a.findings.some((f) => f.rule === 'internal-error'));
});

test('ENV values with the same variable many times are not multiplied past the cap', () => {
  const a = analyzeDockerfile(`FROM debian:bookworm-slim\nENV A=${'x'.repeat(60_000)}\nENV B=${'$A'.repeat(5_000)}\nRUN true\n`);
  const b = [...a.model.layers.values()].pop()?.env.get('B') ?? '';
  assert.ok(b.length <= 5_000 * 2 + 10, `B is ${b.length} characters`);
});
