import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BuildContext } from './buildContext';

function context(files: Record<string, string>, opts: { dockerfile?: string; maxFiles?: number } = {}): BuildContext {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-bc-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return new BuildContext(dir, path.join(dir, opts.dockerfile ?? 'Dockerfile'), { maxFiles: opts.maxFiles });
}

const files = {
  'Dockerfile': 'FROM x\n',
  'src/a.py': 'a'.repeat(100),
  'src/b.py': 'b'.repeat(50),
  'src/__pycache__/a.pyc': 'c'.repeat(30),
  'node_modules/x/index.js': 'x'.repeat(1000),
  '.git/HEAD': 'ref\n',
  'docs/README.md': 'r'.repeat(10),
  'keep.md': 'k'.repeat(7),
};

test('.dockerignore rules as Docker applies them: dirs, globs, ** and ! re-includes', () => {
  const c = context({ ...files, '.dockerignore': 'node_modules\n.git\n**/__pycache__\n*.md\n!keep.md\n# comment\n' });
  const sent = c.list().map((f) => f.rel).sort();
  assert.deepEqual(sent, ['.dockerignore', 'Dockerfile', 'docs/README.md', 'keep.md', 'src/a.py', 'src/b.py']);
  // Top-level `*.md` does not match docs/README.md (patterns are anchored at the context root).
});

test('measure: whole context, a directory, a file, a glob, and what is missing', () => {
  const c = context(files);
  const all = c.list().reduce((a, f) => a + f.bytes, 0);
  assert.equal(c.measure(['.']).bytes, all);
  assert.equal(c.measure(['src']).bytes, 180);
  assert.equal(c.measure(['./src/a.py']).bytes, 100);
  assert.equal(c.measure(['src/*.py']).bytes, 150);
  assert.deepEqual(c.measure(['nope.txt', 'src/a.py']).missing, ['nope.txt']);
});

test('heavy folders that are sent, and none once ignored', () => {
  const c = context(files);
  assert.deepEqual(c.heavySent().map((h) => h.name).sort(), ['.git', 'node_modules']);
  const ignored = context({ ...files, '.dockerignore': 'node_modules\n.git\n' });
  assert.deepEqual(ignored.heavySent(), []);
});

test('<Dockerfile>.dockerignore next to the Dockerfile wins over the context one', () => {
  const c = context({ ...files, 'app.Dockerfile': 'FROM x\n', 'app.Dockerfile.dockerignore': 'src\n', '.dockerignore': 'docs\n' }, { dockerfile: 'app.Dockerfile' });
  assert.ok(c.hasDockerignore);
  assert.equal(c.measure(['src']).files, 0);
  assert.equal(c.measure(['docs']).files, 1);
});

test('a huge tree is cut at maxFiles and says so', () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 50; i++) many[`f/${i}.txt`] = 'x';
  const c = context(many, { maxFiles: 10 });
  assert.equal(c.list().length, 10);
  assert.ok(c.truncated);
});

test('readFile stays inside the context', () => {
  const c = context({ 'requirements.txt': 'flask\n' });
  assert.equal(c.readFile('requirements.txt'), 'flask\n');
  assert.equal(c.readFile('../../etc/passwd'), undefined);
  assert.equal(c.readFile('missing'), undefined);
});

test('COPY --exclude patterns leave files out of the measure', () => {
  const c = context(files);
  const all = c.measure(['.']).bytes;
  assert.equal(c.measure(['.'], ['node_modules', '.git']).bytes, all - 1000 - 4);
  assert.equal(c.measure(['src'], ['**/*.pyc']).bytes, 150);
});
