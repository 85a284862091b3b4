import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

const example = path.join(ROOT, 'examples/apt-lists-kept/Dockerfile');
const uri = fileUri(example);
const text = fs.readFileSync(example, 'utf8');
let server: TestServer;

before(async () => {
  server = await startServer();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0, 'server exits cleanly after shutdown/exit');
});

test('publishes our diagnostics on open, with code, docs link and source', async () => {
  const p = await server.diagnostics(uri, (d) => d.diagnostics.length > 0);
  const lists = p.diagnostics.find((d: Diagnostic) => d.code === 'apt-lists-kept');
  assert.ok(lists, `apt-lists-kept in ${JSON.stringify(p.diagnostics.map((d) => d.code))}`);
  assert.equal(lists.source, 'size-hints');
  assert.match(lists.codeDescription?.href ?? '', /docs\/rules\/apt-lists-kept\.md$/);
  // The span is the `apt-get update` command, not the whole instruction.
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  assert.equal(doc.getText(lists.range), 'apt-get update');
});

test('hover on the RUN line shows the layer size', async () => {
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  const runOffset = text.indexOf('RUN apt-get');
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(runOffset + 5) })) as Hover | null;
  assert.ok(hover);
  const value = (hover.contents as { value: string }).value;
  assert.match(value, /Layer/);
  assert.match(value, /\d+(\.\d+)? (kB|MB|GB)/);
});

test('code action for apt-no-install-recommends inserts the flag', async () => {
  const p = await server.diagnostics(uri, () => true).catch(() => undefined);
  void p;
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  const line = doc.positionAt(text.indexOf('apt-get install')).line;
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line, character: 0 }, end: { line, character: 200 } },
    context: { diagnostics: [] },
  })) as CodeAction[];
  const add = actions.find((a) => /--no-install-recommends/.test(a.title));
  assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
  const edits = add.edit!.changes![uri];
  const fixed = TextDocument.applyEdits(doc, edits);
  assert.match(fixed, /apt-get install --no-install-recommends -y curl/);
});

test('inlay hints carry the layer size', async () => {
  const hints = (await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } })) as InlayHint[];
  assert.ok(hints.some((h) => /^\+\d/.test(String(h.label))), JSON.stringify(hints));
});

test('didChange updates the diagnostics', async () => {
  const fixed = text.replace('apt-get install -y curl ca-certificates', 'apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*');
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  const p = await server.diagnostics(uri, (d) => d.version === 2);
  assert.deepEqual(p.diagnostics.filter((d) => d.code === 'apt-lists-kept' || d.code === 'apt-no-install-recommends'), []);
});

test('a burst of changes publishes only for the latest version', async () => {
  for (let v = 3; v <= 12; v++) {
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: text + '\n'.repeat(v) }] });
  }
  const p = await server.diagnostics(uri, (d) => d.version === 12);
  assert.ok(p.diagnostics.some((d) => d.code === 'apt-lists-kept'));
});

test('malformed Dockerfiles do not crash the server', async () => {
  const bad = fileUri(path.join(ROOT, 'examples/bad.Dockerfile'));
  const inputs = ['', 'RUN', 'FROM\nRUN <<EOF\nnever closed', 'FROM x\nRUN ["unterminated', '\u0000\u0001garbage\\\\\\', 'FROM x AS\nCOPY --from= a b\nRUN apt-get install $(', 'FROM a\n'.repeat(2000)];
  let v = 1;
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bad, languageId: 'dockerfile', version: v, text: inputs[0] } });
  for (const t of inputs.slice(1)) {
    v++;
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: bad, version: v }, contentChanges: [{ text: t }] });
    await server.diagnostics(bad, (d) => d.version === v);
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: bad }, position: { line: 0, character: 2 } });
  }
  assert.equal(server.process.exitCode, null, 'server still running');
});
