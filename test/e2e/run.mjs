#!/usr/bin/env node
// Real-editor tests: the packaged VSIX inside a real VS Code (code-server) driven in chromium.
//
//   npm run test:e2e                       production build, then this script
//   node test/e2e/run.mjs                  uses the dist/ already built
//   node test/e2e/run.mjs fixes            only test/e2e/fixes.e2e.mjs
//   node test/e2e/run.mjs --grep "hover"   only tests whose name matches
//
// Steps: setup.sh (idempotent installs) → package the VSIX → install it into code-server →
// start two code-servers in their own process groups (Workspace Trust off, and on with every
// folder untrusted) → `node --test` over test/e2e/*.e2e.mjs → kill both process groups, always.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE_USER_SETTINGS,
  E2E_DIR,
  RESULTS_DIR,
  ROOT,
  UNTRUSTED_USER_SETTINGS,
  installExtension,
  startCodeServer,
} from './harness.mjs';

/** The image the "Compare with Built Image" test compares test/e2e/fixtures/built-image/Dockerfile with. */
const BUILT_IMAGE = 'dsh-e2e/built-image:1';
const t0 = Date.now();
const log = (msg) => process.stderr.write(`[e2e ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}\n`);
const argv = process.argv.slice(2);
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const only = argv.filter((a, i) => !a.startsWith('--') && (grepAt < 0 || i !== grepAt + 1));

const servers = [];
let engine; // the private Docker Engine of the "Compare with Built Image" test (test/docker/engine.mjs)
let work;
let testChild;
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    if (testChild && testChild.exitCode === null) {
      try {
        process.kill(-testChild.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    await Promise.all(servers.map((s) => s.stop()));
    await engine?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping code-server`);
    void cleanup().finally(() => process.exit(130));
  });
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status ?? r.signal}`);
}

async function main() {
  // 1. Installs (fast no-op when warm).
  run('bash', [join(ROOT, 'test/e2e/setup.sh')]);
  log('setup done');

  // 2. The VSIX, from the production bundles in dist/ (`npm run test:e2e` builds them first).
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/cli.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`npm run test:e2e\` (or \`node scripts/build.mjs --production\`) first`);
  }
  work = mkdtempSync(join(tmpdir(), 'dsh-e2e-run-'));
  // A private copy of the bundles, so the CLI the tests compare with is the build that was packaged
  // (and a rebuild in the checkout during the run cannot pull dist/ from under the tests).
  cpSync(join(ROOT, 'dist'), join(work, 'dist'), { recursive: true, filter: (p) => !p.endsWith('.map') });
  const vsix = join(work, 'dockerfile-size-hints.vsix');
  run(process.execPath, [join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
  log(`packaged ${vsix} (${(statSync(vsix).size / 1e6).toFixed(2)} MB)`);

  // 3. Install it once into an extensions dir both code-servers share.
  const extensionsDir = join(work, 'extensions');
  installExtension(vsix, { extensionsDir, userDataDir: join(work, 'install-user-data') });
  log('extension installed');

  const here = join(ROOT, 'test/e2e');
  let files = readdirSync(here).filter((f) => f.endsWith('.e2e.mjs')).sort();
  if (only.length) files = files.filter((f) => only.some((o) => f.startsWith(o)));
  if (!files.length) throw new Error(`no test files match ${only.join(' ')}`);

  // 4. For "Compare with Built Image": a private dockerd (root) and an image built from the test's
  //    Dockerfile. The code-servers inherit DOCKER_HOST, so the language server's `docker` finds it.
  const builtEnv = {};
  if (files.includes('built-image.e2e.mjs')) {
    const { startEngine, localFrom } = await import('../docker/engine.mjs');
    engine = await startEngine({ bases: true });
    const fixture = join(here, 'fixtures', 'built-image');
    const dockerfile = join(work, 'built-image.Dockerfile');
    writeFileSync(dockerfile, localFrom(readFileSync(join(fixture, 'Dockerfile'), 'utf8')));
    const b = await engine.docker(['build', '--network', 'host', '-t', BUILT_IMAGE, '-f', dockerfile, fixture]);
    if (b.code !== 0) throw new Error(`docker build of ${BUILT_IMAGE} failed:\n${b.stderr.slice(-2000)}`);
    Object.assign(process.env, engine.env);
    Object.assign(builtEnv, engine.env, { E2E_BUILT_IMAGE: BUILT_IMAGE });
    log(`built ${BUILT_IMAGE} with dockerd (${engine.storageDriver}) on ${engine.env.DOCKER_HOST}`);
  }

  // 5. Two code-servers: the normal one, and one with Workspace Trust on (test 8).
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });
  const [main, untrusted] = await Promise.all([
    startCodeServer({ name: 'code-server', extensionsDir, userSettings: BASE_USER_SETTINGS, trust: false }),
    startCodeServer({ name: 'code-server-untrusted', extensionsDir, userSettings: UNTRUSTED_USER_SETTINGS, trust: true }),
  ]);
  servers.push(main, untrusted);
  log(`code-server on ${main.url} (pgid ${main.pid}), untrusted on ${untrusted.url} (pgid ${untrusted.pid})`);

  // 6. The tests, as node:test files, one file at a time (they share one machine's CPU).
  const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...(grep ? ['--test-name-pattern', grep] : []), ...files.map((f) => join(here, f))];
  const code = await new Promise((resolve) => {
    testChild = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: 'inherit',
      detached: true, // its own group, so an interrupted run can stop it and its browsers
      env: { ...process.env, ...builtEnv, E2E_URL: main.url, E2E_URL_UNTRUSTED: untrusted.url, E2E_DIR, E2E_CLI: join(work, 'dist', 'cli.js') },
    });
    testChild.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
  if (code !== 0) {
    // The extension host's and the language server's logs (Output panel channels), for the failure report.
    for (const s of servers) {
      const logs = join(s.userDataDir, 'logs');
      if (existsSync(logs)) cpSync(logs, join(RESULTS_DIR, `${s.name}-logs`), { recursive: true });
    }
  }
  log(`tests finished with exit code ${code}; screenshots and code-server logs in ${RESULTS_DIR}`);
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  log(`error: ${err.stack ?? err}`);
} finally {
  await cleanup();
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
process.exit(exitCode);
