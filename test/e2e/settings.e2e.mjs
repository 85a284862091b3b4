// Settings take effect live (spec 7): turning a rule off removes its diagnostics without a reload.
import assert from 'node:assert/strict';
import { e2eSuite, editorGeometry, openDockerfile, problems, screenshot, showProblems, waitFor, writeWorkspaceSettings } from './harness.mjs';

const e2e = await e2eSuite();

e2e('7. turning a rule off in the settings removes its diagnostics without a reload', { example: 'apt-lists-kept', settings: {} }, async ({ page, ws }) => {
  await openDockerfile(page);
  await showProblems(page);
  const codes = async () => (await problems(page)).filter((r) => r.source === 'size-hints').map((r) => r.code);
  await waitFor(async () => {
    const c = await codes();
    return c.includes('apt-lists-kept') && c.includes('apt-no-install-recommends');
  }, { message: 'apt-lists-kept and apt-no-install-recommends in Problems' });
  const squigglesBefore = (await editorGeometry(page)).squiggles.filter((s) => s.severity === 'warning').length;

  // Remember this window: a reload would replace it (and its JS state) with a new one.
  await page.evaluate(() => (window.__sizeHintsE2eMarker = 'same-window'));
  writeWorkspaceSettings(ws, { 'dockerfileSizeHints.rules': { 'apt-lists-kept': 'off' } });

  await waitFor(async () => {
    const c = await codes();
    return !c.includes('apt-lists-kept') && c.includes('apt-no-install-recommends');
  }, { message: 'apt-lists-kept gone from Problems while apt-no-install-recommends stays' });
  await waitFor(async () => (await editorGeometry(page)).squiggles.filter((s) => s.severity === 'warning').length < squigglesBefore, {
    message: 'one warning squiggle fewer',
  });
  assert.equal(await page.evaluate(() => window.__sizeHintsE2eMarker), 'same-window', 'the window was not reloaded');
  await screenshot(page, '7-rule-off');
});
