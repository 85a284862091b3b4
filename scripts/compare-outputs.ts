// Byte-identity check for a change that must not change output (a performance change): runs two builds of the
// CLI (e.g. a copy of main's dist/ and this tree's) on the same inputs and compares stdout, stderr and exit code
// of every format, --fix-dry-run, and --fix (the fixed file and the JSON report after it).
//   node --import tsx scripts/compare-outputs.ts OLD_DIST NEW_DIST [--large] [--extra DIR]...
// Inputs: examples/, test/fixtures/official, test/builds/corpus, bench/rules, test/grammar (one CLI run over all
// of them per format, each file also fixed on a copy); --large adds the bench's four large shapes at 10 kB, 100 kB, 1 MB;
// --extra DIR adds every *Dockerfile under DIR (e.g. /work/corpus-local/expert), as one more corpus run per format.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commentedRunsDockerfile, findingsDockerfile, officialMixDockerfile, runEnvDockerfile } from './largeDockerfiles';

const ROOT = path.resolve(__dirname, '..');
const [oldDist, newDist] = process.argv.slice(2, 4).map((d) => path.resolve(d));
if (!oldDist || !newDist) {
  console.error('usage: compare-outputs.ts OLD_DIST NEW_DIST [--large]');
  process.exit(2);
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-compare-'));
// Removed however the run ends: done, an error, or Ctrl-C / a timeout's SIGTERM (turned into an exit).
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
process.once('SIGINT', () => process.exit(130));
process.once('SIGTERM', () => process.exit(143));

function files(dir: string, keep: (f: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, keep, out);
    else if (keep(e.name)) out.push(p);
  }
  return out.sort();
}

const corpus = [
  ...files(path.join(ROOT, 'examples'), (f) => f === 'Dockerfile'),
  ...files(path.join(ROOT, 'test/fixtures/official'), (f) => f.endsWith('.Dockerfile')),
  ...files(path.join(ROOT, 'test/builds/corpus'), (f) => f === 'Dockerfile'),
  ...files(path.join(ROOT, 'bench/rules'), (f) => f.endsWith('.Dockerfile')),
  ...files(path.join(ROOT, 'test/grammar'), (f) => f.endsWith('.dockerfile')),
].map((f) => path.relative(ROOT, f));
const extra: string[][] = [];
for (let k = process.argv.indexOf('--extra'); k >= 0; k = process.argv.indexOf('--extra', k + 1)) {
  extra.push(files(path.resolve(process.argv[k + 1]), (f) => f.endsWith('Dockerfile')));
}
const large: string[] = [];
if (process.argv.includes('--large')) {
  for (const [name, make] of [['runenv', runEnvDockerfile], ['official', officialMixDockerfile], ['findings', findingsDockerfile], ['comments', commentedRunsDockerfile]] as const)
    for (const size of [10_000, 100_000, 1_000_000]) {
      const f = path.join(tmp, `${name}-${size / 1000}k.Dockerfile`);
      fs.writeFileSync(f, make(size));
      large.push(f);
    }
}

function run(dist: string, args: string[], cwd = ROOT): string {
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), '--no-color', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

let compared = 0;
let differ = 0;
function same(what: string, a: string, b: string): void {
  compared++;
  if (a === b) return;
  differ++;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  console.log(`DIFFERS: ${what} at char ${i}\n  old: ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 120))}\n  new: ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 120))}`);
}

// Each format over the whole corpus in one run (as CI runs it), and over each large file alone.
const groups = [corpus, ...extra, ...large.map((f) => [f])];
for (const inputs of groups) {
  const label = inputs.length > 1 ? `corpus (${inputs.length} files)` : path.basename(inputs[0]);
  for (const format of ['text', 'json', 'sarif', 'github', 'gitlab']) same(`${label} --format ${format}`, run(oldDist, ['--format', format, ...inputs]), run(newDist, ['--format', format, ...inputs]));
  same(`${label} --fix-dry-run`, run(oldDist, ['--fix-dry-run', ...inputs]), run(newDist, ['--fix-dry-run', ...inputs]));
}
// --fix on a copy of each file (in a directory of its own, with its build context's files when it has any).
for (const f of [...corpus.map((c) => path.join(ROOT, c)), ...extra.flat(), ...large]) {
  const outs = [oldDist, newDist].map((dist, k) => {
    const dir = path.join(tmp, `fix-${k}`);
    fs.rmSync(dir, { recursive: true, force: true });
    // A file named Dockerfile has its own directory (examples/, the build corpus): its context comes along.
    if (path.basename(f) === 'Dockerfile') fs.cpSync(path.dirname(f), dir, { recursive: true });
    else fs.mkdirSync(dir, { recursive: true });
    if (!fs.existsSync(path.join(dir, path.basename(f)))) fs.copyFileSync(f, path.join(dir, path.basename(f)));
    const copy = path.join(dir, path.basename(f));
    const report = run(dist, ['--fix', '--format', 'json', copy], dir).split(dir).join('<dir>');
    return `${report}\n--- fixed file\n${fs.readFileSync(copy, 'utf8')}`;
  });
  same(`--fix ${path.relative(ROOT, f)}`, outs[0], outs[1]);
}
console.log(`${compared} outputs compared (${corpus.length} corpus files${extra.length ? `, ${extra.flat().length} extra files` : ''}${large.length ? `, ${large.length} large files` : ''}): ${differ ? `${differ} DIFFER` : 'all byte-identical'}`);
process.exit(differ ? 1 : 0);
