/**
 * Analyses per open document: debounced on typing, never queued (a newer version cancels the
 * pending run), cached by version so hover/code actions/inlay hints reuse the same model.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile, type Analysis, type AnalysisSettings } from '../core/analyze';
import { BuildContext } from '../core/context/buildContext';

export interface DocumentSettings extends AnalysisSettings {
  enable: boolean;
  inlayHints: boolean;
  codeLens: boolean;
  /** Build context folder relative to the Dockerfile (default: its folder). */
  context?: string;
}

interface Entry {
  version: number;
  settingsGeneration: number;
  analysis: Analysis;
}

const CONTEXT_TTL_MS = 10_000;

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly contexts = new Map<string, { ctx: BuildContext; at: number }>();
  settingsGeneration = 0;
  /** Untrusted workspace: never read the build context. */
  trusted = true;

  constructor(private readonly debounceMs = 150) {}

  /** Runs `work` after the debounce unless a newer request for the same document replaces it. */
  schedule(uri: string, work: () => void): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        work();
      }, this.debounceMs),
    );
  }

  cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
    this.entries.delete(uri);
  }

  invalidateAll(): void {
    this.settingsGeneration++;
    this.contexts.clear();
  }

  invalidateContexts(): void {
    this.contexts.clear();
    this.settingsGeneration++;
  }

  /** The analysis of this exact document version, computed now if needed. */
  get(doc: TextDocument, settings: DocumentSettings): Analysis {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version && hit.settingsGeneration === this.settingsGeneration) return hit.analysis;
    const analysis = analyzeDockerfile(doc.getText(), settings, { context: this.contextFor(doc.uri, settings) });
    this.entries.set(doc.uri, { version: doc.version, settingsGeneration: this.settingsGeneration, analysis });
    return analysis;
  }

  peek(uri: string): Analysis | undefined {
    return this.entries.get(uri)?.analysis;
  }

  /** The build context of a document (cached, re-measured after a short time or a save); undefined when untrusted. */
  contextFor(uri: string, settings: DocumentSettings): BuildContext | undefined {
    if (!this.trusted || !uri.startsWith('file:')) return undefined;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const dir = path.resolve(path.dirname(file), settings.context ?? '.');
    const cached = this.contexts.get(dir);
    if (cached && Date.now() - cached.at < CONTEXT_TTL_MS) return cached.ctx;
    const ctx = new BuildContext(dir, file, { maxFiles: 50_000 });
    this.contexts.set(dir, { ctx, at: Date.now() });
    return ctx;
  }
}
