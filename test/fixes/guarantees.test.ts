/**
 * The guarantees every offered edit keeps (issue 5), checked for every fix of every finding and
 * every refactor, over the examples (LF and CRLF) and over generated Dockerfiles (fast-check):
 *  - the result parses, and dockerfile-utils validate() reports no new problem;
 *  - every shell command and argument is still there, apart from what the fix means to remove
 *    (REMOVABLE below, per rule);
 *  - the fixed finding is gone (fewer findings of its rule) and no other rule reports more;
 *  - CRLF, the escape directive and heredocs are kept;
 *  - fix-all applied twice equals once.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { validate } from 'dockerfile-utils';
import { analyzeDockerfile, type Analysis } from '../../server/src/core/analyze';
import { BuildContext } from '../../server/src/core/context/buildContext';
import { applyEdits } from '../../server/src/core/fixes/applyEdits';
import { fixAll } from '../../server/src/core/fixes/fixAll';
import { RPM_MANAGERS } from '../../server/src/core/model/estimators/rpm';
import type { ModelEnvironment } from '../../server/src/core/model/sizeModel';
import { parseDockerfile } from '../../server/src/core/parse/dockerfile';
import { refactorsAt } from '../../server/src/core/refactors';
import type { Fix } from '../../server/src/core/rules/types';

const ROOT = path.resolve(__dirname, '../..');

/** Commands and words a fix may remove on purpose, by rule (anything else must survive). */
const REMOVABLE: Record<string, { command?: (name: string, argv: string[]) => boolean; word?: (w: string) => boolean }> = {
  // A cache mount makes the cache cleanup pointless (it would empty the mount) and the no-cache flags contradictory.
  'cache-mount-available': {
    command: (name, argv) =>
      name === 'rm' || (/^apt(-get)?$/.test(name) && /clean$/.test(argv[1] ?? '')) || (['npm', 'yarn', 'pip', 'pip3', 'uv'].includes(name) && argv[1] === 'cache') || (name === 'pnpm' && argv[1] === 'store'),
    word: (w) => w === '--no-cache-dir' || w === '--no-cache',
  },
  // `COPY --chown/--chmod` replaces the RUN that changed ownership or mode.
  'chmod-chown-in-later-layer': { command: (name) => name === 'chown' || name === 'chmod' || name === 'chgrp' },
  // An `apt-get update` nothing installs from goes (issue 13: appending an rm left a pointless update).
  'apt-update-alone': { command: (name, argv) => /^apt(-get)?$/.test(name) && argv.includes('update') },
  // A refresh nothing installs from goes (a refresh moved into an install's RUN is still there);
  // A RUN of `set -eux; dnf makecache` or `yum check-update || true` goes whole.
  'rpm-refresh-alone': { command: (name, argv) => name === 'set' || name === 'true' || RPM_MANAGERS.has(name) && argv.some((w) => ['makecache', 'mc', 'check-update', 'check-upgrade', 'refresh', 'ref'].includes(w)) },
  // An `apk update` goes with the no-cache fix when nothing later reads its index (`apk add --no-cache` fetches its own).
  'apk-no-cache': { command: (name, argv) => name === 'apk' && argv.includes('update') },
  // `ADD` of a local archive extracts it: the RUN that only extracted goes.
  'copy-archive-then-extract': { command: (name) => name === 'tar' || name === 'rm' },
};
/**
 * Rules that may report more after another rule's fix, and why (inherent, not a bug):
 *  - consecutive-run after cache-mount-available: RUNs with different --mount flags are never
 *    merged; adding the mount the next RUN already has makes their flags equal, so they become
 *    mergeable. That is the rule's definition, not a side effect to avoid.
 *  - delete-in-later-layer after a fix that appends a cleanup (`rm -rf /var/lib/apt/lists/*`,
 *    `npm cache clean --force`, `dnf clean all`, ...): when an earlier RUN of the stage filled the
 *    same directory, the cleanup now also deletes that layer's files, which stay shipped there.
 *    The new finding is true, and the earlier RUN's own finding (same rule) is where to fix it.
 *  - build-tools-in-final-image after apt-no-install-recommends that keeps build-essential by name
 *    (a later pip install compiles): the tools were installed before as recommends, unseen.
 *  - consecutive-run after rpm-refresh-alone's removal of a RUN that only refreshed: the RUNs before and after it
 *    become neighbours.
 *  - apt-no-install-recommends after large-base-image (a refactor, never preferred): the slim base
 *    lacks packages the full one had, so the same install now brings their recommends too.
 */
const CLEANUP_FIXES = ['apt-lists-kept', 'npm-cache-kept', 'yarn-cache-kept', 'pnpm-store-kept', 'dnf-cache-kept', 'yum-cache-kept', 'zypper-cache-kept', 'conda-cache-kept', 'download-kept'];
const NEW_FINDING_EXCEPTIONS: Record<string, string[]> = {
  'cache-mount-available': ['consecutive-run'],
  // Keeping build-essential/python3-dev by name (a later pip install compiles): they were in the image
  // before too, as python3-pip's recommends; named, build-tools-in-final-image sees them.
  'apt-no-install-recommends': ['build-tools-in-final-image'],
  // One hint per package manager (engine): the npm cache-mount hint folds under the npm-dev-dependencies hint
  // (package.json not read); fixing that one lets the cache-mount hint it stood for show again.
  'npm-dev-dependencies': ['cache-mount-available'],
  // A smaller base has fewer packages: installs on it pull in more (and more recommends).
  'large-base-image': ['apt-no-install-recommends', 'build-tools-in-final-image'],
  // Removing a RUN that only refreshed (nothing installs from it) makes the instructions around it neighbours.
  'rpm-refresh-alone': ['consecutive-run'],
  ...Object.fromEntries(CLEANUP_FIXES.map((rule) => [rule, ['delete-in-later-layer']])),
};
// `RUN dnf install -y tree` then `RUN dnf install -y jq && dnf clean all`: the merge hint of the two RUNs is the same
// waste as the later clean that frees none of the first RUN's cache, folded under dnf-cache-kept (engine: one report
// per waste); once the first RUN cleans its own cache the merge is a plain hint again (found by the rpm generator).
for (const rule of ['dnf-cache-kept', 'yum-cache-kept', 'zypper-cache-kept']) NEW_FINDING_EXCEPTIONS[rule].push('consecutive-run');
// `RUN yum -y install nano` then `RUN dnf install -y tree`: the second install reuses the metadata the first RUN kept and is
// not reported again (dnf-cache-kept, issue 14: percona); once the first RUN cleans its cache, the second downloads its own
// and keeps it, which is reported. True, and the second RUN's own finding says where to fix it. The same holds for a
// second `yum install` (yum-cache-kept, issue 14: fresh5 fernando).
for (const rule of ['dnf-cache-kept', 'yum-cache-kept']) NEW_FINDING_EXCEPTIONS[rule].push('dnf-cache-kept', 'yum-cache-kept');
// The same for zypper (issue 13: rpm-zypper-ref-then-two-installs): an install that reuses an earlier install's or a lone
// refresh's metadata is not reported; once the earlier install cleans, or rpm-refresh-alone moves the refresh into this
// install's RUN (or a merge joins the refresh's RUN and the install's), the metadata is this RUN's own and reported here.
NEW_FINDING_EXCEPTIONS['zypper-cache-kept'].push('zypper-cache-kept');
NEW_FINDING_EXCEPTIONS['rpm-refresh-alone'].push('zypper-cache-kept');
(NEW_FINDING_EXCEPTIONS['consecutive-run'] ??= []).push('zypper-cache-kept');
// Likewise under a cache finding that is itself a hint (a cache under 1 MiB: engine smallCache): fixing it lets the
// cache-mount hint it stood for show again.
for (const rule of ['pip-cache-kept', 'uv-cache-kept', 'npm-cache-kept', 'yarn-cache-kept', 'pnpm-store-kept', 'dnf-cache-kept', 'yum-cache-kept', 'zypper-cache-kept', 'conda-cache-kept', 'gem-cache-kept', 'go-cache-kept', 'maven-repo-kept', 'composer-cache-kept'])
  (NEW_FINDING_EXCEPTIONS[rule] ??= []).push('cache-mount-available');

/** A fixed seed keeps CI reproducible; `GUARANTEE_SEED=random` (or a number) explores other inputs. */
function guaranteeSeed(): number {
  const v = process.env.GUARANTEE_SEED;
  if (v === 'random') {
    const seed = Math.floor(Math.random() * 2 ** 31);
    console.log(`guarantees: seed ${seed}`);
    return seed;
  }
  return v ? Number(v) : 20261126;
}

interface Counters {
  texts: number;
  actions: number;
  byRule: Record<string, number>;
}
const counters: Counters = { texts: 0, actions: 0, byRule: {} };

function commands(text: string): { name: string; argv: string[] }[] {
  return parseDockerfile(text).instructions.flatMap((i) => (i.shell?.commands ?? []).map((c) => ({ name: c.name, argv: [...c.assignments.map((a) => a.value), ...c.argv.map((w) => w.value)] })));
}

function countByRule(a: Analysis): Map<string, number> {
  const m = new Map<string, number>();
  for (const f of a.findings) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
}

function problems(text: string): string[] {
  return validate(text).map((d) => `${d.code}:${d.message}`).sort();
}

function checkEdit(label: string, text: string, before: Analysis, rule: string, fix: Fix, env: ModelEnvironment, isRefactor: boolean): void {
  const where = `${label}: [${rule}] "${fix.title}"`;
  const after = applyEdits(text, fix.edits);
  assert.notEqual(after, text, `${where} changes nothing`);
  counters.actions++;
  const key = isRefactor ? `refactor:${fix.title.replace(/ \(.*$/, '').replace(/ on line \d+$/, '').replace(/ for .*$/, '')}` : rule;
  counters.byRule[key] = (counters.byRule[key] ?? 0) + 1;
  // Parses, with no new problem from dockerfile-utils.
  const p0 = parseDockerfile(text);
  const p1 = parseDockerfile(after);
  const newProblems = problems(after).filter((x) => !problems(text).includes(x));
  assert.deepEqual(newProblems, [], `${where}: new validation problems\n--- before\n${text}\n--- after\n${after}`);
  // Line endings, escape directive, heredocs.
  if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(after), `${where}: a bare LF in a CRLF file\n${JSON.stringify(after)}`);
  assert.equal(p1.escapeChar, p0.escapeChar, `${where}: escape character changed`);
  assert.deepEqual(
    p1.instructions.flatMap((i) => i.heredocs.map((h) => h.body)),
    p0.instructions.flatMap((i) => i.heredocs.map((h) => h.body)),
    `${where}: heredocs changed`,
  );
  // Every command and argument survives, apart from the intended removals.
  const allowed = REMOVABLE[rule] ?? {};
  const afterCmds = commands(after).map((c) => ({ ...c, used: false }));
  for (const c of commands(text)) {
    const needed = c.argv.filter((w) => !allowed.word?.(w));
    const match = afterCmds.find((a) => !a.used && a.name === c.name && needed.every((w) => a.argv.includes(w)));
    if (match) {
      match.used = true;
      continue;
    }
    assert.ok(allowed.command?.(c.name, c.argv), `${where}: lost the command ${JSON.stringify(c.argv.join(' '))}\n--- after\n${after}`);
  }
  // The finding is gone; no other rule reports more.
  const a1 = analyzeDockerfile(after, {}, env);
  const c0 = countByRule(before);
  const c1 = countByRule(a1);
  // A rule listed as its own exception (an RPM install that reused an earlier RUN's metadata downloads its own once that
  // RUN cleans): the fixed instruction's finding must be gone; the later RUN's own may appear (the count stays).
  const fixed = before.findings.find((f) => f.rule === rule && f.fixes.includes(fix));
  const goneHere = !!fixed && !!NEW_FINDING_EXCEPTIONS[rule]?.includes(rule) && !a1.findings.some((f) => f.rule === rule && f.instructionIndex === fixed.instructionIndex);
  if (!isRefactor) assert.ok((c1.get(rule) ?? 0) < (c0.get(rule) ?? 0) || goneHere, `${where}: the finding is still there\n${after}`);
  for (const [r, n] of c1) {
    if (r === rule || NEW_FINDING_EXCEPTIONS[rule]?.includes(r)) continue;
    assert.ok(n <= (c0.get(r) ?? 0), `${where}: new ${r} finding(s): ${a1.findings.filter((f) => f.rule === r).map((f) => f.message).join(' | ')}\n--- after\n${after}`);
  }
}

function checkText(label: string, text: string, env: ModelEnvironment = {}): void {
  counters.texts++;
  const a = analyzeDockerfile(text, {}, env);
  assert.deepEqual(a.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message), [], `${label}: a rule threw`);
  for (const f of a.findings) for (const fix of f.fixes) checkEdit(label, text, a, f.rule, fix, env, fix.kind === 'refactor');
  for (const fix of refactorsAt(a, 0, text.length)) {
    const rule = /cache mount/i.test(fix.title) ? 'cache-mount-available' : 'consecutive-run';
    checkEdit(label, text, a, rule, fix, env, true);
  }
  const once = fixAll(text, {}, env);
  const twice = fixAll(once.text, {}, env);
  assert.equal(twice.text, once.text, `${label}: fix-all is not idempotent\n--- once\n${once.text}\n--- twice\n${twice.text}`);
  // A second --fix finds nothing to do: no safe fix is left on fix-all's result (issue 13).
  assert.deepEqual(twice.applied, [], `${label}: a second fix-all still applies fixes\n${once.text}`);
  const newProblems = problems(once.text).filter((x) => !problems(text).includes(x));
  assert.deepEqual(newProblems, [], `${label}: fix-all made validation problems\n${once.text}`);
  if (text.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(once.text), `${label}: fix-all broke CRLF`);
}

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'Dockerfile')));

for (const ex of examples) {
  test(`guarantees: examples/${ex} (LF and CRLF)`, () => {
    const dir = path.join(ROOT, 'examples', ex);
    const text = fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
    const env = { context: new BuildContext(dir, path.join(dir, 'Dockerfile')) };
    checkText(`examples/${ex}`, text, env);
    checkText(`examples/${ex} (CRLF)`, text.replace(/\r?\n/g, '\r\n'), env);
  });
}

// Building blocks from the rule fixtures.
const FROMS = ['FROM debian:bookworm-slim', 'FROM ubuntu:22.04', 'FROM alpine:3.22', 'FROM python:3.12', 'FROM node:22', 'FROM golang:1.23 AS build'];
const RUN_BODIES = [
  'apt-get update && apt-get install -y curl',
  'apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*',
  'apt-get install -y \\\n    build-essential \\\n    cmake',
  'apk add --no-cache curl',
  'apk update && apk add build-base',
  'pip install --no-cache-dir flask',
  'pip install -r requirements.txt',
  'uv pip install --system flask',
  'npm ci',
  'npm install && npm cache clean --force',
  'go build -o /app ./...',
  'cargo build --release',
  'mvn -B package',
  'git clone https://github.com/madler/zlib.git /src && cd /src && make',
  'rm -rf /src',
  'cd /tmp && echo hi',
  'echo a; echo b;',
  'set -eux; mkdir -p /data',
  'export X=1 && echo $X',
  'echo "quoted && not an operator"',
  'find / -name "*.pyc" -exec rm {} \\;',
  'chown -R nobody /src',
  'true || echo fallback',
  // Issue 13's failure classes: fixes that must respect what later instructions need.
  'apt-get update',
  'apt-get purge -y curl && apt-get autoremove -y',
  'git clone https://github.com/a/b /app',
  'git -C /app checkout -q v1',
  'tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz',
  'curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz -C /opt',
  'chmod 755 /usr/local/bin/run.sh',
  'chown svc /etc/conf.txt',
  'apt-get install -y python3-pip && pip install pyyaml  # needs a compiler',
];
const OTHERS = ['ENV A=1', 'WORKDIR /src', 'USER nobody', 'ARG V=1', 'COPY . /src', '# a comment', '# hadolint ignore=DL3059', '', 'COPY app.tar.gz /tmp/app.tar.gz', 'COPY run.sh /usr/local/bin/run.sh'];
const FLAGS = ['', '', '', '--network=none ', '--mount=type=cache,target=/root/.cache/pip '];

const lineArb = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...FLAGS), fc.constantFrom(...RUN_BODIES), fc.boolean()).map(([flag, body, split]) => `RUN ${flag}${split ? body.replace(' && ', ' \\\n    && ') : body}`) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHERS) },
  { weight: 1, arbitrary: fc.constantFrom('RUN ["echo", "exec"]', 'RUN <<EOF\nset -eux\napt-get update\nEOF', 'RUN cat <<EOF > /etc/x.conf\nkey=value\nEOF') },
);
const fileArb = fc.record({
  from: fc.constantFrom(...FROMS),
  lines: fc.array(lineArb, { minLength: 1, maxLength: 7 }),
  crlf: fc.boolean(),
  backtick: fc.boolean(),
  syntax: fc.boolean(),
  secondStage: fc.option(fc.array(lineArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
});

test('guarantees: generated Dockerfiles (fast-check)', () => {
  fc.assert(
    fc.property(fileArb, (f) => {
      const esc = f.backtick ? '`' : '\\';
      const lines = [
        ...(f.syntax ? ['# syntax=docker/dockerfile:1'] : []),
        ...(f.backtick ? ['# escape=`'] : []),
        f.from,
        ...f.lines,
        ...(f.secondStage ? ['FROM debian:bookworm-slim', ...f.secondStage] : []),
      ];
      let text = lines.join('\n') + '\n';
      if (f.backtick) text = text.replace(/ \\\n/g, ` ${esc}\n`).replace(/\\;/g, '\\;');
      if (f.crlf) text = text.replace(/\n/g, '\r\n');
      checkText('generated', text);
    }),
    { includeErrorInReport: true, numRuns: Number(process.env.GUARANTEE_RUNS ?? 80), seed: guaranteeSeed() },
  );
});

// The rpm managers (dnf/yum/zypper): lone refreshes before, between and after installs, cleans, other work.
// The cache folder depends on the base (yum 3 on centos:7, dnf5 on fedora:42, unknown: every candidate); `dnf5` by that
// name keeps /var/cache/libdnf5 on any base (issue 13/12).
const RPM_FROMS = ['FROM fedora:40', 'FROM rockylinux:9', 'FROM opensuse/leap:15.6', 'FROM centos:7', 'FROM fedora:42', 'FROM example.com/el:1'];
const RPM_BODIES = [
  'dnf makecache',
  'yum makecache fast',
  'yum check-update || true',
  'zypper --non-interactive refresh',
  'zypper -n ref && mkdir -p /data',
  'set -eux; dnf makecache',
  'dnf install -y tree',
  'dnf install -y jq && dnf clean all',
  'yum -y install nano',
  'yum -y install tree && rm -rf /var/cache/yum',
  'dnf -y install nano; rm -rf /var/cache/dnf',
  'zypper -n install -y nano',
  'zypper -n install -y tree && zypper clean -a',
  'dnf list --available > /pkgs.txt',
  'dnf5 makecache',
  'dnf5 install -y tree',
  'dnf5 --setopt=install_weak_deps=False -y install --nodocs jq && dnf5 clean all',
  'dnf5 -y install nano; rm -rf /var/cache/libdnf5',
  'test -x /usr/bin/tree || dnf install -y tree',
  'echo done',
];
const rpmLineArb = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...RPM_BODIES), fc.boolean()).map(([body, split]) => `RUN ${split ? body.replace(' && ', ' \\\n    && ') : body}`) },
  { weight: 1, arbitrary: fc.constantFrom(...OTHERS, 'RUN <<EOF\ndnf makecache\nEOF', 'ONBUILD RUN dnf makecache') },
);

test('guarantees: generated rpm Dockerfiles (fast-check)', () => {
  fc.assert(
    fc.property(fc.constantFrom(...RPM_FROMS), fc.array(rpmLineArb, { minLength: 1, maxLength: 6 }), fc.option(fc.array(rpmLineArb, { minLength: 1, maxLength: 3 }), { nil: undefined }), (from, lines, child) => {
      const text = [from, ...lines, ...(child ? ['FROM fedora:40', ...child] : [])].join('\n') + '\n';
      checkText('generated rpm', text);
    }),
    { includeErrorInReport: true, numRuns: Number(process.env.GUARANTEE_RUNS ?? 80), seed: guaranteeSeed() },
  );
  assert.ok(counters.byRule['rpm-refresh-alone'] > 0, 'the rpm Dockerfiles exercised rpm-refresh-alone');
});

test('guarantees: coverage', () => {
  // Print what was checked (the numbers the report quotes) and make sure both refactors were exercised.
  console.log(`guarantees: ${counters.texts} Dockerfiles, ${counters.actions} actions: ${JSON.stringify(counters.byRule)}`);
  assert.ok(counters.byRule['consecutive-run'] > 0);
  assert.ok(counters.byRule['cache-mount-available'] > 0);
});
