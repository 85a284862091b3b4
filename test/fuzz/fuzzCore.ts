/**
 * One fuzz case through the core in-process: analysis, every editor feature at random offsets (hover,
 * inlay hints, layer view, code lenses, code actions), fix-all, and fix-all again on its output (must
 * change nothing). Returns what went wrong, if anything; never throws.
 */
import { analyzeDockerfile } from '../../server/src/core/analyze';
import { sizeCodeLenses } from '../../server/src/core/features/codeLens';
import { hoverMarkdown } from '../../server/src/core/features/hover';
import { sizeInlayHints } from '../../server/src/core/features/inlayHints';
import { layerSummary } from '../../server/src/core/features/summary';
import { fixAll } from '../../server/src/core/fixes/fixAll';
import { refactorsAt } from '../../server/src/core/refactors';
import { rng } from './generate';

export interface CoreOutcome {
  crash?: string;
  /** CPU time of this case (the machine is shared: wall time says more about the others' load). */
  ms: number;
  /** fix-all changed the text, and a second fix-all changed it again. */
  notIdempotent?: { first: string; second: string };
  fixed: boolean;
}

export function runCoreCase(text: string, seed: number): CoreOutcome {
  const cpu = process.cpuUsage();
  const elapsed = () => {
    const u = process.cpuUsage(cpu);
    return (u.user + u.system) / 1000;
  };
  const r = rng(seed);
  try {
    const a = analyzeDockerfile(text);
    const internal = a.findings.find((f) => f.rule === 'internal-error');
    if (internal) return { crash: internal.message, ms: elapsed(), fixed: false };
    for (const f of a.findings) for (const fix of f.fixes) for (const e of fix.edits) if (!(e.start >= 0 && e.end <= text.length && e.start <= e.end)) return { crash: `bad edit range from ${f.rule}`, ms: elapsed(), fixed: false };
    for (let k = 0; k < 5; k++) {
      const at = Math.floor(r() * (text.length + 1));
      hoverMarkdown(a, at);
      refactorsAt(a, at, Math.min(text.length, at + Math.floor(r() * 200)));
    }
    sizeInlayHints(a);
    layerSummary(a);
    sizeCodeLenses(a);
    const first = fixAll(text);
    let notIdempotent: CoreOutcome['notIdempotent'];
    if (first.text !== text) {
      const second = fixAll(first.text);
      if (second.text !== first.text) notIdempotent = { first: first.text, second: second.text };
    }
    return { ms: elapsed(), notIdempotent, fixed: first.text !== text };
  } catch (err) {
    return { crash: (err as Error).stack ?? String(err), ms: elapsed(), fixed: false };
  }
}
