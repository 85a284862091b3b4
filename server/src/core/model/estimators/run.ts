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
  // Wrappers (`sudo`, `gosu`, `env`, …) are already unwrapped by the shell parser.
  for (const cmd of instr.shell?.commands ?? []) {
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
