/**
 * Code actions from the real server (dist/server.js): for every example, every action offered over
 * the whole document is applied with a real TextDocument; the result re-parses and the finding it
 * fixes is gone. "Fix all" comes back for context.only = source.fixAll(.sizeHints).
 * Run `npm run build` first.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { parseDockerfile } from '../../server/src/core/parse/dockerfile';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

let server: TestServer;
const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'Dockerfile')));

before(async () => {
  server = await startServer();
});
after(async () => {
  if (server) assert.equal(await server.stop(), 0);
});

async function open(file: string, text: string, version = 1): Promise<{ uri: string; doc: TextDocument; diagnostics: Diagnostic[] }> {
  const uri = fileUri(file);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  const p: PublishDiagnosticsParams = await server.diagnostics(uri, (d) => d.version === version || d.version === undefined);
  return { uri, doc: TextDocument.create(uri, 'dockerfile', version, text), diagnostics: p.diagnostics };
}

async function close(uri: string): Promise<void> {
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

function wholeDocument(doc: TextDocument) {
  return { start: { line: 0, character: 0 }, end: doc.positionAt(doc.getText().length) };
}

const titles = new Set<string>();

for (const ex of examples) {
  test(`code actions: examples/${ex}`, async () => {
    const file = path.join(ROOT, 'examples', ex, 'Dockerfile');
    const text = fs.readFileSync(file, 'utf8');
    const { uri, doc, diagnostics } = await open(file, text);
    try {
      const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: wholeDocument(doc), context: { diagnostics } })) as CodeAction[];
      for (const a of actions) {
        titles.add(a.title);
        const edits = a.edit?.changes?.[uri];
        assert.ok(edits?.length, `${ex}: "${a.title}" has no edit`);
        const fixed = TextDocument.applyEdits(doc, edits);
        assert.notEqual(fixed, text, `${ex}: "${a.title}" changes nothing`);
        const before = parseDockerfile(text);
        const reparsed = parseDockerfile(fixed);
        assert.equal(reparsed.stages.length, before.stages.length, `${ex}: "${a.title}" broke the stages\n${fixed}`);
        assert.equal(reparsed.escapeChar, before.escapeChar);
        if (a.kind === 'quickfix') {
          // Its finding is gone: fewer diagnostics with that code.
          for (const code of new Set((a.diagnostics ?? []).map((d) => String(d.code)))) {
            const n0 = diagnostics.filter((d) => d.code === code).length;
            const n1 = analyzeDockerfile(fixed).findings.filter((f) => f.rule === code).length;
            assert.ok(n1 < n0 || n0 === 0, `${ex}: "${a.title}" leaves ${code} (${n0} → ${n1})\n${fixed}`);
          }
        }
      }
      // Fix all, asked for the way editor.codeActionsOnSave does.
      for (const only of [['source.fixAll.sizeHints'], ['source.fixAll']]) {
        const fixAll = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: wholeDocument(doc), context: { diagnostics: [], only } })) as CodeAction[];
        assert.ok(fixAll.every((a) => a.kind === 'source.fixAll.sizeHints'), JSON.stringify(fixAll.map((a) => a.kind)));
        const preferred = analyzeDockerfile(text).findings.some((f) => f.fixes.some((x) => x.isPreferred));
        if (preferred) {
          assert.equal(fixAll.length, 1, `${ex}: fix-all for ${only}`);
          const fixed = TextDocument.applyEdits(doc, fixAll[0].edit!.changes![uri]);
          assert.ok(parseDockerfile(fixed).instructions.length > 0);
        }
      }
    } finally {
      await close(uri);
    }
  });
}

test('code actions: refactors on a RUN range without a finding, CRLF kept', async () => {
  const file = path.join(ROOT, 'examples', 'refactor-only.Dockerfile');
  const text = '# syntax=docker/dockerfile:1\r\nFROM node:22\r\n# hadolint ignore=DL3059\r\nRUN echo a\r\nRUN --mount=type=cache,target=/root/.npm npm ci\r\n';
  const { uri, doc } = await open(file, text);
  try {
    const range = { start: { line: 3, character: 0 }, end: { line: 4, character: 3 } };
    const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only: ['refactor'] } })) as CodeAction[];
    // Different flags: no merge offered; the mount is there: no cache-mount refactor.
    assert.deepEqual(actions.map((a) => a.title), []);
    const text2 = 'FROM node:22\r\nRUN echo a\r\nRUN npm ci\r\n';
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text2 }] });
    await server.diagnostics(uri, (d) => d.version === 2);
    const doc2 = TextDocument.create(uri, 'dockerfile', 2, text2);
    const refactors = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, context: { diagnostics: [], only: ['refactor'] } })) as CodeAction[];
    const merge = refactors.find((a) => /^Merge RUN commands/.test(a.title));
    assert.ok(merge, JSON.stringify(refactors.map((a) => a.title)));
    assert.equal(merge.kind, 'refactor.rewrite');
    assert.equal(TextDocument.applyEdits(doc2, merge.edit!.changes![uri]), 'FROM node:22\r\nRUN echo a && \\\r\n    npm ci\r\n');
    const onNpm = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } }, context: { diagnostics: [], only: ['refactor.rewrite'] } })) as CodeAction[];
    const mount = onNpm.find((a) => /^Add BuildKit cache mount/.test(a.title));
    assert.ok(mount, JSON.stringify(onNpm.map((a) => a.title)));
    assert.equal(TextDocument.applyEdits(doc2, mount.edit!.changes![uri]), '# syntax=docker/dockerfile:1\r\nFROM node:22\r\nRUN echo a\r\nRUN --mount=type=cache,target=/root/.npm npm ci\r\n');
    void doc;
  } finally {
    await close(uri);
  }
});

test('code actions: the two refactors were offered for the examples', () => {
  assert.ok([...titles].some((t) => /^Merge RUN commands/.test(t)), [...titles].join('\n'));
  assert.ok([...titles].some((t) => /^Add BuildKit cache mount/.test(t)), [...titles].join('\n'));
});
