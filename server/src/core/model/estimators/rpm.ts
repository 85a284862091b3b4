/** dnf / yum / microdnf / zypper: packages from a documented proxy table and the metadata cache. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { rpmPackageSize } from '../../data/otherManagers';
import type { RunContext } from './runContext';

export const RPM_MANAGERS = new Set(['dnf', 'yum', 'microdnf', 'zypper', 'tdnf']);

export function rpmCacheDir(manager: string): string {
  if (manager === 'zypper') return '/var/cache/zypp';
  if (manager === 'yum') return '/var/cache/yum';
  return '/var/cache/dnf';
}

/** Options of dnf/yum/zypper that take a value (so the subcommand is the first operand after them). */
export const RPM_VALUE_OPTIONS: ReadonlySet<string> = new Set(['setopt', 'enablerepo', 'disablerepo', 'installroot', 'releasever', 'repo', 'repoid', 'root', 'config', 'reposd-dir', 'cache-dir', 'raw-cache-dir', 'solv-cache-dir', 'pkg-cache-dir']);

/** The subcommand of a dnf/yum/microdnf/tdnf/zypper command (`zypper -n --gpg-auto-import-keys ref` → `ref`). */
export function rpmSubcommand(cmd: ShellCommand): string {
  return parseArgs(cmd.argv, RPM_VALUE_OPTIONS).operands[0]?.value ?? '';
}

/**
 * A command that only downloads the repository metadata into the cache and installs nothing: `dnf/yum/microdnf/tdnf
 * makecache` and `check-update` (which needs the metadata to compare), `zypper refresh`/`ref`.
 */
export function isRpmRefresh(cmd: ShellCommand): boolean {
  if (!RPM_MANAGERS.has(cmd.name)) return false;
  const sub = rpmSubcommand(cmd);
  return cmd.name === 'zypper' ? sub === 'refresh' || sub === 'ref' : ['makecache', 'mc', 'check-update', 'check-upgrade'].includes(sub);
}

export function estimateRpm(cmd: ShellCommand, ctx: RunContext): void {
  const args = parseArgs(cmd.argv, RPM_VALUE_OPTIONS);
  const sub = args.operands[0]?.value ?? '';
  const cache = rpmCacheDir(cmd.name);
  if (sub === 'clean' || (cmd.name === 'zypper' && sub === 'cc')) {
    ctx.remove(cache, cmd);
    for (const c of ctx.facts.caches) if (c.manager === cmd.name) c.avoided = true;
    return;
  }
  if (isRpmRefresh(cmd)) {
    // The metadata alone (no CacheFact: the cache rules are about installs; rpm-refresh-alone reports this layer).
    // Its size is the distribution's repositories' (tens of MB on Fedora); no index of it is bundled: unknown.
    if (!ctx.isCacheMounted(cache) && !ctx.entries.some((e) => e.path === cache))
      ctx.create({ path: cache, kind: 'package-cache', label: `${cmd.name} ${sub}: repository metadata (${cache})`, bytes: 0, confidence: 'unknown', source: 'repository metadata size varies by distribution', unknown: true });
    return;
  }
  if (!['install', 'in', 'groupinstall', 'update', 'upgrade', 'up'].includes(sub)) return;
  const names = args.operands.slice(1).map((w) => w.value);
  let bytes = 0;
  const unknown: string[] = [];
  const members = new Map<string, number>();
  for (const n of names) {
    const info = rpmPackageSize(n);
    if (!info) unknown.push(n);
    else {
      bytes += info.bytes;
      members.set(n, info.bytes);
    }
  }
  if (bytes) ctx.create({ path: '/usr', kind: 'packages', label: `${cmd.name}: ${[...members.keys()].slice(0, 4).join(', ')}`, bytes, confidence: 'low', source: 'Debian equivalents (no RPM index reachable); dependencies not counted', contentKind: 'binary', members });
  if (unknown.length || sub.startsWith('up') || sub === 'groupinstall')
    ctx.create({ path: '/usr', kind: 'packages', label: `${cmd.name} ${sub} ${unknown.join(' ')}`.trim(), bytes: 0, confidence: 'unknown', source: 'not in the size table', unknown: true });
  const noCache = cmd.name === 'zypper' ? false : (args.values.get('setopt') ?? []).some((o) => /keepcache=0/.test(o));
  const avoided = noCache || ctx.isCacheMounted(cache);
  ctx.facts.caches.push({ manager: cmd.name, command: cmd, path: cache, bytes: 0, low: 0, high: 0, unknown: true, avoided });
  if (!avoided && !ctx.entries.some((e) => e.path === cache))
    ctx.create({ path: cache, kind: 'package-cache', label: `${cmd.name} metadata cache (${cache})`, bytes: 0, confidence: 'unknown', source: 'repository metadata size varies by distribution', unknown: true });
}
