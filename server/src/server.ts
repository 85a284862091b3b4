/**
 * The language server: adapts LSP requests to the pure core. Run `node dist/server.js --stdio`
 * for any LSP client, or `--node-ipc` (what the VS Code client uses).
 */
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter, TextDocuments, TextDocumentSyncKind, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FrameGuard } from './lsp/frameGuard';
import { registerHandlers } from './lsp/handlers';

let connection: Connection;
if (process.argv.includes('--stdio')) {
  // Over stdio a malformed frame must cost one message, not the session (see lsp/frameGuard.ts).
  const input = process.stdin.pipe(new FrameGuard((m) => process.stderr.write(`dockerfile-size-hints: ${m}\n`)));
  connection = createConnection(ProposedFeatures.all, new StreamMessageReader(input), new StreamMessageWriter(process.stdout));
} else {
  connection = createConnection(ProposedFeatures.all);
}
const documents = new TextDocuments(TextDocument);

// A failure in one handler or one analysis is logged; the server goes on serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

registerHandlers(connection, documents, TextDocumentSyncKind.Incremental);

documents.listen(connection);
connection.listen();
