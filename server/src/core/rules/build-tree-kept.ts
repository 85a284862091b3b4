// Rule: build-tree-kept
// A third-party source tree (unpacked or cloned in the file) built and installed in the shipped stage, then left there;
// also an unpacked installer tree (`unzip awscliv2.zip && ./aws/install`) left there after its installer ran.
import * as posix from 'node:path/posix';
import { hasGlob, matchGlob, resolvePath } from '../model/paths';
import type { ParsedInstruction } from '../parse/dockerfile';
import { parseArgs, type ShellCommand } from '../parse/shell';
import { describeInstruction, expandWord } from './layerHelpers';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

const MAKE = /^(make|gmake|ninja)$/;
/** Targets that copy a build's products elsewhere (`make install`, Python's `make altinstall`, gcc's `install-strip`). */
const INSTALL_TARGET = /^(alt)?install([-_][\w-]*)?$/;
/** Archive names tar/unzip unpack into a folder of the same stem (Python-3.8.2.tgz → Python-3.8.2). */
const ARCHIVE_STEM = /\.(tar\.(gz|bz2|xz|zst|lz|Z)|tgz|tbz2?|txz|zip)$/;

/** An installer shipped inside an unpacked archive: `./aws/install`, `sh ./dist/install.sh`, `./setup.sh` in the tree. */
const INSTALLER = /^(install|setup)(\.sh)?$/i;

/** The installer a command runs from a relative path (`./aws/install`, `bash dist/install.sh`), or undefined. */
function installerPath(cmd: ShellCommand, env: ReadonlyMap<string, string>): string | undefined {
  // Only the words it needs are expanded (every command of every RUN is asked).
  let path: string | undefined;
  if (/^(sh|bash|dash)$/.test(cmd.name)) {
    for (let k = 1; k < cmd.argv.length && path === undefined; k++) {
      const w = expandWord(cmd.argv[k]!.value, env);
      if (!w.startsWith('-')) path = w;
    }
  } else if (cmd.argv.length) path = expandWord(cmd.argv[0]!.value, env);
  if (!path || path.startsWith('/') || path.includes('$') || !INSTALLER.test(posix.basename(path))) return undefined;
  return path;
}

interface TreeUse {
  build?: { instr: ParsedInstruction; cmd: ShellCommand };
  install?: { instr: ParsedInstruction; cmd: ShellCommand };
  unpacked?: ParsedInstruction;
}

/** The folders a command puts third-party sources into: `tar -x … -C dir`, `tar -xf name.tgz` in cwd, `unzip -d`, `git clone`. */
function sourceDirs(cmd: ShellCommand, cwd: string, env: ReadonlyMap<string, string>, home: string): string[] {
  if (cmd.name !== 'tar' && cmd.name !== 'unzip' && cmd.name !== 'git') return [];
  const words = cmd.argv.map((w) => expandWord(w.value, env));
  const at = (p: string) => resolvePath(p, cwd, home);
  if (cmd.name === 'tar') {
    const extract = words.slice(1).some((w) => /^-?[a-wyzA-Z]*x/.test(w) && !w.startsWith('--') || w === '--extract' || w === '--get');
    if (!extract) return [];
    const c = words.findIndex((w) => w === '-C' || w === '--directory');
    if (c > 0 && words[c + 1]) return [at(words[c + 1])];
    const eq = words.find((w) => w.startsWith('--directory='));
    if (eq) return [at(eq.slice('--directory='.length))];
    const archive = words.slice(1).find((w) => ARCHIVE_STEM.test(w));
    return archive ? [at(posix.basename(archive).replace(ARCHIVE_STEM, ''))] : [];
  }
  if (cmd.name === 'unzip') {
    const d = words.indexOf('-d');
    if (d > 0 && words[d + 1]) return [at(words[d + 1])];
    const archive = words.slice(1).find((w) => ARCHIVE_STEM.test(w));
    return archive ? [at(posix.basename(archive).replace(ARCHIVE_STEM, ''))] : [];
  }
  if (cmd.name === 'git' && words[1] === 'clone') {
    const args = parseArgs(cmd.argv, new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference']));
    const repo = args.operands[1]?.value;
    if (!repo) return [];
    const dir = args.operands[2]?.value ?? repo.replace(/\/$/, '').split('/').pop()!.replace(/\.git$/, '');
    return [at(expandWord(dir, env))];
  }
  return [];
}

/** Does `rm` of `r` remove the folder `dir`? `r` may be a glob (jenkins: `rm -rf git-lfs*` of the `git-lfs-*` tree). */
function removes(r: string, dir: string): boolean {
  if (r === dir || dir.startsWith(r === '/' ? '/' : r + '/')) return true;
  if (!hasGlob(r)) return false;
  for (let i = dir.indexOf('/', 1); ; i = dir.indexOf('/', i + 1)) {
    if (matchGlob(r, i < 0 ? dir : dir.slice(0, i))) return true;
    if (i < 0) return false;
  }
}

export const buildTreeKept: Rule = {
  meta: {
    id: 'build-tree-kept',
    defaultSeverity: 'warning',
    description: 'A source tree unpacked or cloned in the file, built and installed in the shipped stage, stays in the image with its object files.',
    fixable: false,
    shippedOnly: true,
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      if (!stage.ships) continue;
      const trees = new Map<string, TreeUse>();
      // Folders an archive was unpacked into as is (`unzip x.zip`, `tar -xf x.tgz` with no -d/-C: the current folder),
      // the installers run from trees under them, and every path an `rm` names (the tree may be removed later).
      const unpackedHere = new Map<string, ParsedInstruction>();
      const installers: { dir: string; from: string; instr: ParsedInstruction; cmd: ShellCommand; unpacked: ParsedInstruction }[] = [];
      const removed: string[] = [];
      for (const instr of stage.parsed.instructions) {
        if (instr.keyword !== 'RUN' || !instr.shell || instr.onbuild) continue;
        const layer = ctx.layer(instr);
        if (!layer) continue;
        const known = (p: string | undefined) => (p && !p.includes('$') ? p : undefined);
        // The directory each command runs in: WORKDIR, then top-level `cd`; a `cd` inside `( … )` lasts until the next
        // top-level command. A directory with an unresolved variable is not followed (nothing is claimed about it).
        let top: string | undefined = layer.workdir || '/';
        let inner: string | undefined = top;
        for (const cmd of instr.shell.commands) {
          if (cmd.depth === 0) inner = top;
          const cwd: string | undefined = cmd.depth === 0 ? top : inner;
          if (cmd.name === 'cd') {
            const target = cmd.argv[1] ? expandWord(cmd.argv[1].value, layer.env) : layer.home;
            const next: string | undefined = cwd && !target.includes('$') ? resolvePath(target, cwd, layer.home) : undefined;
            if (cmd.depth === 0) top = inner = cmd.conditional ? undefined : next;
            else inner = next;
            continue;
          }
          if (!cwd || cmd.inCondition) continue;
          if (cmd.name === 'rm') for (const w of parseArgs(cmd.argv).operands) if (!w.value.includes('$')) removed.push(resolvePath(expandWord(w.value, layer.env), cwd, layer.home));
          const words0 = cmd.name === 'unzip' || cmd.name === 'tar' ? cmd.argv.map((w) => expandWord(w.value, layer.env)) : [];
          if ((cmd.name === 'unzip' && !words0.includes('-d')) || (cmd.name === 'tar' && sourceDirs(cmd, cwd, layer.env, layer.home).length && !words0.some((w) => w === '-C' || w.startsWith('--directory')))) unpackedHere.set(cwd, instr);
          const inst = installerPath(cmd, layer.env);
          if (inst) {
            const full = resolvePath(inst, cwd, layer.home);
            // The tree: the installer's folder's top below the unpack folder (`./aws/install` → /aws), or the unpack
            // folder itself when the RUN cd'ed into it.
            const under = [...unpackedHere.keys()].filter((u) => full.startsWith(u === '/' ? '/' : u + '/')).sort((a, b) => b.length - a.length)[0];
            if (under !== undefined) {
              const rest = full.slice(under === '/' ? 1 : under.length + 1).split('/');
              if (rest.length > 1) installers.push({ dir: posix.join(under, rest[0]!), from: inst, instr, cmd, unpacked: unpackedHere.get(under)! });
            }
          }
          for (const d of sourceDirs(cmd, cwd, layer.env, layer.home)) {
            const dir = known(d);
            if (dir && !trees.has(dir)) trees.set(dir, { unpacked: instr });
          }
          const tree = trees.get(cwd);
          if (!tree) continue;
          const words = cmd.argv.map((w) => w.value);
          const install = (MAKE.test(cmd.name) && words.slice(1).some((w) => INSTALL_TARGET.test(w))) || (cmd.name === 'cmake' && words.includes('--install'));
          const build = !install && (MAKE.test(cmd.name) || (cmd.name === 'cmake' && words.includes('--build')));
          if (build && !tree.build) tree.build = { instr, cmd };
          if (install && tree.build && !tree.install) tree.install = { instr, cmd };
        }
      }
      for (const inst of installers) {
        if (removed.some((r) => removes(r, inst.dir))) continue;
        ctx.report({
          instruction: inst.instr,
          start: inst.cmd.start,
          end: inst.cmd.end,
          message: `\`${inst.cmd.argv.map((w) => w.value).join(' ')}\` installs from ${inst.dir}, unpacked on ${describeInstruction(inst.unpacked).replace(/ \(.*$/, '')}, but the unpacked tree stays in the image (size unknown: often as large as what it installs); unpack, install and \`rm -rf ${inst.dir}\` in one RUN.`,
          waste: UNKNOWN_WASTE,
          fixes: [],
        });
      }
      for (const [dir, tree] of trees) {
        if (!tree.build || !tree.install) continue;
        // Still there when the stage ends: not removed in its RUN (a later RUN's rm is delete-in-later-layer's).
        if (!stage.fs.some((e) => e.kind === 'build-output' && (e.path === dir || e.path.startsWith(dir + '/')))) continue;
        const { instr, cmd } = tree.build;
        const installedBy = tree.install.instr === instr ? 'later in this RUN' : `on ${describeInstruction(tree.install.instr)}`;
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `\`${cmd.argv.map((w) => w.value).join(' ')}\` builds in ${dir}${tree.unpacked ? ` (unpacked on ${describeInstruction(tree.unpacked).replace(/ \(.*$/, '')})` : ''} and \`${tree.install.cmd.argv.map((w) => w.value).join(' ')}\` ${installedBy} installs the result, but the tree stays in the image with its sources and object files (size unknown); unpack, build, install and \`rm -rf ${dir}\` in one RUN, or build in a separate stage.`,
          waste: UNKNOWN_WASTE,
          fixes: [],
        });
      }
    }
  },
};
