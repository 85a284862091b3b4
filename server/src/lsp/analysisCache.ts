/**
 * Analyses per open document: debounced on typing, never queued (a newer version cancels the
 * pending run), cached by version so hover/code actions/inlay hints reuse the same model.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile, type Analysis, type AnalysisSettings } from '../core/analyze';
import { BuildContext } from '../core/context/buildContext';
import type { ModelEnvironment } from '../core/model/sizeModel';
import { RemoteSizeCache } from '../net/remoteSizes';
import { RegistryImageCache } from '../net/imageRegistry';
import { SizeLookups } from '../net/registryLookups';

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
  /** RemoteSizeCache.generation the analysis saw (-1: made without network look-ups). */
  remoteGeneration: number;
  analysis: Analysis;
}

/** Where the hover explains why a download's size is unknown in an untrusted workspace. */
export const UNTRUSTED_NETWORK = 'no network look-ups in an untrusted workspace';

const CONTEXT_TTL_MS = 10_000;
/**
 * Analyses kept (most recently used first out last): two thousand open documents must not hold two
 * thousand models; one that is not kept is recomputed on its next request.
 */
const MAX_ANALYSES = 32;
/** Build contexts kept (each holds its file list). */
const MAX_CONTEXTS = 16;

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly contexts = new Map<string, { ctx: BuildContext; at: number }>();
  private readonly generations = new WeakMap<Analysis, number>();
  settingsGeneration = 0;
  /** Untrusted workspace: never read the build context, never look anything up on the network. */
  trusted = true;
  /** Remote file sizes, shared by every document (filled by `prefetch` when network look-ups are on). */
  readonly remote: RemoteSizeCache;
  /** Registry manifests of FROM images the bundled data lacks (network look-ups on). */
  readonly registry = new RegistryImageCache();

  constructor(
    private readonly debounceMs = 150,
    remote?: RemoteSizeCache,
  ) {
    // Remote files and package registries (npm closures, PyPI wheels) behind one cache.
    this.remote = remote ?? new SizeLookups();
  }

  /** Network look-ups for this document: the setting, and only in a trusted workspace. */
  networkFor(settings: DocumentSettings): boolean {
    return !!settings.network && this.trusted;
  }

  /** The settings and environment the core gets for a document (build context, remote sizes). */
  analysisInputs(uri: string, settings: DocumentSettings): { settings: DocumentSettings; env: ModelEnvironment } {
    const network = this.networkFor(settings);
    return {
      settings: { ...settings, network },
      env: {
        context: this.contextFor(uri, settings),
        remoteSize: network ? (url) => this.remote.lookup(url) : undefined,
        // The Alpine index of an apk stage, once a prefetch of the model's remoteUrls read it.
        apkIndex: network && this.remote instanceof SizeLookups ? (release, platform) => (this.remote as SizeLookups).apkIndex(release, platform) : undefined,
        registryImage: network
          ? (image, platform) => {
              const a = this.registry.get(image, platform);
              return a?.ok ? a.image : undefined;
            }
          : undefined,
        networkOff: settings.network && !this.trusted ? UNTRUSTED_NETWORK : undefined,
      },
    };
  }

  /** The RemoteSizeCache.generation an analysis was made with (-1: without network look-ups). */
  remoteGenerationOf(analysis: Analysis): number {
    return this.generations.get(analysis) ?? -1;
  }

  /** Drops one document's analysis (its remote sizes arrived): the next `get` recomputes it. */
  invalidate(uri: string): void {
    this.entries.delete(uri);
  }

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

  /** Analyses and build contexts held (bounded: MAX_ANALYSES, MAX_CONTEXTS). */
  get size(): { analyses: number; contexts: number; timers: number } {
    return { analyses: this.entries.size, contexts: this.contexts.size, timers: this.timers.size };
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
    const remoteGeneration = this.networkFor(settings) ? this.remote.generation : -1;
    if (hit && hit.version === doc.version && hit.settingsGeneration === this.settingsGeneration && hit.remoteGeneration === remoteGeneration) {
      // Most recently used last (a Map keeps insertion order).
      this.entries.delete(doc.uri);
      this.entries.set(doc.uri, hit);
      return hit.analysis;
    }
    const inputs = this.analysisInputs(doc.uri, settings);
    const analysis = analyzeDockerfile(doc.getText(), inputs.settings, inputs.env);
    this.entries.delete(doc.uri);
    this.entries.set(doc.uri, { version: doc.version, settingsGeneration: this.settingsGeneration, remoteGeneration, analysis });
    while (this.entries.size > MAX_ANALYSES) this.entries.delete(this.entries.keys().next().value as string);
    this.generations.set(analysis, remoteGeneration);
    return analysis;
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
    this.contexts.delete(dir);
    this.contexts.set(dir, { ctx, at: Date.now() });
    while (this.contexts.size > MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value as string);
    return ctx;
  }
}
