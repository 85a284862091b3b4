/** dnf / dnf5 / yum / microdnf / tdnf / zypper: packages from a documented proxy table and the metadata cache. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { rpmPackageSize } from '../../data/otherManagers';
import type { RunContext } from './runContext';

/**
 * The commands that take dnf's command line (`install`, `remove`, `upgrade`, `clean all`, `--setopt=`): dnf, yum (dnf on
 * RHEL 8+), microdnf (UBI minimal) and dnf5, Fedora 41+'s dnf under its own name (`dnf` and `yum` link to it there).
 */
export const DNF_COMMANDS: ReadonlySet<string> = new Set(['dnf', 'dnf5', 'yum', 'microdnf']);
/** DNF_COMMANDS and tdnf (Photon, Azure Linux): one family of repository metadata, cleaned by `clean all`. */
export const DNF_MANAGERS: ReadonlySet<string> = new Set([...DNF_COMMANDS, 'tdnf']);
/** Every RPM package manager the model follows: the dnf family and zypper. */
export const RPM_MANAGERS: ReadonlySet<string> = new Set([...DNF_MANAGERS, 'zypper']);

/**
 * Which yum/dnf a FROM image's release ships, from its name and tag (undefined: not known). 'yum' is yum 3 (CentOS 7,
 * Amazon Linux 2, Oracle Linux 7, UBI 7); 'dnf4' is dnf 4 with `yum` a link to it (RHEL 8 to 10 and their rebuilds,
 * Amazon Linux 2023, Fedora 22 to 40); 'dnf5' is Fedora 41 and later, where `dnf` and `yum` are dnf5.
 */
export type RpmGeneration = 'yum' | 'dnf4' | 'dnf5';

export function rpmGeneration(image: string | undefined): RpmGeneration | undefined {
  if (!image) return undefined;
  const ref = image.toLowerCase().replace(/@.*$/, '');
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const name = colon > slash ? ref.slice(0, colon) : ref;
  const tag = colon > slash ? ref.slice(colon + 1) : 'latest';
  const repo = name.slice(name.lastIndexOf('/') + 1);
  const major = Number(/^(?:centos|stream|el|ol)?(\d+)/.exec(tag)?.[1] ?? NaN);
  // Red Hat's UBI and RHEL images carry the release in the repository path (registry.access.redhat.com/ubi9/ubi-minimal).
  const rh = /(?:^|\/)(?:ubi|rhel)(\d+)(?:\/|$|-)/.exec(name);
  if (rh) return Number(rh[1]) <= 7 ? 'yum' : 'dnf4';
  if (repo === 'fedora') return tag === 'latest' || tag === 'rawhide' || major >= 41 ? 'dnf5' : major >= 22 ? 'dnf4' : major > 0 ? 'yum' : undefined;
  if (repo === 'centos' || repo === 'oraclelinux') return tag === 'latest' || major >= 8 || /^stream/.test(tag) ? 'dnf4' : major > 0 ? 'yum' : undefined;
  if (repo === 'amazonlinux') return tag === 'latest' || major >= 2022 ? 'dnf4' : major > 0 ? 'yum' : undefined;
  if (/^(rockylinux|almalinux)$/.test(repo) || /(^|\/)(rockylinux|almalinux)\//.test(name)) return 'dnf4';
  return undefined;
}

/**
 * The folders a manager's metadata and package cache go to on an image (first: where the model puts it). The base
 * decides yum's and dnf's: /var/cache/yum for yum 3, /var/cache/dnf for dnf 4 (yum included), /var/cache/libdnf5 for
 * dnf5; on a base not known, both candidates (a clean or cache mount of either counts). microdnf (libdnf, ubi-minimal)
 * keeps /var/cache/yum, tdnf (Photon, Azure Linux) /var/cache/tdnf, zypper /var/cache/zypp.
 */
export function rpmCacheDirs(manager: string, image?: string): string[] {
  if (manager === 'zypper') return ['/var/cache/zypp'];
  // `dnf5` by that name is dnf5 on any base: libdnf5's SYSTEM_CACHEDIR (rpm-software-management/dnf5,
  // include/libdnf5/conf/const.hpp), which `dnf5 clean all` empties (dnf5/commands/clean/clean.cpp).
  if (manager === 'dnf5') return ['/var/cache/libdnf5'];
  if (manager === 'microdnf') return ['/var/cache/yum'];
  if (manager === 'tdnf') return ['/var/cache/tdnf'];
  const generation = rpmGeneration(image);
  if (generation === 'dnf5') return ['/var/cache/libdnf5'];
  if (generation === 'dnf4') return ['/var/cache/dnf'];
  if (manager === 'yum') return generation === 'yum' ? ['/var/cache/yum'] : ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'];
  return ['/var/cache/dnf', '/var/cache/libdnf5'];
}

/**
 * Options of dnf/yum/zypper that take a value (so the subcommand is the first operand after them). dnf5 spells some
 * anew (`--enable-repo`, `--setvar`; dnf5/main.cpp), its `--enablerepo`/`--nodocs` are aliases (compatibility.conf).
 */
export const RPM_VALUE_OPTIONS: ReadonlySet<string> = new Set([
  'setopt', 'enablerepo', 'disablerepo', 'installroot', 'releasever', 'repo', 'repoid', 'root', 'config', 'reposd-dir', 'cache-dir', 'raw-cache-dir', 'solv-cache-dir', 'pkg-cache-dir',
  'enable-repo', 'disable-repo', 'repofrompath', 'setvar', 'exclude', 'enable-plugin', 'disable-plugin', 'enableplugin', 'disableplugin', 'comment', 'forcearch', 'from-repo',
]);

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
  const caches = rpmCacheDirs(cmd.name, ctx.state.image);
  const cache = caches[0];
  if (sub === 'clean' || (cmd.name === 'zypper' && sub === 'cc')) {
    for (const c of caches) ctx.remove(c, cmd);
    for (const c of ctx.facts.caches) if (c.manager === cmd.name) c.avoided = true;
    return;
  }
  if (isRpmRefresh(cmd)) {
    // The metadata alone (no CacheFact: the cache rules are about installs; rpm-refresh-alone reports this layer).
    // Its size is the distribution's repositories' (tens of MB on Fedora); no index of it is bundled: unknown.
    if (!caches.some((c) => ctx.isCacheMounted(c)) && !ctx.entries.some((e) => e.path === cache))
      ctx.create({ path: cache, kind: 'package-cache', label: `${cmd.name} ${sub}: repository metadata (${cache})`, bytes: 0, confidence: 'unknown', source: 'repository metadata size varies by distribution', unknown: true });
    return;
  }
  // `dnf group install` / `yum groups install` / `dnf5 group install` (two words) is `groupinstall`.
  const groupSub = sub === 'group' || sub === 'groups' ? (args.operands[1]?.value ?? '') : '';
  const grouped = ['install', 'update', 'upgrade'].includes(groupSub);
  if (!grouped && !['install', 'in', 'groupinstall', 'update', 'upgrade', 'up'].includes(sub)) return;
  const names = args.operands.slice(grouped ? 2 : 1).map((w) => w.value);
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
  if (unknown.length || sub.startsWith('up') || sub === 'groupinstall' || grouped)
    ctx.create({ path: '/usr', kind: 'packages', label: `${cmd.name} ${sub} ${unknown.join(' ')}`.trim(), bytes: 0, confidence: 'unknown', source: 'not in the size table', unknown: true });
  // `--setopt=keepcache=0` (the default anyway) drops only the downloaded packages: the repository metadata
  // (repodata, solv) stays in the cache folder (dnf.conf(5) keepcache; dnf5-caching(7)). Only a clean or a mount avoids it.
  const avoided = caches.some((c) => ctx.isCacheMounted(c));
  ctx.facts.caches.push({ manager: cmd.name, command: cmd, path: cache, ...(caches.length > 1 ? { paths: caches } : {}), bytes: 0, low: 0, high: 0, unknown: true, avoided });
  if (!avoided && !ctx.entries.some((e) => e.path === cache))
    ctx.create({ path: cache, kind: 'package-cache', label: `${cmd.name} metadata cache (${cache})`, bytes: 0, confidence: 'unknown', source: 'repository metadata size varies by distribution', unknown: true });
}
