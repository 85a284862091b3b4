// Fixing with the keyboard: Ctrl+. quick fixes and refactors (spec 4) and fix-all on save (5).
// Every test works on a fresh copy of an example: applied fixes are saved to that copy.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commands, instructions, mountOptions, runParts } from './dockerfileText.mjs';
import {
  chooseCodeAction,
  cliReport,
  e2eSuite,
  goTo,
  lineText,
  openCodeActions,
  openDockerfile,
  problems,
  save,
  screenshot,
  showProblems,
  waitFor,
} from './harness.mjs';

const e2e = await e2eSuite();

/** Opens the Dockerfile and waits until the Problems panel lists `rules` from size-hints. */
async function openWithProblems(page, rules) {
  await openDockerfile(page);
  await showProblems(page);
  await waitFor(
    async () => {
      const codes = (await problems(page)).filter((r) => r.source === 'size-hints').map((r) => r.code);
      return rules.every((r) => codes.includes(r));
    },
    { message: `problems ${rules.join(', ')}` },
  );
}

const sizeHintCodes = async (page) => (await problems(page)).filter((r) => r.source === 'size-hints').map((r) => r.code);

e2e('4a. Ctrl+. on an apt line offers "Add --no-install-recommends"; applying it fixes the text and the diagnostic goes', { example: 'apt-lists-kept' }, async ({ page, ws }) => {
  const file = join(ws, 'Dockerfile');
  const before = readFileSync(file, 'utf8');
  const cli = cliReport(file);
  const finding = cli.findings.find((f) => f.rule === 'apt-no-install-recommends');
  assert.ok(finding, `the CLI reports apt-no-install-recommends:\n${cli.stdout}`);
  const saves = /≈ ([\d.]+ [kMG]?B)/.exec(finding.message)?.[1];

  await openWithProblems(page, ['apt-no-install-recommends', 'apt-lists-kept']);
  await goTo(page, finding.line, finding.column);
  const titles = await openCodeActions(page);
  // With a known saving the title says how much, the same number as the CLI's message.
  const title = saves ? new RegExp(`^Add --no-install-recommends \\(saves ~${saves.replace('.', '\\.')}\\)`) : /^Add --no-install-recommends/;
  assert.ok(titles.some((t) => title.test(t)), `menu offers ${title}: ${JSON.stringify(titles)}`);
  await screenshot(page, '4a-quick-fix-menu');
  await chooseCodeAction(page, title);

  const expectedLine = 'RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates';
  await waitFor(async () => (await lineText(page, finding.line)).startsWith(expectedLine), { message: `line ${finding.line} reads "${expectedLine}"` });
  // The diagnostic disappears (the Problems list updates a moment after the edit); the other stays.
  await waitFor(
    async () => {
      const codes = await sizeHintCodes(page);
      return !codes.includes('apt-no-install-recommends') && codes.includes('apt-lists-kept');
    },
    { message: 'apt-no-install-recommends gone from Problems, apt-lists-kept still there' },
  );
  await save(page);
  assert.equal(readFileSync(file, 'utf8'), before.replace('apt-get install -y', 'apt-get install --no-install-recommends -y'));
});

e2e('4b. "Merge RUN commands" is offered and merges consecutive RUNs into one', { example: 'delete-in-later-layer' }, async ({ page, ws }) => {
  const file = join(ws, 'Dockerfile');
  const before = readFileSync(file, 'utf8');
  const runsBefore = instructions(before).filter((i) => i.keyword === 'RUN');
  const rmRun = runsBefore.find((r) => r.text === 'RUN rm -rf /src');
  assert.ok(rmRun && runsBefore.length === 3, 'the example has three RUNs, the last one `RUN rm -rf /src`');

  await openWithProblems(page, []);
  await waitFor(async () => (await lineText(page, rmRun.line)).includes('+'), { message: 'the analysis has arrived (inlay hints shown)' });
  await goTo(page, rmRun.line, 1);
  const titles = await openCodeActions(page);
  assert.ok(titles.some((t) => /^Merge RUN commands/.test(t)), `menu offers "Merge RUN commands": ${JSON.stringify(titles)}`);
  await screenshot(page, '4b-merge-menu');
  await chooseCodeAction(page, /^Merge RUN commands/);
  await save(page);

  const after = readFileSync(file, 'utf8');
  const all = instructions(after);
  const runsAfter = all.filter((i) => i.keyword === 'RUN');
  assert.ok(runsAfter.length < runsBefore.length, `fewer RUNs after the merge:\n${after}`);
  // Same commands, in the same order; the cleanup now shares a layer with the build it cleans up.
  assert.deepEqual(
    runsAfter.flatMap((r) => commands(runParts(r.text).body)),
    runsBefore.flatMap((r) => commands(runParts(r.text).body)),
    `the merged RUNs run the same commands in the same order:\n${after}`,
  );
  const merged = runsAfter.find((r) => commands(runParts(r.text).body).includes('rm -rf /src'));
  assert.ok(commands(runParts(merged.text).body).includes('make install'), `\`rm -rf /src\` is in the same RUN as the build:\n${after}`);
  // Everything that is not a RUN is untouched.
  assert.deepEqual(
    all.filter((i) => i.keyword !== 'RUN').map((i) => i.text),
    instructions(before).filter((i) => i.keyword !== 'RUN').map((i) => i.text),
  );
  assert.ok(after.startsWith(before.slice(0, before.indexOf('FROM'))), 'the leading comments are kept');
});

e2e('4c. "Add BuildKit cache mount" is offered on an apt line and adds a cache mount for apt', { example: 'apt-lists-kept' }, async ({ page, ws }) => {
  const file = join(ws, 'Dockerfile');
  const before = readFileSync(file, 'utf8');
  const cli = cliReport(file);
  const finding = cli.findings.find((f) => f.rule === 'apt-no-install-recommends');
  assert.ok(finding, `the CLI reports apt-no-install-recommends:\n${cli.stdout}`);

  await openWithProblems(page, ['apt-lists-kept']);
  await goTo(page, finding.line, finding.column);
  const titles = await openCodeActions(page);
  assert.ok(titles.some((t) => /^Add BuildKit cache mount/.test(t)), `menu offers "Add BuildKit cache mount": ${JSON.stringify(titles)}`);
  await screenshot(page, '4c-cache-mount-menu');
  await chooseCodeAction(page, /^Add BuildKit cache mount/);
  // With the lists in a cache mount they are no longer in the layer.
  await waitFor(async () => !(await sizeHintCodes(page)).includes('apt-lists-kept'), { message: 'apt-lists-kept gone from Problems' });
  await save(page);

  const after = readFileSync(file, 'utf8');
  const instrBefore = instructions(before);
  const instrAfter = instructions(after);
  assert.equal(instrAfter.length, instrBefore.length, `same number of instructions:\n${after}`);
  const run = instrAfter.find((i) => i.keyword === 'RUN');
  const { flags, body } = runParts(run.text);
  const mounts = flags.map(mountOptions).filter((m) => m?.type === 'cache');
  assert.ok(
    mounts.some((m) => m.target === '/var/lib/apt' || m.target === '/var/lib/apt/lists'),
    `a cache mount covers /var/lib/apt/lists: ${JSON.stringify(flags)}\n${after}`,
  );
  const cmds = commands(body);
  const update = cmds.indexOf('apt-get update');
  const install = cmds.indexOf('apt-get install -y curl ca-certificates');
  assert.ok(update >= 0 && install > update, `the RUN still runs apt-get update, then the install: ${JSON.stringify(cmds)}`);
  const others = (list) => list.filter((i) => i.keyword !== 'RUN').map((i) => i.text);
  assert.deepEqual(others(instrAfter), others(instrBefore), 'the other instructions are untouched');
});

e2e('5. editor.codeActionsOnSave with source.fixAll.sizeHints fixes the file on save', {
  example: 'apt-lists-kept',
  settings: { 'editor.codeActionsOnSave': { 'source.fixAll.sizeHints': 'explicit' } },
}, async ({ page, ws }) => {
  const file = join(ws, 'Dockerfile');
  const before = readFileSync(file, 'utf8');
  await openWithProblems(page, ['apt-no-install-recommends', 'apt-lists-kept']);
  await page.keyboard.press('Control+S');
  const expected = before.replace(
    'RUN apt-get update && apt-get install -y curl ca-certificates',
    'RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates && rm -rf /var/lib/apt/lists/*',
  );
  await waitFor(() => readFileSync(file, 'utf8') !== before, { message: 'the file on disk to change on save' });
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  assert.equal(readFileSync(file, 'utf8'), expected);
  await waitFor(
    async () => {
      const codes = await sizeHintCodes(page);
      return !codes.includes('apt-no-install-recommends') && !codes.includes('apt-lists-kept');
    },
    { message: 'the apt problems gone after fix-all' },
  );
  await screenshot(page, '5-fix-all-on-save');
});
