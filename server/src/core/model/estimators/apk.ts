/** apk (Alpine): add/del with --virtual groups, the /var/cache/apk index cache unless --no-cache. */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { apkPackageSize } from '../../data/otherManagers';
import type { RunContext } from './runContext';

const APK_CACHE = '/var/cache/apk';
const APK_ETC_CACHE = '/etc/apk/cache';

export function apkArgs(cmd: ShellCommand) {
  return parseArgs(cmd.argv, new Set(['t', 'virtual', 'X', 'repository', 'p', 'root', 'cache-dir', 'arch']));
}

export function estimateApk(cmd: ShellCommand, ctx: RunContext): void {
  const args = apkArgs(cmd);
  const sub = args.operands[0]?.value;
  if (sub === 'del') {
    const names = args.operands.slice(1).map((w) => w.value);
    for (const e of [...ctx.entries]) {
      if (e.kind === 'packages' && e.group && names.includes(e.group)) ctx.dropOwn(e);
      else if (e.kind === 'packages' && e.members && e.path === '/usr' && !e.group) {
        for (const n of names) e.members.delete(n);
      }
    }
    // A group added by an earlier layer: its files stay shipped in that layer.
    for (const e of ctx.state.fs) {
      const group = (e as { group?: string }).group;
      if (e.kind === 'packages' && group && names.includes(group)) ctx.touched.push({ entry: e, command: cmd, action: 'delete', bytes: e.bytes, low: e.low, high: e.high, partial: false });
    }
    return;
  }
  if (sub === 'update' && !args.flags.has('no-cache')) {
    addIndexCache(ctx);
    return;
  }
  if (sub !== 'add') return;
  // --no-network: apk resolves from what is installed (the official images' `apk add --no-network
  // --virtual .rundeps $runDeps` after a build), so it fetches no index and leaves none.
  const noCache = args.flags.has('no-cache') || args.flags.has('no-network');
  const group = args.values.get('t')?.[0] ?? args.values.get('virtual')?.[0];
  const names = args.operands.slice(1).map((w) => w.value.replace(/[=<>~].*$/, ''));
  let bytes = 0;
  const members = new Map<string, number>();
  const unknown: string[] = [];
  for (const n of names) {
    const info = apkPackageSize(n);
    if (!info || n.includes('$')) unknown.push(n);
    else {
      bytes += info.bytes;
      members.set(n, info.bytes);
    }
  }
  if (members.size)
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apk: ${[...members.keys()].slice(0, 4).join(', ')}${group ? ` (--virtual ${group})` : ''}`,
      bytes,
      confidence: 'low',
      source: 'Debian equivalents scaled by a measured musl/glibc factor (no Alpine index reachable); dependencies not counted',
      contentKind: 'binary',
      members,
      group,
    });
  if (unknown.length) ctx.create({ path: '/usr', kind: 'packages', label: `apk: ${unknown.join(', ')}`, bytes: 0, confidence: 'unknown', source: 'not in the apk size table', unknown: true, group });
  // A cache mount on /etc/apk/cache (apk's package cache, the Docker docs' idiom) holds the indexes too.
  const mounted = ctx.isCacheMounted(APK_CACHE) || ctx.isCacheMounted(APK_ETC_CACHE);
  if (!noCache && !mounted) addIndexCache(ctx);
  ctx.facts.caches.push({ manager: 'apk', command: cmd, path: APK_CACHE, bytes: 0, low: 0, high: 0, unknown: true, avoided: noCache || mounted });
}

function addIndexCache(ctx: RunContext): void {
  if (ctx.entries.some((e) => e.path === APK_CACHE)) return;
  ctx.create({ path: APK_CACHE, kind: 'package-cache', label: 'apk index cache (/var/cache/apk)', bytes: 0, confidence: 'unknown', source: 'APKINDEX size depends on the repositories', unknown: true });
}
