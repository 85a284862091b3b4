/**
 * "Compare with Built Image": the server side. On request only (never automatic, never in an untrusted
 * workspace) it asks the local engine for the image, streams its layer tars with progress and
 * cancellation, and keeps what it learned per document; hovers, inlay hints, diagnostics and the
 * summary then show the real sizes beside the estimates.
 */
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { Analysis } from '../core/analyze';
import { compareWithBuilt, type BuiltComparison, type BuiltImage } from '../core/builtImage/compare';
import { formatBytes } from '../core/model/format';
import { EngineError, inspectBuiltImage, listImages, type EngineName } from '../engine/engine';

export interface CompareParams {
  uri: string;
  image: string;
  engine?: EngineName;
  enginePath?: string;
}

export interface CompareResult {
  ok: boolean;
  /** One line for a notification. */
  message: string;
  builtBytes?: number;
  efficiency?: number;
  wastedBytes?: number;
  mismatch?: string;
}

export class BuiltImages {
  private readonly images = new Map<string, BuiltImage>();
  private readonly comparisons = new WeakMap<Analysis, BuiltComparison>();

  constructor(private readonly isTrusted: () => boolean) {}

  /** The comparison for this analysis of the document, when an image was compared with it. */
  comparisonFor(uri: string, analysis: Analysis): BuiltComparison | undefined {
    const built = this.images.get(uri);
    if (!built) return undefined;
    let c = this.comparisons.get(analysis);
    if (!c) {
      c = compareWithBuilt(analysis, built);
      this.comparisons.set(analysis, c);
    }
    return c;
  }

  forget(uri: string): void {
    this.images.delete(uri);
  }

  register(connection: Connection, analysisFor: (uri: string) => Promise<Analysis | undefined>, republish: (uri: string) => Promise<void>): void {
    connection.onRequest('sizeHints/listImages', async (p: { engine?: EngineName; enginePath?: string }) => {
      if (!this.isTrusted()) return { error: 'Comparing with a built image runs the container engine: not in an untrusted workspace.' };
      try {
        const { engine, images } = await listImages({ engine: p?.engine, path: p?.enginePath });
        return { engine: engine.name, images };
      } catch (e) {
        return { error: (e as Error).message };
      }
    });

    connection.onRequest('sizeHints/compareWithImage', async (p: CompareParams, token: CancellationToken): Promise<CompareResult> => {
      if (!this.isTrusted()) return { ok: false, message: 'Comparing with a built image runs the container engine: not in an untrusted workspace.' };
      const analysis = await analysisFor(p.uri);
      if (!analysis) return { ok: false, message: 'The Dockerfile is not open or not analysed.' };
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let last = 0;
      try {
        const built = await inspectBuiltImage(p.image, {
          engine: p.engine,
          path: p.enginePath,
          layers: true,
          signal: abort.signal,
          timeoutMs: 600_000,
          onProgress: (bytes) => {
            if (Date.now() - last < 200) return;
            last = Date.now();
            void connection.sendNotification('sizeHints/compareProgress', { uri: p.uri, bytes });
          },
        });
        this.images.set(p.uri, built);
        await republish(p.uri);
        const now = await analysisFor(p.uri);
        const c = now ? this.comparisonFor(p.uri, now) : undefined;
        // Layers outside the stated range are evidence against the estimate: logged for the accuracy report.
        for (const l of c?.layers.filter((x) => x.outsideRange) ?? []) {
          connection.console.log(`accuracy: ${p.image} line ${l.line + 1}: estimated ${l.estimate.bytes} (${l.estimate.low}-${l.estimate.high}) built ${l.builtBytes}`);
        }
        const eff = c?.image.efficiency;
        return {
          ok: true,
          message:
            `${p.image}: ${formatBytes(built.bytes)} built` +
            (eff !== undefined ? ` · efficiency ${(eff * 100).toFixed(1)} % · ${formatBytes(c?.image.builtWastedBytes ?? 0)} wasted` : '') +
            (c?.mismatch ? ` · ${c.mismatch}` : ''),
          builtBytes: built.bytes,
          efficiency: eff,
          wastedBytes: c?.image.builtWastedBytes,
          mismatch: c?.mismatch,
        };
      } catch (e) {
        const cancelled = abort.signal.aborted;
        if (!(e instanceof EngineError) && !cancelled) connection.console.error(`compare with ${p.image} failed: ${(e as Error).stack ?? e}`);
        return { ok: false, message: cancelled ? 'Cancelled.' : (e as Error).message };
      } finally {
        sub.dispose();
      }
    });

    connection.onRequest('sizeHints/clearImage', async (p: { uri: string }) => {
      this.forget(p.uri);
      await republish(p.uri);
      return true;
    });
  }
}
