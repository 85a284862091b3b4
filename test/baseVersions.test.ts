/** scripts/gen-base-versions.mjs: the bases' installed versions, made from repo-info reports and shipped in base-packages.json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
// @ts-expect-error plain ESM script without type declarations
import { extractFromReport, parseRepoInfoReport } from '../scripts/gen-base-versions.mjs';
import { compareDebVersions } from '../server/src/core/data/debVersion';

const ROOT = path.resolve(__dirname, '..');
const json = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8'));

// Two sections in the layout of repo-info's local reports (repos/ubuntu/local/22.04.md), licences and sources cut.
const REPORT = [
  '# `ubuntu:22.04`',
  '',
  '## Docker Metadata',
  '',
  '- Created: `2026-07-31T21:53:12.336585804Z`',
  '',
  '## `dpkg` (`.deb`-based packages)',
  '',
  '### `dpkg` source package: `apt=2.4.14`',
  '',
  'Binary Packages:',
  '',
  '- `apt=2.4.14`',
  '- `libapt-pkg6.0:amd64=2.4.14`',
  '',
  'Licenses: (parsed from: `/usr/share/doc/apt/copyright`)',
  '',
  '- `GPL-2`',
  '',
  '### `dpkg` source package: `util-linux=2.37.2-4ubuntu3.5`',
  '',
  'Binary Packages:',
  '',
  '- `bsdutils=1:2.37.2-4ubuntu3.5`',
  '- `libblkid1:amd64=2.37.2-4ubuntu3.5`',
  '',
].join('\n');

test('a report\'s dpkg sections become source -> binaries with their versions (arch suffix dropped, licence lines ignored)', () => {
  assert.deepEqual(parseRepoInfoReport(REPORT), {
    apt: { version: '2.4.14', binaries: { apt: '2.4.14', 'libapt-pkg6.0': '2.4.14' } },
    'util-linux': { version: '2.37.2-4ubuntu3.5', binaries: { bsdutils: '1:2.37.2-4ubuntu3.5', libblkid1: '2.37.2-4ubuntu3.5' } },
  });
  const meta = { repo: 'docker-library/repo-info', path: 'repos/ubuntu/local/22.04.md', commit: 'c577a25d6e0750ec8a3e8f6617f0ae999f9f76de' };
  const ex = extractFromReport(meta, REPORT, 'test');
  assert.match(ex.read, /2 source packages, 4 binaries/);
  assert.match(ex.header, /Created: `2026-07-31/);
  // A section the parser cannot read is an error, not a silently shorter list.
  assert.throws(() => extractFromReport(meta, REPORT.replace('`apt=2.4.14`\n', '`apt`\n'), 'test'), /2 dpkg sections, 1 parsed/);
});

test('ubuntu:22.04: the shipped versions are those of the extract made from repo-info 22.04.md@c577a25d, the report base-images.json cites', () => {
  const ex = json('scripts/data/repo-info/ubuntu-jammy-22.04@c577a25.json');
  assert.equal(ex.path, 'repos/ubuntu/local/22.04.md');
  assert.equal(ex.commit, 'c577a25d6e0750ec8a3e8f6617f0ae999f9f76de');
  const fromReport: Record<string, string> = Object.assign({}, ...Object.values(ex.sources as Record<string, { binaries: Record<string, string> }>).map((s) => s.binaries));
  const img = json('server/data/base-packages.json').images['ubuntu:22.04'];
  assert.deepEqual(img.versions, fromReport);
  assert.deepEqual(img.packages, Object.keys(fromReport).sort());
  assert.equal(img.packages.length, 101);
  assert.match(img.versionsSource, /22\.04\.md@c577a25d6e0750ec8a3e8f6617f0ae999f9f76de \(the build of 2026-07-31\)/);
  assert.match(img.source, /22\.04\.md@c577a25d/);
  assert.match(json('server/data/base-images.json').images['ubuntu:22.04'].uncompressedSource, /22\.04\.md@c577a25d/);
});

test('every recorded Ubuntu base binary is in its release\'s archive table, built from the source the report names, never newer than the archive', () => {
  const images = json('server/data/base-packages.json').images;
  const suites = json('server/data/apt/base-sources.json').suites;
  const releases: [string, string][] = [['ubuntu:20.04', 'focal'], ['ubuntu:22.04', 'jammy'], ['ubuntu:24.04', 'noble'], ['ubuntu:26.04', 'resolute']];
  const jammySources = json('scripts/data/repo-info/ubuntu-jammy-22.04@c577a25.json').sources as Record<string, { binaries: Record<string, string> }>;
  for (const [key, suite] of releases) {
    const archive = new Map<string, { source: string; version: string }>();
    for (const [source, entry] of Object.entries(suites[suite] as Record<string, { base: Record<string, string> }>)) {
      for (const [bin, version] of Object.entries(entry.base)) archive.set(bin, { source, version });
    }
    for (const [bin, recorded] of Object.entries(images[key].versions as Record<string, string>)) {
      const a = archive.get(bin);
      assert.ok(a, `${key} ${bin}: not in ${suite}'s archive table`);
      assert.ok(compareDebVersions(a.version, recorded) >= 0, `${key} ${bin}: recorded ${recorded} is newer than ${suite}'s ${a.version}`);
      if (suite === 'jammy') assert.ok(bin in (jammySources[a.source]?.binaries ?? {}), `${bin}: the archive builds it from ${a.source}`);
    }
  }
});
