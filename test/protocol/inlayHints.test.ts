/** Inlay hints (and the opt-in code lenses) over the protocol, on the examples. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeLens, InlayHint } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { BuildContext } from '../../server/src/core/context/buildContext';
import { sizeCodeLenses } from '../../server/src/core/features/codeLens';
import { approxSize, shortSize } from '../../server/src/core/features/sizeText';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

let server: TestServer;
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } };

function example(name: string) {
  const file = path.join(ROOT, 'examples', name, 'Dockerfile');
  const text = fs.readFileSync(file, 'utf8');
  return { uri: fileUri(file), text, doc: TextDocument.create(fileUri(file), 'dockerfile', 1, text), analysis: analyzeDockerfile(text, {}, { context: new BuildContext(path.dirname(file), file) }) };
}

async function openExample(name: string) {
  const e = example(name);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: e.uri, languageId: 'dockerfile', version: 1, text: e.text } });
  return e;
}

const hintsOf = (uri: string, range = WHOLE) => server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range }) as Promise<InlayHint[]>;

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
});

test('a hint at the end of every layer line with the model size; the image total on the last line', async () => {
  const e = await openExample('python-multistage');
  const hints = await hintsOf(e.uri);
  const { model } = e.analysis;
  for (const stage of model.stages) {
    for (const l of stage.layers.filter((x) => x.makesLayer)) {
      const at = e.doc.positionAt(l.instruction.end);
      const h = hints.find((x) => x.position.line === at.line && x.position.character === at.character);
      assert.ok(h, `hint at line ${at.line + 1}: ${JSON.stringify(hints)}`);
      assert.ok(String(h.label).startsWith(`+${shortSize(l.estimate)}`), String(h.label));
      assert.equal(String(h.label).includes('(not shipped)'), !stage.ships, String(h.label));
    }
  }
  const shipped = model.stages[model.image.stageIndex];
  const last = shipped.parsed.instructions[shipped.parsed.instructions.length - 1];
  const end = e.doc.positionAt(last.end);
  const total = hints.find((x) => x.position.line === end.line && x.position.character === end.character);
  assert.ok(total && String(total.label).includes(`image ${approxSize(shipped.total)}`), JSON.stringify(total));
});

test('only the hints inside the requested range', async () => {
  const e = await openExample('node-copy-all');
  const run = e.analysis.parsed.instructions.find((i) => i.keyword === 'RUN')!;
  const line = e.doc.positionAt(run.end).line;
  const hints = await hintsOf(e.uri, { start: { line, character: 0 }, end: { line, character: 1000 } });
  assert.equal(hints.length, 1, JSON.stringify(hints));
  assert.match(String(hints[0].label), /^\+/);
});

test('the inlay-hint setting turns them off; code lenses are off by default and on with their setting', async () => {
  const e = await openExample('node-copy-all');
  assert.deepEqual(await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: e.uri } }), []);

  server.settings = { inlayHints: { enable: false }, codeLens: { enable: true } };
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dockerfileSizeHints: server.settings } });
  assert.deepEqual(await hintsOf(e.uri), []);
  const lenses = (await server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: e.uri } })) as CodeLens[];
  const expected = sizeCodeLenses(e.analysis);
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
    expected.map((l) => [l.line, l.title, 'dockerfileSizeHints.showLayers']),
  );
  server.settings = {};
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dockerfileSizeHints: {} } });
  assert.ok((await hintsOf(e.uri)).length > 0);
});
