/**
 * Fuzz cases through the built language server over stdio with a real LSP client: each document is
 * opened, changed to another case, asked for hover, code actions (quick fixes and fix-all) and inlay
 * hints at random positions, then closed. When the server offers "Fix all", its edit is applied the
 * way an editor does (LSP positions) and sent back; fix-all asked again must offer nothing.
 * A request using over 5 s of server CPU, without an answer within 30 s, an error answer, or the
 * server exiting is a failure.
 * The server runs with a capped heap and `--expose-gc`: the heap after every document closed is
 * compared with the heap after the first one (a leak shows as growth).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { unsafeMarkdown } from '../../server/src/core/features/markdown';
import { fileUri, startServer, ROOT } from '../protocol/lspClient';
import { fuzzCase, rng } from './generate';
import { cpuSeconds } from './procCpu';

const WALL_LIMIT_MS = 30_000;

/** The server's heap cap; past it Node aborts and every later request fails. */
export const SERVER_HEAP_MB = 1024;

export interface ServerOutcome {
  cases: number;
  requests: number;
  failures: number;
  /** Cases whose fix-all, applied, was offered again with more changes. */
  notIdempotent: number[];
  failed: number[];
  slowestMs: number;
  /** The most server CPU time one request took. */
  mostCpuMs: number;
  heapStartMb: number;
  heapEndMb: number;
}

/** The document that case `i` is changed to (half of the cases), independent of how many cases run. */
export const CHANGED_TO = 1_000_000;

function fixAllEdits(actions: (CodeAction | { command: string })[] | null | undefined, uri: string): TextEdit[] | undefined {
  const a = (actions ?? []).find((x): x is CodeAction => 'kind' in x && typeof x.kind === 'string' && x.kind.startsWith('source.fixAll'));
  return a?.edit?.changes?.[uri];
}

export async function fuzzServer(seed: number, cases: number, outDir?: string, from = 0): Promise<ServerOutcome> {
  const server = await startServer({ settings: { enable: true, inlayHints: { enable: true } }, nodeArgs: ['--expose-gc', `--max-old-space-size=${SERVER_HEAP_MB}`] });
  let failures = 0;
  let requests = 0;
  let slowestMs = 0;
  let mostCpuMs = 0;
  let exited = false;
  const notIdempotent: number[] = [];
  const failed = new Set<number>();
  server.process.once('exit', () => (exited = true));
  const stats = async () => (await server.connection.sendRequest('sizeHints/stats')) as { heapUsed: number };
  let heapStartMb = NaN;
  const keep = (i: number, suffix: string, text: string) => outDir && fs.writeFileSync(path.join(outDir, `server-${seed}-${i}${suffix}.Dockerfile`), text);
  // A request is a hang when the server spends over 5 s of CPU on it (a busy machine stretches wall
  // time, not CPU time), or gives no answer within 30 s of wall time (blocked: no CPU at all).
  const timed = async <T>(what: string, p: Promise<T>, text: string, i: number): Promise<T | undefined> => {
    requests++;
    const t = Date.now();
    const cpu0 = cpuSeconds(server.process.pid);
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${WALL_LIMIT_MS / 1000} s`)), WALL_LIMIT_MS)))]);
      const cpu1 = cpuSeconds(server.process.pid);
      const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) * 1000 : Date.now() - t;
      mostCpuMs = Math.max(mostCpuMs, cpuMs);
      if (cpuMs > 5000) throw new Error(`${what}: ${(cpuMs / 1000).toFixed(1)} s of server CPU`);
      return answer;
    } catch (err) {
      failures++;
      failed.add(i);
      keep(i, '', text);
      console.log(`server seed ${seed} case ${i} ${what}: ${(err as Error).message.split('\n')[0]}`);
      return undefined;
    } finally {
      clearTimeout(timer);
      slowestMs = Math.max(slowestMs, Date.now() - t);
    }
  };
  for (let i = from; i < from + cases && !exited; i++) {
    const r = rng((seed * 7919 + i) >>> 0);
    const uri = fileUri(path.join(ROOT, 'test/fuzz/tmp', `f${i}`, 'Dockerfile'));
    let doc = TextDocument.create(uri, 'dockerfile', 1, fuzzCase(seed, i));
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: doc.getText() } });
    if (r() < 0.5) {
      doc = TextDocument.create(uri, 'dockerfile', 2, fuzzCase(seed, i + CHANGED_TO));
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: doc.getText() }] });
    }
    const text = doc.getText();
    const at = doc.positionAt(Math.floor(r() * (text.length + 1)));
    const end = doc.positionAt(Math.floor(r() * (text.length + 1)));
    const range = at.line < end.line || (at.line === end.line && at.character <= end.character) ? { start: at, end } : { start: end, end: at };
    const hover = (await timed('hover', server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: at }), text, i)) as Hover | null | undefined;
    // Hover Markdown quotes the case: nothing in it may render as a link, an image or HTML.
    const unsafe = hover ? unsafeMarkdown((hover.contents as { value: string }).value) : undefined;
    if (unsafe !== undefined) {
      failures++;
      failed.add(i);
      keep(i, '', text);
      console.log(`server seed ${seed} case ${i} hover: live Markdown ${JSON.stringify(unsafe)}`);
    }
    const only = r() < 0.3 ? ['source.fixAll'] : undefined;
    const actions = await timed('codeAction', server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], ...(only ? { only } : {}) } }), text, i);
    await timed('inlayHint', server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } } }), text, i);
    const edits = only ? fixAllEdits(actions as CodeAction[] | undefined, uri) : undefined;
    if (edits?.length) {
      // Applied as an editor applies it, sent back, and fix-all asked again: nothing more to do.
      const fixed = TextDocument.applyEdits(doc, edits);
      server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version + 1 }, contentChanges: [{ text: fixed }] });
      const again = await timed('codeAction (fix-all again)', server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only } }), fixed, i);
      if (fixAllEdits(again as CodeAction[] | undefined, uri)?.length) {
        notIdempotent.push(i);
        keep(i, '', text);
        keep(i, '.fixed-once', fixed);
        console.log(`server seed ${seed} case ${i}: fix-all applied and asked again offers more changes`);
      }
    }
    server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    if (i === from && !exited) heapStartMb = (await stats()).heapUsed / 1e6;
  }
  if (exited) failures++;
  const heapEndMb = exited ? NaN : (await stats()).heapUsed / 1e6;
  if (!exited) await server.stop();
  return { cases, requests, failures, notIdempotent, failed: [...failed], slowestMs, mostCpuMs, heapStartMb, heapEndMb };
}
