// Malformed and random input never throws anywhere in the core: parse, model, rules, fixes,
// hover, inlay hints, summary. (The server adds a catch on top; this proves it is not needed.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeDockerfile } from '../server/src/core/analyze';
import { hoverMarkdown } from '../server/src/core/features/hover';
import { sizeInlayHints } from '../server/src/core/features/inlayHints';
import { layerSummary } from '../server/src/core/features/summary';
import { fixAll } from '../server/src/core/fixes/fixAll';

const PIECES = [
  'FROM ', 'FROM debian:bookworm-slim', 'FROM python:3.12 AS b', 'FROM b', 'FROM scratch', 'FROM ${X:-alpine}', 'ARG X=1', 'RUN ', 'RUN apt-get update',
  'RUN apt-get install -y curl', '&& rm -rf /var/lib/apt/lists/*', 'RUN <<EOF', 'EOF', 'RUN ["sh", "-c", "x"]', 'RUN ["broken', 'COPY . .', 'COPY --from=b / /',
  'COPY --from=', 'ADD https://x/y.tar.gz /', 'USER 1000', 'WORKDIR ../..', 'ENV A=1 B', 'ONBUILD RUN pip install flask', 'RUN --mount=type=cache,target= npm ci',
  'RUN --mount=', '\\', '`', '# escape=`', '# syntax=docker/dockerfile:1', '# size-hints ignore=', '"', "'", '$(', '${', ')', '}', '|', '||', ';', '&', '<<-X',
  'if', 'then', 'fi', 'case x in', 'esac', 'for a in', 'do', 'done', 'rm -rf /', 'chown -R u /', 'mv / /x', 'cd', 'export', 'apk add --virtual', 'apk del',
  'pip install -r', 'npm install -g', 'git clone', 'vcs import', 'make', 'useradd -u 99999999 x', '\u0000', '\ufeff', 'é', '\t', ' ', '\r\n', '\n', '\n\n',
];

const dockerfileText = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join(fc.sample(fc.constantFrom(' ', '\n', ' \\\n  '), 1)[0]));

test('random Dockerfile text never throws in the core or the editor features', () => {
  fc.assert(
    fc.property(dockerfileText, fc.nat(), (text, at) => {
      const a = analyzeDockerfile(text);
      assert.ok(!a.findings.some((f) => f.rule === 'internal-error'), `a rule threw: ${a.findings.find((f) => f.rule === 'internal-error')?.message}\n${JSON.stringify(text)}`);
      hoverMarkdown(a, text.length ? at % (text.length + 1) : 0);
      sizeInlayHints(a);
      layerSummary(a);
      for (const f of a.findings) for (const fix of f.fixes) for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end, `bad edit range from ${f.rule}`);
    }),
    { numRuns: 400, seed: 7 },
  );
});

test('fix-all on random text never throws and terminates', () => {
  fc.assert(
    fc.property(dockerfileText, (text) => {
      const r = fixAll(text);
      assert.ok(r.rounds <= 10);
    }),
    { numRuns: 100, seed: 11 },
  );
});

test('pathological inputs stay fast enough to finish', () => {
  const inputs = ['RUN ' + 'a && '.repeat(5000) + 'b', 'FROM x\n' + 'RUN x \\\n'.repeat(3000) + 'y', '"'.repeat(10000), '$('.repeat(3000), 'FROM a\n' + '# c\n'.repeat(10000)];
  for (const t of inputs) assert.doesNotThrow(() => analyzeDockerfile(t));
});
