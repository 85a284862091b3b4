/** scripts/gen-ubuntu-universe-seeds.mjs: which apt names the corpora's Dockerfiles install. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
// @ts-expect-error plain ESM script without type declarations
import { aptInstallWords } from '../scripts/gen-ubuntu-universe-seeds.mjs';

test('install words: continued lines joined, flags and comments left out, other commands not read', () => {
  const words: Set<string> = aptInstallWords(
    [
      'RUN apt-get update && apt-get install -y --no-install-recommends \\',
      '    python3-pip gosu \\',
      '    && rm -rf /var/lib/apt/lists/*',
      '# apt-get install the tools and more',
      'RUN apt install -y mercurial; pip install requests',
      'RUN apt-get -q install -y sq',
    ].join('\n'),
  );
  assert.deepEqual([...words].sort(), ['gosu', 'mercurial', 'python3-pip', 'sq']);
});
