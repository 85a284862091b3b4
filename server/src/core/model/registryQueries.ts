/**
 * Package-registry look-ups the estimators ask for through `ModelEnvironment.remoteSize`, written as
 * the registry's own API URL with a fragment that says what is wanted (a fragment is never sent to
 * the server). The fetcher (../../net/registryLookups.ts) answers them from the registry's JSON:
 *
 *   https://registry.npmjs.org/ghost-cli#size-hints:npm-installed:^1.20   node_modules bytes of the closure
 *   https://registry.npmjs.org/ghost-cli#size-hints:npm-tarballs:^1.20    its tarballs' bytes (npm's cache)
 *   https://pypi.org/pypi/torch/json#size-hints:pypi-wheel:2.5.1:cp311:manylinux_x86_64   the wheel pip picks
 */
export const NPM_REGISTRY = 'https://registry.npmjs.org/';
export const PYPI_JSON = 'https://pypi.org/pypi/';
const MARK = '#size-hints:';

export type RegistryQuery =
  | { kind: 'npm-installed' | 'npm-tarballs'; registry: string; name: string; range: string }
  | { kind: 'pypi-wheel'; base: string; name: string; version: string; python: string; platform: string };

export function registryQueryUrl(q: RegistryQuery): string {
  if (q.kind === 'pypi-wheel') return `${q.base}${encodeURIComponent(q.name)}/json${MARK}pypi-wheel:${q.version}:${q.python}:${q.platform}`;
  return `${q.registry}${q.name.replace('/', '%2f')}${MARK}${q.kind}:${q.range}`;
}

export function parseRegistryQuery(url: string): RegistryQuery | undefined {
  const at = url.indexOf(MARK);
  if (at < 0) return undefined;
  const base = url.slice(0, at);
  const [kind, ...rest] = url.slice(at + MARK.length).split(':');
  if (kind === 'npm-installed' || kind === 'npm-tarballs') {
    const slash = base.lastIndexOf('/');
    if (slash < 0) return undefined;
    return { kind, registry: base.slice(0, slash + 1), name: decodeURIComponent(base.slice(slash + 1)), range: rest.join(':') || 'latest' };
  }
  if (kind === 'pypi-wheel') {
    const m = /^(.*\/)([^/]+)\/json$/.exec(base);
    if (!m || rest.length < 3) return undefined;
    return { kind, base: m[1], name: decodeURIComponent(m[2]), version: rest[0], python: rest[1], platform: rest.slice(2).join(':') };
  }
  return undefined;
}
