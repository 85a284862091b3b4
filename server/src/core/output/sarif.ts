/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, every rule in
 * `tool.driver.rules` (id, short description, help URI, default level), one result per finding with
 * its region and `properties.wastedBytes` (null when unknown). Pure: paths are given as shown.
 */
import type { Analysis } from '../analyze';
import { ruleDocsUrl, REPOSITORY_URL } from '../rules/docs';
import { ALL_RULES } from '../rules/index';
import type { Severity } from '../rules/types';
import { findingRange, wastedBytes } from './json';

export type SarifLevel = 'error' | 'warning' | 'note' | 'none';

export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** A relative path as a URI reference (forward slashes, each segment percent-encoded). */
export function pathToUri(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(slashed)) return 'file:///' + slashed.split('/').map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
  const abs = slashed.startsWith('/');
  const enc = slashed.split('/').map(encodeURIComponent).join('/');
  return abs ? 'file://' + enc : enc;
}

export interface SarifOptions {
  toolVersion: string;
}

export function sarifReport(files: { path: string; analysis: Analysis }[], options: SarifOptions): Record<string, unknown> {
  const rules: Record<string, unknown>[] = ALL_RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.description },
    helpUri: ruleDocsUrl(r.meta.id),
    help: { text: `${r.meta.description} See ${ruleDocsUrl(r.meta.id)}` },
    defaultConfiguration: { level: sarifLevel(r.meta.defaultSeverity) },
    properties: { tags: ['docker', 'image-size'], fixable: r.meta.fixable, ...(r.meta.hadolint ? { hadolint: r.meta.hadolint } : {}) },
  }));
  const index = new Map(ALL_RULES.map((r, i) => [r.meta.id, i]));
  const results: Record<string, unknown>[] = [];
  const artifacts: Record<string, unknown>[] = [];
  for (const { path, analysis } of files) {
    const uri = pathToUri(path);
    artifacts.push({ location: { uri }, mimeType: 'text/x-dockerfile' });
    for (const f of analysis.findings) {
      let ruleIndex = index.get(f.rule);
      if (ruleIndex === undefined) {
        // e.g. `internal-error`: a rule that failed; still a valid, described rule entry.
        ruleIndex = rules.length;
        index.set(f.rule, ruleIndex);
        rules.push({ id: f.rule, shortDescription: { text: f.rule }, helpUri: REPOSITORY_URL, defaultConfiguration: { level: 'note' } });
      }
      const r = findingRange(analysis, f);
      const region: Record<string, number> = { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: Math.max(r.endColumn, r.endLine === r.line ? r.column : 1) };
      results.push({
        ruleId: f.rule,
        ruleIndex,
        level: sarifLevel(f.severity),
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri, index: artifacts.length - 1 }, region } }],
        properties: { wastedBytes: wastedBytes(f), severity: f.severity },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerfile-size-hints',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
