// The engine's share of issue 14: one waste, one diagnostic; totals count each byte once; build-only stages
// matter only for the paths later stages copy out of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { textReport } from '../output/text';
import { hoverMarkdown } from '../features/hover';
import { dedent } from './testing';
import { formatBytes } from '../model/format';

const rulesOf = (text: string) => analyzeDockerfile(dedent(text), {}).findings.map((f) => `${f.rule}@${f.instructionIndex}`);

test('apt-get update alone, then an install that removes the lists: one finding, its bytes counted once', () => {
  const text = dedent(`
    FROM debian:bookworm-slim
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
  `);
  const a = analyzeDockerfile(text, {});
  const sized = a.findings.filter((f) => f.waste && f.severity !== 'hint');
  assert.deepEqual(sized.map((f) => f.rule), ['apt-update-alone']);
  // The rules it absorbed are named in its message.
  assert.match(sized[0].message, /also (apt-lists-kept|delete-in-later-layer|consecutive-run)/);
  const lists = sized[0].waste!.bytes;
  assert.ok(lists > 10e6 && lists < 40e6, `lists ≈ 20 MB, got ${lists}`);
  const report = textReport('Dockerfile', a, { color: false });
  const total = /up to ([\d.]+ [kMG]?B) to save/.exec(report)?.[1];
  assert.equal(total, /\(≈ ([\d.]+ [kMG]?B) of lists/.exec(sized[0].message)?.[1], report);
  // The hover on the update line lists the one finding, not four.
  const hover = hoverMarkdown(a, a.parsed.instructions[1].start + 5) ?? '';
  assert.equal((hover.match(/^- `[a-z-]+` — saves/gm) ?? []).length, 1, hover);
});

test('two wastes, each also deleted later: the text report total is their sum, each byte once (issue 14)', () => {
  const a = analyzeDockerfile('FROM python:3.12-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN pip install numpy\nRUN rm -rf /root/.cache/pip\n', {});
  const sized = a.findings.filter((f) => f.waste && !f.waste.unknown && f.waste.bytes > 0 && f.severity !== 'hint');
  // The later rm of each is folded into the rule that names the cause: one finding per waste.
  assert.deepEqual(sized.map((f) => f.rule).sort(), ['apt-update-alone', 'pip-cache-kept']);
  const sum = sized.reduce((n, f) => n + f.waste!.bytes, 0);
  const report = textReport('Dockerfile', a, { color: false });
  assert.equal(/up to ([\d.]+ [kMG]?B) to save/.exec(report)?.[1], formatBytes(sum), report);
  // Each line's hover names its one finding with its own bytes.
  for (const f of sized) {
    const hover = hoverMarkdown(a, a.parsed.instructions[f.instructionIndex].start + 5) ?? '';
    assert.equal((hover.match(/ — saves ≈ /g) ?? []).length, 1, hover);
  }
});

test('several pip installs in one RUN: one pip-cache-kept with their bytes added', () => {
  const a = analyzeDockerfile('FROM python:3.12-slim\nRUN pip install flask && pip install requests && pip install gunicorn\n', {});
  const pip = a.findings.filter((f) => f.rule === 'pip-cache-kept');
  assert.equal(pip.length, 1);
  assert.match(pip[0].message, /and 2 more in this RUN/);
  // Each command keeps its own --no-cache-dir fix.
  assert.equal(pip[0].fixes.filter((f) => /no-cache-dir/.test(f.title)).length, 3);
});

test('one rule, one RUN: a hint first does not hide a warning after it (issue 14)', () => {
  // zip's recommends are small (a hint); an apt source no index knows leaves docker-ce's unknown (a warning).
  const a = analyzeDockerfile('FROM php:7.2-apache\nRUN apt-get update && apt-get install -y zip && apt-get install -y docker-ce && rm -rf /var/lib/apt/lists/*\n', {});
  const rec = a.findings.filter((f) => f.rule === 'apt-no-install-recommends');
  assert.equal(rec.length, 1);
  assert.equal(rec[0].severity, 'warning');
  assert.match(rec[0].message, /size unknown.* \(and 1 more in this RUN\)$/);
  assert.equal(a.parsed.text.slice(rec[0].start, rec[0].end), 'apt-get install -y docker-ce');
});

test('a download deleted in a later RUN: download-kept names the cause, the later rm is folded into it', () => {
  const rules = rulesOf(`
    FROM debian:bookworm-slim
    RUN wget -O /tmp/app.tar.gz https://example.com/app.tar.gz && tar -xzf /tmp/app.tar.gz -C /opt
    RUN echo done && rm -f /tmp/app.tar.gz
  `);
  assert.ok(rules.includes('download-kept@1'), rules.join());
  assert.ok(!rules.includes('delete-in-later-layer@2'), rules.join());
});

test('a later purge of packages is not the same waste as the lists the install kept', () => {
  const rules = rulesOf(`
    FROM debian:bookworm-slim
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    RUN apt-get purge -y curl
  `);
  assert.ok(rules.includes('apt-lists-kept@1'), rules.join());
  assert.ok(rules.includes('delete-in-later-layer@2'), rules.join());
});

test('build-only stage: only the copied paths matter', () => {
  const oneFile = rulesOf(`
    FROM debian:bookworm AS build
    RUN apt-get update && apt-get install -y gcc
    RUN echo 'int main(){return 0;}' > /hello.c && gcc -o /hello /hello.c
    FROM scratch
    COPY --from=build /hello /hello
  `);
  assert.deepEqual(oneFile.filter((r) => !r.startsWith('cache-mount-available')), []);
  // Copying the stage's root takes the lists along.
  const whole = rulesOf(`
    FROM debian:bookworm AS build
    RUN apt-get update && apt-get install -y --no-install-recommends gcc
    FROM scratch
    COPY --from=build / /
  `);
  assert.ok(whole.includes('apt-lists-kept@1'), whole.join());
});

test('one hint per package manager: compared by the manager a finding is about, not by rule-id prefix', () => {
  // build-tools-in-final-image's hint is about apt packages: the apt cache-mount hint folds under it.
  const a = analyzeDockerfile('FROM debian:bookworm-slim\nCOPY src /src\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev make && rm -rf /var/lib/apt/lists/* && make -C /src\n', {});
  const hints = a.findings.filter((f) => f.severity === 'hint');
  assert.deepEqual(hints.map((f) => `${f.rule}:${f.manager}`), ['build-tools-in-final-image:apt']);
  // A hint about another manager keeps its own cache-mount hint.
  const b = analyzeDockerfile('FROM ruby:3.3\nCOPY . /app\nRUN gem install rails\nRUN bundle install && rm -rf /usr/local/bundle/cache\n', {});
  assert.ok(b.findings.some((f) => f.rule === 'cache-mount-available' && f.manager === 'bundler'), b.findings.map((f) => `${f.rule}:${f.manager}`).join());
});
