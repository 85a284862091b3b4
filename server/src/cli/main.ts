/**
 * dockerfile-size-hints: the size report and findings for Dockerfiles, from the same core as the
 * editor (docs/cli.md). With no argument it reports on ./examples (what `npm start` shows).
 *
 * Exit codes: 0 ok; 1 a finding at or above --fail-on, or a budget exceeded; 2 a usage or input
 * error (the other files are still analysed and reported).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { analyzeDockerfile, type Analysis, type AnalysisSettings } from '../core/analyze';
import { findConfigFile, loadConfig, severitiesOf, emptyConfig, type FailOn, type LoadedConfig, type SizeConfig } from '../core/config/config';
import { BuildContext } from '../core/context/buildContext';
import { remoteUrls } from '../core/model/remoteUrls';
import type { ModelEnvironment } from '../core/model/sizeModel';
import { parseDockerfile } from '../core/parse/dockerfile';
import { SizeLookups } from '../net/registryLookups';
import { fixAll } from '../core/fixes/fixAll';
import { formatBytes, formatEstimate } from '../core/model/format';
import { unifiedDiff } from '../core/output/diff';
import { githubAnnotation, githubReport } from '../core/output/github';
import { gitlabReport } from '../core/output/gitlab';
import { jsonReport } from '../core/output/json';
import { sarifReport } from '../core/output/sarif';
import { neutralizeWorkflowCommands, safeText } from '../core/output/safeText';
import { painter, textReport } from '../core/output/text';
import type { Severity } from '../core/rules/types';
import { HELP, parseArgs, UsageError, type CliOptions } from './args';
import { compareWithBuilt, type BuiltComparison } from '../core/builtImage/compare';
import { builtText, withBuiltJson } from '../core/output/built';
import { EngineError, inspectBuiltImage } from '../engine/engine';
import { RegistryImageCache } from '../net/imageRegistry';
import { unknownBaseImages } from '../core/model/registryBases';
import { checkContextDir, decodeDockerfile, expandGlob, findDockerfiles, hasGlob, MAX_FILE_BYTES, readDockerfile, Walk, writeFileAtomic } from './files';
import { readFd } from '../core/context/safeRead';

const NAME = 'dockerfile-size-hints';

export interface CliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  readStdin: () => Buffer;
}

interface Input {
  /** As shown in the output: relative to the working directory when inside it. */
  display: string;
  /** On disk; undefined for standard input. */
  file?: string;
}

interface Budgets {
  maxSize?: number;
  maxPullSize?: number;
  maxWasted?: number;
}

/** An input read, with its settings, ready to analyse. */
interface Prepared {
  input: Input;
  text: string;
  /** The input began with a byte order mark: a fixed file keeps it. */
  bom: boolean;
  config: SizeConfig;
  settings: AnalysisSettings & { network: boolean };
  env: ModelEnvironment;
}

interface Result {
  display: string;
  analysis: Analysis;
  /** `--image`: the real image beside the estimate. */
  built?: BuiltComparison;
  failOn: FailOn;
  budgets: Budgets;
}

const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };

export function atOrAbove(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && SEVERITY_RANK[s] >= SEVERITY_RANK[failOn];
}

/** The budget failures of one analysis (empty when within every budget). */
export function budgetFailures(display: string, a: Analysis, b: Budgets): string[] {
  const img = a.model.image;
  const out: string[] = [];
  const shipped = a.model.stages[img.stageIndex];
  if (b.maxSize !== undefined && img.low > b.maxSize) {
    out.push(`${display}: the shipped image is at least ${formatBytes(img.low)} on disk (${shipped ? formatEstimate(shipped.total) : formatBytes(img.bytes)}), over the --max-size budget of ${formatBytes(b.maxSize)}`);
  }
  // The pull size has no range of its own: scale the compressed figure by the disk estimate's low/bytes.
  const pullLow = img.bytes > 0 ? Math.round((img.compressedBytes * img.low) / img.bytes) : img.compressedBytes;
  if (b.maxPullSize !== undefined && pullLow > b.maxPullSize) {
    out.push(`${display}: the shipped image is at least ${formatBytes(pullLow)} to pull (≈ ${formatBytes(img.compressedBytes)}), over the --max-pull-size budget of ${formatBytes(b.maxPullSize)}`);
  }
  if (b.maxWasted !== undefined && img.reclaimableBytes > b.maxWasted) {
    out.push(`${display}: ${formatBytes(img.reclaimableBytes)} reclaimable (created by one layer, deleted or overwritten by a later one), over the --max-wasted budget of ${formatBytes(b.maxWasted)}`);
  }
  return out;
}

function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(cwd, file);
  return shown.split(path.sep).join('/');
}

function hasStage(a: Analysis, target: string): boolean {
  const t = target.toLowerCase();
  return a.model.stages.some((s) => s.name === t) || (/^\d+$/.test(t) && Number(t) < a.model.stages.length);
}

export async function runCli(io: CliIo): Promise<number> {
  let status = 0;
  let progressShown = false;
  /** One line on standard error: user text in it (file names, messages) is made inert (safeText). */
  const errLine = (line: string) => io.stderr(`${neutralizeWorkflowCommands(safeText(line))}\n`);
  const err = (msg: string) => {
    if (progressShown) io.stderr('\r\x1b[K');
    errLine(`${NAME}: ${msg}`);
  };
  const inputError = (msg: string) => {
    err(msg);
    status = 2;
  };

  let opts: CliOptions;
  try {
    opts = parseArgs(io.argv, io.env);
  } catch (e) {
    if (e instanceof UsageError) {
      errLine(`${NAME}: ${e.message} (see --help)`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    io.stdout(HELP);
    return 0;
  }
  if (opts.version) {
    io.stdout(`${version}\n`);
    return 0;
  }
  const color = opts.format === 'text' && io.stdoutIsTTY && !opts.noColor && !io.env.NO_COLOR;

  // 1. Arguments → files.
  let args = opts.inputs;
  if (!args.length) {
    const local = path.join(io.cwd, 'examples');
    const bundled = path.join(__dirname, '..', 'examples');
    const dir = fs.existsSync(local) ? local : fs.existsSync(bundled) ? bundled : undefined;
    if (!dir) {
      io.stderr(`${NAME}: no input: give a Dockerfile, a directory or a glob (see --help)\n`);
      return 2;
    }
    args = [dir];
  }
  if (opts.fix && args.includes('-') && args.length > 1) {
    io.stderr(`${NAME}: --fix with standard input ('-') prints the fixed Dockerfile, so '-' must be the only input (see --help)\n`);
    return 2;
  }
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const abs = path.resolve(io.cwd, file);
    let key = abs;
    try {
      key = fs.realpathSync(abs);
    } catch {
      // keep the path as given
    }
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ display: displayPath(abs, io.cwd), file: abs });
  };
  for (const arg of args) {
    if (arg === '-') {
      inputs.push({ display: opts.stdinFilename ?? '<stdin>' });
      continue;
    }
    const abs = path.resolve(io.cwd, arg);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        inputError(`${arg}: ${code === 'EACCES' ? 'permission denied' : `cannot read (${code})`}`);
        continue;
      }
    }
    const walk = new Walk();
    if (st?.isDirectory()) {
      const found = findDockerfiles(abs, [], walk);
      if (!found.length) inputError(`${arg}: no Dockerfile found in this directory (looked for Dockerfile, Containerfile, *.dockerfile, Dockerfile.*)`);
      found.forEach(add);
    } else if (st) {
      add(abs);
    } else if (hasGlob(arg)) {
      const matched = expandGlob(path.isAbsolute(arg) ? arg : `${io.cwd.replace(/\\/g, '/')}/${arg}`, walk);
      const files: string[] = [];
      for (const m of matched.map((x) => path.resolve(io.cwd, x))) {
        let s: fs.Stats;
        try {
          s = fs.statSync(m);
        } catch {
          continue;
        }
        if (s.isDirectory()) files.push(...findDockerfiles(m, [], walk));
        else if (s.isFile()) files.push(m);
      }
      if (!files.length) inputError(`${arg}: no file matches this pattern`);
      files.forEach(add);
    } else {
      inputError(`${arg}: no such file or directory`);
    }
    if (walk.capped) err(`${arg}: the search ${walk.capped} (a symlink loop or a huge tree?); the files found so far are analysed`);
  }

  // 2. Config files, loaded once each; their errors reported once.
  const configs = new Map<string, LoadedConfig>();
  const configFor = (dir: string | undefined): SizeConfig => {
    if (opts.noConfig) return emptyConfig();
    const file = opts.config ? path.resolve(io.cwd, opts.config) : dir ? findConfigFile(dir) : undefined;
    if (!file) return emptyConfig();
    let loaded = configs.get(file);
    if (!loaded) {
      loaded = loadConfig(file, { found: !opts.config });
      configs.set(file, loaded);
      for (const e of loaded.errors) inputError(`${displayPath(e.file, io.cwd)}: ${e.key}: ${e.message}`);
      // A repository (or a parent folder) must not make a CI run send requests: only --network does.
      if (loaded.config.network === true && opts.network !== true) err(`${displayPath(file, io.cwd)}: network: true is ignored without --network (a config file cannot turn network look-ups on)`);
    }
    return loaded.config;
  };

  // 3. Read every input with its settings; with network look-ups, ask for the download sizes; analyse.
  const results: Result[] = [];
  const contextsCapped = new Set<string>();
  const diffs: string[] = [];
  const fixedNotes: string[] = [];
  let fixedStdin: string | undefined;
  const prepared: Prepared[] = [];
  for (const input of inputs) {
    try {
      const p = prepare(input);
      if (p) prepared.push(p);
    } catch (e) {
      inputError(`${input.display}: internal error: ${(e as Error).message}`);
    }
  }
  const remote = new SizeLookups();
  const lookups = prepared.filter((p) => p.settings.network);
  if (lookups.length) {
    const urls = new Set<string>();
    for (const p of lookups) {
      try {
        for (const u of remoteUrls(parseDockerfile(p.text, { buildArgs: p.settings.buildArgs }), p.settings, p.env.context)) urls.add(u);
      } catch {
        // analysed (and its error reported) below
      }
    }
    if (urls.size) {
      if (io.stderrIsTTY) {
        io.stderr(`\r\x1b[K${NAME}: looking up the sizes of ${urls.size} download${urls.size === 1 ? '' : 's'}`);
        progressShown = true;
      }
      await remote.prefetch(urls);
    }
    for (const p of lookups) {
      p.env.remoteSize = (url) => remote.lookup(url);
      p.env.apkIndex = (release, platform) => remote.apkIndex(release, platform);
    }
    // FROM images the bundled data lacks: their registries' manifests (compressed sizes).
    const registry = new RegistryImageCache();
    const bases = new Map<string, { image: string; platform: string }>();
    for (const p of lookups) {
      try {
        for (const b of unknownBaseImages(parseDockerfile(p.text, { buildArgs: p.settings.buildArgs }), p.settings.platform ?? 'linux/amd64')) bases.set(`${b.image}|${b.platform}`, b);
      } catch {
        // analysed (and its error reported) below
      }
    }
    if (bases.size) {
      if (io.stderrIsTTY) {
        io.stderr(`\r\x1b[K${NAME}: looking up ${bases.size} base image${bases.size === 1 ? '' : 's'} in ${bases.size === 1 ? 'its registry' : 'their registries'}`);
        progressShown = true;
      }
      // One overall budget: a registry that never answers must not hold the report up.
      await Promise.race([Promise.all([...bases.values()].map((b) => registry.fetch(b.image, b.platform))), new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    for (const p of lookups) {
      p.env.registryImage = (image, platform) => {
        const a = registry.get(image, platform);
        return a?.ok ? a.image : undefined;
      };
    }
  }
  const started = Date.now();
  const showProgress = io.stderrIsTTY && prepared.length > 1;
  prepared.forEach((p, i) => {
    if (showProgress && Date.now() - started > 1000) {
      io.stderr(`\r\x1b[K${NAME}: analysing ${i + 1}/${prepared.length} ${safeText(p.input.display)}`);
      progressShown = true;
    }
    try {
      analyse(p);
    } catch (e) {
      // A bug in the core must not hide the other files' reports.
      inputError(`${p.input.display}: internal error: ${(e as Error).message}`);
    }
  });
  if (opts.image) await compareWithImage(opts.image);
  async function compareWithImage(ref: string): Promise<void> {
    if (results.length !== 1) {
      if (results.length > 1) inputError(`--image compares one Dockerfile with one image, but ${results.length} Dockerfiles were given`);
      return;
    }
    const r = results[0]!;
    let lastShown = 0;
    try {
      const built = await inspectBuiltImage(ref, {
        engine: opts.engine,
        path: opts.enginePath,
        layers: opts.imageLayers,
        timeoutMs: 600_000,
        onProgress: io.stderrIsTTY
          ? (n) => {
              if (Date.now() - lastShown < 250) return;
              lastShown = Date.now();
              io.stderr(`\r\x1b[K${NAME}: reading the layers of ${safeText(ref)}: ${formatBytes(n)}`);
              progressShown = true;
            }
          : undefined,
      });
      r.built = compareWithBuilt(r.analysis, built);
    } catch (e) {
      if (!(e instanceof EngineError)) throw e;
      inputError(`--image ${ref}: ${e.message}`);
    }
  }
  function prepare(input: Input): Prepared | undefined {
    let decoded;
    if (input.file) decoded = readDockerfile(input.file);
    else {
      let buf: Buffer;
      try {
        buf = io.readStdin();
      } catch (e) {
        const reason = (e as { reason?: string }).reason;
        inputError(`${input.display}: ${reason ?? `cannot read standard input (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`}`);
        return undefined;
      }
      decoded = decodeDockerfile(buf);
    }
    if (!decoded.ok) {
      inputError(`${input.display}: ${decoded.reason}`);
      return undefined;
    }
    const text = decoded.text;
    const nameHint = input.file ?? (opts.stdinFilename ? path.resolve(io.cwd, opts.stdinFilename) : undefined);
    const config = configFor(nameHint ? path.dirname(nameHint) : io.cwd);

    let context: BuildContext | undefined;
    // Standard input has no context unless --context says so, or --stdin-filename names an existing folder.
    const contextDir = opts.context
      ? path.resolve(io.cwd, opts.context)
      : input.file
        ? path.dirname(input.file)
        : nameHint && checkContextDir(path.dirname(nameHint)) === undefined
          ? path.dirname(nameHint)
          : undefined;
    if (contextDir) {
      const why = checkContextDir(contextDir);
      if (why) {
        inputError(`${input.display}: build context ${displayPath(contextDir, io.cwd)}: ${why}`);
        return undefined;
      }
      context = new BuildContext(contextDir, input.file);
    }
    const settings: Prepared['settings'] = {
      severities: severitiesOf(config),
      target: opts.target ?? config.target,
      platform: opts.platform ?? config.platform ?? 'linux/amd64',
      bandwidthMbps: opts.bandwidth ?? config.bandwidth ?? 50,
      buildArgs: { ...(config.buildArgs ?? {}), ...opts.buildArgs },
      contextDir,
      // Only the command line turns look-ups on (see docs/security.md); the config may not.
      network: opts.network === true,
    };
    return { input, text, bom: decoded.bom, config, settings, env: { context } };
  }
  function analyse(p: Prepared): void {
    const { input, config, settings, env } = p;
    let text = p.text;
    let analysis = analyzeDockerfile(text, settings, env);
    // A walk cap hit (a huge tree, a mount loop): said once per context, the sizes are lower bounds.
    const ctx = env.context;
    if (ctx?.truncated && !contextsCapped.has(ctx.root)) {
      contextsCapped.add(ctx.root);
      err(`${input.display}: build context ${displayPath(ctx.root, io.cwd)}: the walk ${ctx.truncatedReason ?? 'stopped early'}; COPY/ADD sizes are lower bounds`);
    }
    if (settings.target && !hasStage(analysis, settings.target)) {
      inputError(`${input.display}: target stage '${settings.target}' not found (stages: ${analysis.model.stages.map((s) => s.name ?? String(s.index)).join(', ') || 'none'})`);
      return;
    }
    if (opts.fix || opts.fixDryRun) {
      const fixed = fixAll(text, settings, env, undefined, analysis);
      if (fixed.text !== text) {
        // The diff's body is the Dockerfile's own text (for `patch`); its header names are made inert.
        const shown = safeText(input.display);
        if (opts.fixDryRun) diffs.push(unifiedDiff(text, fixed.text, input.file ? `a/${shown}` : shown, input.file ? `b/${shown}` : shown));
        else if (!input.file) fixedStdin = (p.bom ? '\uFEFF' : '') + fixed.text;
        else {
          // Atomic: temp file beside, fsync, mode/owner kept, rename; refused when changed since read.
          const why = writeFileAtomic(input.file, p.text, (p.bom ? '\uFEFF' : '') + fixed.text);
          if (why) {
            inputError(`${input.display}: ${why}`);
            return;
          }
        }
        const rules = [...new Set(fixed.applied.map((x) => x.rule))];
        fixedNotes.push(`${opts.fixDryRun ? 'would fix' : 'fixed'} ${input.display}: ${fixed.applied.length} fix${fixed.applied.length === 1 ? '' : 'es'} (${rules.join(', ')})`);
        text = fixed.text;
        // The last round of fix-all analysed the fixed text already (when it stopped for want of fixes).
        analysis = fixed.analysis ?? analyzeDockerfile(text, settings, env);
      } else if (opts.fix && !input.file) fixedStdin = (p.bom ? '\uFEFF' : '') + text;
    }
    results.push({
      display: input.display,
      analysis,
      failOn: opts.failOn ?? config.failOn ?? 'error',
      budgets: {
        maxSize: opts.maxSize ?? config.budgets.maxSize,
        maxPullSize: opts.maxPullSize ?? config.budgets.maxPullSize,
        maxWasted: opts.maxWasted ?? config.budgets.maxWasted,
      },
    });
  }
  if (progressShown) {
    io.stderr('\r\x1b[K');
    progressShown = false;
  }

  // 4. Gates.
  const budgetLines: { display: string; line: string }[] = [];
  let failing = 0;
  for (const r of results) {
    for (const line of budgetFailures(r.display, r.analysis, r.budgets)) budgetLines.push({ display: r.display, line });
    const eff = r.built?.image.efficiency;
    const wasted = r.built?.image.builtWastedBytes;
    if (opts.minEfficiency !== undefined && eff !== undefined && eff < opts.minEfficiency) {
      budgetLines.push({ display: r.display, line: `${r.display}: the built image's efficiency is ${(eff * 100).toFixed(1)} %, under the --min-efficiency of ${(opts.minEfficiency * 100).toFixed(1)} %` });
    }
    if (opts.maxBuiltWasted !== undefined && wasted !== undefined && wasted > opts.maxBuiltWasted) {
      budgetLines.push({ display: r.display, line: `${r.display}: the built image wastes ${formatBytes(wasted)} (dive's measure), over the --max-built-wasted budget of ${formatBytes(opts.maxBuiltWasted)}` });
    }
    failing += r.analysis.findings.filter((f) => atOrAbove(f.severity, r.failOn)).length;
  }
  if (status === 0 && (failing > 0 || budgetLines.length > 0)) status = 1;

  // 5. Output.
  const files = results.map((r) => ({ path: r.display, analysis: r.analysis }));
  for (const n of fixedNotes) errLine(n);
  if (opts.fixDryRun) {
    io.stdout(diffs.join(''));
    for (const b of budgetLines) errLine(b.line);
    return status;
  }
  if (fixedStdin !== undefined) {
    io.stdout(fixedStdin);
    for (const b of budgetLines) errLine(b.line);
    return status;
  }
  switch (opts.format) {
    case 'json': {
      const report = jsonReport(files);
      results.forEach((r, i) => {
        if (r.built) withBuiltJson(report.files[i]!, r.analysis, r.built);
      });
      io.stdout(JSON.stringify(report, null, 2) + '\n');
      break;
    }
    case 'sarif':
      io.stdout(JSON.stringify(sarifReport(files, { toolVersion: version }), null, 2) + '\n');
      break;
    case 'gitlab':
      io.stdout(JSON.stringify(gitlabReport(files), null, 2) + '\n');
      break;
    case 'github': {
      const lines = githubReport(files);
      for (const b of budgetLines) lines.push(githubAnnotation('error', { file: b.display, title: `${NAME}: budget` }, b.line));
      if (lines.length) io.stdout(lines.join('\n') + '\n');
      break;
    }
    case 'text': {
      const p = painter(color);
      const parts = results.map((r) => textReport(r.display, r.analysis, { color }) + (r.built ? `\n\n${builtText(r.analysis, r.built, color)}` : ''));
      const findings = results.flatMap((r) => r.analysis.findings);
      const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
      const bySev = (['error', 'warning', 'info', 'hint'] as Severity[])
        .map((s) => [count(s), s] as const)
        .filter(([n]) => n > 0)
        .map(([n, s]) => `${n} ${s}${n === 1 || s === 'info' ? '' : s === 'hint' ? 's' : 's'}`);
      const summary: string[] = [];
      summary.push(`${results.length} Dockerfile${results.length === 1 ? '' : 's'} · ${findings.length} finding${findings.length === 1 ? '' : 's'}${bySev.length ? ` (${bySev.join(', ')})` : ''}`);
      for (const b of budgetLines) summary.push(p.red(`✗ ${safeText(b.line)}`));
      if (failing > 0) {
        const levels = [...new Set(results.map((r) => r.failOn))].join('/');
        summary.push(p.red(`✗ ${failing} finding${failing === 1 ? '' : 's'} at or above --fail-on ${levels}`));
      }
      if (status === 2) summary.push(p.red('✗ some inputs could not be analysed (see the errors above)'));
      else if (status === 0) summary.push(p.green('✓ ok'));
      // A CI runner would take a line starting with `::` (a file named so) as a workflow command.
      io.stdout(neutralizeWorkflowCommands([...parts, summary.join('\n')].join('\n\n')) + '\n');
      return status;
    }
  }
  for (const b of budgetLines) errLine(b.line);
  return status;
}

async function main(): Promise<void> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    process.exitCode = await runCli({
      argv: process.argv.slice(2),
      env: process.env,
      cwd: process.cwd(),
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      stdoutIsTTY: !!process.stdout.isTTY,
      stderrIsTTY: !!process.stderr.isTTY,
      // Bounded: `- < /dev/zero` stops one byte past the cap instead of filling memory.
      readStdin: () => {
        const r = readFd(0, MAX_FILE_BYTES);
        if (!r.ok) throw Object.assign(new Error(r.reason), { reason: r.reason });
        return r.buf;
      },
    });
  } catch (e) {
    // One line; DEBUG=1 for the stack.
    process.stderr.write(`${NAME}: internal error: ${safeText(process.env.DEBUG ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e)))}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
