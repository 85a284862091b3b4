/**
 * Every rule over real official-image Dockerfiles (docker-library, nodejs/docker-node, nginx,
 * MariaDB/mariadb-docker, osrf/docker_images for ros; each fixture's first line names its source): they
 * are written by people who care about size and clean up in the same RUN, so any warning or error
 * here is a false positive. Info/hint findings are allowed only from rules about the base image
 * choice of the shipped image (e.g. buildpack-deps FROM debian:bookworm rather than -slim).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { positionAt } from '../parse/dockerfile';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/official');
const BASE_CHOICE_RULES = new Set(['large-base-image']);
/**
 * Hint-level suggestions of other rules that official images deliberately do not follow (reviewed,
 * not size false positives). Only at severity 'hint'; anything stronger fails. Owners may tighten this.
 */
const ACCEPTED_HINTS: Record<string, string> = {
  'cache-mount-available': 'official images avoid BuildKit-only RUN --mount syntax by policy and already clean caches',
  'consecutive-run': 'official images keep separate RUNs on purpose (conditional gpg install, symlink step)',
};

/**
 * Findings an official image really has, on purpose (reviewed one by one; fixture → rule and line).
 * Keep this list short and specific: a new finding anywhere else still fails.
 */
const DELIBERATE: Record<string, { rule: string; line: number; reason: string }[]> = {
  'python-3.12-bookworm.Dockerfile': [
    {
      rule: 'build-tools-in-final-image',
      line: 8,
      reason:
        'the full python:<v> variant is a toolchain image by design (FROM buildpack-deps, "-dev" libraries so pip can compile extensions); ' +
        'the finding is the base-choice advice on FROM (python:<v>-slim is the runtime counterpart)',
    },
  ],
};

const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.Dockerfile'));

test('official fixtures are present', () => {
  assert.ok(files.length >= 5, `fixtures in ${FIXTURES}`);
});

for (const file of files) {
  test(`official image ${file}: no findings except base-image advice`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const { findings, parsed } = analyzeDockerfile(text);
    const deliberate = DELIBERATE[file] ?? [];
    // Info/hint only: a deliberate choice is advice, never a warning.
    const isDeliberate = (d: { rule: string; line: number }, f: (typeof findings)[number]) =>
      d.rule === f.rule && d.line === positionAt(parsed.lineStarts, f.start).line + 1 && (f.severity === 'info' || f.severity === 'hint');
    // An entry that no longer matches anything is stale: remove it rather than let it hide a future finding.
    assert.deepEqual(deliberate.filter((d) => !findings.some((f) => isDeliberate(d, f))).map((d) => `${d.rule} line ${d.line}`), [], 'stale DELIBERATE entries');
    const bad = findings.filter(
      (f) =>
        !deliberate.some((d) => isDeliberate(d, f)) &&
        (f.rule === 'internal-error' ||
        f.severity === 'warning' ||
        f.severity === 'error' ||
          !(BASE_CHOICE_RULES.has(f.rule) || (f.severity === 'hint' && ACCEPTED_HINTS[f.rule]))),
    );
    assert.deepEqual(
      bad.map((f) => `${f.rule} (${f.severity}) line ${positionAt(parsed.lineStarts, f.start).line + 1}: ${f.message}`),
      [],
    );
  });
}
