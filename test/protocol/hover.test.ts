/** Hover over the protocol: the content matches the model (and so the CLI), on the examples. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile, type Analysis } from '../../server/src/core/analyze';
import { BuildContext } from '../../server/src/core/context/buildContext';
import { lookupBaseImage } from '../../server/src/core/data/baseImages';
import { formatBytes, formatEstimate } from '../../server/src/core/model/format';
import { tempDir } from '../../server/src/testing/tempDirs';
import { fileUri, ROOT, startServer, type TestServer } from './lspClient';

let server: TestServer;
const opened = new Map<string, { uri: string; doc: TextDocument; analysis: Analysis }>();

async function open(name: string) {
  const hit = opened.get(name);
  if (hit) return hit;
  const file = path.join(ROOT, 'examples', name, 'Dockerfile');
  const text = fs.readFileSync(file, 'utf8');
  const uri = fileUri(file);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  // What the CLI computes for the same file (trusted workspace: the build context is read).
  const entry = { uri, doc: TextDocument.create(uri, 'dockerfile', 1, text), analysis: analyzeDockerfile(text, {}, { context: new BuildContext(path.dirname(file), file) }) };
  opened.set(name, entry);
  return entry;
}

async function hoverAt(name: string, offset: number): Promise<string | undefined> {
  const { uri, doc } = await open(name);
  const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) })) as Hover | null;
  return h ? (h.contents as { kind: string; value: string }).value : undefined;
}

function instr(a: Analysis, prefix: string) {
  const i = a.parsed.instructions.find((x) => a.parsed.text.slice(x.start, x.end).startsWith(prefix));
  assert.ok(i, prefix);
  return i;
}

before(async () => {
  server = await startServer();
});

after(async () => {
  if (server) assert.equal(await server.stop(), 0);
});

test('hover on a RUN line: the layer estimate as the CLI prints it, totals, parts and confidence', async () => {
  const { analysis } = await open('node-copy-all');
  const run = instr(analysis, 'RUN npm install');
  const layer = analysis.model.layers.get(run.index)!;
  const md = (await hoverAt('node-copy-all', run.start + 4))!;
  assert.ok(md, 'a hover');
  assert.ok(md.includes(`**Layer**: ${formatEstimate(layer.estimate)} on disk`), md);
  assert.ok(md.includes(`${formatBytes(layer.estimate.compressedBytes)} to pull; confidence ${layer.estimate.confidence}`), md);
  assert.ok(md.includes(formatEstimate(layer.stageTotal)), 'running total');
  assert.ok(md.includes(`image total ${formatEstimate(analysis.model.stages[analysis.model.image.stageIndex].total)}`), 'image total');
  assert.match(md, /\| part \| size \| source \|/);
  for (const p of layer.estimate.parts.slice(0, 3)) assert.ok(md.includes(p.label.replace(/\|/g, '\\|')), `part ${p.label}`);
  assert.ok(md.split('\n').length <= 16, md);
});

test('hover on FROM python:3.12 lists python:3.12-slim with its size', async () => {
  const { analysis } = await open('python-full-base');
  const from = instr(analysis, 'FROM python:3.12');
  const md = (await hoverAt('python-full-base', from.start + 8))!;
  const slim = lookupBaseImage('python:3.12-slim')!;
  assert.ok(md.includes(`| \`python:3.12-slim\` | ${formatBytes(slim.compressedBytes!)}`), md);
  assert.ok(md.includes(formatEstimate(analysis.model.stages[0].base.estimate)), 'base size as the CLI prints it');
  assert.match(md, /Pull size per platform: .*linux\/amd64/);
});

test('hover on the stage in COPY --from shows what the stage contributes', async () => {
  const { analysis } = await open('python-multistage');
  const copy = instr(analysis, 'COPY --from=build');
  const flag = copy.flags.find((f) => f.name === 'from')!;
  const md = (await hoverAt('python-multistage', flag.end - 1))!;
  assert.ok(md.startsWith('**Stage `build`**'), md);
  assert.ok(md.includes(formatEstimate(analysis.model.stages[0].total)), md);
  assert.match(md, /not shipped/);
});

test('hover lists unknown parts as unknown and the findings of the line', async () => {
  const { analysis } = await open('delete-in-later-layer');
  const run = instr(analysis, 'RUN git clone');
  const md = (await hoverAt('delete-in-later-layer', run.start + 1))!;
  assert.match(md, /\| output of `make` \| unknown \|/);
  for (const f of analysis.findings.filter((x) => x.instructionIndex === run.index).slice(0, 3)) assert.ok(md.includes(`\`${f.rule}\``), f.rule);
});

test('no hover outside instructions', async () => {
  const { analysis } = await open('apt-lists-kept');
  assert.equal(await hoverAt('apt-lists-kept', analysis.parsed.comments[0].start + 2), undefined);
});

test('a hostile build context: a requirements.txt linked to ../outside/secret.txt never reaches hovers, diagnostics or inlay hints', async () => {
  const base = tempDir('dsh-hover-attack-');
  fs.mkdirSync(path.join(base, 'repo'));
  fs.mkdirSync(path.join(base, 'outside'));
  fs.writeFileSync(path.join(base, 'outside', 'secret.txt'), 'topsecretpkg==1.0\nhunter2-token-pkg\n');
  fs.symlinkSync('../outside/secret.txt', path.join(base, 'repo', 'requirements.txt'));
  const file = path.join(base, 'repo', 'Dockerfile');
  const text = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n';
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  const diags = await server.diagnostics(uri);
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  const seen: string[] = [JSON.stringify(diags)];
  for (let offset = 0; offset < text.length; offset += 3) {
    const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) })) as Hover | null;
    if (h) seen.push(JSON.stringify(h));
  }
  seen.push(JSON.stringify(await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } })));
  assert.ok(seen.length > 2, 'hovers were answered');
  for (const secret of ['topsecretpkg', 'hunter2']) assert.ok(!seen.some((s) => s.includes(secret)), `${secret} leaked`);
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
});

test('a hostile Dockerfile over stdio: links, images, HTML and command: URIs in image, stage, package and file names, URLs and comments are never live in a hover', async () => {
  const { unsafeMarkdown } = await import('../../server/src/core/features/markdown');
  const text = [
    '# [click](command:workbench.action.terminal.new) <img src="http://tracker.example/c.png">',
    'FROM evil.example/img:`](command:workbench.action.terminal.new)![x](http://tracker.example/p.png)<img src=x> AS build',
    '# size-hints ignore=[x](command:a),<b>bold</b>',
    'RUN apt-get update && apt-get install -y "[click](command:workbench.action.reloadWindow)" "![p](http://tracker.example/x.png)" && pip install "<img src=http://tracker.example/y>" && npm install -g "[n](command:n)"',
    'ADD http://tracker.example/<script>alert(1)</script>/[a](command:b).tgz /tmp/',
    'RUN curl -fsSL "https://user:secret@tracker.example/![i](http://t/i.png)" -o "/opt/[f](command:f)" && rm -rf "/[pwn](command:x)" /tmp/`x`',
    'FROM debian:bookworm-slim',
    'COPY --from=build "/[z](command:q)/<i>" "/c/<a href=command:x>"',
    'WORKDIR /[w](command:w)',
    '',
  ].join('\n');
  const dir = tempDir('dsh-hover-md-');
  const file = path.join(dir, 'Dockerfile');
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
  await server.diagnostics(uri);
  const doc = TextDocument.create(uri, 'dockerfile', 1, text);
  const hovers: string[] = [];
  for (let offset = 0; offset <= text.length; offset += 2) {
    const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) })) as Hover | null;
    if (!h) continue;
    const { kind, value } = h.contents as { kind: string; value: string };
    assert.equal(kind, 'markdown');
    assert.equal(unsafeMarkdown(value), undefined, `offset ${offset} (line ${doc.positionAt(offset).line + 1}):\n${value}`);
    hovers.push(value);
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  // The hostile text did reach the hovers (as code spans or escaped text), so the check above checked something.
  const all = hovers.join('\n').toLowerCase();
  assert.ok(hovers.length > 20, `${hovers.length} hovers`);
  for (const quoted of ['evil.example/img', 'tracker.example', 'command:workbench.action.reloadwindow', '&lt;script&gt;', 'command:b', 'command:f']) assert.ok(all.includes(quoted), `${quoted} quoted in some hover`);
  // The credentials of a URL are in no hover.
  assert.ok(!all.includes('secret'), 'user:secret@ not shown');
});
