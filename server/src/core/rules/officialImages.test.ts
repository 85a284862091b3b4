/**
 * Every rule over real official-image Dockerfiles (docker-library, nodejs/docker-node, nginx): they
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

const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.Dockerfile'));

test('official fixtures are present', () => {
  assert.ok(files.length >= 5, `fixtures in ${FIXTURES}`);
});

for (const file of files) {
  test(`official image ${file}: no findings except base-image advice`, () => {
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const { findings, parsed } = analyzeDockerfile(text);
    const bad = findings.filter(
      (f) =>
        f.rule === 'internal-error' ||
        f.severity === 'warning' ||
        f.severity === 'error' ||
        !(BASE_CHOICE_RULES.has(f.rule) || (f.severity === 'hint' && ACCEPTED_HINTS[f.rule])),
    );
    assert.deepEqual(
      bad.map((f) => `${f.rule} (${f.severity}) line ${positionAt(parsed.lineStarts, f.start).line + 1}: ${f.message}`),
      [],
    );
  });
}
