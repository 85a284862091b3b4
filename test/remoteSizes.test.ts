// scripts/data/repo-info/remote-sizes.json is transcribed from repo-info reports by hand (GitHub is not reachable
// here): these checks catch a mistyped number or a stale report filed under a tag of another OS release.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseTag } from '../server/src/core/data/baseImages';

const root = path.resolve(import.meta.dirname, '..');
const remote = JSON.parse(readFileSync(path.join(root, 'scripts/data/repo-info/remote-sizes.json'), 'utf8'));
const official = JSON.parse(readFileSync(path.join(root, 'scripts/data/official-images/tag-groups.json'), 'utf8'));
type Entry = { path: string; commit: string | null; os: string; platforms: Record<string, number>; layers?: number[]; created?: string };
const entries = Object.entries(remote.images as Record<string, Entry>);

test('every transcribed amd64 layer list adds up to the Total Size the report states', () => {
  const listed = entries.filter(([, e]) => Array.isArray(e.layers)).map(([k, e]) => ({ k, sum: e.layers!.reduce((a, b) => a + b, 0), total: e.platforms['linux/amd64'] }));
  assert.deepEqual(listed.filter((l) => l.sum !== l.total).map((l) => `${l.k}: layers ${l.sum} vs ${l.total}`), []);
  assert.ok(listed.length >= 10);
});

test('each entry names the report it was read from, at a commit, with an amd64 size', () => {
  for (const [key, e] of entries) {
    const [repo, tag] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    if ((e as { derived?: unknown }).derived) continue;
    assert.match(e.path, new RegExp(`^repos/${repo}/(remote/[^/]+|tag-details)\\.md$`), key);
    assert.ok(e.commit === null || /^[0-9a-f]{40}$/.test(e.commit), `${key}: commit ${e.commit}`);
    assert.ok(Number.isInteger(e.platforms['linux/amd64']) && e.platforms['linux/amd64'] > 0, `${key}: amd64 size`);
    assert.ok(tag.length > 0);
  }
});

test("an entry's OS release is the one its official tag group names (no stale report under a newer tag)", () => {
  const wrong: string[] = [];
  for (const [key, e] of entries) {
    const repo = key.slice(0, key.indexOf(':'));
    const tag = key.slice(key.indexOf(':') + 1);
    const group = (official.groups[repo] as string[][] | undefined)?.find((g) => g.includes(tag));
    if (!group) continue;
    const release = group.map((t) => parseTag(t).os?.release).find(Boolean);
    if (release && !e.os.includes(release)) wrong.push(`${key}: group ${release}, report ${e.os}`);
  }
  assert.deepEqual(wrong, []);
});

test('an entry whose own tag names an OS release was built on that release (the 2023 reports of end-of-life lines too)', () => {
  const wrong: string[] = [];
  let pinned = 0;
  for (const [key, e] of entries) {
    const os = parseTag(key.slice(key.indexOf(':') + 1)).os;
    if (!os?.release) continue;
    pinned++;
    // alpine3.17 → alpine-3.17[.x]; bullseye → debian-bullseye; focal → ubuntu-20.04-focal
    const ok = os.family === 'alpine' ? new RegExp(`^alpine-${os.release.replace('.', '\\.')}(\\.|$)`).test(e.os) : e.os.includes(os.release);
    if (!ok) wrong.push(`${key}: tag ${os.family} ${os.release}, report ${e.os}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(pinned >= 100, `${pinned} entries name an OS release`);
});

test('entries read from older reports carry the date of the build they show', () => {
  const old = entries.filter(([, e]) => e.commit?.startsWith('72e4be79b9c8'));
  assert.ok(old.length >= 150, `${old.length} entries from the 2023-01 reports`);
  for (const [key, e] of old) assert.match(e.created ?? '', /^20(19|2[0-3])-\d\d/, key);
});
