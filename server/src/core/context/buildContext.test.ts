import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../testing/tempDirs';
import { BuildContext, walkHooks } from './buildContext';

function context(files: Record<string, string>, opts: { dockerfile?: string; maxFiles?: number } = {}): BuildContext {
  const dir = tempDir('dsh-bc-');
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

// ---- Attacks: a hostile repository's build context ----

function hostile(): { root: string; outside: string } {
  const base = tempDir('dsh-bc-attack-');
  const root = path.join(base, 'repo');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret-package-name==1.0\n');
  fs.writeFileSync(path.join(root, 'Dockerfile'), 'FROM python:3.12-slim\n');
  return { root, outside };
}

test('a link out of the context (../outside/secret.txt, /etc/shadow, a linked folder) is never read', () => {
  const { root, outside } = hostile();
  fs.symlinkSync('../outside/secret.txt', path.join(root, 'requirements.txt'));
  fs.symlinkSync('/etc/shadow', path.join(root, 'package.json'));
  fs.symlinkSync(outside, path.join(root, 'sub'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'abs.txt'));
  const c = new BuildContext(root, path.join(root, 'Dockerfile'));
  for (const rel of ['requirements.txt', 'package.json', 'sub/secret.txt', 'abs.txt', '../outside/secret.txt', 'sub/../sub/secret.txt']) assert.equal(c.readFile(rel), undefined, rel);
  // The links themselves are context entries, sized as links (what Docker sends), never as their targets.
  const sent = new Map(c.list().map((f) => [f.rel, f.bytes]));
  assert.equal(sent.get('requirements.txt'), '../outside/secret.txt'.length);
  assert.equal(sent.has('sub/secret.txt'), false, 'a linked folder is not walked');
  assert.deepEqual(c.measure(['../outside']).missing, ['../outside'], 'a source outside the context is missing');
  assert.deepEqual(c.measure(['sub/secret.txt']).missing, ['sub/secret.txt']);
});

test('a link that stays inside the context is read, as the build would see it', () => {
  const { root } = hostile();
  fs.mkdirSync(path.join(root, 'reqs'));
  fs.writeFileSync(path.join(root, 'reqs', 'base.txt'), 'flask\n');
  fs.symlinkSync('reqs/base.txt', path.join(root, 'requirements.txt'));
  assert.equal(new BuildContext(root).readFile('requirements.txt'), 'flask\n');
  // A context reached through a link (/tmp → /private/tmp, a linked checkout) is still itself.
  const alias = `${root}-alias`;
  fs.symlinkSync(root, alias);
  assert.equal(new BuildContext(alias).readFile('requirements.txt'), 'flask\n');
});

test('special files are never opened: a FIFO named requirements.txt or .dockerignore does not hang', () => {
  const { root } = hostile();
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  for (const name of ['requirements.txt', '.dockerignore']) assert.equal(spawnSync('mkfifo', [path.join(root, name)]).status, 0, 'mkfifo');
  fs.symlinkSync('/dev/zero', path.join(root, 'package.json'));
  const c = new BuildContext(root, path.join(root, 'Dockerfile'));
  assert.equal(c.readFile('requirements.txt'), undefined);
  assert.equal(c.readFile('package.json'), undefined);
  assert.match(c.caveats().join('\n'), /\.dockerignore not read \(not a regular file \(a FIFO\)\)/);
  assert.ok(c.list().some((f) => f.rel === 'Dockerfile'));
});

test('a context file over the size cap is not read', () => {
  const { root } = hostile();
  const fd = fs.openSync(path.join(root, 'requirements.txt'), 'w');
  fs.ftruncateSync(fd, 10_000_001); // sparse: no disk used
  fs.closeSync(fd);
  assert.equal(new BuildContext(root).readFile('requirements.txt'), undefined);
  fs.truncateSync(path.join(root, 'requirements.txt'), 10);
  assert.equal(new BuildContext(root).readFile('requirements.txt'), '\0'.repeat(10));
});

test('three links to . in the context: the walk does not follow links, so it ends, with each file once', () => {
  const { root } = hostile();
  for (const n of ['l1', 'l2', 'l3']) fs.symlinkSync('.', path.join(root, n));
  const c = new BuildContext(root);
  assert.deepEqual(c.list().map((f) => f.rel).sort(), ['Dockerfile', 'l1', 'l2', 'l3']);
  assert.equal(c.truncated, false);
});

test('a deep tree stops at maxDepth and says so', () => {
  const { root } = hostile();
  fs.mkdirSync(path.join(root, ...Array(12).fill('d')), { recursive: true });
  fs.writeFileSync(path.join(root, ...Array(12).fill('d'), 'f'), 'x');
  const c = new BuildContext(root, undefined, { maxDepth: 5 });
  c.list();
  assert.ok(c.truncated);
  assert.match(c.caveats().join('\n'), /stopped at 5 folders deep/);
});

test('.dockerignore: a bad pattern ([z-a]) excludes nothing and is reported; pathological patterns finish', () => {
  const { root } = hostile();
  fs.writeFileSync(path.join(root, '.dockerignore'), '[z-a]\n*.md\n' + '*a'.repeat(40) + '*b\n' + Array(60).fill('**').join('/') + '/z\n');
  fs.writeFileSync(path.join(root, 'README.md'), 'r');
  fs.mkdirSync(path.join(root, 'a'.repeat(40)));
  fs.writeFileSync(path.join(root, 'a'.repeat(40), 'a'.repeat(60)), 'x');
  const c = new BuildContext(root);
  assert.deepEqual(c.list().map((f) => f.rel).sort(), ['.dockerignore', 'Dockerfile', `${'a'.repeat(40)}/${'a'.repeat(60)}`]);
  assert.match(c.caveats().join('\n'), /"\[z-a\]": syntax error in pattern \(invalid character class range.*docker build fails on it/);
});

test('dot files are sources of their own (COPY .env is not COPY env)', () => {
  const c = context({ '.env': 'A=1\n', 'env/x': 'xx' });
  assert.equal(c.measure(['.env']).bytes, 4);
  assert.equal(c.measure(['./.env']).bytes, 4);
});

test('a folder swapped for a link to outside the context while the walk has it open is not read through the link', () => {
  const { root, outside } = hostile();
  fs.mkdirSync(path.join(root, 'app'));
  fs.writeFileSync(path.join(root, 'app', 'main.py'), 'print(1)\n');
  const c = new BuildContext(root, path.join(root, 'Dockerfile'));
  let swapped = false;
  walkHooks.afterOpenDir = (dir) => {
    // The attacker's move between the walk's check of app/ and its listing: app/ becomes a link to outside/.
    if (swapped || !dir.endsWith(`${path.sep}app`) && !/\/proc\/self\/fd\/\d+\/app$/.test(dir)) return;
    swapped = true;
    fs.renameSync(path.join(root, 'app'), path.join(root, 'app.moved'));
    fs.symlinkSync(outside, path.join(root, 'app'));
  };
  try {
    const sent = c.list().map((f) => f.rel);
    assert.ok(swapped, 'the hook ran');
    assert.ok(!sent.includes('app/secret.txt'), `outside file listed: ${sent.join(', ')}`);
  } finally {
    walkHooks.afterOpenDir = undefined;
  }
});

test('a folder on the way to a context file swapped for a link after its real path was checked: the read is refused', () => {
  const { root, outside } = hostile();
  fs.mkdirSync(path.join(root, 'reqs'));
  fs.writeFileSync(path.join(root, 'reqs', 'secret.txt'), 'flask\n');
  const c = new BuildContext(root);
  walkHooks.afterResolve = () => {
    walkHooks.afterResolve = undefined;
    fs.renameSync(path.join(root, 'reqs'), path.join(root, 'reqs.moved'));
    fs.symlinkSync(outside, path.join(root, 'reqs'));
  };
  try {
    // outside/secret.txt holds the secret; reqs/secret.txt now leads there.
    const got = c.readFile('reqs/secret.txt');
    assert.notEqual(got, fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8'));
    assert.equal(got, undefined);
  } finally {
    walkHooks.afterResolve = undefined;
  }
});
