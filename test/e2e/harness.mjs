// Shared machinery for the real-editor tests: code-server (the real VS Code) in its own process
// group, Debian's chromium driven by playwright-core, fresh workspaces, the CLI's numbers, and
// small helpers that read what a person sees in the workbench.
//
// Synchronisation is always a wait on a condition (Playwright's auto-waiting locators, or
// `waitFor` below which polls a predicate until it holds or a deadline passes), never a sleep.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const E2E_DIR = process.env.E2E_DIR ?? join(ROOT, '.e2e');
export const RESULTS_DIR = join(ROOT, 'test-results', 'e2e');
export const CODE_SERVER = join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const isMac = process.platform === 'darwin';

/** How long one condition may take before the test fails (generous for a cold, loaded CI box). */
export const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS ?? 30_000);

// ------------------------------------------------------------------------------------------------
// Waiting
// ------------------------------------------------------------------------------------------------

/**
 * Polls `probe` until it returns a truthy value (returned) or `timeout` passes (throws, with the
 * last value seen in the message so a failure says what the editor showed instead).
 */
export async function waitFor(probe, { timeout = TIMEOUT, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (err) {
      if (err.fatal) throw err; // the thing waited for can no longer happen (e.g. the process exited)
      lastError = err;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(last)?.slice(0, 2000)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${seen}`);
    }
    await delay(interval); // polling interval, not synchronisation: the loop re-checks the condition
  }
}

// ------------------------------------------------------------------------------------------------
// code-server
// ------------------------------------------------------------------------------------------------

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** User settings that keep the workbench quiet and deterministic (no welcome page, no tips, no network). */
export const BASE_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'files.autoSave': 'off',
  'git.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.hover.delay': 300,
  'window.restoreWindows': 'none',
  'security.workspace.trust.enabled': false,
};

/** Settings for the instance that runs with Workspace Trust on and treats every folder as untrusted. */
export const UNTRUSTED_USER_SETTINGS = {
  ...BASE_USER_SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.banner': 'always',
  'security.workspace.trust.emptyWindow': false,
};

function codeServerArgs({ port, userDataDir, extensionsDir, configFile, trust }) {
  const args = [
    CODE_SERVER,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--config', configFile,
  ];
  if (!trust) args.push('--disable-workspace-trust');
  return args;
}

const codeServerEnv = () => ({
  ...process.env,
  // No marketplace: nothing to look up, nothing leaves the machine.
  EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
  PASSWORD: undefined,
  HASHED_PASSWORD: undefined,
});

/** `code-server --install-extension <vsix>` into the given extensions dir. */
export function installExtension(vsix, { extensionsDir, userDataDir }) {
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  const configFile = join(userDataDir, 'code-server.yaml');
  if (!existsSync(configFile)) writeFileSync(configFile, '');
  const r = spawnSync(
    process.execPath,
    [CODE_SERVER, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile, '--force', '--install-extension', vsix],
    { encoding: 'utf8', env: codeServerEnv(), timeout: 120_000 },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0 || !/successfully installed/i.test(out)) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  return out.trim();
}

/**
 * Starts code-server in its own process group on a free port and waits until it answers.
 * `stop()` kills the whole group (closing the browser alone leaves extension hosts running).
 * `trust`: when true, Workspace Trust is on (no --disable-workspace-trust), for the untrusted test.
 */
export async function startCodeServer({ name = 'code-server', extensionsDir, userSettings = BASE_USER_SETTINGS, trust = false, logDir = RESULTS_DIR } = {}) {
  const base = mkdtempSync(join(tmpdir(), `dsh-e2e-${name}-`));
  const userDataDir = join(base, 'user-data');
  extensionsDir ??= join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const configFile = join(base, 'code-server.yaml');
  writeFileSync(configFile, '');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);

  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    const fd = openSync(logFile, 'w');
    const child = spawn(process.execPath, codeServerArgs({ port, userDataDir, extensionsDir, configFile, trust }), {
      detached: true, // its own process group: stop() kills code-server, its extension hosts and language servers
      stdio: ['ignore', fd, fd],
      env: codeServerEnv(),
    });
    closeSync(fd);
    let exited = null;
    child.on('exit', (code, signal) => (exited = { code, signal }));
    const url = `http://127.0.0.1:${port}`;
    const server = {
      name, url, port, pid: child.pid, userDataDir, extensionsDir, base, logFile,
      async stop({ removeFiles = true } = {}) {
        killGroup(child.pid, 'SIGTERM');
        const gone = await waitFor(() => exited || !groupAlive(child.pid), { timeout: 5000, message: `${name} to exit` }).catch(() => false);
        if (!gone || groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
        if (removeFiles) rmSync(base, { recursive: true, force: true });
      },
    };
    try {
      await waitFor(
        async () => {
          if (exited) throw Object.assign(new Error(`code-server exited (${JSON.stringify(exited)})`), { fatal: true });
          const res = await fetch(`${url}/healthz`).catch(() => null);
          return res?.ok;
        },
        { timeout: 60_000, interval: 200, message: `${name} on ${url}/healthz` },
      );
      return server;
    } catch (err) {
      lastError = err;
      await server.stop({ removeFiles: false });
      // A port taken between freePort() and bind is the only reason worth retrying.
      if (!/EADDRINUSE/.test(readFileSafe(logFile))) break;
    }
  }
  rmSync(base, { recursive: true, force: true });
  throw new Error(`could not start ${name}: ${lastError?.message}\n--- ${logFile} ---\n${readFileSafe(logFile).slice(-3000)}`);
}

function readFileSafe(p) {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------------------------------------
// Browser
// ------------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless chromium; the browser start is the only thing retried. */
export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    } catch (err) {
      lastError = err;
      process.stderr.write(`[e2e] chromium launch attempt ${attempt} failed: ${err.message.split('\n')[0]}\n`);
    }
  }
  throw lastError;
}

// ------------------------------------------------------------------------------------------------
// Workspaces and the CLI
// ------------------------------------------------------------------------------------------------

/** A fresh copy of examples/<example> in a new temp folder (quick fixes may be saved to disk). */
export function freshWorkspace(example, { settings } = {}) {
  const dir = mkdtempSync(join(tmpdir(), `dsh-ws-${example}-`));
  // examples/<example>, or a test-only folder under test/e2e/fixtures/ (e.g. the image the engine builds).
  const fixture = join(ROOT, 'test', 'e2e', 'fixtures', example);
  cpSync(existsSync(join(ROOT, 'examples', example)) ? join(ROOT, 'examples', example) : fixture, dir, { recursive: true });
  if (settings) writeWorkspaceSettings(dir, settings);
  return dir;
}

export function writeWorkspaceSettings(dir, settings) {
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/**
 * What the CLI says about a Dockerfile: its JSON report (structure: layers, findings) and, from its
 * text report, the numbers it prints for each line (`onDisk`, `pull`, as printed) and the image line.
 *   layers:   Map(line → { line, instruction, onDisk, pull, confidence, bytes, ... })  (1-based lines)
 *   bases:    [{ line, instruction, onDisk, pull, confidence }]                   (the FROM rows)
 *   image:    { estimate: '≈ 1.14 GB (971 MB–1.32 GB)', pull: '411 MB' }
 *   findings: [{ rule, severity, line, column, message, ... }]                   (from the JSON)
 */
export function cliReport(file) {
  const cli = process.env.E2E_CLI ?? join(ROOT, 'dist', 'cli.js');
  const run = (args) => {
    const r = spawnSync(process.execPath, [cli, ...args, '--fail-on', 'none', file], { encoding: 'utf8', cwd: dirname(file), env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`${cli} ${args.join(' ')} ${file} exited ${r.status}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  const stdout = run(['--no-color']);
  const json = JSON.parse(run(['--format', 'json'])).files[0];
  // Table rows: "   8  RUN pip install -r requirements.txt     1.43 MB   548 kB  low   ▏"
  const rows = new Map();
  let image;
  for (const text of stdout.split('\n')) {
    let m;
    if ((m = /^\s+(\d+) {2}(.*)$/.exec(text))) {
      const [instruction, onDisk, pull, confidence] = m[2].trim().split(/\s{2,}/);
      rows.set(Number(m[1]), { line: Number(m[1]), instruction, onDisk, pull, confidence });
    } else if ((m = /^\s*Image (.+?) on disk · (.+?) to pull/.exec(text))) {
      image = { estimate: m[1], pull: m[2] };
    }
  }
  const layers = new Map();
  for (const stage of json.stages) {
    for (const l of stage.layers) layers.set(l.line, { ...l, ...rows.get(l.line), instruction: l.instruction });
  }
  const bases = [...rows.values()].filter((r) => /^FROM\s/i.test(r.instruction));
  return { stdout, json, layers, bases, image, findings: json.findings };
}

// ------------------------------------------------------------------------------------------------
// The workbench
// ------------------------------------------------------------------------------------------------

/** Editor text in the DOM uses U+00A0 for spaces. */
export const nbsp = (s) => s.replace(/\u00a0/g, ' ');

export const MOD = isMac ? 'Meta' : 'Control';

/** Opens `folder` in a new page and waits until the workbench and its Explorer are up. */
export async function openWorkbench(context, server, folder) {
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  // The Explorer shows the folder's files once the remote file system is connected.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  return page;
}

/** Opens a file by its workspace-relative path with Quick Open, as a person would, and waits for its editor. */
export async function openFile(page, relPath) {
  const name = relPath.split('/').pop();
  await page.locator('.monaco-workbench').focus().catch(() => undefined);
  await page.keyboard.press(`${MOD}+P`);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relPath);
  // Wait until the list shows the file, then open it.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  const editor = activeEditor(page);
  await editor.locator('.view-lines .view-line').first().waitFor({ state: 'visible' });
  return editor;
}

/**
 * Opens the example's Dockerfile and waits until the extension has analysed it: its status bar
 * item shows the image total (the language server answered for this document).
 */
export async function openDockerfile(page, relPath = 'Dockerfile') {
  const editor = await openFile(page, relPath);
  await statusItem(page).waitFor({ state: 'visible' });
  return editor;
}

/** The text editor of the active editor group. */
export function activeEditor(page) {
  return page.locator('.editor-group-container.active .monaco-editor[data-uri]').first();
}

/**
 * Geometry of the editor: every rendered line number with its vertical band, and every view line,
 * squiggle and inlay hint with its rectangle. Matching by position (not by DOM order or style
 * strings) keeps this independent of how Monaco happens to order its layers.
 */
export async function editorGeometry(page) {
  return activeEditor(page).evaluate((editor) => {
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height, cy: r.y + r.height / 2 };
    };
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
      .map((el) => ({ line: Number(el.textContent.trim()), ...rect(el) }))
      .filter((n) => Number.isFinite(n.line) && n.line > 0);
    const lineAt = (cy) => numbers.find((n) => cy >= n.y && cy <= n.y + n.height)?.line;
    const lines = [...editor.querySelectorAll('.view-lines .view-line')].map((el) => {
      const r = rect(el);
      // Inlay hints are injected text: spans whose class names mark them as such.
      const hints = [...el.querySelectorAll('span[class*="inlay"], span[class*="dyn-rule"]')]
        .filter((s) => s.children.length === 0 && s.textContent.trim())
        .map((s) => s.textContent.replace(/\u00a0/g, ' ').trim());
      return { line: lineAt(r.cy), text: el.textContent.replace(/\u00a0/g, ' '), hints, ...r };
    });
    const squiggles = [...editor.querySelectorAll('.view-overlays [class*="squiggly-"]')].map((el) => {
      const r = rect(el);
      const severity = /squiggly-(error|warning|info|hint)/.exec(el.className)?.[1];
      return { line: lineAt(r.cy), severity, className: el.className, ...r };
    });
    return { numbers, lines: lines.sort((a, b) => a.y - b.y), squiggles };
  });
}

/** The rendered text of (1-based) line `n`, inlay hint labels included, with normal spaces. */
export async function lineText(page, n) {
  const g = await waitFor(async () => {
    const geo = await editorGeometry(page);
    return geo.lines.some((l) => l.line === n) ? geo : null;
  }, { message: `line ${n} rendered in the editor` });
  return g.lines.find((l) => l.line === n).text;
}

/** Hovers the mouse over the first characters of (1-based) line `n` (an instruction keyword). */
export async function hoverLineStart(page, n, { offsetX = 12 } = {}) {
  const g = await waitFor(async () => {
    const geo = await editorGeometry(page);
    return geo.lines.some((l) => l.line === n) ? geo : null;
  }, { message: `line ${n} rendered in the editor` });
  const l = g.lines.find((x) => x.line === n);
  // Move away first so a hover already showing for another line is dismissed.
  await page.mouse.move(l.x + l.width - 5, l.y - 200 > 0 ? l.y - 200 : 5);
  await page.mouse.move(l.x + offsetX, l.cy, { steps: 4 });
}

/** The visible hover whose text matches `pattern` (several hidden .monaco-hover elements exist). */
export function visibleHover(page, pattern) {
  return page.locator('.monaco-hover').filter({ visible: true }).filter({ hasText: pattern }).first();
}

/** Waits for the hover matching `pattern` to show and finish fading in; returns its text. */
export async function hoverText(page, pattern) {
  const hover = visibleHover(page, pattern);
  await hover.waitFor({ state: 'visible' });
  await hover.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)));
  return nbsp(await hover.innerText());
}

/** Moves the cursor to (1-based) line:column with "Go to Line/Column" (Ctrl+G), as a person would. */
export async function goTo(page, line, column = 1) {
  await activeEditor(page).locator('.view-lines').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await waitFor(async () => (await statusCursor(page)) === `Ln ${line}, Col ${column}`, { message: `cursor at Ln ${line}, Col ${column}` });
}

/** The "Ln 3, Col 1" status bar entry. */
export async function statusCursor(page) {
  const t = await page.locator('#status\\.editor\\.selection').textContent().catch(() => '');
  return nbsp(t ?? '').trim();
}

/** Runs a command from the Command Palette (F1) by its title. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  // Choose with the keyboard once the wanted command is the focused row.
  await waitFor(async () => {
    const focused = page.locator('.quick-input-widget .monaco-list-row.focused').first();
    const text = nbsp((await focused.textContent().catch(() => '')) ?? '');
    if (text.includes(title)) return true;
    await page.keyboard.press('ArrowDown');
    return false;
  }, { message: `command "${title}" focused in the palette` });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Problems panel rows: { text, message, source, code } for every marker row currently rendered. */
export async function problems(page) {
  const rows = page.locator('.markers-panel .monaco-list-row');
  return (
    await rows.evaluateAll((els) =>
      els.map((el) => ({
        text: el.textContent ?? '',
        message: el.querySelector('.marker-message-details .marker-message, .marker-message')?.textContent ?? '',
        source: el.querySelector('.marker-source')?.textContent ?? '',
        code: el.querySelector('.marker-code')?.textContent ?? '',
        label: el.getAttribute('aria-label') ?? '',
      })),
    )
  ).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, nbsp(v)])));
}

/** Opens the Problems panel (Ctrl+Shift+M toggles it, so only press when it is not showing). */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel');
  if (await panel.isVisible().catch(() => false)) return panel;
  await page.keyboard.press(`${MOD}+Shift+M`);
  await panel.waitFor({ state: 'visible' });
  return panel;
}

/** Status bar entry of this extension (id `<publisher>.<name>.<item id>`), once it shows the image total. */
export function statusItem(page) {
  return page.locator('[id="dockerfile-size-hints.dockerfile-size-hints.dockerfileSizeHints.status"]', { hasText: /Image .* pull/ });
}

/** Saves a screenshot under test-results/; returns its path. */
export async function screenshot(page, name) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: false }).catch((err) => process.stderr.write(`[e2e] screenshot ${file} failed: ${err.message}\n`));
  return file;
}

// ------------------------------------------------------------------------------------------------
// Code actions (the light bulb menu is keyboard-driven: the mouse is blocked on it)
// ------------------------------------------------------------------------------------------------

/** Presses Ctrl+. and returns the titles of the actions the menu lists. */
export async function openCodeActions(page) {
  await page.keyboard.press(`${MOD}+.`);
  const rows = page.locator('.action-widget .monaco-list-row.action').filter({ visible: true });
  await rows.first().waitFor({ state: 'visible' });
  return (await rows.allTextContents()).map((t) => nbsp(t).trim());
}

/** With the code action menu open, moves the keyboard focus to the action matching `pattern` and runs it. */
export async function chooseCodeAction(page, pattern) {
  await waitFor(async () => {
    const focused = page.locator('.action-widget .monaco-list-row.action.focused').first();
    const text = nbsp((await focused.textContent().catch(() => '')) ?? '');
    if (pattern.test(text)) return true;
    await page.keyboard.press('ArrowDown');
    return false;
  }, { message: `code action ${pattern} focused`, interval: 150 });
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').filter({ visible: true }).waitFor({ state: 'hidden' });
}

/** Saves the active editor and waits until the tab no longer shows unsaved changes. */
export async function save(page) {
  // The edit of a code action is applied asynchronously: wait until the editor has it.
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'visible' });
  await page.keyboard.press(`${MOD}+S`);
  await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
}

// ------------------------------------------------------------------------------------------------
// Test wrapper: one fresh workspace and one fresh browser context per test, screenshot on failure
// ------------------------------------------------------------------------------------------------

export function serverUrl(kind = 'main') {
  const url = kind === 'untrusted' ? process.env.E2E_URL_UNTRUSTED : process.env.E2E_URL;
  if (!url) throw new Error('E2E_URL is not set: run the tests with `node test/e2e/run.mjs` (or `npm run test:e2e`)');
  return { url };
}

/**
 * Declares the file's browser (started once, before its tests, with retries) and returns
 * `e2e(name, { example, settings, server }, fn)`, which runs `fn({ page, ws, t })` on a fresh copy
 * of examples/<example> opened in a new browser context, and saves a screenshot when it fails.
 */
export async function e2eSuite() {
  const { before, after, test } = await import('node:test');
  const state = {};
  before(async () => {
    state.browser = await launchBrowser();
  });
  after(async () => {
    await state.browser?.close();
  });
  return function e2e(name, opts, fn) {
    test(name, { timeout: opts.timeout ?? 150_000 }, async (t) => {
      const ws = freshWorkspace(opts.example, { settings: opts.settings });
      const context = await state.browser.newContext({ viewport: { width: 1400, height: 900 } });
      let page;
      let failed = false;
      try {
        page = await openWorkbench(context, serverUrl(opts.server), ws);
        await fn({ page, ws, t });
      } catch (err) {
        failed = true;
        page ??= context.pages()[0]; // the workbench itself did not come up
        if (page) {
          const file = await screenshot(page, `FAILED ${name}`);
          err.message += `\n  screenshot: ${file}\n  workspace: ${ws}`;
        }
        throw err;
      } finally {
        await context.close().catch(() => undefined);
        if (!failed) rmSync(ws, { recursive: true, force: true }); // kept after a failure, for a look
      }
    });
  };
}
