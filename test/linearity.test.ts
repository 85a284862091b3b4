// Linear in file size (issue 16): every editor feature, fix all and the analysis on 20 kB and on
// 160 kB of the same shapes. Eight times the text may cost at most about eight times the time: the
// bound is x24 (CPU time, best of five runs each: the machine is shared), where a quadratic feature takes x64. At x4
// with a bound of x9 the margin was too thin: a collection in the big run made fix all x9.8 in a landing's npm test
// at load 3 (x3-x5 alone). Absolute numbers for 10 kB/100 kB/1 MB: `npm run bench -- scale`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDockerfile, type Analysis } from '../server/src/core/analyze';
import { sizeCodeLenses } from '../server/src/core/features/codeLens';
import { hoverMarkdown } from '../server/src/core/features/hover';
import { sizeInlayHints } from '../server/src/core/features/inlayHints';
import { layerSummary } from '../server/src/core/features/summary';
import { fixAll } from '../server/src/core/fixes/fixAll';
import { codeActions } from '../server/src/lsp/codeActions';
import { toDiagnostic } from '../server/src/lsp/handlers';
import { findingsDockerfile, officialMixDockerfile, runEnvDockerfile } from '../scripts/largeDockerfiles';

const SMALL = 20_000;
const FACTOR = 8;
const MAX_RATIO = 24;

/** CPU milliseconds (user + system) of the best of three runs: waiting for a core on a loaded machine is not counted. */
function best(fn: () => void, runs = 3): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    min = Math.min(min, (d.user + d.system) / 1000);
  }
  return min;
}

type Feature = [name: string, run: (text: string, a: Analysis) => void];
const FEATURES: Feature[] = [
  ['analysis', (text) => analyzeDockerfile(text)],
  ['fix all', (text) => fixAll(text)],
  [
    'code actions on the whole file',
    (text, a) => {
      const doc = TextDocument.create('file:///x/Dockerfile', 'dockerfile', 1, text);
      codeActions(doc, a, Range.create(doc.positionAt(0), doc.positionAt(text.length)), undefined, () => fixAll(text));
    },
  ],
  [
    'diagnostics, inlay hints, layer view, code lenses, 50 hovers',
    (text, a) => {
      const doc = TextDocument.create('file:///x/Dockerfile', 'dockerfile', 1, text);
      for (const f of a.findings) toDiagnostic(doc, f);
      sizeInlayHints(a);
      layerSummary(a);
      sizeCodeLenses(a);
      for (let i = 0; i < 50; i++) hoverMarkdown(a, Math.floor((i / 50) * text.length));
    },
  ],
];

for (const [shape, make] of [
  ['a fixable finding on most lines', findingsDockerfile],
  ['RUN/ENV alternating', runEnvDockerfile],
  ['official images concatenated', officialMixDockerfile],
] as const) {
  test(`${shape}: x${FACTOR} the text costs at most x${MAX_RATIO} the time in every feature`, () => {
    const small = make(SMALL);
    const big = make(SMALL * FACTOR);
    const aSmall = analyzeDockerfile(small);
    const aBig = analyzeDockerfile(big);
    const ratios: string[] = [];
    for (const [name, run] of FEATURES) {
      run(small, aSmall); // warm up
      const ts = best(() => run(small, aSmall), 5);
      const tb = best(() => run(big, aBig), 5);
      // Below 10 ms the timer and the collector are all there is to measure: one major GC in a 60 ms run made a
      // 5.9 ms feature "x10" under load (code actions, RUN/ENV shape, a landing's npm test at load 4). A quadratic
      // feature still fails: x64 of 10 ms.
      const ratio = tb / Math.max(ts, 10);
      ratios.push(`${name}: ${ts.toFixed(1)} → ${tb.toFixed(1)} ms (x${ratio.toFixed(1)}, CPU)`);
      assert.ok(ratio <= MAX_RATIO, ratios.join('; '));
    }
  });
}

// A quadratic term with a small factor (each apt install scanning every other command of the file:
// 45 s at 1 MB) hides in x4 (it read x6.0 for 20 → 80 kB); over x8 it shows (x25 for 20 → 160 kB,
// x6.2 once linear). The analysis alone, where every rule runs, on each shape.
const LONG_FACTOR = 8;
const LONG_MAX_RATIO = 16;
for (const [shape, make] of [
  ['a fixable finding on most lines', findingsDockerfile],
  ['RUN/ENV alternating', runEnvDockerfile],
  ['official images concatenated', officialMixDockerfile],
] as const) {
  test(`${shape}: x${LONG_FACTOR} the text costs at most x${LONG_MAX_RATIO} the analysis time`, () => {
    const small = make(SMALL);
    const big = make(SMALL * LONG_FACTOR);
    analyzeDockerfile(small); // warm up
    const ts = best(() => analyzeDockerfile(small));
    const tb = best(() => analyzeDockerfile(big));
    const ratio = tb / Math.max(ts, 5);
    assert.ok(ratio <= LONG_MAX_RATIO, `analysis: ${ts.toFixed(1)} → ${tb.toFixed(1)} ms (x${ratio.toFixed(1)}, CPU)`);
  });
}
