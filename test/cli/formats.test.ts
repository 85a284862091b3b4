import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cli } from './helpers';

test('github: one ::warning/::error/::notice annotation per finding, with file and line', () => {
  const r = cli(['--format', 'github', 'examples']);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const json = JSON.parse(cli(['--format', 'json', 'examples']).stdout) as { files: { path: string; findings: { severity: string; line: number }[] }[] };
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, json.files.reduce((n, f) => n + f.findings.length, 0));
  for (const l of lines) assert.match(l, /^::(warning|error|notice) file=examples\/[^,]+\/Dockerfile,line=\d+,col=\d+,endLine=\d+(,endColumn=\d+)?,title=dockerfile-size-hints%3A [a-z0-9-]+::\S/);
  assert.ok(lines.some((l) => l.startsWith('::warning ')));
});

test('github: budgets exceeded become ::error annotations', () => {
  const r = cli(['--format', 'github', '--fail-on', 'none', '--max-size', '1kB', 'examples/apt-lists-kept/Dockerfile']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^::error file=examples\/apt-lists-kept\/Dockerfile,title=dockerfile-size-hints%3A budget::.*--max-size/m);
});

test('gitlab: Code Quality issues with unique fingerprints', () => {
  const r = cli(['--format', 'gitlab', 'examples']);
  const issues = JSON.parse(r.stdout) as { description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }[];
  assert.ok(Array.isArray(issues) && issues.length > 0);
  for (const i of issues) {
    assert.ok(i.description && i.check_name);
    assert.match(i.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
    assert.match(i.location.path, /^examples\/.+\/Dockerfile$/);
    assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
  }
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
  // Stable across runs.
  assert.deepEqual(JSON.parse(cli(['--format', 'gitlab', 'examples']).stdout).map((i: { fingerprint: string }) => i.fingerprint), issues.map((i) => i.fingerprint));
});
