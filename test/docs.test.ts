import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES } from '../server/src/core/rules/index';
import { rulesTable } from '../scripts/update-readme-rules';

const ROOT = path.resolve(__dirname, '..');

test('every rule has a docs page that names it', () => {
  for (const r of ALL_RULES) {
    const doc = path.join(ROOT, 'docs/rules', `${r.meta.id}.md`);
    assert.ok(fs.existsSync(doc), `missing ${doc}`);
    assert.match(fs.readFileSync(doc, 'utf8'), new RegExp(`^# ${r.meta.id}`));
  }
});

test('rule ids are unique and kebab-case', () => {
  const ids = ALL_RULES.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('the README rule table is up to date (npx tsx scripts/update-readme-rules.ts)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(rulesTable()), 'README rule table is stale: run `npx tsx scripts/update-readme-rules.ts`');
});
