/**
 * GitHub Actions workflow commands: one `::warning file=…,line=…::message` annotation per finding
 * (`::error` for errors, `::notice` for info and hints). Values are escaped as the runner expects.
 */
import type { Analysis } from '../analyze';
import { formatBytes } from '../model/format';
import type { Severity } from '../rules/types';
import { findingRange, wastedBytes } from './json';
import { safeText } from './safeText';

/** GitHub's workflow-command encoding of a message: `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, so `::` cannot end the properties early. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommand(severity: Severity): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

export function githubAnnotation(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number | undefined>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(safeText(String(v)))}`)
    .join(',');
  // Control characters (ESC sequences render in the log) become visible text first.
  return `::${kind}${p ? ' ' + p : ''}::${escapeData(safeText(message))}`;
}

export function githubReport(files: { path: string; analysis: Analysis }[]): string[] {
  const out: string[] = [];
  for (const { path, analysis } of files) {
    for (const f of analysis.findings) {
      const r = findingRange(analysis, f);
      const w = wastedBytes(f);
      const saves = w !== null && w > 0 ? ` (wastes ${formatBytes(w)})` : f.waste?.unknown ? ' (wastes an unknown amount)' : '';
      out.push(
        githubAnnotation(
          githubCommand(f.severity),
          { file: path.replace(/\\/g, '/'), line: r.line, col: r.column, endLine: r.endLine, endColumn: r.endLine === r.line ? r.endColumn : undefined, title: `dockerfile-size-hints: ${f.rule}` },
          f.message + saves,
        ),
      );
    }
  }
  return out;
}
