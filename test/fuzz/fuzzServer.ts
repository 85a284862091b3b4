/**
 * Fuzz cases through the built language server over stdio with a real LSP client: each document is
 * opened, changed to another case, asked for hover, code actions (quick fixes and fix-all) and inlay
 * hints at random positions, then closed. A request without an answer within 5 s, an error answer,
 * or the server exiting is a failure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileUri, startServer, ROOT } from '../protocol/lspClient';
import { fuzzCase, rng } from './generate';

function position(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export async function fuzzServer(seed: number, cases: number, outDir?: string): Promise<{ cases: number; requests: number; failures: number; slowestMs: number; heapStartMb: number; heapEndMb: number }> {
  const server = await startServer({ settings: { enable: true, inlayHints: { enable: true } } });
  const r = rng(seed);
  let failures = 0;
  let requests = 0;
  let slowestMs = 0;
  let exited = false;
  server.process.once('exit', () => (exited = true));
  const stats = async () => (await server.connection.sendRequest('sizeHints/stats')) as { heapUsed: number };
  const heapStartMb = (await stats()).heapUsed / 1e6;
  const timed = async <T>(what: string, p: Promise<T>, text: string, i: number): Promise<T | undefined> => {
    requests++;
    const t = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within 5 s`)), 5000)))]);
    } catch (err) {
      failures++;
      if (outDir) fs.writeFileSync(path.join(outDir, `server-${seed}-${i}.Dockerfile`), text);
      console.log(`server case ${i} ${what}: ${(err as Error).message.split('\n')[0]}`);
      return undefined;
    } finally {
      clearTimeout(timer);
      slowestMs = Math.max(slowestMs, Date.now() - t);
    }
  };
  for (let i = 0; i < cases && !exited; i++) {
    const uri = fileUri(path.join(ROOT, 'test/fuzz/tmp', `f${i}`, 'Dockerfile'));
    let text = fuzzCase(seed, i);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
    const next = fuzzCase(seed, i + cases);
    if (r() < 0.5) {
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: next }] });
      text = next;
    }
    const at = position(text, Math.floor(r() * (text.length + 1)));
    const end = position(text, Math.min(text.length, Math.floor(r() * (text.length + 1))));
    const range = at.line < end.line || (at.line === end.line && at.character <= end.character) ? { start: at, end } : { start: end, end: at };
    await timed('hover', server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at }), text, i);
    const only = r() < 0.3 ? ['source.fixAll'] : undefined;
    await timed('codeAction', server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } }), text, i);
    await timed('inlayHint', server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } } }), text, i);
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  if (exited) failures++;
  const heapEndMb = exited ? NaN : (await stats()).heapUsed / 1e6;
  if (!exited) await server.stop();
  return { cases, requests, failures, slowestMs, heapStartMb, heapEndMb };
}
