// What a person sees when they open an example Dockerfile: squiggles and Problems (spec 1), hovers
// with the CLI's numbers (2), inlay hints and the status bar total (3), the layer view (6).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cliReport,
  e2eSuite,
  editorGeometry,
  hoverLineStart,
  lineText,
  nbsp,
  openDockerfile,
  problems,
  runCommand,
  screenshot,
  showProblems,
  statusItem,
  hoverText,
  waitFor,
} from './harness.mjs';

const e2e = await e2eSuite();

e2e('1. diagnostics show as squiggles and in the Problems panel with rule id and source', { example: 'apt-lists-kept' }, async ({ page, ws }) => {
  const cli = cliReport(join(ws, 'Dockerfile'));
  const expected = cli.findings.filter((f) => ['apt-lists-kept', 'apt-no-install-recommends'].includes(f.rule));
  assert.deepEqual(expected.map((f) => f.rule).sort(), ['apt-lists-kept', 'apt-no-install-recommends'], `the CLI reports both apt rules for this example:\n${cli.stdout}`);

  await openDockerfile(page);
  await showProblems(page);

  // Problems: one row per finding, with our source, the rule id as code, the CLI's message and position.
  const rows = await waitFor(
    async () => {
      const ours = (await problems(page)).filter((r) => r.source === 'size-hints');
      return expected.every((f) => ours.some((r) => r.code === f.rule)) ? ours : null;
    },
    { message: 'size-hints problems for apt-lists-kept and apt-no-install-recommends' },
  );
  for (const f of expected) {
    // source "size-hints" and code = the rule id (rendered as a link to the rule's docs)
    const row = rows.find((r) => r.code === f.rule);
    assert.ok(row.text.includes(f.message), `row shows the CLI's message "${f.message}": ${row.text}`);
    assert.ok(row.text.includes(`[Ln ${f.line}, Col ${f.column}]`), `row is at Ln ${f.line}, Col ${f.column}: ${row.text}`);
  }

  // Squiggles: warnings under the RUN line (line 6), none elsewhere from these rules.
  const geo = await waitFor(
    async () => {
      const g = await editorGeometry(page);
      return g.squiggles.some((s) => s.line === 6 && s.severity === 'warning') ? g : null;
    },
    { message: 'a warning squiggle on line 6' },
  );
  const lines = new Set(geo.squiggles.filter((s) => s.severity === 'warning' || s.severity === 'error').map((s) => s.line));
  assert.deepEqual([...lines], [6], `warning squiggles only on the RUN line: ${JSON.stringify(geo.squiggles.map((s) => [s.line, s.severity]))}`);
  await screenshot(page, '1-diagnostics');
});

e2e('2a. hovering a RUN line shows the layer estimate the CLI prints', { example: 'python-full-base' }, async ({ page, ws }) => {
  const cli = cliReport(join(ws, 'Dockerfile'));
  const run = [...cli.layers.values()].find((l) => l.instruction.startsWith('RUN pip install'));
  assert.ok(run, `the CLI lists the RUN pip install layer:\n${cli.stdout}`);

  await openDockerfile(page);
  await hoverLineStart(page, run.line);
  const text = await hoverText(page, /layer/i);
  await screenshot(page, '2a-hover-run');
  // The layer's size on disk and to pull, the numbers the CLI prints for that line.
  const first = text.split('\n')[0];
  assert.ok(first.includes(run.onDisk), `hover's first line shows the CLI's on-disk size ${run.onDisk} for line ${run.line}:\n${text}`);
  assert.ok(first.includes(run.pull), `hover's first line shows the CLI's pull size ${run.pull} for line ${run.line}:\n${text}`);
});

e2e('2b. hovering FROM python:3.12 shows the slim variant and its size', { example: 'python-full-base' }, async ({ page, ws }) => {
  const cli = cliReport(join(ws, 'Dockerfile'));
  const base = cli.bases[0];
  assert.ok(base, `the CLI lists the base image:\n${cli.stdout}`);
  // The slim variant's size, as the CLI estimates it for FROM python:3.12-slim.
  const dir = mkdtempSync(join(tmpdir(), 'dsh-slim-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.12-slim\n');
  const slim = cliReport(join(dir, 'Dockerfile')).bases[0];
  rmSync(dir, { recursive: true, force: true });
  assert.ok(slim && /\d/.test(slim.onDisk), 'the CLI knows python:3.12-slim');

  await openDockerfile(page);
  await hoverLineStart(page, base.line);
  const text = await hoverText(page, /python:3\.12/);
  await screenshot(page, '2b-hover-from');
  assert.ok(text.split('\n')[0].includes(base.onDisk), `hover shows the CLI's base size ${base.onDisk}:\n${text}`);
  // The slim variant and its size on disk, on the same line of the hover.
  const slimLine = text.split('\n').find((l) => l.includes('python:3.12-slim') && l.includes(slim.onDisk));
  assert.ok(slimLine, `hover names python:3.12-slim with its size ${slim.onDisk} (CLI, FROM python:3.12-slim):\n${text}`);
});

e2e('3. inlay hints show layer sizes at the end of layer lines; the status bar shows the image total', { example: 'python-full-base' }, async ({ page, ws }) => {
  const cli = cliReport(join(ws, 'Dockerfile'));
  assert.ok(cli.layers.size >= 3, `the CLI lists the layers:\n${cli.stdout}`);
  await openDockerfile(page);

  const source = readFileSync(join(ws, 'Dockerfile'), 'utf8').split('\n');
  for (const [line, layer] of cli.layers) {
    // The CLI's on-disk size for the layer ("12.3 MB"), or unknown.
    const size = layer.onDisk;
    const shows = (hint) => (/\d/.test(size) ? hint.includes(size) : /unknown|\?/.test(hint));
    const src = source[line - 1].trimEnd();
    const text = await waitFor(
      async () => {
        const t = await lineText(page, line);
        return t.startsWith(src) && shows(t.slice(src.length)) ? t : null;
      },
      { message: `an inlay hint with ${size} after the text of line ${line} (${layer.instruction})` },
    );
    assert.ok(text.length > src.length, `line ${line} has a hint at its end: ${JSON.stringify(text)}`);
  }

  // Status bar: "Image ≈ 1.1 GB · 400 MB pull", the same numbers as the CLI's image line.
  const expected = `Image ${cli.image.estimate.replace(/ \(.*\)$/, '')} · ${cli.image.pull} pull`;
  const item = statusItem(page);
  await item.waitFor({ state: 'visible' });
  await waitFor(async () => nbsp((await item.innerText()).trim()).startsWith(expected), { message: `status bar "${expected}"` });
  await screenshot(page, '3-inlay-hints-status');
});

e2e('6. "Show Image Layers" opens the layer view listing the layers', { example: 'python-full-base' }, async ({ page, ws }) => {
  const cli = cliReport(join(ws, 'Dockerfile'));
  await openDockerfile(page);

  await runCommand(page, 'Dockerfile Size Hints: Show Image Layers');
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Dockerfile Image Layers' }) });
  await pane.locator('.pane-header[aria-expanded="true"]').waitFor({ state: 'visible' });
  // Give the view room, as a person would: collapse the folder's file list above it (the tree only
  // renders the rows that fit).
  const folders = page.locator('.pane', { has: page.locator('.explorer-folders-view') }).locator('.pane-header[aria-expanded="true"]');
  if (await folders.isVisible()) {
    await folders.click();
    await folders.waitFor({ state: 'detached' });
  }
  const rows = pane.locator('.monaco-list-row');
  const texts = await waitFor(
    async () => {
      const t = (await rows.allInnerTexts()).map((x) => nbsp(x).replace(/\s+/g, ' ').trim());
      return [...cli.layers.keys()].every((line) => t.some((r) => r.includes(`line ${line}:`))) ? t : null;
    },
    { message: `layer rows for lines ${[...cli.layers.keys()].join(', ')}` },
  );
  await screenshot(page, '6-layer-view');
  assert.ok(texts.some((r) => r.includes('python:3.12')), `a stage row names the base image: ${JSON.stringify(texts)}`);
  for (const [line, layer] of cli.layers) {
    const row = texts.find((r) => r.includes(`line ${line}:`));
    assert.ok(row.includes(layer.onDisk), `row for line ${line} shows the CLI's ${layer.onDisk}: ${row}`);
  }
});
