// Restricted Mode (spec 8): in an untrusted workspace the extension still estimates from the
// Dockerfile alone, does not read the build context (COPY sizes unknown), and says so.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cliReport, e2eSuite, hoverLineStart, hoverText, lineText, openDockerfile, screenshot, statusItem, waitFor } from './harness.mjs';

const e2e = await e2eSuite();

e2e('8. in an untrusted workspace the extension works without build-context reads and says so', { example: 'python-full-base', server: 'untrusted' }, async ({ page, ws }) => {
  // Trusted, the CLI measures `COPY requirements.txt .` from the build context.
  const cli = cliReport(join(ws, 'Dockerfile'));
  const copy = [...cli.layers.values()].find((l) => l.instruction.startsWith('COPY requirements.txt'));
  const run = [...cli.layers.values()].find((l) => l.instruction.startsWith('RUN pip install'));
  assert.ok(copy && /\d/.test(copy.onDisk) && run, `the CLI measures the COPY from the context:\n${cli.stdout}`);

  // The workbench really is in Restricted Mode.
  await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible' });

  await openDockerfile(page);
  // It works: the size summary arrives in the status bar and layers get their hints.
  const item = statusItem(page);
  await item.waitFor({ state: 'visible' });
  await waitFor(async () => (await lineText(page, run.line)).includes('+'), { message: `an inlay hint on the RUN line ${run.line}` });

  // No build-context reads: the COPY's size is unknown rather than what the CLI measured.
  const copyText = await waitFor(async () => {
    const t = await lineText(page, copy.line);
    return t.length > 'COPY requirements.txt .'.length ? t : null;
  }, { message: `an inlay hint on the COPY line ${copy.line}` });
  const copyHint = copyText.slice('COPY requirements.txt .'.length);
  assert.ok(/unknown|\?/.test(copyHint) && !copyHint.includes(copy.onDisk), `the COPY's size is shown as unknown (trusted: ${copy.onDisk}): ${JSON.stringify(copyText)}`);
  await hoverLineStart(page, copy.line);
  const copyHover = await hoverText(page, /layer/i);
  assert.ok(/unknown/.test(copyHover.split('\n')[0]), `the COPY hover says the size is unknown:\n${copyHover}`);
  await screenshot(page, '8-untrusted-copy-hover');

  // It says so: the status bar item's tooltip explains what Restricted Mode leaves out.
  await item.hover();
  const tip = await hoverText(page, /Untrusted workspace/);
  assert.ok(/build-context sizes.* not read/.test(tip), `the tooltip says build-context sizes are not read: ${tip}`);
  await screenshot(page, '8-untrusted-status-tooltip');
});
