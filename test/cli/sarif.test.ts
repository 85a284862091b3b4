import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { cli, exampleDockerfiles, validateSarif } from './helpers';

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string }; helpUri: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[]; properties: { wastedBytes: number | null } }[];
  }[];
}

test('sarif on examples/ is valid SARIF 2.1.0 (official schema) with rules, regions and wastedBytes', () => {
  const r = cli(['--format', 'sarif', 'examples']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const log = JSON.parse(r.stdout) as Sarif;
  assert.equal(validateSarif(log), '');
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'dockerfile-size-hints');
  for (const rule of ALL_RULES) {
    const d = run.tool.driver.rules.find((x) => x.id === rule.meta.id);
    assert.ok(d, `rule ${rule.meta.id} described`);
    assert.equal(d.shortDescription.text, rule.meta.description);
    assert.match(d.helpUri, new RegExp(`docs/rules/${rule.meta.id}\\.md$`));
  }
  assert.ok(run.results.length > 0);
  const json = JSON.parse(cli(['--format', 'json', 'examples']).stdout) as { files: { path: string; findings: { rule: string; line: number; wastedBytes: number | null }[] }[] };
  assert.equal(run.results.length, json.files.reduce((n, f) => n + f.findings.length, 0), 'one result per finding');
  const files = new Set(exampleDockerfiles());
  for (const res of run.results) {
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    const loc = res.locations[0].physicalLocation;
    assert.ok(files.has(loc.artifactLocation.uri), `relative uri ${loc.artifactLocation.uri}`);
    assert.ok(loc.region.startLine >= 1 && loc.region.endLine >= loc.region.startLine);
    assert.ok('wastedBytes' in res.properties);
    const match = json.files.find((f) => f.path === loc.artifactLocation.uri)!.findings.find((f) => f.rule === res.ruleId && f.line === loc.region.startLine);
    assert.ok(match, `${res.ruleId} at ${loc.artifactLocation.uri}:${loc.region.startLine} is a JSON finding too`);
    assert.equal(res.properties.wastedBytes, match.wastedBytes);
  }
});

test('sarif with no findings and with standard input is still valid', () => {
  const clean = cli(['--format', 'sarif', '-'], { input: 'FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /busybox\n' });
  assert.equal(validateSarif(JSON.parse(clean.stdout)), '');
  const empty = cli(['--format', 'sarif', '-'], { input: '# nothing\n' });
  assert.equal(validateSarif(JSON.parse(empty.stdout)), '');
});
