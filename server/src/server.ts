/**
 * The language server: adapts LSP requests to the pure core. Run `node dist/server.js --stdio`
 * for any LSP client, or `--node-ipc` (what the VS Code client uses).
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerHandlers } from './lsp/handlers';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

registerHandlers(connection, documents, TextDocumentSyncKind.Incremental);

documents.listen(connection);
connection.listen();
