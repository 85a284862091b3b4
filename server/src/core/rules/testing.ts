/**
 * Rule tests as annotated Dockerfiles (rust-analyzer style): the expected finding is written as
 * carets under the span it covers, followed by the rule id and optionally a message fragment:
 *
 *     RUN apt-get update && apt-get install -y curl
 *     #   ^^^^^^^^^^^^^^ apt-lists-kept: package lists
 *
 * Annotation lines are removed before analysis. A span that continues past its line is marked up
 * to the line's end. Fix tests are before/after pairs.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDockerfile, type AnalysisSettings } from '../analyze';
import { BuildContext } from '../context/buildContext';
import { applyEdits } from '../fixes/applyEdits';
import { computeLineStarts } from '../parse/dockerfile';
import { isSafeFix, type Finding } from './types';

export type RuleCase = string | { code: string; files?: Record<string, string>; settings?: AnalysisSettings; name?: string };

interface Expected {
  line: number;
  startCol: number;
  endCol: number;
  toLineEnd: boolean;
  rule: string;
  message?: string;
}

const ANNOTATION = /^\s*#(\s*)(\^+)\s+([a-z0-9-]+)(?::\s*(.*))?\s*$/;

/** Removes common leading indentation and a leading newline, so cases read well in template strings. */
export function dedent(s: string): string {
  const text = s.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = text.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

export function parseAnnotated(source: string): { text: string; expected: Expected[] } {
  const lines = dedent(source).split('\n');
  const kept: string[] = [];
  const expected: Expected[] = [];
  for (const line of lines) {
    const m = ANNOTATION.exec(line);
    if (m && kept.length) {
      const target = kept[kept.length - 1];
      const startCol = line.indexOf('^');
      const endCol = startCol + m[2].length;
      expected.push({ line: kept.length - 1, startCol, endCol, toLineEnd: endCol >= target.replace(/\r$/, '').length, rule: m[3], message: m[4]?.trim() || undefined });
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), expected };
}

function withContext<T>(files: Record<string, string> | undefined, fn: (ctx: BuildContext | undefined, dir?: string) => T): T {
  if (!files) return fn(undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-rule-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
    }
    return fn(new BuildContext(dir, path.join(dir, 'Dockerfile')), dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function findingsFor(code: string, files?: Record<string, string>, settings: AnalysisSettings = {}): { text: string; findings: Finding[] } {
  return withContext(files, (context) => {
    const a = analyzeDockerfile(code, settings, { context });
    return { text: code, findings: a.findings };
  });
}

function describeFinding(text: string, f: Finding): string {
  const starts = computeLineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= f.start) line++;
  return `${f.rule}@${line + 1}:${f.start - starts[line]} "${text.slice(f.start, f.end).split('\n')[0]}" — ${f.message}`;
}

function matches(text: string, f: Finding, e: Expected): boolean {
  if (f.rule !== e.rule) return false;
  const starts = computeLineStarts(text);
  const start = starts[e.line] + e.startCol;
  if (f.start !== start) return false;
  const lineEnd = (starts[e.line + 1] ?? text.length + 1) - 1;
  const end = e.toLineEnd ? Math.min(f.end, lineEnd) : f.end;
  if (e.toLineEnd ? f.end < lineEnd - (text[lineEnd - 1] === '\r' ? 1 : 0) && f.end !== starts[e.line] + e.endCol : end !== starts[e.line] + e.endCol) return false;
  return !e.message || f.message.includes(e.message);
}

/**
 * Registers node:test tests for one rule: every `valid` case produces no finding of the rule;
 * every `invalid` case produces exactly the annotated findings of the rule.
 */
export function ruleTests(ruleId: string, cases: { valid: RuleCase[]; invalid: RuleCase[] }): void {
  const norm = (c: RuleCase) => (typeof c === 'string' ? { code: c } : c);
  cases.valid.map(norm).forEach((c, i) => {
    test(`${ruleId}: valid ${c.name ?? i + 1}`, () => {
      const { text, expected } = parseAnnotated(c.code);
      assert.deepEqual(expected.filter((e) => e.rule === ruleId), [], 'valid cases carry no annotations for the rule');
      const { findings } = findingsFor(text, c.files, c.settings);
      const mine = findings.filter((f) => f.rule === ruleId);
      assert.deepEqual(mine.map((f) => describeFinding(text, f)), [], `unexpected ${ruleId} in:\n${text}`);
    });
  });
  cases.invalid.map(norm).forEach((c, i) => {
    test(`${ruleId}: invalid ${c.name ?? i + 1}`, () => {
      const { text, expected } = parseAnnotated(c.code);
      const mineExpected = expected.filter((e) => e.rule === ruleId);
      assert.ok(mineExpected.length > 0, 'an invalid case needs at least one annotation');
      const { findings } = findingsFor(text, c.files, c.settings);
      const mine = findings.filter((f) => f.rule === ruleId);
      const unmatched = mineExpected.filter((e) => !mine.some((f) => matches(text, f, e)));
      const extra = mine.filter((f) => !mineExpected.some((e) => matches(text, f, e)));
      assert.deepEqual(
        { missing: unmatched.map((e) => `${e.rule}@${e.line + 1}:${e.startCol}-${e.endCol}${e.message ? ` "${e.message}"` : ''}`), extra: extra.map((f) => describeFinding(text, f)) },
        { missing: [], extra: [] },
        `in:\n${text}`,
      );
    });
  });
}

/** A before/after fix test: applies the named rule's preferred (or titled) fix of its first finding. */
export function fixTests(ruleId: string, cases: { name?: string; before: string; after: string; title?: RegExp; files?: Record<string, string>; safe?: boolean }[]): void {
  cases.forEach((c, i) => {
    test(`${ruleId}: fix ${c.name ?? i + 1}`, () => {
      const before = dedent(c.before);
      const { findings } = findingsFor(before, c.files);
      const f = findings.find((x) => x.rule === ruleId);
      assert.ok(f, `no ${ruleId} finding in:\n${before}`);
      const fix = c.title ? f.fixes.find((x) => c.title!.test(x.title)) : f.fixes.find((x) => x.isPreferred) ?? f.fixes[0];
      assert.ok(fix, `no fix${c.title ? ` matching ${c.title}` : ''} among ${JSON.stringify(f.fixes.map((x) => x.title))}`);
      const after = applyEdits(before, fix.edits);
      assert.equal(after, dedent(c.after));
      if (c.safe !== undefined) assert.equal(isSafeFix(fix), c.safe, `"${fix.title}" is ${isSafeFix(fix) ? 'safe' : 'not safe'}`);
      // The fix removes its finding.
      const again = findingsFor(after, c.files).findings.filter((x) => x.rule === ruleId && x.instructionIndex === f.instructionIndex && x.start === f.start);
      assert.deepEqual(again.map((x) => x.message), [], 'the fixed text no longer has the finding');
    });
  });
}

/**
 * Not-applicable cases (rust-analyzer's check_assist_not_applicable): the rule still reports, but
 * offers no safe fix ("fix all" and `--fix` leave it), optionally no fix at all, or only a
 * suggestion whose title says what to check.
 */
export function noSafeFixTests(ruleId: string, cases: { name: string; code: string; files?: Record<string, string>; noFix?: boolean; title?: RegExp }[]): void {
  for (const c of cases) {
    test(`${ruleId}: no safe fix: ${c.name}`, () => {
      const text = dedent(c.code);
      const mine = findingsFor(text, c.files).findings.filter((f) => f.rule === ruleId);
      assert.ok(mine.length, `no ${ruleId} finding in:\n${text}`);
      const fixes = mine.flatMap((f) => f.fixes);
      assert.deepEqual(fixes.filter(isSafeFix).map((f) => f.title), [], 'no safe fix');
      if (c.noFix) assert.deepEqual(fixes.filter((f) => (f.kind ?? 'quickfix') === 'quickfix').map((f) => f.title), [], 'no quick fix at all');
      if (c.title) assert.ok(fixes.some((f) => c.title!.test(f.title)), `a suggestion titled ${c.title} among ${JSON.stringify(fixes.map((f) => f.title))}`);
    });
  }
}
