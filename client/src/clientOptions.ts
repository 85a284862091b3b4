/**
 * The language client's options, apart from VS Code so a test can check them (clientOptions.test.ts):
 * hovers quote the Dockerfile, so their Markdown is never trusted (no `command:` link runs) and
 * never renders HTML, whatever the server sends.
 */
import type { LanguageClientOptions } from 'vscode-languageclient/node';

export function languageClientOptions(workspaceTrusted: boolean): LanguageClientOptions {
  return {
    documentSelector: [
      { language: 'dockerfile', scheme: 'file' },
      { language: 'dockerfile', scheme: 'untitled' },
    ],
    synchronize: { configurationSection: 'dockerfileSizeHints' },
    initializationOptions: { trusted: workspaceTrusted },
    diagnosticCollectionName: 'size-hints',
    // Hovers quote the Dockerfile: never trusted (no command: links run), never raw HTML.
    markdown: { isTrusted: false, supportHtml: false },
  };
}
