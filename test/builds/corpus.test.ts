// The fix corpus is complete and well-formed without building anything (the builds: npm run test:builds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/core/rules';
import { localFrom, RPM_TOOLS_IMAGE, staleBaseDirs, usesRpmTools } from '../docker/engine.mjs';
import { builderFor, loadCases, needsBuildKit, needsHeredoc, UNBUILDABLE_RULES, variants, withoutSyntaxDirective } from './corpus';

const cases = loadCases();

test('at least 60 cases, each with a Dockerfile whose base has a local stand-in, and a probe or an expected failure', () => {
  assert.ok(cases.length >= 60, `${cases.length} cases`);
  for (const c of cases) {
    assert.match(c.text, /^\s*FROM\s+(?:debian:bookworm|fedora|rockylinux|almalinux|opensuse\/)/im, c.name);
    assert.match(localFrom(c.text), /^\s*FROM\s+localhost\//im, `${c.name}: the built copy starts from a local image`);
    assert.ok(c.probe || c.expectFail, `${c.name}: needs a probe or expect-fail`);
    assert.ok(!(c.probe && c.expectFail), `${c.name}: a case that must fail has nothing to probe`);
  }
});

test('every failure class of issue 13 has cases', () => {
  for (let k = 1; k <= 10; k++) assert.ok(cases.some((c) => c.meta.classes?.includes(k)), `class ${k}`);
});

test('every fixable rule that a Debian build can exercise offers a fix in some case, and that fix is built', () => {
  const offered = new Set<string>();
  const built = new Set<string>();
  for (const c of cases) {
    const v = variants(c);
    v.offered.forEach((r) => offered.add(r));
    v.rules.forEach((r) => built.add(r));
  }
  const fixable = ALL_RULES.filter((r) => r.meta.fixable).map((r) => r.meta.id);
  for (const id of Object.keys(UNBUILDABLE_RULES)) assert.ok(fixable.includes(id), `${id} is not a fixable rule`);
  for (const id of fixable.filter((r) => !(r in UNBUILDABLE_RULES))) {
    assert.ok(offered.has(id), `no case makes ${id} offer a fix`);
    assert.ok(built.has(id), `no case builds the fix of ${id}`);
  }
});

test('known failures name existing cases and say why', () => {
  const file = join(__dirname, 'known-failures.txt');
  if (!existsSync(file)) return;
  const names = new Set(cases.map((c) => c.name));
  for (const line of readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
    const [name, label, why] = line.split('|').map((s) => s.trim());
    assert.ok(names.has(name), `unknown case ${name}`);
    assert.ok(label && why, `"${line}": case | label prefix | reason`);
  }
});

test('builds use the local base image; BuildKit-only syntax is recognised', () => {
  assert.equal(localFrom('FROM debian:bookworm AS b\nfrom debian:bookworm-slim\nFROM node:20\n'), 'FROM localhost/debian:bookworm AS b\nfrom localhost/debian:bookworm-slim\nFROM node:20\n');
  // The rpm distributions' images: one local tools image (Debian's dnf and zypper, a local repository).
  assert.equal(
    localFrom('FROM fedora:40\nFROM docker.io/library/rockylinux:9 AS r\nfrom almalinux\nFROM opensuse/leap:15.6\nFROM opensuse/tumbleweed\nFROM fedora-toolbox:40\nFROM centos:7\n'),
    `FROM ${RPM_TOOLS_IMAGE}\nFROM ${RPM_TOOLS_IMAGE} AS r\nfrom ${RPM_TOOLS_IMAGE}\nFROM ${RPM_TOOLS_IMAGE}\nFROM ${RPM_TOOLS_IMAGE}\nFROM fedora-toolbox:40\nFROM centos:7\n`,
  );
  assert.ok(usesRpmTools('FROM fedora:40\nRUN dnf install -y tree\n') && !usesRpmTools('FROM debian:bookworm\n'));
  assert.ok(needsBuildKit('FROM x\nRUN --mount=type=cache,target=/root/.npm npm ci\n'));
  assert.ok(needsBuildKit('FROM x\nCOPY --chmod=755 a /a\n'));
  assert.ok(needsBuildKit('FROM x\nRUN <<EOF\necho\nEOF\n'));
  assert.ok(!needsBuildKit('FROM x\nRUN echo a <b\nCOPY --chown=1:1 a /a\n'));
});

test('BuildKit-only texts go to BuildKit (trixie dockerd), or to podman on request except heredocs; the rest to the classic builder', () => {
  const heredoc = 'FROM x\nRUN <<EOF\necho\nEOF\n';
  const mount = 'FROM x\nRUN --mount=type=cache,target=/root/.npm npm ci\n';
  const plain = 'FROM x\nRUN npm ci\n';
  assert.ok(needsHeredoc(heredoc) && needsHeredoc('FROM x\nCOPY <<-"EOT" /a\nhi\nEOT\n') && !needsHeredoc(mount) && !needsHeredoc('FROM x\nRUN cat <b\n'));
  const table: Array<[string, string, boolean, string]> = [
    [plain, plain, false, 'docker'],
    [plain, mount, false, 'buildkit'],
    [mount, plain, false, 'buildkit'], // the original needs BuildKit: every variant is built alike
    [heredoc, heredoc, false, 'buildkit'],
    [plain, heredoc, false, 'buildkit'],
    [heredoc, mount, false, 'buildkit'],
    [plain, mount, true, 'podman'],
    [mount, plain, true, 'podman'],
    [heredoc, mount, true, 'buildkit'], // buildah 1.28 reads heredoc bodies as instructions
    [plain, heredoc, true, 'buildkit'],
    [plain, plain, true, 'docker'],
  ];
  for (const [orig, text, podman, want] of table) assert.equal(builderFor(orig, text, { podman }), want, `${JSON.stringify(text)} (podman: ${podman})`);
});

test('the BuildKit copy drops only the # syntax= directive (Docker Hub is not reachable), keeping BOM and escape', () => {
  const table: Array<[string, string]> = [
    ['# syntax=docker/dockerfile:1\nFROM x\n# syntax=not-a-directive\n', 'FROM x\n# syntax=not-a-directive\n'],
    ['\uFEFF# escape=`\n#syntax = docker/dockerfile:1.7\nFROM x\n', '\uFEFF# escape=`\nFROM x\n'],
    ['FROM x\nRUN <<EOF\n# syntax=y\nEOF\n', 'FROM x\nRUN <<EOF\n# syntax=y\nEOF\n'],
    ['# check=skip=all\n  # Syntax=a\nFROM x\n', '# check=skip=all\nFROM x\n'],
  ];
  for (const [text, want] of table) assert.equal(withoutSyntaxDirective(text), want, JSON.stringify(text));
});

test('case names can be image names (run.mjs tags dsh-build/<case>: lower case, digits, . _ -)', () => {
  // c9-dash-C-checkout made `docker build -t` fail with a usage error: its original never built.
  for (const c of cases) assert.match(c.name, /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, `case name ${c.name}`);
});

test('base folders older than yesterday are pruned; today\'s, yesterday\'s and other cache entries stay', () => {
  const names = ['bases-2026-12-06-1a2b3c4d', 'bases-2026-12-05-1a2b3c4d', 'bases-2026-12-04-1a2b3c4d', 'bases-2025-01-31-00ff00ff', 'apt-cache', 'dockerd-trixie', 'bases-2026-12-01-notahex!'];
  assert.deepEqual(staleBaseDirs(names, new Date('2026-12-06T00:30:00Z')), ['bases-2026-12-04-1a2b3c4d', 'bases-2025-01-31-00ff00ff']);
  assert.deepEqual(staleBaseDirs(names, new Date('2026-12-07T23:59:00Z')), ['bases-2026-12-05-1a2b3c4d', 'bases-2026-12-04-1a2b3c4d', 'bases-2025-01-31-00ff00ff']);
});
