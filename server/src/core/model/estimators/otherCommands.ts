/**
 * Every command no other estimator claimed. Before this, such a RUN showed "0 B, exact", a made-up
 * figure: now a command either writes nothing (a known list), writes a measured small amount
 * (useradd, ldconfig … : server/data/small-writes.json), writes known literal text through a
 * redirection, copies files the stage picture knows, or is an honest unknown.
 */
import { loadDataJson } from '../../data/dataDir';
import { part } from '../estimate';
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import type { RunContext } from './runContext';
import { STANDARD_DIRS } from '../paths';
import { estimateBusyboxUser, isBusyboxUserCommand } from './busyboxUsers';
import { FAILLOG_RECORD, LASTLOG_RECORD, OLDER_RELEASE, SHADOW_4_13 } from './lastlog';

/** Commands that write no files (their redirections are handled on their own). */
const NO_WRITE = new Set([
  'echo', 'printf', 'true', 'false', ':', 'set', 'unset', 'test', '[', '[[', 'exit', 'return', 'sleep', 'command', 'which',
  'type', 'id', 'whoami', 'uname', 'nproc', 'ls', 'cat', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'env', 'printenv', 'pwd',
  'date', 'sha256sum', 'sha512sum', 'sha1sum', 'md5sum', 'b2sum', 'cksum', 'wc', 'sort', 'uniq', 'tr', 'cut', 'awk', 'xargs',
  'readlink', 'realpath', 'dirname', 'basename', 'ldd', 'file', 'stat', 'du', 'df', 'getent', 'ulimit', 'umask',
  'shopt', 'trap', 'wait', 'hash', 'read', 'source', '.', 'arch', 'dpkg-architecture', 'dpkg-query', 'diff', 'cmp', 'expr',
  'seq', 'yes', 'tput', 'locale', 'ps', 'free', 'lscpu', 'timeout', 'mktemp', 'eval', 'exec', 'let', 'local',
  'declare', 'readonly', 'shift', 'break', 'continue', 'pushd', 'popd', 'dirs', 'jobs', 'kill', 'sync', 'nice',
  // gpg keyrings are a few kB in $GNUPGHOME, which official Dockerfiles make with mktemp and remove.
  'gpg', 'gpgv', 'gpgconf', 'dirmngr',
  // find/xargs only run other commands (parsed on their own); -delete removes files, which adds nothing.
  'find',
]);
/** dpkg queries (dpkg -i of a local .deb is not: it stays unknown). */
const DPKG_QUERY = /^(-S|--search|-L|--listfiles|-l|--list|-s|--status|--print-architecture|--print-foreign-architectures|--compare-versions|--get-selections|--version|-V|--verify|--audit)$/;
/** `<tool> --version` and friends write nothing. */
const VERSION_FLAGS = new Set(['--version', '-v', '-V', '--help', '-h', 'version', '-version']);
/** In-place editors: the named files are copied whole into the layer. */
const IN_PLACE = new Set(['sed', 'perl']);
const EXTRACTORS = new Set(['tar', 'unzip', 'gunzip', 'bunzip2', 'unxz', 'xz', 'gzip', 'bzip2', 'zstd', '7z', '7za', 'bsdtar', 'cpio']);

interface SmallWrites {
  source: string;
  commands: Record<string, { command: string; layerBytes: number; files: string[] }>;
}

/** The measured entry for a small system command, or undefined. */
function measured(cmd: ShellCommand): { id: string; bytes: number; source: string; firstFile: string; files: string[] } | undefined {
  let data: SmallWrites;
  try {
    data = loadDataJson<SmallWrites>('small-writes.json');
  } catch {
    return undefined;
  }
  const flags = parseArgs(cmd.argv).flags;
  let id: string | undefined;
  switch (cmd.name) {
    case 'useradd':
      id = flags.has('m') || flags.has('create-home') ? 'useradd -m' : flags.has('r') || flags.has('system') ? 'useradd -r' : 'useradd';
      break;
    case 'adduser':
      // Debian's adduser: `--group`/`--system` without a home behave like groupadd/useradd -r.
      id = cmd.argv.some((w) => w.value === '--group') && cmd.argv.length <= 3 ? 'addgroup' : 'adduser';
      break;
    case 'groupadd':
    case 'addgroup':
    case 'usermod':
    case 'chpasswd':
    case 'ldconfig':
    case 'touch':
    case 'update-alternatives':
      id = cmd.name;
      break;
    case 'groupmod':
    case 'gpasswd':
      id = 'usermod';
      break;
    case 'ln':
      id = 'ln -s';
      break;
  }
  const m = id ? data.commands[id] : undefined;
  return m && id ? { id, bytes: m.layerBytes, source: data.source, firstFile: m.files[0] ?? '/etc', files: m.files } : undefined;
}

/** Literal text a command prints, when its words have no expansions: `echo a b` → "a b\n". */
function literalOutput(cmd: ShellCommand, ctx?: RunContext): string | undefined {
  if (cmd.groupOutput) {
    // `{ echo a; echo b; } > file`: what the group's commands print, in order; commands that print nothing are skipped.
    let text = '';
    for (const c of cmd.groupOutput) {
      if (c.redirects.some((r) => /^(\d*>|\d*>>|&>|&>>|>\|)$/.test(r.op) && !/^[12]?>&?2$/.test(r.op + (r.target?.value ?? '')))) continue;
      if (SILENT.has(c.name)) continue;
      const out = literalOutput(ctx ? expandWords(c, ctx) : c);
      if (out === undefined) return undefined;
      text += out;
    }
    return text;
  }
  const words = cmd.argv.slice(1);
  if (words.some((w) => w.hasExpansion || w.value.includes('$'))) return undefined;
  if (cmd.name === 'echo') {
    const noNewline = words[0]?.value === '-n';
    const rest = words.filter((w, i) => !(i === 0 && /^-[neE]+$/.test(w.value)));
    return rest.map((w) => w.value).join(' ') + (noNewline ? '' : '\n');
  }
  if (cmd.name === 'printf' && words.length === 1 && !/%/.test(words[0]!.value)) return words[0]!.value.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return undefined;
}

/** The shims `corepack enable [name…]` links (corepack ≥ 0.20 enables yarn and pnpm unless told which). */
const COREPACK_SHIMS: Record<string, string[]> = { yarn: ['yarn', 'yarnpkg'], pnpm: ['pnpm', 'pnpx'], npm: ['npm', 'npx'] };

/**
 * `corepack enable`: symlinks beside node (/usr/local/bin in the node images, or --install-directory) to
 * corepack's dist/<name>.js; a symlink's bytes are its target's length. Nothing is downloaded until a shim runs.
 */
function corepackEnable(cmd: ShellCommand, ctx: RunContext): void {
  const a = parseArgs(cmd.argv, new Set(['install-directory']));
  const dir = a.values.get('install-directory')?.[0] ?? '/usr/local/bin';
  const asked = a.operands.slice(1).map((w) => w.value).filter((n) => n in COREPACK_SHIMS);
  for (const manager of asked.length ? asked : ['yarn', 'pnpm']) {
    for (const shim of COREPACK_SHIMS[manager]!) {
      const target = `../lib/node_modules/corepack/dist/${shim}.js`;
      ctx.create({ path: ctx.resolveWord(`${dir}/${shim}`), kind: 'other', label: `${dir}/${shim} (corepack shim, a symlink)`, bytes: target.length, confidence: 'high', source: `corepack enable links ${shim} to ${target}`, file: true });
    }
  }
}

/** Commands that print nothing on their own (`set -eux` inside a group). */
const SILENT = new Set(['set', 'true', ':', 'cd', 'export', 'umask']);

/** A group's command with the variables this RUN knows expanded (the group's commands were parsed, not run). */
function expandWords(cmd: ShellCommand, ctx: RunContext): ShellCommand {
  return { ...cmd, argv: cmd.argv.map((w) => (w.hasExpansion ? { ...w, value: ctx.expand(w.value), hasExpansion: /[$`]/.test(ctx.expand(w.value)) } : w)) };
}

/** Files written through `>` / `>>` (not /dev/*, not fd duplication). */
function redirectWrites(cmd: ShellCommand, ctx: RunContext): void {
  for (const r of cmd.redirects) {
    if (!/^(\d*>|\d*>>|&>|&>>|>\|)$/.test(r.op) || !r.target) continue;
    const target = r.target.value;
    if (!target || target.startsWith('/dev/') || /^&?\d+$/.test(target) || target === '-') continue;
    const path = ctx.resolveWord(target);
    if (ctx.isMounted(path)) continue;
    const text = r.op.includes('>>') ? undefined : literalOutput(cmd, ctx);
    if (text !== undefined) {
      ctx.create({ path, kind: 'other', label: `${target} (written by ${cmd.name || 'a command group'})`, bytes: Buffer.byteLength(text), confidence: 'high', source: 'the literal text the command writes', file: true });
    } else {
      const why = r.op.includes('>>') ? 'appended to: the whole file is copied into this layer' : cmd.groupOutput ? 'the output of a command group' : `the output of \`${cmd.name}\``;
      ctx.create({ path, kind: 'other', label: `${target} (${why})`, bytes: 0, confidence: 'unknown', source: 'size of the written file is not known before the build', unknown: true, file: true });
    }
  }
}

export function estimateOtherCommand(cmd: ShellCommand, ctx: RunContext): void {
  redirectWrites(cmd, ctx);
  if (cmd.name === 'mkdir') {
    // No file bytes, but each new directory (and its parents) is a tar entry of the layer.
    const a = parseArgs(cmd.argv, new Set(['m', 'mode', 'context']));
    const parents = a.flags.has('p') || a.flags.has('parents');
    for (const w of a.operands) {
      if (!w.value) continue;
      const dir = ctx.resolveWord(w.value);
      ctx.tarDirs.add(dir);
      if (dir.includes('$')) continue;
      ctx.madeDirs.add(dir);
      // With -p, the parents no earlier layer of the stage was known to have are new too (`mkdir -p "$REF/init.groovy.d"`).
      for (let d = dir.slice(0, dir.lastIndexOf('/')); parents && d && !STANDARD_DIRS.has(d) && !ctx.state.dirs?.has(d); d = d.slice(0, d.lastIndexOf('/'))) ctx.madeDirs.add(d);
    }
    return;
  }
  if (!cmd.name || NO_WRITE.has(cmd.name)) return;
  if (isBusyboxUserCommand(cmd, ctx)) return estimateBusyboxUser(cmd, ctx);
  if (cmd.name === 'tee') {
    // `… | tee [-a] FILE…`: what it copies from stdin is not known.
    for (const f of parseArgs(cmd.argv).operands.map((w) => w.value).filter((v) => v && !v.startsWith('/dev/'))) {
      ctx.create({ path: ctx.resolveWord(f), kind: 'other', label: `${f} (written by tee)`, bytes: 0, confidence: 'unknown', source: 'what tee copies from its input is not known before the build', unknown: true, file: true });
    }
    return;
  }
  if (cmd.argv.length === 2 && VERSION_FLAGS.has(cmd.argv[1]!.value)) {
    // A program run once may leave caches or state behind (JVM perf data, a compiler's module cache): a little, not nothing.
    // A part, not a file-system entry: no later rm should look like it deletes something here.
    ctx.extraParts.push(part({ label: `what \`${cmd.argv.map((w) => w.value).join(' ')}\` may leave (caches, state files)`, bytes: 512, low: 0, high: 8192, confidence: 'low', source: 'a program printing its version writes nothing on purpose; runtimes may still leave a few small files' }));
    return;
  }
  if (cmd.name === 'dpkg' && DPKG_QUERY.test(cmd.argv[1]?.value ?? '')) return;
  // `install -d dir`: directories only.
  if (cmd.name === 'install' && cmd.argv.some((w) => w.value === '-d' || w.value === '--directory' || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(w.value))) {
    for (const w of parseArgs(cmd.argv, new Set(['m', 'mode', 'o', 'owner', 'g', 'group'])).operands) if (w.value) ctx.tarDirs.add(ctx.resolveWord(w.value));
    return;
  }
  const shown = cmd.argv.slice(0, 3).map((w) => w.value).join(' ');
  if (/^(configure|autogen\.sh)$/.test(cmd.name)) {
    const prefix = cmd.argv.find((w) => w.value.startsWith('--prefix='))?.value.slice('--prefix='.length);
    if (prefix) ctx.configurePrefix = prefix;
  }
  if (cmd.name === 'corepack' && cmd.argv[1]?.value === 'enable') return corepackEnable(cmd, ctx);
  const m = measured(cmd);
  if (m) {
    // Recorded at the first file the measurement saw change (/etc/group, /etc/ld.so.cache), not at /etc:
    // a later `rm` of another file under /etc must not look like it deletes these bytes.
    const path = cmd.name === 'ln' ? ctx.resolveWord(cmd.argv[cmd.argv.length - 1]?.value ?? '/') : m.firstFile;
    const what = cmd.name === 'ln' ? 'a symlink' : cmd.name === 'touch' ? 'an empty file' : cmd.name === 'ldconfig' ? 'the linker cache' : 'user and group files';
    // User and group files are text (compression.json's text ratio); each file the measurement saw is a tar entry.
    const text = cmd.name !== 'ldconfig' && cmd.name !== 'ln' && cmd.name !== 'touch';
    ctx.create({ path, kind: 'other', label: `${shown} (${what})`, bytes: m.bytes, low: Math.round(m.bytes * 0.5), high: Math.round(m.bytes * 3), confidence: 'medium', source: `\`${m.id}\` measured: ${m.source}`, file: cmd.name === 'ln', contentKind: text ? 'text' : undefined });
    if (cmd.name === 'useradd') lastlog(cmd, ctx);
    if (cmd.name !== 'ln') for (const f of m.files) if (!ctx.tarFiles.some((t) => t.path === f)) ctx.tarFiles.push({ path: f, bytes: Math.round(m.bytes / Math.max(1, m.files.length)) });
    return;
  }
  if (cmd.name === 'cp' || cmd.name === 'install') {
    copyLike(cmd, ctx, shown);
    return;
  }
  const inPlace = cmd.argv.some((w) => /^-[a-zA-Z]*i/.test(w.value) || w.value.startsWith('--in-place'));
  // Without -i, sed/perl print to stdout: a redirection (above) is what writes.
  if (IN_PLACE.has(cmd.name) && !inPlace && cmd.name === 'sed') return;
  if (IN_PLACE.has(cmd.name) && inPlace) {
    const a = parseArgs(cmd.argv, new Set(['e', 'f', 'expression', 'file']));
    // sed's script is the first operand unless given with -e/-f; the rest are the files it rewrites.
    const files = a.values.has('e') || a.values.has('f') || a.values.has('expression') || a.values.has('file') || cmd.name === 'perl' ? a.operands : a.operands.slice(1);
    for (const f of files) {
      const path = ctx.resolveWord(f.value);
      if (ctx.rewrite(path, cmd, 'rewrite', false).length) continue;
      ctx.create({ path, kind: 'other', label: `${f.value} (rewritten by ${cmd.name} -i: the whole file)`, bytes: 0, confidence: 'unknown', source: 'the size of a file of the base image is not known', unknown: true, file: true });
    }
    return;
  }
  if (EXTRACTORS.has(cmd.name)) {
    const a = parseArgs(cmd.argv, new Set(['C', 'directory', 'f', 'file', 'd', 'o']));
    const extracting = cmd.name !== 'tar' || a.flags.has('x') || a.flags.has('extract') || /^-?[a-zA-Z]*x/.test(cmd.argv[1]?.value ?? '');
    const archive = a.values.get('f')?.[0] ?? a.values.get('file')?.[0] ?? a.operands[0]?.value ?? '';
    const dir = a.values.get('C')?.[0] ?? a.values.get('directory')?.[0] ?? a.values.get('d')?.[0] ?? '.';
    ctx.create({
      path: ctx.resolveWord(extracting ? dir : archive || '.'),
      kind: 'other',
      label: extracting ? `files extracted from ${archive || 'an archive'}` : `archive written by \`${shown}\``,
      bytes: 0,
      confidence: 'unknown',
      source: 'archive contents are not known before the build',
      unknown: true,
    });
    return;
  }
  // Where an installer puts its files, when the command says (issue 14: gitpod's `chown -R` of /opt/conda and of R's site
  // library in later layers were not seen, the installs having been put at the WORKDIR).
  const into = installTarget(cmd);
  if (into) {
    ctx.create({ path: ctx.resolveWord(into.path), kind: 'other', label: `what \`${shown}\` installs (${into.what})`, bytes: 0, confidence: 'unknown', source: 'the size model has no estimate for this installer', unknown: true });
    return;
  }
  ctx.create({ path: ctx.resolve('.'), kind: 'other', label: `what \`${shown}\` writes`, bytes: 0, confidence: 'unknown', source: 'the size model has no estimate for this command', unknown: true });
}

/** R code that installs packages (install.packages, remotes/devtools/BiocManager installs). */
const R_INSTALL = /\b(install\.packages|install_github|install_version|install_cran|install_local|BiocManager::install|biocLite)\s*\(/;

/**
 * The folder an installer writes to, by its own words: an installer script's prefix (`bash Miniconda3-latest.sh -b -p
 * /opt/conda`, `./install.sh --prefix=/opt/x`), and R package installs (`R -e 'install.packages(…)'`, `Rscript -e`,
 * rocker's install2.r), which go to the first library of R's search path: /usr/local/lib/R/site-library in both the
 * rocker images and Debian's r-base (R_LIBS_SITE).
 */
function installTarget(cmd: ShellCommand): { path: string; what: string } | undefined {
  const words = cmd.argv.map((w) => w.value);
  if (/^(install2\.r|installGithub\.r|installBioc\.r)$/.test(cmd.name) || ((cmd.name === 'R' || cmd.name === 'Rscript') && words.some((w) => R_INSTALL.test(w))))
    return { path: '/usr/local/lib/R/site-library', what: "R packages, in R's site library" };
  const script = /\.(sh|run)$/.test(cmd.name) ? words[0] : /^(ba|da|z)?sh$/.test(cmd.name) && /\.(sh|run)$/.test(words[1] ?? '') ? words[1] : undefined;
  if (!script) return undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const value = w.startsWith('--prefix=') ? w.slice('--prefix='.length) : (w === '-p' || w === '--prefix') ? words[i + 1] : undefined;
    if (value && value.startsWith('/')) return { path: value, what: `its prefix ${value}` };
  }
  return undefined;
}

const USERADD_VALUES = new Set(['u', 'uid', 'g', 'gid', 'G', 'groups', 'd', 'home-dir', 's', 'shell', 'c', 'comment', 'e', 'expiredate', 'f', 'inactive', 'k', 'skel', 'K', 'key', 'p', 'password', 'b', 'base-dir', 'R', 'root', 'P', 'prefix', 'Z', 'selinux-user']);

/** useradd on a release with shadow < 4.13 writes sparse lastlog/faillog files of UID × 324 B that the tar stores in full (zeros: gzip ≈ 1/1000). */
function lastlog(cmd: ShellCommand, ctx: RunContext): void {
  const suite = ctx.state.suite;
  if (ctx.state.family !== 'debian' && ctx.state.family !== 'ubuntu') return;
  if (!suite || SHADOW_4_13.has(suite) || !OLDER_RELEASE.test(suite)) return;
  const a = parseArgs(cmd.argv, USERADD_VALUES);
  if (a.flags.has('l') || a.flags.has('no-log-init')) return;
  const uidText = a.values.get('u')?.[0] ?? a.values.get('uid')?.[0];
  const uid = uidText === undefined ? NaN : Number(ctx.expand(uidText));
  const per = LASTLOG_RECORD + FAILLOG_RECORD;
  const system = a.flags.has('r') || a.flags.has('system');
  // Without a UID: the next free one, 100–999 for system accounts, from 1000 for others.
  const [lo, mid, hi] = Number.isInteger(uid) ? [uid, uid, uid] : system ? [100, 999, 999] : [1000, 1000, 2000];
  const bytes = mid * per;
  ctx.create({
    path: '/var/log/lastlog',
    kind: 'other',
    label: `/var/log/lastlog and faillog (sparse, UID ${Number.isInteger(uid) ? uid : `${lo}–${hi}`}, stored in full by the layer tar)`,
    bytes,
    low: lo * LASTLOG_RECORD,
    high: hi * per,
    compressedBytes: Math.round(bytes / 1000) + 40,
    confidence: Number.isInteger(uid) ? 'medium' : 'low',
    source: `shadow before 4.13 (${suite}) writes a record at UID × ${LASTLOG_RECORD} B in lastlog and × ${FAILLOG_RECORD} B in faillog; zeros gzip about 1000:1`,
    file: true,
  });
  ctx.tarFiles.push({ path: '/var/log/faillog', bytes: 0 });
}

/** `cp -r src dst` / `install src dst`: a second copy of what the stage picture knows of src, else unknown. */
function copyLike(cmd: ShellCommand, ctx: RunContext, shown: string): void {
  const a = parseArgs(cmd.argv, new Set(['t', 'target-directory', 'm', 'mode', 'o', 'owner', 'g', 'group', 'S', 'suffix']));
  const paths = a.operands.map((w) => w.value);
  const targetDir = a.values.get('t')?.[0] ?? a.values.get('target-directory')?.[0];
  const sources = targetDir ? paths : paths.slice(0, -1);
  const dest = targetDir ?? paths[paths.length - 1];
  if (!dest || !sources.length) return;
  let bytes = 0;
  let known = true;
  for (const s of sources) {
    const src = ctx.resolveWord(s);
    const hits = [...ctx.state.fs, ...ctx.entries].filter((e) => !e.unknown && (e.path === src || e.path.startsWith(src + '/')));
    if (!hits.length) known = false;
    bytes += hits.reduce((n, e) => n + e.bytes, 0);
  }
  const path = ctx.resolveWord(dest);
  if (known && bytes > 0) ctx.create({ path, kind: 'other', label: `copy by \`${shown}\``, bytes, confidence: 'medium', source: 'a second copy of files an earlier step put there' });
  else ctx.create({ path, kind: 'other', label: `copy by \`${shown}\``, bytes: 0, confidence: 'unknown', source: 'the copied files are not known to the size model', unknown: true });
}
