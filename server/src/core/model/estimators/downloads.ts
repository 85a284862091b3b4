/**
 * Downloads, source checkouts and builds: sizes we cannot know before the build, shown as unknown.
 * A download's size is known only with network look-ups on and the caller's cache knowing the URL.
 */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import type { ModelOptions, RemoteSize } from '../types';
import type { RunContext } from './runContext';

export const ARCHIVE = /\.(tar(\.(gz|xz|bz2|zst))?|tgz|txz|tbz2?|zip|gz|xz|bz2|zst|deb|rpm|apk|whl|jar|run|bin|AppImage)$/i;
import type { ApkIndexData } from '../../data/apkDb';

/** What the estimators need for remote sizes (a part of ModelEnvironment). */
export interface RemoteEnvironment {
  remoteSize?: (url: string) => RemoteSize | undefined;
  networkOff?: string;
  /** The real APKINDEX of an Alpine release and platform, when network look-ups fetched it. */
  apkIndex?: (release: string, platform: string) => ApkIndexData | undefined;
}

/** A URL the fetcher can look up: http(s), no variable left in it. */
export function isLookupUrl(url: string): boolean {
  return /^https?:\/\/[^\s$]+$/i.test(url);
}

/** The size of a remote file, or why it is unknown (the source of an unknown part). */
export function remoteDownloadSize(url: string | undefined, options: ModelOptions, env: RemoteEnvironment): { bytes: number; source: string; low?: number; high?: number; count?: number } | { unknown: string } {
  if (!url) return { unknown: 'download size unknown' };
  if (!options.network) return { unknown: `remote size unknown (${env.networkOff ?? 'network look-ups are off'})` };
  if (url.includes('$')) return { unknown: 'remote size unknown (the URL uses a variable without a value)' };
  if (!isLookupUrl(url)) return { unknown: 'remote size unknown (only http and https URLs are looked up)' };
  const r = env.remoteSize?.(url);
  if (!r) return { unknown: 'size not known yet (network look-up pending)' };
  if (r.bytes === undefined || !Number.isFinite(r.bytes) || r.bytes < 0) return { unknown: `remote size unknown (${r.source})` };
  // A registry answer that is itself an estimate (PyPI installed size) carries its range.
  if (r.low !== undefined && r.high !== undefined && r.low <= r.bytes && r.bytes <= r.high) return { bytes: r.bytes, source: r.source, low: r.low, high: r.high };
  // A count beside the bytes (npm-packuments: versions listed).
  if (r.count !== undefined && Number.isFinite(r.count) && r.count >= 0) return { bytes: r.bytes, source: r.source, count: r.count };
  return { bytes: r.bytes, source: r.source };
}

export function estimateDownload(cmd: ShellCommand, ctx: RunContext): void {
  if (cmd.name === 'curl') {
    const args = parseArgs(cmd.argv, new Set(['o', 'output', 'H', 'header', 'u', 'user', 'd', 'data', 'X', 'request', 'A', 'user-agent', 'e', 'm', 'max-time', 'retry', 'connect-timeout', 'w', 'write-out', 'T', 'K', 'x', 'proxy', 'cacert', 'output-dir', 'proto', 'tlsv1.2', 'retry-delay']));
    const out = args.values.get('o')?.[0] ?? args.values.get('output')?.[0];
    const url = args.operands.find((w) => /^(https?|ftp):\/\//.test(w.value))?.value;
    let file = out;
    if (!file && (args.flags.has('O') || args.flags.has('remote-name')) && url) file = url.split('/').pop();
    if (!file) {
      // `curl ... | tar x` or `| sh`: nothing saved as such.
      const redirect = cmd.redirects.find((r) => r.op === '>' && r.target);
      file = redirect?.target?.value;
    }
    if (file && file !== '/dev/null' && file !== '-') addDownload(ctx, ctx.resolveWord(file), url, cmd);
    return;
  }
  if (cmd.name === 'wget') {
    const args = parseArgs(cmd.argv, new Set(['O', 'output-document', 'P', 'directory-prefix', 'U', 'user-agent', 'T', 'timeout', 't', 'tries', 'header']));
    const url = args.operands.find((w) => /^(https?|ftp):\/\//.test(w.value))?.value;
    const out = args.values.get('O')?.[0] ?? args.values.get('output-document')?.[0];
    if (out === '-' || out === '/dev/null') return;
    const dir = args.values.get('P')?.[0] ?? args.values.get('directory-prefix')?.[0];
    const name = out ?? url?.split('/').pop()?.split('?')[0];
    if (name) addDownload(ctx, ctx.resolveWord(dir && !out ? `${dir}/${name}` : name), url, cmd);
  }
}

function addDownload(ctx: RunContext, path: string, url: string | undefined, command: ShellCommand): void {
  const name = path.split('/').pop() ?? '';
  const label = `download ${name}`;
  const size = remoteDownloadSize(url === undefined ? undefined : ctx.expand(url), ctx.options, ctx.remote);
  if ('unknown' in size) {
    ctx.create({ path, file: true, command, kind: 'download', label, bytes: 0, confidence: 'unknown', source: size.unknown, unknown: true });
    return;
  }
  // The server's Content-Length now: the file may still change before the build, so 'high', not 'exact'.
  const kind = ARCHIVE.test(name) || ARCHIVE.test(url?.split('?')[0] ?? '') ? 'archive' : 'mixed';
  ctx.create({ path, file: true, command, kind: 'download', label, bytes: size.bytes, low: size.bytes, high: size.bytes, confidence: 'high', source: size.source, contentKind: kind });
}

export function estimateGit(cmd: ShellCommand, ctx: RunContext): void {
  const args = parseArgs(cmd.argv, new Set(['b', 'branch', 'depth', 'c', 'C', 'config', 'o', 'origin', 'j', 'jobs', 'filter', 'reference', 'shallow-since']));
  const sub = args.operands[0]?.value;
  if (sub !== 'clone') return;
  const repo = args.operands[1]?.value ?? '';
  const dir = args.operands[2]?.value ?? repo.replace(/\/$/, '').split('/').pop()?.replace(/\.git$/, '') ?? 'repo';
  const shallow = args.values.has('depth') || args.flags.has('depth');
  ctx.create({
    path: ctx.resolveWord(dir),
    command: cmd,
    kind: 'source',
    label: `git clone ${repo.split('/').slice(-2).join('/')}${shallow ? '' : ' (with full history in .git)'}`,
    bytes: 0,
    confidence: 'unknown',
    source: 'repository size is not known before the build',
    unknown: true,
  });
}

export function estimateVcsImport(cmd: ShellCommand, ctx: RunContext): void {
  if (cmd.name !== 'vcs' || cmd.argv[1]?.value !== 'import') return;
  const args = parseArgs(cmd.argv.slice(1), new Set(['input', 'workers', 'retry']));
  // parseArgs skips its first word (`import`): the operand is the target directory.
  const dir = args.operands[0]?.value ?? '.';
  const shallow = args.flags.has('shallow');
  ctx.create({ path: ctx.resolveWord(dir), command: cmd, kind: 'source', label: `vcs import into ${dir}${shallow ? '' : ' (full history)'}`, bytes: 0, confidence: 'unknown', source: 'sizes of the imported repositories are not known before the build', unknown: true });
}

/** Build steps: the output lands in the layer; its size depends on the code. */
const BUILDS: { test: (cmd: ShellCommand) => boolean; label: (cmd: ShellCommand) => string; dirs: (cmd: ShellCommand, ctx: RunContext) => string[] }[] = [
  { test: (c) => c.name === 'make' || c.name === 'ninja' || c.name === 'gmake', label: (c) => `output of \`${c.argv.map((w) => w.value).join(' ')}\``, dirs: (_c, ctx) => [ctx.resolve('.')] },
  { test: (c) => c.name === 'cmake' && c.argv.some((w) => w.value === '--build' || w.value === '--install'), label: () => 'output of `cmake --build`', dirs: (c, ctx) => [ctx.resolve(c.argv[c.argv.findIndex((w) => w.value === '--build') + 1]?.value ?? 'build')] },
  { test: (c) => c.name === 'colcon' && c.argv[1]?.value === 'build', label: () => 'output of `colcon build` (build/, install/, log/)', dirs: (_c, ctx) => ['build', 'install', 'log'].map((d) => ctx.resolve(d)) },
  { test: (c) => c.name === 'go' && (c.argv[1]?.value === 'build' || c.argv[1]?.value === 'install'), label: () => 'output of `go build` and the Go build cache', dirs: (_c, ctx) => [ctx.resolve('.'), `${ctx.home}/.cache/go-build`, '/go/pkg/mod'] },
  { test: (c) => c.name === 'cargo' && ['build', 'install'].includes(c.argv[1]?.value ?? ''), label: () => 'output of `cargo build` (target/) and the registry cache', dirs: (_c, ctx) => [ctx.resolve('target'), `${ctx.home}/.cargo/registry`] },
  { test: (c) => c.name === 'mvn' || c.name === 'mvnw' || c.name === 'gradle' || c.name === 'gradlew', label: (c) => `output of \`${c.name}\` and its dependency cache`, dirs: (c, ctx) => [ctx.resolve(c.name.startsWith('mvn') ? 'target' : 'build'), c.name.startsWith('mvn') ? `${ctx.home}/.m2` : `${ctx.home}/.gradle`] },
  { test: (c) => (c.name === 'npm' || c.name === 'yarn' || c.name === 'pnpm') && c.argv[1]?.value === 'run' && /build/.test(c.argv[2]?.value ?? ''), label: (c) => `output of \`${c.name} run ${c.argv[2]?.value}\``, dirs: (_c, ctx) => [ctx.resolve('dist'), ctx.resolve('build')] },
  { test: (c) => /^(gcc|g\+\+|cc|c\+\+|clang|clang\+\+)$/.test(c.name), label: (c) => `output of \`${c.name}\``, dirs: (c, ctx) => [ctx.resolve(c.argv[c.argv.findIndex((w) => w.value === '-o') + 1]?.value ?? 'a.out')] },
];

export function buildStep(cmd: ShellCommand): string | undefined {
  const b = BUILDS.find((x) => x.test(cmd));
  return b?.label(cmd);
}

/**
 * Where `make install` / `ninja install` / `cmake --install` puts files: `PREFIX=`/`prefix=` on the
 * command line, else the `--prefix` a `./configure` earlier in the RUN set, else /usr/local. undefined
 * for a build that does not install.
 */
function installPrefix(cmd: ShellCommand, ctx: RunContext): string | undefined {
  const words = cmd.argv.map((w) => w.value);
  const installs = (cmd.name === 'make' || cmd.name === 'gmake' || cmd.name === 'ninja') ? words.slice(1).some((w) => w === 'install' || /^install[-_]/.test(w)) : cmd.name === 'cmake' && words.includes('--install');
  if (!installs) return undefined;
  const given = words.find((w) => /^(PREFIX|prefix|DESTDIR)=/.test(w))?.replace(/^[^=]*=/, '');
  if (cmd.name === 'cmake') {
    const i = words.indexOf('--prefix');
    if (i > 0 && words[i + 1]) return ctx.resolveWord(words[i + 1]!);
  }
  return ctx.resolveWord(given || ctx.configurePrefix || '/usr/local');
}

export function estimateBuild(cmd: ShellCommand, ctx: RunContext): boolean {
  const b = BUILDS.find((x) => x.test(cmd));
  if (!b) return false;
  // `make -v`, `gcc --version`: prints, builds nothing.
  if (cmd.argv.length === 2 && /^(-v|-V|--version|-h|--help|-dumpversion)$/.test(cmd.argv[1]!.value)) return true;
  const here = ctx.resolve('.');
  const inBuildTree = (e: { path: string }) => e.path === here || e.path.startsWith(here + '/');
  if (cmd.name === 'make' && cmd.argv.some((w) => w.value === 'clean' || w.value === 'distclean')) {
    // Cleans the build tree it runs in, never what `make install` put under the prefix.
    for (const e of [...ctx.entries]) if (e.kind === 'build-output' && inBuildTree(e)) ctx.dropOwn(e);
    for (const e of ctx.state.fs) if (e.kind === 'build-output' && inBuildTree(e)) ctx.touched.push({ entry: e, command: cmd, action: 'delete', bytes: 0, low: 0, high: e.high, partial: false });
    return true;
  }
  const prefix = installPrefix(cmd, ctx);
  if (prefix) {
    // `make install` copies the build's products to the prefix: deleting the source tree afterwards keeps them.
    ctx.create({ path: prefix, kind: 'other', label: `files \`${cmd.argv.map((w) => w.value).join(' ')}\` installs into ${prefix}`, bytes: 0, confidence: 'unknown', source: 'what a build installs depends on the code being built', unknown: true });
    return true;
  }
  const dirs = b.dirs(cmd, ctx);
  ctx.create({ path: dirs[0], kind: 'build-output', label: b.label(cmd), bytes: 0, confidence: 'unknown', source: 'build output depends on the code being built', unknown: true });
  for (const d of dirs.slice(1)) ctx.create({ path: d, kind: 'build-output', label: `${b.label(cmd)}: ${d}`, bytes: 0, confidence: 'unknown', source: 'build output depends on the code being built', unknown: true });
  return true;
}
