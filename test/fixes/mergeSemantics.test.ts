/**
 * Merging RUNs is a shell transformation (issue 13, class 6): each RUN is a fresh shell, and the
 * build stops at the first RUN that fails. For generated RUN bodies (cd, export, set -e, umask,
 * functions, `;`/`||`/`&&` chains, exit), every merge the refactor offers is run with the real
 * /bin/sh next to the original RUNs run one by one: the same output, and it fails exactly when
 * the original build fails.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyEdits } from '../../server/src/core/fixes/applyEdits';
import { parseDockerfile } from '../../server/src/core/parse/dockerfile';
import { logicalChars } from '../../server/src/core/parse/shell';
import { isRefusal, mergeRuns } from '../../server/src/core/refactors/mergeRuns';

const COMMANDS = [
  'echo A', 'false', 'true', 'cd /', 'cd sub', 'pwd', 'X=1', 'echo "x=$X"', 'export Y=2', 'echo "y=$Y"', 'set -e', 'set +e',
  'umask 077', 'umask', 'f() { echo f; }', 'f', 'exit 0', 'exit 3', '(false)', '! true', 'test -d sub', 'alias e=echo',
];
const CONNECTORS = [' && ', ' || ', '; '];
const bodyArb = fc
  .tuple(fc.constantFrom(...COMMANDS), fc.array(fc.tuple(fc.constantFrom(...CONNECTORS), fc.constantFrom(...COMMANDS)), { maxLength: 2 }), fc.boolean(), fc.boolean())
  .map(([first, rest, semicolon, comment]) => first + rest.map(([c, x]) => c + x).join('') + (semicolon ? ';' : '') + (comment ? '  # note' : ''));

/** The cases seen breaking builds, always run before the generated ones. */
const KNOWN = [
  ['set -eux; false; echo A', 'echo B'],
  ['echo A', 'false; echo B'],
  ['false', 'false || echo B'],
  ['cd sub', 'pwd'],
  ['export Y=2', 'echo "y=$Y"'],
  ['f() { echo f; }', 'f'],
  ['umask 077', 'umask'],
  ['set -e', 'false; echo B', 'echo C'],
];

/** The text the shell gets for a RUN (what Docker passes to `/bin/sh -c`). */
function shellText(text: string, i: number): string {
  const p = parseDockerfile(text);
  const instr = p.instructions.filter((x) => x.keyword === 'RUN')[i];
  return logicalChars(text, instr.argsStart, instr.end, p.escapeChar).ch;
}

function sh(script: string, cwd: string): { out: string; ok: boolean } {
  const r = spawnSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8', timeout: 5000 });
  return { out: r.stdout, ok: r.status === 0 };
}

test('merged RUNs behave like the RUNs one by one (real /bin/sh)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-merge-'));
  fs.mkdirSync(path.join(work, 'sub'));
  let merged = 0;
  let refused = 0;
  try {
    fc.assert(
      fc.property(fc.array(bodyArb, { minLength: 2, maxLength: 3 }), check),
      { numRuns: 250, seed: 20261204, examples: KNOWN.map((k) => [k]) },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`merge semantics: ${merged} merges run, ${refused} refused`);
  assert.ok(merged > 100, 'most generated groups are merged');

  function check(bodies: string[]): void {
        const text = `FROM debian:bookworm-slim\n${bodies.map((b) => `RUN ${b}`).join('\n')}\n`;
        const parsed = parseDockerfile(text);
        const r = mergeRuns(parsed, parsed.instructions.filter((i) => i.keyword === 'RUN'));
        if (isRefusal(r)) {
          refused++;
          return;
        }
        merged++;
        // The original build: each RUN a fresh shell in the WORKDIR, stopping at the first failure.
        let out = '';
        let ok = true;
        for (let k = 0; k < bodies.length && ok; k++) {
          const one = sh(shellText(text, k), work);
          out += one.out;
          ok = one.ok;
        }
        const after = applyEdits(text, r.edits);
        const m = sh(shellText(after, 0), work);
        assert.deepEqual({ out: m.out, ok: m.ok }, { out, ok }, `merged:\n${after}`);
  }
});
