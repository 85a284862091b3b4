/** LSP request handlers: thin conversions between the protocol and the core. */
import {
  CodeActionKind,
  CodeLens,
  CodeLensRefreshRequest,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DiagnosticTag,
  InlayHint,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  Range,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_ANALYSED_CHARS, tooLargeMessage, type Analysis } from '../core/analyze';
import { hoverMarkdown } from '../core/features/hover';
import { sizeCodeLenses } from '../core/features/codeLens';
import { sizeInlayHints } from '../core/features/inlayHints';
import { layerSummary } from '../core/features/summary';
import { fixAll } from '../core/fixes/fixAll';
import { ruleDocsUrl } from '../core/rules/docs';
import type { Finding, Severity } from '../core/rules/types';
import { FetchBudget } from '../net/safeFetch';
import { AnalysisCache, type DocumentSettings } from './analysisCache';
import { BuiltImages } from './builtImage';
import { unknownBaseImages } from '../core/model/registryBases';
import { formatBytes } from '../core/model/format';
import { builtDiagnostics, builtHoverLines, builtInlaySuffix, builtLayerFor } from '../core/features/built';
import { checkClientSettings, DEFAULT_SETTINGS } from './settings';
import { codeActions } from './codeActions';

export const FIX_ALL_KIND = 'source.fixAll.sizeHints';
export const SOURCE = 'size-hints';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Documents over this get one information diagnostic, not an analysis (the core's cap, the CLI's too). */
export const MAX_DOCUMENT_CHARS = MAX_ANALYSED_CHARS;

export function toDocumentSettings(c: unknown): DocumentSettings {
  return checkClientSettings(c).settings;
}

export function registerHandlers(connection: Connection, documents: TextDocuments<TextDocument>, sync: TextDocumentSyncKind): void {
  const cache = new AnalysisCache();
  let pullConfiguration = false;
  let codeLensRefresh = false;
  let globalSettings: DocumentSettings = DEFAULT_SETTINGS;
  const settingsByUri = new Map<string, Promise<DocumentSettings>>();
  const builtImages = new BuiltImages(() => cache.trusted);

  /** Settings warnings already shown (each once per session, not once per document). */
  const warned = new Set<string>();
  const checked = (raw: unknown): DocumentSettings => {
    const { settings, warnings } = checkClientSettings(raw);
    for (const w of warnings) {
      if (warned.has(w)) continue;
      warned.add(w);
      connection.console.warn(w);
      // A notification (window/showMessage): every client shows it, none has to answer.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Dockerfile Size Hints: ${w}` }).catch(() => undefined);
    }
    return settings;
  };

  const settingsFor = (uri: string): Promise<DocumentSettings> => {
    if (!pullConfiguration) return Promise.resolve(globalSettings);
    let p = settingsByUri.get(uri);
    if (!p) {
      p = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dockerfileSizeHints' })
        .then((c: unknown) => checked(c))
        .catch(() => globalSettings);
      // Kept only while the document is open (a closed one's entry would never be dropped).
      if (documents.get(uri)) settingsByUri.set(uri, p);
    }
    return p;
  };

  const tooLarge = (doc: TextDocument) => doc.getText().length > MAX_DOCUMENT_CHARS;

  const analysisFor = async (uri: string): Promise<{ doc: TextDocument; analysis: Analysis; settings: DocumentSettings } | undefined> => {
    const doc = documents.get(uri);
    if (!doc || tooLarge(doc)) return undefined;
    const settings = await settingsFor(uri);
    if (!settings.enable) return undefined;
    // Closed or changed while the settings were asked for: cache nothing for it.
    const now = documents.get(uri);
    if (now !== doc || now.version !== doc.version) return undefined;
    try {
      return { doc, analysis: cache.get(doc, settings), settings };
    } catch (err) {
      connection.console.error(`analysis failed for ${uri}: ${(err as Error).stack ?? err}`);
      return undefined;
    }
  };

  const publish = async (uri: string) => {
    try {
      const doc = documents.get(uri);
      if (!doc) return;
      const version = doc.version;
      if (tooLarge(doc)) {
        await connection.sendDiagnostics({
          uri,
          version,
          diagnostics: [{ range: Range.create(0, 0, 0, 0), severity: DiagnosticSeverity.Information, source: SOURCE, message: tooLargeMessage(doc.getText().length) }],
        });
        return;
      }
      const result = await analysisFor(uri);
      // A newer version arrived (or the document closed) while we waited for settings: its own run will publish.
      if (documents.get(uri)?.version !== version) return;
      const diagnostics = result ? result.analysis.findings.filter((f) => f.rule !== 'internal-error').map((f) => toDiagnostic(result.doc, f)) : [];
      const built = result ? builtImages.comparisonFor(uri, result.analysis) : undefined;
      if (result && built) {
        for (const d of builtDiagnostics(result.analysis, built)) {
          diagnostics.push({
            range: Range.create(result.doc.positionAt(d.start), result.doc.positionAt(d.end)),
            severity: DiagnosticSeverity.Warning,
            code: 'built-image-waste',
            source: SOURCE,
            message: d.message,
            data: { rule: 'built-image-waste', wastedBytes: d.bytes },
          });
        }
      }
      await connection.sendDiagnostics({ uri, version, diagnostics });
      if (result) await connection.sendNotification('sizeHints/summary', { uri, version, summary: summaryWithBuilt(result.analysis, built) });
      if (result && documents.get(uri)) publishedRemote.set(uri, cache.remoteGenerationOf(result.analysis));
      if (result && cache.networkFor(result.settings)) void lookUpRemoteSizes(uri, version, result.analysis);
      if (result && cache.networkFor(result.settings)) void lookUpBaseImages(uri, version, result.analysis, result.settings.platform ?? 'linux/amd64');
    } catch (err) {
      // One document's failure must not stop the server nor the other documents.
      connection.console.error(`publishing diagnostics failed for ${uri}: ${(err as Error).stack ?? err}`);
    }
  };
  /** Per document, the RemoteSizeCache.generation its last published analysis saw. */
  const publishedRemote = new Map<string, number>();

  /**
   * Network look-ups on: after publishing, asks for the sizes of the document's downloads and, when
   * the answers changed what the analysis saw, publishes again (that run finds them cached: no loop).
   */
  const lookUpRemoteSizes = async (uri: string, version: number, analysis: Analysis) => {
    try {
      // The analysis was made with look-ups on (networkFor): it recorded the URLs it asked about.
      const urls = analysis.model.remoteUrls;
      if (!urls.length) return;
      // One 10 s budget for all of this analysis' look-ups (safeFetch).
      await cache.remote.prefetch(urls, new FetchBudget());
      // A newer version or other settings publish (and look up) on their own.
      if (documents.get(uri)?.version !== version || !cache.networkFor(await settingsFor(uri))) return;
      // Nothing arrived since the last published analysis was made (all cached, same answers): done.
      if (publishedRemote.get(uri) === cache.remote.generation) return;
      cache.invalidate(uri);
      await publish(uri);
      void connection.languages.inlayHint.refresh().catch(() => undefined);
      if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    } catch (err) {
      connection.console.error(`remote size look-up failed for ${uri}: ${(err as Error).stack ?? err}`);
    }
  };

  /** Network look-ups on: FROM images the data lacks are asked of their registries; a new answer republishes. */
  const lookUpBaseImages = async (uri: string, version: number, analysis: Analysis, platform: string) => {
    try {
      const wanted = unknownBaseImages(analysis.parsed, platform).filter((b) => !cache.registry.get(b.image, b.platform));
      if (!wanted.length) return;
      const answers = await Promise.race([Promise.all(wanted.map((b) => cache.registry.fetch(b.image, b.platform))), new Promise<[]>((r) => setTimeout(() => r([]), 10_000).unref())]);
      for (const a of answers) if (!a.ok) connection.console.log(`base image look-up: ${a.reason}`);
      if (!answers.some((a) => a.ok) || documents.get(uri)?.version !== version) return;
      cache.invalidate(uri);
      await publish(uri);
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    } catch (err) {
      connection.console.error(`base image look-up failed for ${uri}: ${(err as Error).stack ?? err}`);
    }
  };

  connection.onInitialize((params) => {
    pullConfiguration = !!params.capabilities.workspace?.configuration;
    codeLensRefresh = !!params.capabilities.workspace?.codeLens?.refreshSupport;
    const init = (params.initializationOptions ?? {}) as { trusted?: unknown; settings?: unknown };
    // Clients that do not know about trust (Neovim, Helix) send nothing: trusted. Anything sent must be the boolean true.
    cache.trusted = init.trusted === undefined || init.trusted === true;
    if (init.settings !== undefined) globalSettings = checked(init.settings);
    return {
      capabilities: {
        textDocumentSync: sync,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite, FIX_ALL_KIND, CodeActionKind.SourceFixAll] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [] },
      },
      serverInfo: { name: 'dockerfile-size-hints' },
    };
  });

  connection.onInitialized(() => {
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockerfileSizeHints' }).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    const s = (change.settings as { dockerfileSizeHints?: unknown } | undefined)?.dockerfileSizeHints;
    if (s !== undefined) globalSettings = checked(s);
    cache.invalidateAll();
    for (const d of documents.all()) void publish(d.uri);
    void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  });

  connection.onNotification('sizeHints/trust', (p: { trusted?: unknown } | null) => {
    cache.trusted = p?.trusted === true;
    cache.invalidateAll();
    for (const d of documents.all()) void publish(d.uri);
  });

  documents.onDidOpen((e) => void publish(e.document.uri));
  documents.onDidChangeContent((e) => cache.schedule(e.document.uri, () => void publish(e.document.uri)));
  documents.onDidSave(() => {
    // Saving may change files the context measures (e.g. .dockerignore): re-measure.
    cache.invalidateContexts();
  });
  documents.onDidClose((e) => {
    cache.cancel(e.document.uri);
    builtImages.forget(e.document.uri);
    settingsByUri.delete(e.document.uri);
    publishedRemote.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onDidChangeWatchedFiles(() => {
    cache.invalidateContexts();
    for (const d of documents.all()) void publish(d.uri);
  });

  connection.onHover(async (params) => {
    const r = await analysisFor(params.textDocument.uri);
    if (!r) return null;
    const offset = r.doc.offsetAt(params.position);
    let md = hoverMarkdown(r.analysis, offset);
    const built = builtImages.comparisonFor(params.textDocument.uri, r.analysis);
    const instr = built ? r.analysis.parsed.instructions.find((i) => offset >= i.start && offset <= i.end) : undefined;
    const extra = built && instr ? builtHoverLines(built, instr.index) : [];
    if (md && extra.length) {
      // Right under the estimate's own line, so "estimated … · built …" reads side by side.
      const cut = md.indexOf('\n\n');
      const lines = extra.join('  \n');
      md = cut < 0 ? `${md}\n\n${lines}` : `${md.slice(0, cut)}\n\n${lines}${md.slice(cut)}`;
    }
    return md ? { contents: { kind: MarkupKind.Markdown, value: md } } : null;
  });

  connection.languages.inlayHint.on(async (params) => {
    const r = await analysisFor(params.textDocument.uri);
    if (!r || !r.settings.inlayHints) return [];
    const start = r.doc.offsetAt(params.range.start);
    const end = r.doc.offsetAt(params.range.end);
    const built = builtImages.comparisonFor(params.textDocument.uri, r.analysis);
    return sizeInlayHints(r.analysis)
      .filter((h) => h.offset >= start && h.offset <= end)
      .map((h): InlayHint => ({ position: r.doc.positionAt(h.offset), label: h.label + (built ? builtInlaySuffix(built, h.instructionIndex) : ''), paddingLeft: true, tooltip: h.tooltip }));
  });

  connection.onCodeLens(async (params) => {
    const r = await analysisFor(params.textDocument.uri);
    if (!r || !r.settings.codeLens) return [];
    return sizeCodeLenses(r.analysis).map(
      (l): CodeLens => ({
        range: Range.create(l.line, 0, l.line, 0),
        command: { title: l.title, command: 'dockerfileSizeHints.showLayers', arguments: [params.textDocument.uri, l.line] },
      }),
    );
  });

  connection.onCodeAction(async (params) => {
    const r = await analysisFor(params.textDocument.uri);
    if (!r) return [];
    return codeActions(r.doc, r.analysis, params.range, params.context.only, () => {
      const inputs = cache.analysisInputs(r.doc.uri, r.settings);
      const text = r.doc.getText();
      // The cached analysis is of this version with these inputs: fix-all's first round need not analyse it again (as the CLI does).
      return fixAll(text, inputs.settings, inputs.env, undefined, r.analysis.parsed.text === text ? r.analysis : undefined);
    });
  });

  connection.onRequest('sizeHints/summary', async (p: { uri: string }) => {
    const r = await analysisFor(p.uri);
    return r ? summaryWithBuilt(r.analysis, builtImages.comparisonFor(p.uri, r.analysis)) : null;
  });

  builtImages.register(
    connection,
    async (uri) => (await analysisFor(uri))?.analysis,
    async (uri) => {
      await publish(uri);
      void connection.languages.inlayHint.refresh().catch(() => undefined);
    },
  );
  // What the server holds, for the memory tests and the bench (nothing user-visible).
  connection.onRequest('sizeHints/stats', () => {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) g();
    return { open: documents.all().length, ...cache.size, settings: settingsByUri.size, publishedRemote: publishedRemote.size, heapUsed: process.memoryUsage().heapUsed };
  });

  connection.onShutdown(() => undefined);
}

/** The layer summary with the built image's sizes beside the estimates (when one was compared). */
function summaryWithBuilt(analysis: Analysis, built: ReturnType<BuiltImages['comparisonFor']>) {
  const summary = layerSummary(analysis);
  if (!built) return summary;
  const eff = built.image.efficiency;
  summary.built = {
    ref: built.image.ref,
    engine: built.image.engine,
    builtBytes: built.image.builtBytes,
    efficiency: eff,
    wastedBytes: built.image.builtWastedBytes,
    mismatch: built.mismatch,
    text: `built ${formatBytes(built.image.builtBytes)}${eff !== undefined ? ` · efficiency ${(eff * 100).toFixed(1)} %` : ''}`,
  };
  for (const st of summary.stages) {
    for (const l of st.layers) {
      const b = l.kind === 'layer' ? builtLayerFor(built, l.index) : undefined;
      if (!b) continue;
      l.builtBytes = b.builtBytes;
      l.builtText = formatBytes(b.builtBytes);
    }
  }
  return summary;
}

export function toDiagnostic(doc: TextDocument, f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: Range.create(doc.positionAt(f.start), doc.positionAt(f.end)),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    data: { rule: f.rule, wastedBytes: f.waste && !f.waste.unknown ? f.waste.bytes : undefined },
  };
  if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}
