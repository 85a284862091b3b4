#!/usr/bin/env node
// The real-build proof of the fixes (issue 13): for every case in test/builds/corpus, build the original,
// the fix-all result and every single quick fix with a real engine, run the case's probe in each image,
// and compare image sizes. Run: npm run test:builds [-- <case-name-filter>…] (cases whose name contains any filter)
//   DSH_DOCKER_ROOT=dir   keep the engine's data (and the built images, for the layer cache) in dir
//   DSH_REPORT=file       where the failure report goes (default test/builds/.last-report.md)
//   DSH_JOBS=n            cases built at once (default 3: the CI machine has 2 cores, and a build waits for
//                         the network and dockerd part of its time)
//   DSH_APT_CACHE=0       no apt cache (test/docker/aptcache.mjs): every build downloads from Debian
//   DSH_BUILDKIT=podman   BuildKit-only texts but heredocs to podman/buildah instead of BuildKit (trixie's dockerd)
import { mkdtempSync, readFileSync, existsSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { builderFor, loadCases as load, needsBuildKit, variants as caseVariants, withoutSyntaxDirective } from './corpus.ts';
import { importRpmTools, startEngine, localFrom, run, usesRpmTools } from '../docker/engine.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Several filters build the cases matching any of them (`-- then-install go-`).
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const jobs = Number(process.env.DSH_JOBS || 3);
const all = process.argv.includes('--all') || !!process.env.DSH_ALL;
const reportFile = process.env.DSH_REPORT || join(here, '.last-report.md');
// Logs (apt history, dpkg.log) differ by a few hundred bytes between equivalent builds; more is growth.
const SIZE_SLACK = 64 * 1024;
/** Where the time goes (ms, summed over parallel jobs). */
const time = { analysis: 0, dockerBuild: 0, podmanBuild: 0, buildkitBuild: 0, probe: 0 };
const podman = process.env.DSH_BUILDKIT === 'podman';

const toolFor = (origText, text) => builderFor(origText, text, { podman });

/** `case | label-prefix | reason` lines: failures that are expected until the fix code changes. */
function readKnown() {
  const file = join(here, 'known-failures.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const [name, label, ...why] = l.split('|').map((s) => s.trim());
    return { name, label, why: why.join('|'), hit: false };
  });
}

const loadCases = () => (filters.length ? load().filter((c) => filters.some((f) => c.name.includes(f))) : load());
const variants = (c) => caseVariants(c, { all });

/** Scratch folders in use: SIGINT/SIGTERM end the run through process.exit (the engine's handler), past their finally blocks. */
const scratch = new Set();
process.on('exit', () => {
  for (const d of scratch) rmSync(d, { recursive: true, force: true });
});
function scratchDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(d);
  return d;
}
function dropScratch(d) {
  rmSync(d, { recursive: true, force: true });
  scratch.delete(d);
}

async function build(engine, tool, text, context, tag) {
  const dir = scratchDir('dsh-build-');
  try {
    const df = join(dir, 'Dockerfile');
    writeFileSync(df, localFrom(tool === 'buildkit' ? withoutSyntaxDirective(text) : text));
    const ctx = context ?? dir;
    const e = engineOf(engine, tool);
    const r = tool === 'podman'
      ? await e.podman(['build', '--network', 'host', '--layers', ...e.podmanBuildArgs, '-t', tag, '-f', df, ctx], { env: e.podmanBuildEnv })
      : await e.docker(['build', '--network', 'host', '--force-rm', ...e.buildArgs, '-t', tag, '-f', df, ctx]);
    time[`${tool}Build`] += r.ms;
    return r;
  } finally {
    dropScratch(dir);
  }
}

async function probe(engine, tool, tag, script) {
  const r = await probeIn(engine, tool, tag, script);
  time.probe += r.ms;
  return r;
}

/** The engine that runs `docker` commands for a tool: BuildKit texts have their own daemon (engine.buildkitEngine). */
function engineOf(engine, tool) {
  return tool === 'buildkit' ? engine.buildkitEngine : engine;
}

async function probeIn(engine, tool, tag, script) {
  if (tool !== 'podman') return engineOf(engine, tool).docker(['run', '--rm', '--network', 'host', '--entrypoint', 'sh', tag, '-c', script]);
  // podman run cannot set this machine's rlimits; a RUN step in a build can: probe by building on the image.
  const dir = scratchDir('dsh-probe-');
  try {
    // Its full name: podman stored `-t dsh-build/…` as localhost/dsh-build/…; a short name is looked up in registries too.
    writeFileSync(join(dir, 'Dockerfile'), `FROM localhost/${tag}\nRUN ${JSON.stringify(['sh', '-c', script])}\n`);
    return await engine.podman(['build', '--network', 'host', '--layers=false', '-f', join(dir, 'Dockerfile'), dir]);
  } finally {
    dropScratch(dir);
  }
}

async function buildAndCheck(engine, tool, c, x, tag, original) {
  const b = await build(engine, tool, x.text, c.context, tag);
  const r = { text: x.text, tool, ok: true, why: '', size: undefined, ms: b.ms, original };
  if (c.expectFail) {
    if (b.code === 0) { r.ok = false; r.why = original ? 'builds although the original fails on purpose (a failure is hidden)' : 'original builds although the case says it must fail'; }
    return r;
  }
  if (b.code !== 0) {
    r.ok = false;
    r.why = `build failed (${tool}):\n${tail(b.stdout, 4)}\n${tail(b.stderr, 2)}`;
    return r;
  }
  r.size = await engineOf(engine, tool).imageSize(tag, tool === 'podman' ? 'podman' : 'docker');
  if (c.probe) {
    const p = await probe(engine, tool, tag, c.probe);
    if (p.code !== 0) { r.ok = false; r.why = `probe failed (exit ${p.code}, ${tool}):\n${tail(p.stdout + '\n' + p.stderr)}`; }
  }
  if (r.ok && original?.size !== undefined && r.size > original.size + SIZE_SLACK) {
    r.ok = false;
    r.why = `image grew (${tool}): ${r.size} B > original ${original.size} B (+${r.size - original.size} B)`;
  }
  return r;
}

/** The FROM line and the first instruction after it (continuations joined): a scheduling key, no more. */
function firstLayerKey(text) {
  const logical = text.replace(/^\uFEFF/, '').replace(/[\\`]\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  return logical.slice(0, 2).join('\n').replace(/\s+/g, ' ');
}

function tail(s, n = 5) {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() && !/DEPRECATED|BuildKit is currently disabled|environment-variable|^\s*$|Install the buildx/.test(l)).slice(-n).join('\n');
}

async function diff(a, b) {
  const d = scratchDir('dsh-diff-');
  try {
    writeFileSync(join(d, 'original'), a);
    writeFileSync(join(d, 'fixed'), b);
    // Awaited before the folder goes: removed while diff started, the report's diff was often empty.
    return await spawnDiff(d);
  } finally {
    dropScratch(d);
  }
}
function spawnDiff(d) {
  return run('diff', ['-u', 'original', 'fixed'], { cwd: d }).then((r) => r.stdout.split('\n').slice(2).join('\n').trim());
}

async function runCase(engine, c, known, out) {
  const v = c.variants;
  if (c.skip) {
    console.log(`${c.name}\n  SKIP  not built: ${c.skip}`);
    return { pass: 0, fail: 0, knownFail: 0, rules: [], builds: 0, skipped: 0, notBuilt: 1 };
  }
  const hash = (t) => createHash('sha1').update(t).digest('hex').slice(0, 10);
  // Each text is built by the classic builder unless it needs BuildKit (toolFor); the original is built
  // by every tool a variant uses, so sizes are only ever compared between images of the same builder.
  const orig = v.list.find((x) => x.labels.includes('original'));
  const toolOf = (x) => toolFor(orig.text, x.text);
  const tools = [...new Set([orig, ...v.list].map(toolOf))];
  const results = [];
  const originals = {};
  const tagOf = (x) => `dsh-build/${c.name.toLowerCase()}:${hash(x.text)}`;
  // The original by every builder first: the cases waiting on this case's first layer (the c7 nodejs+npm
  // install) then find it in BuildKit's (or podman's) layer cache as well as the classic builder's.
  for (const tool of tools) {
    const r = await buildAndCheck(engine, tool, c, orig, tagOf(orig), undefined);
    r.labels = [tools.length > 1 ? `original (${tool})` : 'original', ...(tool === 'docker' ? orig.labels.slice(1) : [])];
    results.push(r);
    originals[tool] = r;
  }
  c.firstLayerBuilt?.();
  for (const tool of tools) {
    if (!originals[tool].ok) continue; // a broken case says nothing about its fixes
    for (const x of v.list.filter((y) => y !== orig && toolOf(y) === tool)) {
      const r = await buildAndCheck(engine, tool, c, x, tagOf(x), originals[tool]);
      r.labels = x.labels;
      results.push(r);
    }
  }
  const lines = [];
  let pass = 0;
  let fail = 0;
  let knownFail = 0;
  for (const r of results) {
    for (const label of r.labels) {
      const k = known.find((k) => k.name === c.name && (k.label === '*' || label.startsWith(k.label)));
      const d = r.size !== undefined && r.original?.size !== undefined ? r.size - r.original.size : undefined;
      // The original's own size (per builder: BuildKit's and podman's images of one text differ from the classic builder's).
      const delta = d !== undefined ? ` ${d >= 0 ? '+' : ''}${(d / 1e6).toFixed(2)} MB (${d >= 0 ? '+' : ''}${d} B)` : r.size !== undefined && !r.original ? ` ${r.size} B` : '';
      if (r.ok) {
        pass++;
        lines.push(`  ok    ${label}${delta}`);
        if (k) lines.push(`  !!    known failure no longer fails: remove "${k.name} | ${k.label}" from test/builds/known-failures.txt`);
      } else if (k) {
        k.hit = true;
        knownFail++;
        lines.push(`  KNOWN ${label} (${k.why})`);
      } else {
        fail++;
        lines.push(`  FAIL  ${label}\n        ${r.why.replace(/\n/g, '\n        ')}`);
        out.push({ name: c.name, label, why: r.why, diff: r.original ? await diff(c.text, r.text) : '' });
      }
    }
  }
  const secs = (results.reduce((s, r) => s + r.ms, 0) / 1000).toFixed(0);
  console.log(`${c.name} (${results.length} builds, ${secs} s; rules with fixes: ${v.rules.join(', ') || 'none'}${v.skipped ? `; ${v.skipped} FROM swap(s) not built (--all builds them)` : ''})\n${lines.join('\n')}`);
  return { pass, fail, knownFail, rules: v.rules, builds: results.length, skipped: v.skipped };
}

async function main() {
  const t0 = Date.now();
  const cases = loadCases();
  if (!cases.length) throw new Error(`no cases match ${filters.join(', ')}`);
  const known = readKnown();
  if (process.argv.includes('--plan')) {
    // What would be built, without an engine: the variants of every case.
    for (const c of cases) {
      const v = variants(c);
      console.log(`${c.name}: ${v.list.length} texts; findings ${v.findings.join(', ') || 'none'}\n${v.list.map((x) => `  ${x.labels.join(' = ')} [${toolFor(c.text, x.text)}]`).join('\n')}`);
    }
    return;
  }
  const starting = startEngine({ root: process.env.DSH_DOCKER_ROOT, podman, keep: !!process.env.DSH_DOCKER_ROOT, aptCache: process.env.DSH_APT_CACHE !== '0' });
  // Analyse every case while dockerd starts, then build the biggest cases first (BuildKit-only texts count
  // double: their original is built a second time), so that no long case starts last and leaves a core idle at the end.
  const ta = Date.now();
  for (const c of cases) c.variants = variants(c);
  time.analysis = Date.now() - ta;
  // The banner names only the known failures this run builds (its case selected and not skipped, a text with the label).
  const knownHere = known.filter((k) => cases.some((c) => c.name === k.name && !c.skip && (k.label === '*' || c.variants.list.some((x) => x.labels.some((l) => l.startsWith(k.label))))));
  if (knownHere.length) {
    console.log(`\n${'!'.repeat(72)}\n!! ${knownHere.length} KNOWN FAILURES (test/builds/known-failures.txt): fixes that still break a build\n${knownHere.map((k) => `!!   ${k.name} | ${k.label} | ${k.why}`).join('\n')}\n${'!'.repeat(72)}\n`);
  }
  const cost = (c) => (c.skip ? 0 : c.variants.list.length + c.variants.list.filter((x) => needsBuildKit(x.text)).length * 2);
  cases.sort((a, b) => cost(b) - cost(a) || a.name.localeCompare(b.name));
  const engine = await starting;
  console.log(`engine ready (${engine.storageDriver}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  // The dnf/yum/zypper cases' base (≈ 360 MB): imported only when such a case is built, into the builders it
  // uses, while the other cases build (the rpm cases are small: they start last); an rpm case waits for it.
  const rpmCases = cases.filter((c) => !c.skip && usesRpmTools(c.text));
  const rpmTools = new Set(rpmCases.flatMap((c) => c.variants.list.map((x) => toolFor(c.text, x.text))));
  const tr = Date.now();
  let rpmReady = rpmTools.size ? importRpmTools(engine, { podman: rpmTools.has('podman') }) : undefined;
  rpmReady?.catch(() => {}); // each rpm case that awaits it reports the failure
  // The BuildKit daemon only when a case has a text for it; it shares the first engine's apt cache.
  if (cases.some((c) => !c.skip && c.variants.list.some((x) => toolFor(c.text, x.text) === 'buildkit'))) {
    const tb = Date.now();
    try {
      engine.buildkitEngine = await startEngine({ aptProxy: engine.aptProxy, buildkit: true });
    } catch (e) {
      await engine.stop();
      throw e;
    }
    // After the first import: that one makes the tarball.
    if (rpmTools.has('buildkit')) rpmReady = rpmReady.then(() => importRpmTools(engine.buildkitEngine));
    rpmReady?.catch(() => {});
    console.log(`BuildKit engine ready (trixie's dockerd, ${engine.buildkitEngine.storageDriver}) in ${((Date.now() - tb) / 1000).toFixed(0)} s`);
  }
  rpmReady = rpmReady?.then(() => console.log(`rpm tools image ready (${rpmCases.length} cases) in ${((Date.now() - tr) / 1000).toFixed(0)} s`));
  rpmReady?.catch(() => {});
  const failures = [];
  const totals = { pass: 0, fail: 0, knownFail: 0, builds: 0, skipped: 0, notBuilt: 0 };
  const ruleCases = new Map();
  let cpu;
  // Cases that start alike (the c7 cases all begin with the same `apt-get install nodejs npm`, ~300
  // packages) share that layer through dockerd's cache, but only if one builds it before the others
  // start: a case whose first layer another job is building waits, the job takes the next case.
  const pending = [...cases];
  const warming = new Set();
  const warm = new Set();
  let wake = () => {};
  const changed = () => new Promise((resolve) => { const before = wake; wake = () => { before(); resolve(); }; });
  // SIGINT/SIGTERM: the engine's own handler stops dockerd and exits; start no further case meanwhile.
  let aborted = false;
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { aborted = true; });
  const take = () => {
    if (aborted) return undefined;
    const i = pending.findIndex((c) => c.skip || !warming.has(firstLayerKey(c.text)));
    return i < 0 ? undefined : pending.splice(i, 1)[0];
  };
  try {
    await Promise.all(Array.from({ length: jobs }, async () => {
      while (pending.length && !aborted) {
        const c = take();
        if (!c) { await changed(); continue; }
        const key = firstLayerKey(c.text);
        const first = !c.skip && !warm.has(key);
        if (first) warming.add(key);
        c.firstLayerBuilt = () => {
          if (!first || warm.has(key)) return;
          warming.delete(key);
          warm.add(key);
          const w = wake;
          wake = () => {};
          w();
        };
        let r;
        try {
          if (rpmReady && !c.skip && usesRpmTools(c.text)) await rpmReady;
          r = await runCase(engine, c, known, failures);
        } catch (e) {
          r = { pass: 0, fail: 1, knownFail: 0, rules: [], builds: 0 };
          console.log(`${c.name}\n  FAIL  runner error: ${e.stack}`);
          failures.push({ name: c.name, label: 'runner', why: String(e), diff: '' });
        } finally {
          c.firstLayerBuilt();
        }
        for (const k of ['pass', 'fail', 'knownFail', 'builds', 'skipped', 'notBuilt']) totals[k] += r[k] ?? 0;
        for (const rule of r.rules) ruleCases.set(rule, (ruleCases.get(rule) ?? 0) + 1);
      }
    }));
  } finally {
    cpu = engine.cpuSeconds();
    const bk = engine.buildkitEngine?.cpuSeconds();
    if (bk) {
      // Both daemons are children of this process: the first engine's `clients` counted the second's daemons.
      cpu.containers += bk.containers;
      cpu.daemons += bk.daemons;
      cpu.clients -= bk.daemons;
      cpu.total = cpu.containers + cpu.daemons + cpu.proxy + cpu.clients;
    }
    await engine.buildkitEngine?.stop();
    await engine.stop();
  }
  const report = failures.map((f) => `## ${f.name}: ${f.label}\n\n\`\`\`diff\n${f.diff}\n\`\`\`\n\n\`\`\`\n${f.why}\n\`\`\`\n`).join('\n');
  mkdirSync(dirname(reportFile), { recursive: true });
  writeFileSync(reportFile, `# Real-build failures (${new Date().toISOString()})\n\n${report || 'none\n'}`);
  console.log(`\nrules with fixes exercised (cases): ${[...ruleCases].sort().map(([r, n]) => `${r} ${n}`).join(', ')}`);
  const stale = knownHere.filter((k) => !k.hit);
  if (stale.length) console.log(`known failures that did not fail (remove them): ${stale.map((k) => `${k.name} | ${k.label}`).join('; ')}`);
  if (totals.knownFail) console.log(`\n!! ${totals.knownFail} KNOWN FAILURES still fail (test/builds/known-failures.txt) !!`);
  if (totals.skipped) console.log(`${totals.skipped} FROM swaps (large-base-image refactors) not built (only where case.json says "all"; --all builds every one)`);
  if (totals.notBuilt) console.log(`${totals.notBuilt} cases not built (see their skip file): ${cases.filter((c) => c.skip).map((c) => c.name).join(', ')}`);
  const s = (ms) => `${(ms / 1000).toFixed(0)} s`;
  console.log(`time (summed over ${jobs} jobs): docker builds ${s(time.dockerBuild)}, podman builds ${s(time.podmanBuild)}, BuildKit builds ${s(time.buildkitBuild)}, probes ${s(time.probe)}; analysis ${s(time.analysis)} (while dockerd starts)`);
  console.log(`CPU: ${s(cpu.total * 1000)} (build/probe containers ${s(cpu.containers * 1000)}, dockerd+containerd ${s(cpu.daemons * 1000)}, runner+docker CLI+podman ${s(cpu.clients * 1000)}, apt cache ${s(cpu.proxy * 1000)}); wall ${s(Date.now() - t0)}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const a = engine.aptCacheStats;
  if (a) console.log(`apt cache (${engine.aptProxy}): ${a.hits} hits (${(a.hitBytes / 1e6).toFixed(0)} MB), ${a.misses} downloaded (${(a.missBytes / 1e6).toFixed(0)} MB), ${a.passed} passed through, ${a.tunnels} tunnels, ${a.errors} errors`);
  console.log(`${cases.length} cases, ${totals.builds} builds in ${((Date.now() - t0) / 1000).toFixed(0)} s; report: ${relative(root, reportFile)}`);
  console.log(`${totals.pass} passed, ${totals.fail} failed, ${totals.knownFail} known failures`);
  process.exitCode = totals.fail ? 1 : 0;
}

await main();

