// Rule precision/recall benchmark (not a test): the rules on Dockerfiles nobody here wrote (issue 14).
// Run with `npm run bench:rules`. Corpora and their formats: bench/rules/README.md.
//
//  expert/   — precision above hint: every finding at error/warning/info must be justified in the sidecar's
//              `findings` map (key "line:rule", value: why it is right); unjustified ones are false positives.
//              Also: hints per package manager per file (target <= 1).
//  ordinary/ — recall of the hand-written `warning` annotations by findings at error/warning/info, and precision
//              of those findings (a finding is right when it names an annotated waste, any level, on the
//              annotated line or one of its alsoLines, with a rule that may report that cause; a second finding
//              on a waste already reported counts as a false positive: one waste, one diagnostic).
//
// Each corpus is reported on its tuning part, its held-out part (HELDOUT.txt), the fresh held-out batch collected
// after the first held-out part had been looked at (FRESH.txt), the second fresh batch collected after that one had
// been fixed (FRESH2.txt), the third collected after the second had been fixed (FRESH3.txt), the fourth collected after
// the third had been fixed (FRESH4.txt), the fifth collected after the fourth had been (FRESH5.txt) and the sixth
// collected after the fifth had been (FRESH6.txt), separately.
// Always exits 0.
//   npm run bench:rules              # tables and the lists of misses and false positives
//   npm run bench:rules -- --quiet   # the summary only
//   npm run bench:rules -- --show-heldout   # also list the held-out part's misses and false positives (final report only)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDockerfile } from '../server/src/core/analyze';
import { positionAt } from '../server/src/core/parse/dockerfile';
import type { Finding } from '../server/src/core/rules/types';

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, 'bench', 'rules');
const quiet = process.argv.includes('--quiet');
// The held-out part's individual findings stay hidden unless asked for: they must not steer the tuning.
const showHeldOut = process.argv.includes('--show-heldout');

/** The rules that may report each annotated cause (the cause names the waste, not the rule). */
const RULES_FOR_CAUSE: Record<string, string[]> = {
  'apt-lists': ['apt-lists-kept', 'apt-update-alone', 'delete-in-later-layer'],
  'apt-recommends': ['apt-no-install-recommends'],
  'pip-cache': ['pip-cache-kept', 'delete-in-later-layer'],
  'npm-cache': ['npm-cache-kept'],
  'yarn-cache': ['yarn-cache-kept'],
  'conda-cache': ['conda-cache-kept'],
  'gem-cache': ['gem-cache-kept'],
  'gem-docs': ['gem-docs-installed'],
  'go-cache': ['go-cache-kept'],
  'yum-cache': ['yum-cache-kept', 'dnf-cache-kept', 'rpm-refresh-alone'],
  'apk-cache': ['apk-no-cache'],
  'composer-cache': ['composer-cache-kept'],
  'maven-repo': ['maven-repo-kept'],
  'build-tools': ['build-tools-in-final-image', 'apk-build-deps-kept'],
  'toolchain-in-final': ['build-tools-in-final-image', 'large-base-image'],
  'large-base': ['large-base-image'],
  'cuda-devel': ['cuda-devel-image', 'large-base-image'],
  // build-tools-in-final-image: a maven/gradle image that builds nothing and only runs a jar ("a JRE image of the same Java would do").
  'jdk-for-jre': ['jdk-for-jre', 'large-base-image', 'build-tools-in-final-image'],
  'delete-later': ['delete-in-later-layer'],
  // build-tree-kept: the tree an unpacked download leaves after its installer ran (`unzip awscliv2.zip && ./aws/install`).
  'download-kept': ['download-kept', 'copy-archive-then-extract', 'build-tree-kept'],
  'build-dir-kept': ['delete-in-later-layer', 'build-tree-kept'],
  'chown-later': ['chmod-chown-in-later-layer'],
  'npm-dev-deps': ['npm-dev-dependencies'],
  'package-upgrade': ['package-upgrade'],
  'browser-download': ['browser-download-kept'],
  'git-history': ['git-history-kept'],
};

interface Annotation { line: number; cause: string; level: 'warning' | 'hint'; bytes: string; note: string; alsoLines?: number[] }
interface Sidecar { repo: string; path: string; commit: string; waste?: Annotation[]; findings?: Record<string, string> }
interface Reported { line: number; rule: string; severity: string; message: string; finding: Finding }

/**
 * The eight parts: tuning, the first held-out part (HELDOUT.txt), the fresh batch collected after it (FRESH.txt), a
 * second fresh batch collected after the first one had been looked at and fixed (FRESH2.txt), a third collected
 * after the second had been (FRESH3.txt), a fourth collected after the third had been (FRESH4.txt) and a fifth
 * collected after the fourth had been (FRESH5.txt) and a sixth collected after the fifth had been (FRESH6.txt).
 */
type Part = 'tuning' | 'held-out' | 'fresh held-out' | 'fresh held-out 2' | 'fresh held-out 3' | 'fresh held-out 4' | 'fresh held-out 5' | 'fresh held-out 6';
const PARTS: Part[] = ['tuning', 'held-out', 'fresh held-out', 'fresh held-out 2', 'fresh held-out 3', 'fresh held-out 4', 'fresh held-out 5', 'fresh held-out 6'];

function listFile(dir: string, name: string): Set<string> {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return new Set();
  return new Set(fs.readFileSync(file, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
}

// Files taken from `fetch` snapshots are not committed (the search library's rule for fetched content): only
// their sidecar (repo, path, commit) is. The bench reads them from DSH_BENCH_CORPUS/<corpus>/<name>.Dockerfile
// when that folder holds them, and otherwise says how many it skipped.
const LOCAL_CORPUS = process.env.DSH_BENCH_CORPUS;
const toldMissing = new Set<string>();

function corpus(name: string): { file: string; part: Part; text: string; sidecar: Sidecar }[] {
  const dir = path.join(BENCH, name);
  const held = listFile(dir, 'HELDOUT.txt');
  const fresh = listFile(dir, 'FRESH.txt');
  const fresh2 = listFile(dir, 'FRESH2.txt');
  const fresh3 = listFile(dir, 'FRESH3.txt');
  const fresh4 = listFile(dir, 'FRESH4.txt');
  const fresh5 = listFile(dir, 'FRESH5.txt');
  const fresh6 = listFile(dir, 'FRESH6.txt');
  const missing: string[] = [];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().flatMap((f) => {
    const base = f.slice(0, -'.json'.length);
    const part: Part = fresh6.has(base) ? 'fresh held-out 6' : fresh5.has(base) ? 'fresh held-out 5' : fresh4.has(base) ? 'fresh held-out 4' : fresh3.has(base) ? 'fresh held-out 3' : fresh2.has(base) ? 'fresh held-out 2' : fresh.has(base) ? 'fresh held-out' : held.has(base) ? 'held-out' : 'tuning';
    const candidates = [path.join(dir, base + '.Dockerfile'), ...(LOCAL_CORPUS ? [path.join(LOCAL_CORPUS, name, base + '.Dockerfile')] : [])];
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) {
      missing.push(base);
      return [];
    }
    return [{ file: base, part, text: fs.readFileSync(found, 'utf8'), sidecar: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Sidecar }];
  });
  if (missing.length && !toldMissing.has(name)) toldMissing.add(name), console.log(`${name}: ${missing.length} file(s) not committed and not in DSH_BENCH_CORPUS, skipped: ${missing.join(', ')}`);
  return files;
}

function findingsOf(text: string): Reported[] {
  const a = analyzeDockerfile(text, {});
  return a.findings.map((f) => {
    const instr = a.parsed.instructions[f.instructionIndex];
    const line = (instr ? instr.line : positionAt(a.parsed.lineStarts, f.start).line) + 1;
    return { line, rule: f.rule, severity: f.severity, message: f.message, finding: f };
  });
}

const aboveHint = (r: Reported) => r.severity !== 'hint';
const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);

/** The package manager a hint is about: what the finding says (engine: Finding.manager), not its rule-id prefix. */
function managerOf(r: Reported): string | undefined {
  // Rules about layers or images, not a package manager (consecutive-run, large-base-image, …) carry none.
  return r.finding.manager;
}

function expert(): void {
  const lines: string[] = [];
  for (const part of PARTS) {
    let total = 0, justified = 0, hintFiles = 0, worstHints = 0, hintsTotal = 0, files = 0;
    const unjustified: string[] = [];
    const overHinted: string[] = [];
    for (const c of corpus('expert').filter((c) => c.part === part)) {
      files++;
      const found = findingsOf(c.text);
      for (const r of found.filter(aboveHint)) {
        total++;
        const why = c.sidecar.findings?.[`${r.line}:${r.rule}`];
        if (why) justified++;
        else unjustified.push(`  ${c.file}:${r.line} ${r.severity} ${r.rule}: ${r.message}`);
      }
      const perManager = new Map<string, number>();
      for (const r of found.filter((r) => r.severity === 'hint')) {
        hintsTotal++;
        const m = managerOf(r);
        if (m) perManager.set(m, (perManager.get(m) ?? 0) + 1);
      }
      const most = Math.max(0, ...perManager.values());
      worstHints = Math.max(worstHints, most);
      if (most > 1) { hintFiles++; overHinted.push(`  ${c.file}: ${[...perManager].filter(([, n]) => n > 1).map(([m, n]) => `${m} ×${n}`).join(', ')}`); }
    }
    const label = part;
    lines.push(`expert ${label} (${files} files): ${total} findings above hint, ${justified} justified → precision ${pct(justified, total)}; ${hintsTotal} hints, files with > 1 hint for one manager: ${hintFiles} (worst ${worstHints})`);
    if (!quiet && (part === 'tuning' || showHeldOut)) lines.push(...(unjustified.length ? ['  unjustified (false positives):', ...unjustified] : []), ...(overHinted.length ? ['  more than one hint per manager:', ...overHinted] : []));
  }
  console.log(lines.join('\n'));
}

function ordinary(): void {
  const lines: string[] = [];
  for (const part of PARTS) {
    let annotated = 0, hit = 0, reported = 0, right = 0, files = 0;
    const misses: string[] = [];
    const wrong: string[] = [];
    for (const c of corpus('ordinary').filter((c) => c.part === part)) {
      files++;
      const wastes = c.sidecar.waste ?? [];
      const found = findingsOf(c.text).filter(aboveHint);
      const claimed = new Set<Annotation>();
      for (const r of found) {
        reported++;
        const match = wastes.find((w) => !claimed.has(w) && [w.line, ...(w.alsoLines ?? [])].includes(r.line) && (RULES_FOR_CAUSE[w.cause] ?? []).includes(r.rule));
        if (match) { right++; claimed.add(match); continue; }
        const dup = wastes.find((w) => [w.line, ...(w.alsoLines ?? [])].includes(r.line) && (RULES_FOR_CAUSE[w.cause] ?? []).includes(r.rule));
        wrong.push(`  ${c.file}:${r.line} ${r.severity} ${r.rule}${dup ? ' (second report of one waste)' : ''}: ${r.message}`);
      }
      for (const w of wastes.filter((w) => w.level === 'warning')) {
        annotated++;
        if (claimed.has(w)) hit++;
        else misses.push(`  ${c.file}:${w.line} ${w.cause} (${w.bytes}) ${w.note}`);
      }
    }
    const label = part;
    lines.push(`ordinary ${label} (${files} files): recall ${hit}/${annotated} = ${pct(hit, annotated)}, precision ${right}/${reported} = ${pct(right, reported)} at warning/info`);
    if (!quiet && (part === 'tuning' || showHeldOut)) lines.push(...(misses.length ? ['  misses:', ...misses] : []), ...(wrong.length ? ['  false positives:', ...wrong] : []));
  }
  console.log(lines.join('\n'));
}

expert();
ordinary();
