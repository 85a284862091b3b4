/** Estimates one RUN: every simple command, in order, through the estimator that knows it. */
import type { ParsedInstruction } from '../../parse/dockerfile';
import { estimateApk } from './apk';
import { estimateApt, isApt, writesNoRecommendsConfig } from './apt';
import { estimateBuild, estimateDownload, estimateGit, estimateVcsImport, type RemoteEnvironment } from './downloads';
import { estimateFileOp } from './fileOps';
import { estimateNode } from './node';
import { estimateOtherCommand } from './otherCommands';
import { estimateConda, isCondaTool } from './conda';
import { estimatePip, estimateVenv, pipInvocation } from './pip';
import { estimateRpm, RPM_MANAGERS } from './rpm';
import { RunContext, StageState } from './runContext';
import type { ModelOptions } from '../types';
import { baseName, type ShellCommand } from '../../parse/shell';

export interface RunEnvironment extends RemoteEnvironment {
  /** Reads a file of the build context by path relative to the context root (undefined: unknown). */
  readContextFile?: (relPath: string) => string | undefined;
  /** Where the stage's files came from in the context, for `pip install -r` of a copied file. */
  contextPathFor?: (absPath: string) => string | undefined;
}

export function estimateRun(instr: ParsedInstruction, state: StageState, options: ModelOptions, env: RunEnvironment): RunContext {
  const ctx = new RunContext(state, instr, options);
  ctx.remote = { remoteSize: env.remoteSize, networkOff: env.networkOff, apkIndex: env.apkIndex };
  // `RUN --mount=type=bind,source=requirements.txt,target=/tmp/req.txt`: the context file is there
  // for this RUN only (bind is the default type; `from=` binds another stage, not the context).
  const binds = instr.flags
    .filter((f) => f.name === 'mount' && (f.options.type ?? 'bind') === 'bind' && !f.options.from)
    .map((f) => ({ target: ctx.resolve(f.options.target ?? f.options.dst ?? f.options.destination ?? ''), source: (f.options.source ?? f.options.src ?? '.').replace(/^\.?\/+/, '') || '.' }))
    .filter((b) => b.target !== '/');
  const readFromImage = (p: string) => {
    const abs = ctx.resolve(p);
    for (const b of binds) {
      if (abs === b.target) return env.readContextFile?.(b.source);
      if (abs.startsWith(b.target + '/')) return env.readContextFile?.(b.source === '.' ? abs.slice(b.target.length + 1) : `${b.source}/${abs.slice(b.target.length + 1)}`);
    }
    const rel = env.contextPathFor?.(abs);
    return rel !== undefined ? env.readContextFile?.(rel) : undefined;
  };
  for (const raw of instr.shell?.commands ?? []) {
    const cmd = unwrapCommand(raw);
    if (estimateFileOp(cmd, ctx)) continue;
    if (isApt(cmd)) {
      estimateApt(cmd, ctx);
      continue;
    }
    if (writesNoRecommendsConfig(cmd)) {
      state.aptRecommendsOff = true;
      continue;
    }
    if (cmd.name === 'apk') {
      estimateApk(cmd, ctx);
      continue;
    }
    if (RPM_MANAGERS.has(cmd.name)) {
      estimateRpm(cmd, ctx);
      continue;
    }
    if (estimateVenv(cmd, ctx)) continue;
    if (pipInvocation(cmd)) {
      estimatePip(cmd, ctx, readFromImage);
      continue;
    }
    if (isCondaTool(cmd)) {
      estimateConda(cmd, ctx);
      continue;
    }
    if (cmd.name === 'npm' || cmd.name === 'yarn' || cmd.name === 'pnpm') {
      if (!estimateBuild(cmd, ctx)) estimateNode(cmd, ctx, readFromImage);
      continue;
    }
    if (cmd.name === 'curl' || cmd.name === 'wget') {
      estimateDownload(cmd, ctx);
      continue;
    }
    if (cmd.name === 'git') {
      estimateGit(cmd, ctx);
      continue;
    }
    if (cmd.name === 'vcs') {
      estimateVcsImport(cmd, ctx);
      continue;
    }
    if (!estimateBuild(cmd, ctx)) estimateOtherCommand(cmd, ctx);
  }
  return ctx;
}

const SUDO_VALUE_FLAGS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);

/**
 * `sudo -E apt-get …`, `gosu app npm ci`, `su-exec app …`, `env PIP_NO_CACHE_DIR=1 pip …`,
 * `timeout 600 make`, `nice -n 10 …`: the command they run (env's assignments kept), so its
 * estimator sees it. Anything else is returned as is.
 */
export function unwrapCommand(cmd: ShellCommand): ShellCommand {
  let argv = cmd.argv;
  const assignments = [...cmd.assignments];
  for (let hops = 0; hops < 4; hops++) {
    const name = baseName(argv[0]?.value ?? '');
    let i: number;
    switch (name) {
      case 'sudo':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += SUDO_VALUE_FLAGS.has(argv[i]!.value) ? 2 : 1;
        break;
      case 'gosu':
      case 'su-exec':
        i = 2;
        break;
      case 'env':
        i = 1;
        while (argv[i] && (argv[i]!.value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!.value))) {
          if (!argv[i]!.value.startsWith('-')) assignments.push(argv[i]!);
          i++;
        }
        break;
      case 'timeout':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += argv[i]!.value === '-s' || argv[i]!.value === '-k' ? 2 : 1;
        i++;
        break;
      case 'nice':
      case 'nohup':
      case 'time':
      case 'stdbuf':
      case 'ionice':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += argv[i]!.value === '-n' ? 2 : 1;
        break;
      default:
        return hops === 0 ? cmd : { ...cmd, name, argv, assignments };
    }
    if (!argv[i]) return cmd;
    argv = argv.slice(i);
  }
  return cmd;
}
