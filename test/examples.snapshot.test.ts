// The findings of every example, as a reviewed snapshot: a change in what we report on the
// examples shows up as a diff. Update with UPDATE_SNAPSHOTS=1 npm test (and read the diff).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDockerfile } from '../server/src/core/analyze';
import { BuildContext } from '../server/src/core/context/buildContext';
import { positionAt } from '../server/src/core/parse/dockerfile';
import { formatBytes } from '../server/src/core/model/format';

const ROOT = path.resolve(__dirname, '..');
const SNAPSHOT = path.join(__dirname, 'snapshots/examples-findings.txt');

function render(): string {
  const out: string[] = [];
  for (const dir of fs.readdirSync(path.join(ROOT, 'examples')).sort()) {
    const file = path.join(ROOT, 'examples', dir, 'Dockerfile');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const a = analyzeDockerfile(text, {}, { context: new BuildContext(path.dirname(file), file) });
    out.push(`# examples/${dir}/Dockerfile — image ${formatBytes(a.model.image.bytes)}${a.model.image.hasUnknown ? ' + unknown' : ''}, reclaimable ${formatBytes(a.model.image.reclaimableBytes)}`);
    for (const f of a.findings) {
      const p = positionAt(a.parsed.lineStarts, f.start);
      const waste = f.waste ? (f.waste.unknown ? 'unknown' : formatBytes(f.waste.bytes)) : '-';
      out.push(`${p.line + 1}:${p.character + 1} ${f.severity} ${f.rule} [${waste}] ${JSON.stringify(text.slice(f.start, f.end).split('\n')[0])}`);
    }
  }
  return out.join('\n') + '\n';
}

test('examples: findings match the reviewed snapshot', () => {
  const now = render();
  if (process.env.UPDATE_SNAPSHOTS || !fs.existsSync(SNAPSHOT)) fs.writeFileSync(SNAPSHOT, now);
  assert.equal(now, fs.readFileSync(SNAPSHOT, 'utf8'));
});
