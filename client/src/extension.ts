/**
 * The VS Code client: starts the bundled language server over IPC for Dockerfiles and shows what
 * it reports (diagnostics, quick fixes, hovers, inlay hints and code lenses come through the
 * protocol; the status bar and the layer view read the server's size summary).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { languageClientOptions } from './clientOptions';
import { LayerTreeProvider, type ImageSummary, type LayerOrder } from './layerView';

const UNTRUSTED_NOTE = 'Untrusted workspace: build-context sizes (COPY/ADD) are not read and no network look-ups are made; those sizes show as unknown.';
const ORDER_KEY = 'dockerfileSizeHints.layerOrder';
/** workspaceState key of the image last compared with a Dockerfile. */
const imageKey = (uri: vscode.Uri) => `dockerfileSizeHints.builtImage:${uri.toString()}`;

interface LocalImage {
  ref: string;
  id: string;
  size: string;
  created: string;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // VS Code's proxy setting reaches the server's look-ups (registries, downloads) as the usual variables.
  const proxy = vscode.workspace.getConfiguration('http').get<string>('proxy');
  const env = proxy ? { ...process.env, HTTPS_PROXY: proxy, HTTP_PROXY: proxy } : process.env;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  client = new LanguageClient('dockerfileSizeHints', 'Dockerfile Size Hints', serverOptions, languageClientOptions(vscode.workspace.isTrusted));

  const summaries = new Map<string, ImageSummary>();
  const status = vscode.window.createStatusBarItem('dockerfileSizeHints.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Dockerfile Size Hints';
  status.command = { command: 'dockerfileSizeHints.showLayers', title: 'Show Image Layers' };
  const order = context.workspaceState.get<LayerOrder>(ORDER_KEY, 'file');
  const layers = new LayerTreeProvider(order);
  const tree = vscode.window.createTreeView('dockerfileSizeHints.layers', { treeDataProvider: layers, showCollapseAll: true });
  void vscode.commands.executeCommand('setContext', ORDER_KEY, order);

  const isDockerfile = (doc: vscode.TextDocument | undefined): doc is vscode.TextDocument => !!doc && doc.languageId === 'dockerfile';

  /** Shows `uri`'s summary in the status bar and the layer view (the view keeps the last Dockerfile). */
  const show = (doc: vscode.TextDocument | undefined) => {
    const summary = isDockerfile(doc) ? summaries.get(doc.uri.toString()) : undefined;
    if (!isDockerfile(doc)) {
      status.hide();
      return;
    }
    void vscode.commands.executeCommand('setContext', 'dockerfileSizeHints.active', true);
    if (!summary) {
      // Not analysed yet: hide rather than show another file's numbers, and ask the server.
      status.hide();
      void requestSummary(doc.uri);
      return;
    }
    status.text = `$(package) ${summary.text}`;
    status.tooltip = summary.tooltip + (vscode.workspace.isTrusted ? '' : `\n${UNTRUSTED_NOTE}`) + '\nClick to show the image layers.';
    status.accessibilityInformation = { label: `Dockerfile image size: ${summary.text}. Show image layers.` };
    status.show();
    layers.update(doc.uri, summary);
    tree.description = vscode.workspace.asRelativePath(doc.uri);
    tree.message = vscode.workspace.isTrusted ? undefined : UNTRUSTED_NOTE;
  };

  const requestSummary = async (uri: vscode.Uri): Promise<ImageSummary | undefined> => {
    if (!client?.isRunning()) return undefined;
    try {
      const summary = await client.sendRequest<ImageSummary | null>('sizeHints/summary', { uri: uri.toString() });
      if (summary) {
        summaries.set(uri.toString(), summary);
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) show(vscode.window.activeTextEditor.document);
      }
      return summary ?? undefined;
    } catch {
      return undefined;
    }
  };

  const setOrder = async (o: LayerOrder) => {
    layers.setOrder(o);
    await context.workspaceState.update(ORDER_KEY, o);
    await vscode.commands.executeCommand('setContext', ORDER_KEY, o);
  };

  context.subscriptions.push(
    status,
    tree,
    vscode.window.onDidChangeActiveTextEditor((e) => {
      // Focus moving to a panel or a non-text editor keeps the last Dockerfile shown.
      if (e) show(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      summaries.delete(doc.uri.toString());
      if (layers.current.uri?.toString() === doc.uri.toString()) {
        layers.update(undefined, undefined);
        tree.description = undefined;
      }
    }),
    vscode.commands.registerCommand('dockerfileSizeHints.showLayers', async () => {
      await vscode.commands.executeCommand('setContext', 'dockerfileSizeHints.active', true);
      const doc = vscode.window.activeTextEditor?.document;
      if (isDockerfile(doc) && !summaries.has(doc.uri.toString())) await requestSummary(doc.uri);
      else show(doc);
      await vscode.commands.executeCommand('dockerfileSizeHints.layers.focus');
    }),
    vscode.commands.registerCommand('dockerfileSizeHints.sortLayersBySize', () => setOrder('size')),
    vscode.commands.registerCommand('dockerfileSizeHints.sortLayersInOrder', () => setOrder('file')),
    vscode.commands.registerCommand('dockerfileSizeHints.revealLine', async (uri: vscode.Uri, line: number) => {
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      const pos = new vscode.Position(line, 0);
      editor.selection = new vscode.Selection(pos, pos);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    vscode.commands.registerCommand('dockerfileSizeHints.compareWithImage', async (uriArg?: vscode.Uri | string, imageArg?: string) => {
      const doc = uriArg ? await vscode.workspace.openTextDocument(typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg) : vscode.window.activeTextEditor?.document;
      if (!isDockerfile(doc) || !client?.isRunning()) {
        void vscode.window.showInformationMessage('Open a Dockerfile to compare it with a built image.');
        return;
      }
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Comparing with a built image runs docker or podman: trust the workspace first.');
        return;
      }
      const remembered = context.workspaceState.get<string>(imageKey(doc.uri));
      let image = imageArg;
      if (!image) {
        const listed = await client.sendRequest<{ images?: LocalImage[]; engine?: string; error?: string }>('sizeHints/listImages', {});
        if (listed.error || !listed.images) {
          void vscode.window.showErrorMessage(`Dockerfile Size Hints: ${listed.error ?? 'no container engine answered'}`);
          return;
        }
        const items = listed.images.map((i) => ({ label: i.ref, description: `${i.size} · ${i.created}`, detail: i.ref === remembered ? 'last compared with this Dockerfile' : undefined }));
        items.sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered));
        const picked = await vscode.window.showQuickPick(items, { title: `Compare ${vscode.workspace.asRelativePath(doc.uri)} with a built image (${listed.engine})`, placeHolder: 'A local image built from this Dockerfile' });
        if (!picked) return;
        image = picked.label;
      }
      await context.workspaceState.update(imageKey(doc.uri), image);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading the layers of ${image}`, cancellable: true },
        async (progress, token) => {
          const sub = client!.onNotification('sizeHints/compareProgress', (p: { uri: string; bytes: number }) => {
            if (p.uri === doc.uri.toString()) progress.report({ message: `${(p.bytes / 1e6).toFixed(0)} MB read` });
          });
          try {
            return await client!.sendRequest<{ ok: boolean; message: string }>('sizeHints/compareWithImage', { uri: doc.uri.toString(), image }, token);
          } finally {
            sub.dispose();
          }
        },
      );
      if (result.ok) void vscode.window.showInformationMessage(`Dockerfile Size Hints: ${result.message}`);
      else if (result.message !== 'Cancelled.') void vscode.window.showErrorMessage(`Dockerfile Size Hints: ${result.message}`);
      await requestSummary(doc.uri);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      tree.message = undefined;
      void client?.sendNotification('sizeHints/trust', { trusted: true });
    }),
  );

  await client.start();
  context.subscriptions.push(
    client.onNotification('sizeHints/summary', (p: { uri: string; summary: ImageSummary }) => {
      summaries.set(p.uri, p.summary);
      const active = vscode.window.activeTextEditor?.document;
      if (active?.uri.toString() === p.uri) show(active);
    }),
  );
  if (!vscode.workspace.isTrusted) {
    // Once per activation, unobtrusively; the status bar tooltip and the layer view repeat it.
    void vscode.window.setStatusBarMessage(`Dockerfile Size Hints: ${UNTRUSTED_NOTE}`, 8000);
  }
  show(vscode.window.activeTextEditor?.document);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
