// "Compare with Built Image…" in the real editor (issue 15): run.mjs starts a private dockerd and
// builds test/e2e/fixtures/built-image into E2E_BUILT_IMAGE; here a person opens the Dockerfile, runs
// the command, picks the image and sees the built sizes beside the estimates (hover, inlay hints) and
// the measured waste on the line that created it. The expected numbers come from the CLI's
// `--image` report on the same image (the CLI is checked against `docker history` and the layer tars
// in test/engine).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  e2eSuite,
  hoverLineStart,
  hoverText,
  lineText,
  nbsp,
  openDockerfile,
  problems,
  runCommand,
  screenshot,
  showProblems,
  statusItem,
  waitFor,
} from './harness.mjs';

const e2e = await e2eSuite();
const IMAGE = process.env.E2E_BUILT_IMAGE;
const SIZE = /\d+(?:\.\d+)? (?:B|kB|MB|GB)/.source;

/** The CLI's comparison: `{ image: '90.1 MB', rows: Map(line → { estimated, built }), waste: [text] }`. */
function cliComparison(file) {
  const cli = process.env.E2E_CLI;
  const r = spawnSync(process.execPath, [cli, '--image', IMAGE, '--engine', 'docker', '--fail-on', 'none', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.equal(r.status, 0, `${cli} --image ${IMAGE} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  const out = nbsp(r.stdout);
  const image = out.match(new RegExp(`Built image \\S+ \\([0-9a-f]+, docker\\) · (${SIZE}) on disk`))?.[1];
  assert.ok(image, `the CLI prints the built image:\n${out}`);
  const rows = new Map();
  for (const m of out.matchAll(new RegExp(`^\\s+(\\d+)  .{40}  \\s*(${SIZE})\\s+(${SIZE})`, 'gm'))) rows.set(Number(m[1]), { estimated: m[2], built: m[3] });
  const waste = [...out.matchAll(/^\s+line (\d+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), text: m[2] }));
  return { image, rows, waste, out };
}

e2e('9. Compare with Built Image: built sizes beside the estimates in hovers and inlay hints, measured waste on its line', { example: 'built-image', timeout: 240_000 }, async ({ page, ws }) => {
  assert.ok(IMAGE, 'E2E_BUILT_IMAGE is set by run.mjs (it builds the image with its own dockerd)');
  const file = join(ws, 'Dockerfile');
  const cli = cliComparison(file);
  const apt = cli.rows.get(5);
  const head = cli.rows.get(9);
  assert.ok(apt && head, `the CLI compares lines 5 and 9:\n${cli.out}`);
  const wasteLine = cli.waste.find((w) => w.line === 9);
  assert.match(wasteLine?.text ?? '', /^3 MB created at line 9 deleted at line 10 but still shipped/, `the CLI measures the 3 MB deleted later:\n${cli.out}`);

  await openDockerfile(page);
  await statusItem(page).waitFor({ state: 'visible' });

  // The command, then the image picker listing the engine's images.
  await runCommand(page, 'Dockerfile Size Hints: Compare with Built Image');
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: IMAGE }).first().waitFor({ state: 'visible' });
  await input.fill(IMAGE);
  await waitFor(async () => nbsp((await page.locator('.quick-input-widget .monaco-list-row.focused').first().textContent().catch(() => '')) ?? '').includes(IMAGE), {
    message: `${IMAGE} focused in the image picker`,
  });
  await page.keyboard.press('Enter');

  // The result notification: the built size (and dive's efficiency) of the image.
  const toast = page.locator('.notifications-toasts .notification-list-item', { hasText: `${IMAGE}: ${cli.image} built` });
  await toast.first().waitFor({ state: 'visible', timeout: 120_000 });
  assert.match(nbsp(await toast.first().innerText()), /efficiency \d+(\.\d+)? % · \d/);

  // Problems: the measured waste, on the line that created it.
  await showProblems(page);
  const row = await waitFor(async () => (await problems(page)).find((r) => r.code === 'built-image-waste') ?? null, { message: 'a built-image-waste row in Problems' });
  assert.ok(row.text.includes(`3 MB created here are deleted at line 10 but still shipped`), row.text);
  assert.ok(row.text.includes(`measured in the built image ${IMAGE}`), row.text);
  assert.ok(row.text.includes('[Ln 9, Col 1]'), `the row is at the RUN that created the file: ${row.text}`);

  // Inlay hints: " · built <bytes>" beside the estimate, with the CLI's numbers.
  // (the hint sits at the end of the instruction, i.e. on its continuation line 6)
  await waitFor(async () => `${await lineText(page, 5)} ${await lineText(page, 6)}`.includes(`· built ${apt.built}`), {
    message: `the inlay hint of the apt RUN (lines 5-6) shows "· built ${apt.built}"`,
  });

  // Hovers: estimate and built size side by side, as the CLI reports them.
  await hoverLineStart(page, 5);
  const aptHover = await hoverText(page, /Built/);
  assert.ok(aptHover.includes(`Built ${IMAGE} (docker): ${apt.built} · estimated ${apt.estimated}`), `apt RUN hover:\n${aptHover}`);
  await screenshot(page, '9-hover-built');
  await hoverLineStart(page, 9);
  const headHover = await hoverText(page, /created here are deleted/);
  assert.ok(headHover.includes(`Built ${IMAGE} (docker): ${head.built}`), `data RUN hover:\n${headHover}`);
  assert.ok(headHover.includes('3 MB created here are deleted at line 10 but still shipped (measured)'), headHover);
});
