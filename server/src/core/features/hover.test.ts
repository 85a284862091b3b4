import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookupBaseImage, smallerVariants } from '../data/baseImages';
import { formatBytes, formatEstimate } from '../model/format';
import { analyzeDockerfile } from '../analyze';
import { hoverMarkdown } from './hover';
import { analyzeExample, analyzeWithContext, exampleNames, instructionOn } from './testExamples';

const MAX_LINES = 16;

test('FROM python:3.12 lists the slim variant with its size, per-platform pull sizes and the OS', () => {
  const a = analyzeExample('python-full-base');
  const from = instructionOn(a, 'FROM python:3.12');
  const md = hoverMarkdown(a, from.start + 6)!;
  const info = lookupBaseImage('python:3.12')!;
  const slim = lookupBaseImage('python:3.12-slim')!;
  assert.match(md, /`python:3\.12-slim`/);
  assert.ok(md.includes(`| \`python:3.12-slim\` | ${formatBytes(slim.compressedBytes!)}`), md);
  assert.ok(md.includes(`≈ ${formatBytes(slim.uncompressedBytes!)}`), md);
  assert.match(md, /slim lacks compilers/);
  // On-disk size as the CLI prints the base row, pull size per platform from the data, the OS.
  assert.ok(md.includes(formatEstimate(a.model.stages[0].base.estimate)), md);
  for (const [platform, bytes] of Object.entries(info.platforms)) assert.ok(md.includes(`${platform} ${formatBytes(bytes)}`), `${platform} in ${md}`);
  if (info.os) assert.ok(md.includes(info.os));
  // Every variant the data offers (up to three) is listed, alpine with what it gives up.
  for (const v of smallerVariants('python:3.12').slice(0, 3)) assert.ok(md.includes(`\`${v.key}\``), v.key);
  if (smallerVariants('python:3.12').some((v) => v.key.includes('alpine'))) assert.match(md, /musl/);
  assert.ok(md.split('\n').length <= MAX_LINES, md);
});

test('a RUN layer hover: the CLI numbers, running totals, the parts table and confidence', () => {
  const a = analyzeExample('node-copy-all');
  const run = instructionOn(a, 'RUN npm install');
  const layer = a.model.layers.get(run.index)!;
  const md = hoverMarkdown(a, run.start + 5)!;
  const first = md.split('\n')[0];
  assert.ok(first.includes(`${formatEstimate(layer.estimate)} on disk`), first);
  assert.ok(first.includes(`${formatBytes(layer.estimate.compressedBytes)} to pull`), first);
  assert.ok(first.includes(`confidence ${layer.estimate.confidence}`), first);
  assert.ok(md.includes(formatEstimate(layer.stageTotal)), 'stage running total');
  assert.ok(md.includes(`image total ${formatEstimate(a.model.stages[a.model.image.stageIndex].total)}`), 'image total');
  assert.match(md, /\| part \| size \| source \|/);
  const biggest = layer.estimate.parts.filter((p) => !p.unknown).sort((x, y) => y.bytes - x.bytes)[0];
  if (biggest) assert.ok(md.includes(biggest.label.replace(/\|/g, '\\|')), `${biggest.label} in\n${md}`);
});

test('unknown parts say unknown, and a later delete says it frees nothing', () => {
  const a = analyzeExample('delete-in-later-layer');
  const build = instructionOn(a, 'RUN git clone');
  const md = hoverMarkdown(a, build.start + 3)!;
  assert.match(md, /\| output of `make` \| unknown \|/);
  assert.doesNotMatch(md, /output of `make` \| [\d≈]/);
  assert.match(md, /deleted or overwritten later \(line 12\)/);
  const rm = instructionOn(a, 'RUN rm -rf /src');
  const rmMd = hoverMarkdown(a, rm.start + 3)!;
  assert.match(rmMd, /Deletes `\/src` \(unknown size\) — frees nothing: the bytes stay in line 9's layer/);
  assert.match(rmMd, /reclaimable/);
});

test('a possible same-source upgrade shows as 0 B with its high end, and the estimate widens', () => {
  const a = analyzeWithContext('FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates\n', {});
  const run = instructionOn(a, 'RUN apt-get');
  const md = hoverMarkdown(a, run.start + 3)!;
  assert.match(md, /apt: may upgrade base libssl3t64.*\| 0 B \(up to \d[\d.]* MB\) \|/);
});

test('findings on the line are listed with their savings', () => {
  const a = analyzeExample('apt-lists-kept');
  const run = instructionOn(a, 'RUN apt-get');
  const md = hoverMarkdown(a, run.start + 3)!;
  const here = a.findings.filter((f) => f.instructionIndex === run.index);
  assert.ok(here.length > 0);
  for (const f of here.slice(0, 3)) assert.ok(md.includes(`\`${f.rule}\``), f.rule);
  const withBytes = here.find((f) => f.waste && !f.waste.unknown && f.waste.bytes > 0);
  if (withBytes) assert.ok(md.includes(`saves ≈ ${formatBytes(withBytes.waste!.bytes)}`));
  if (here.some((f) => f.waste?.unknown)) assert.match(md, /saves an unknown amount/);
});

test('the stage name in COPY --from shows what that stage contributes', () => {
  const a = analyzeExample('python-multistage');
  const copy = instructionOn(a, 'COPY --from=build');
  const flag = copy.flags.find((f) => f.name === 'from')!;
  const md = hoverMarkdown(a, flag.end - 2)!;
  const build = a.model.stages.find((s) => s.name === 'build')!;
  assert.match(md, /^\*\*Stage `build`\*\*/);
  assert.ok(md.includes(`${formatEstimate(build.total)} in total`), md);
  assert.match(md, /not shipped/);
  assert.match(md, /This COPY takes/);
  // Elsewhere on the line the hover is the layer's.
  assert.match(hoverMarkdown(a, copy.end - 1)!, /^\*\*Layer\*\*/);
});

test('build stages are marked not shipped; metadata instructions add 0 B', () => {
  const a = analyzeExample('python-multistage');
  const run = instructionOn(a, 'RUN python -m venv');
  assert.match(hoverMarkdown(a, run.start)!, /stage `build` is a build stage, not shipped/);
  const env = instructionOn(a, 'ENV PATH');
  assert.match(hoverMarkdown(a, env.start)!, /^\*\*ENV\*\*: no filesystem layer .* adds 0 B/);
});

test('reclaimable bytes show beside the image total, with a known figure', () => {
  const a = analyzeWithContext('FROM debian:bookworm-slim\nCOPY big.bin /data/big.bin\nRUN rm -rf /data\nCMD ["true"]\n', { 'big.bin': 2_000_000 });
  assert.ok(a.model.image.reclaimableBytes > 0, 'the model sees the delete');
  const rm = instructionOn(a, 'RUN rm');
  const md = hoverMarkdown(a, rm.start)!;
  assert.ok(md.includes(`${formatBytes(a.model.image.reclaimableBytes)} reclaimable`), md);
});

test('every hover on every example stays within ~15 lines; outside instructions there is none', () => {
  for (const name of exampleNames()) {
    const a = analyzeExample(name);
    for (const i of a.parsed.instructions) {
      const md = hoverMarkdown(a, i.start);
      assert.ok(md, `${name} line ${i.line + 1}`);
      assert.ok(md.split('\n').length <= MAX_LINES, `${name} line ${i.line + 1}:\n${md}`);
      assert.doesNotMatch(md, /NaN|undefined|\bnull\b/, `${name} line ${i.line + 1}:\n${md}`);
    }
    const firstComment = a.parsed.comments[0];
    if (firstComment) assert.equal(hoverMarkdown(a, firstComment.start + 1), undefined);
  }
});

// Issue 12: messages name only images the user wrote or tags of the same version. The hover looked the base up
// again by its stand-in's key: `FROM python:3.10-slim` was titled python:3.11-slim and offered python:3.12-alpine.
test('FROM of a tag the data lacks names the tag written and its stand-in, and offers no variant of another version', () => {
  const table: [string, string, string, boolean][] = [
    ['FROM python:3.9-slim\nRUN echo hi\n', 'python:3.9-slim', 'python:3.10-slim', false],
    ['FROM python:3.12.7\nRUN echo hi\n', 'python:3.12.7', 'python:3.12', true],
  ];
  for (const [text, written, standIn, sameVersion] of table) {
    const a = analyzeDockerfile(text);
    const md = hoverMarkdown(a, 6)!;
    const title = md.split('\n')[0]!;
    assert.ok(title.startsWith(`**FROM \`${written}\`** (not in the data: sizes of \`${standIn}\``), title);
    assert.ok(md.includes(`${written} is not in the data`), md);
    const variants = [...md.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    if (sameVersion) assert.ok(variants.length > 0 && variants.every((v) => v.startsWith('python:3.12')), md);
    else assert.deepEqual(variants, [], md);
  }
});
