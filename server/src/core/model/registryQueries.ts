/**
 * Package-registry look-ups the estimators ask for through `ModelEnvironment.remoteSize`, written as
 * the registry's own API URL with a fragment that says what is wanted (a fragment is never sent to
 * the server). The fetcher (../../net/registryLookups.ts) answers them from the registry's JSON:
 *
 *   https://registry.npmjs.org/ghost-cli#size-hints:npm-installed:^1.20   node_modules bytes of the closure
 *   https://registry.npmjs.org/ghost-cli#size-hints:npm-tarballs:^1.20    its tarballs' bytes (npm's cache)
 *   https://registry.npmjs.org/ghost-cli#size-hints:npm-packuments:^1.20  its packuments' bytes as served and, as `count`,
 *       the versions they list (npm's cache keeps them beside the tarballs)
 *   https://pypi.org/pypi/torch/json#size-hints:pypi-wheel:2.5.1:cp311:manylinux_x86_64   the wheel pip picks
 *   https://dl-cdn.alpinelinux.org/alpine/#size-hints:apk-index:3.20:x86_64   the release's APKINDEX (main + community);
 *       the model reads the parsed index through ModelEnvironment.apkIndex, this entry only asks for it
 */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';
export const PYPI_JSON = 'https://pypi.org/pypi/';
export const ALPINE_MIRROR = 'https://dl-cdn.alpinelinux.org/alpine/';
const MARK = '#size-hints:';

export type RegistryQuery =
  | { kind: 'npm-installed' | 'npm-tarballs' | 'npm-packuments'; registry: string; name: string; range: string }
  | { kind: 'pypi-wheel' | 'pypi-installed'; base: string; name: string; version: string; python: string; platform: string }
  | { kind: 'apk-index'; mirror: string; release: string; arch: string };

export function registryQueryUrl(q: RegistryQuery): string {
  if ('base' in q) return `${q.base}${encodeURIComponent(q.name)}/json${MARK}${q.kind}:${q.version}:${q.python}:${q.platform}`;
  if (q.kind === 'apk-index') return `${q.mirror}${MARK}apk-index:${q.release}:${q.arch}`;
  return `${q.registry}${q.name.replace('/', '%2f')}${MARK}${q.kind}:${q.range}`;
}

export function parseRegistryQuery(url: string): RegistryQuery | undefined {
  const at = url.indexOf(MARK);
  if (at < 0) return undefined;
  const base = url.slice(0, at);
  const [kind, ...rest] = url.slice(at + MARK.length).split(':');
  if (kind === 'npm-installed' || kind === 'npm-tarballs' || kind === 'npm-packuments') {
    const slash = base.lastIndexOf('/');
    if (slash < 0) return undefined;
    return { kind, registry: base.slice(0, slash + 1), name: decodeURIComponent(base.slice(slash + 1)), range: rest.join(':') || 'latest' };
  }
  if (kind === 'apk-index') {
    if (rest.length !== 2 || !/^(3\.\d{1,3}|edge)$/.test(rest[0]) || !/^[a-z0-9_]+$/.test(rest[1])) return undefined;
    return { kind, mirror: base, release: rest[0], arch: rest[1] };
  }
  if (kind === 'pypi-wheel' || kind === 'pypi-installed') {
    const m = /^(.*\/)([^/]+)\/json$/.exec(base);
    if (!m || rest.length < 3) return undefined;
    return { kind, base: m[1], name: decodeURIComponent(m[2]), version: rest[0], python: rest[1], platform: rest.slice(2).join(':') };
  }
  return undefined;
}

/** Docker platform → Alpine architecture ('linux/arm/v7' → 'armv7'); undefined when Alpine has none. */
export function alpineArch(platform: string): string | undefined {
  const [, arch = 'amd64', variant] = platform.toLowerCase().split('/');
  if (arch === 'amd64' || arch === 'x86_64') return 'x86_64';
  if (arch === 'arm64' || arch === 'aarch64') return 'aarch64';
  if (arch === 'arm') return variant === 'v6' || variant === 'v5' ? 'armhf' : 'armv7';
  if (arch === '386') return 'x86';
  if (arch === 'ppc64le' || arch === 's390x' || arch === 'riscv64' || arch === 'loongarch64') return arch;
  return undefined;
}
