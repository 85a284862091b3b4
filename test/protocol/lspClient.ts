/** A real LSP client over stdio against the bundled dist/server.js, for protocol tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../..');
export const SERVER = path.join(ROOT, 'dist/server.js');

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics for `uri` that satisfy `pred`. */
  diagnostics(uri: string, pred?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  settings: Record<string, unknown>;
  stop(): Promise<number | null>;
}

export async function startServer(options: { settings?: Record<string, unknown>; pullConfiguration?: boolean; trusted?: unknown; nodeArgs?: string[]; initializationOptions?: Record<string, unknown> } = {}): Promise<TestServer> {
  // A test machine's proxy variables must not carry the look-ups to the tests' servers on 127.0.0.1.
  const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_PROXY: noProxy } });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const seen: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const server: TestServer = {
    connection,
    process: child,
    settings: options.settings ?? {},
    diagnostics(uri, pred = () => true, timeoutMs = 10_000) {
      const hit = seen.find((p) => p.uri === uri && pred(p));
      if (hit) {
        seen.splice(seen.indexOf(hit), 1);
        return Promise.resolve(hit);
      }
      return new Promise((resolve, reject) => {
        const w = { uri, pred, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms`));
          }
        }, timeoutMs).unref();
      });
    },
    async stop() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const w = waiters.find((x) => x.uri === p.uri && x.pred(p));
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    } else seen.push(p);
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => server.settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/inlayHint/refresh', () => null);
  connection.onNotification('sizeHints/summary', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(ROOT).href,
    capabilities: { workspace: { configuration: options.pullConfiguration ?? true, didChangeConfiguration: { dynamicRegistration: true } }, textDocument: { inlayHint: {}, hover: {}, codeAction: {} } },
    initializationOptions: options.initializationOptions ?? { trusted: options.trusted ?? true },
  });
  await connection.sendNotification('initialized', {});
  return server;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}
