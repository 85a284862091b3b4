/**
 * GitLab Code Quality report (a JSON array of issues): description, check_name, fingerprint,
 * severity (info|minor|major|critical|blocker) and location.path + lines.begin.
 */
import { createHash } from 'node:crypto';
import type { Analysis } from '../analyze';
import type { Severity } from '../rules/types';
import { findingRange, wastedBytes } from './json';
import { safeText } from './safeText';

export interface GitlabIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  categories: string[];
  location: { path: string; lines: { begin: number; end: number } };
}

export function gitlabSeverity(s: Severity): GitlabIssue['severity'] {
  return s === 'error' ? 'major' : s === 'warning' ? 'minor' : 'info';
}

export function gitlabReport(files: { path: string; analysis: Analysis }[]): GitlabIssue[] {
  const out: GitlabIssue[] = [];
  const seen = new Map<string, number>();
  for (const { path, analysis } of files) {
    const p = path.replace(/\\/g, '/');
    for (const f of analysis.findings) {
      const r = findingRange(analysis, f);
      // Stable across runs and unaffected by line shifts elsewhere: path, rule, the flagged text.
      const base = `${p}\0${f.rule}\0${analysis.parsed.text.slice(f.start, f.end)}\0${f.message}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const w = wastedBytes(f);
      out.push({
        type: 'issue',
        description: `${f.rule}: ${safeText(f.message)}`,
        check_name: f.rule,
        fingerprint: createHash('md5').update(`${base}\0${n}`).digest('hex'),
        severity: gitlabSeverity(f.severity),
        categories: w !== null || f.waste ? ['Performance'] : ['Style'],
        location: { path: p, lines: { begin: r.line, end: r.endLine } },
      });
    }
  }
  return out;
}
