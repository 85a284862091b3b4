/**
 * The wheel pip picks from a PyPI JSON answer (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`)
 * for a Python tag (cp311) and a platform (manylinux_x86_64, musllinux_aarch64 …), and the
 * dependencies pip would install with it (Requires-Dist, markers evaluated for that Linux).
 */
export interface PypiFile {
  filename: string;
  packagetype?: string;
  size: number;
  yanked?: boolean;
}

export interface PypiProject {
  info?: { name?: string; version?: string; requires_dist?: string[] | null };
  urls?: PypiFile[];
}

export interface Wheel {
  filename: string;
  size: number;
}

/** 'cp311' → [3, 11]. */
function pyVersion(python: string): [number, number] {
  const m = /^cp(\d)(\d+)$/.exec(python);
  return m ? [Number(m[1]), Number(m[2])] : [3, 12];
}

/** How well a wheel's tags fit (higher is better), or -1 when pip would not install it. */
export function wheelScore(filename: string, python: string, platform: string): number {
  const parts = filename.replace(/\.whl$/, '').split('-');
  if (parts.length < 5) return -1;
  const [pyTags, abiTags, platTags] = parts.slice(-3).map((t) => t.split('.'));
  const [major, minor] = pyVersion(python);
  const [family, arch] = /^(manylinux|musllinux)_(.+)$/.exec(platform)?.slice(1) ?? ['manylinux', 'x86_64'];
  const platOk = platTags.some((t) => t === 'any' || (t.startsWith(family) && t.endsWith(`_${arch}`)) || (family === 'manylinux' && t === `linux_${arch}`));
  if (!platOk) return -1;
  const specific = platTags.includes('any') ? 0 : 1;
  let best = -1;
  for (const py of pyTags) {
    const cp = /^cp(\d)(\d+)$/.exec(py);
    if (cp) {
      const [a, b] = [Number(cp[1]), Number(cp[2])];
      if (a === major && b === minor && abiTags.some((x) => x === python || x === `${python}t` || x === 'none')) best = Math.max(best, 30);
      else if (a === major && b <= minor && abiTags.includes('abi3')) best = Math.max(best, 20 + b / 100);
      continue;
    }
    const pyx = /^py(\d)(\d*)$/.exec(py);
    if (pyx && Number(pyx[1]) === major && (!pyx[2] || Number(pyx[2]) <= minor) && abiTags.includes('none')) best = Math.max(best, 10);
  }
  return best < 0 ? -1 : best + specific;
}

export function pickWheel(project: PypiProject, python: string, platform: string): Wheel | undefined {
  let best: Wheel | undefined;
  let bestScore = -1;
  for (const f of project.urls ?? []) {
    if (f.yanked || !f.filename.endsWith('.whl') || typeof f.size !== 'number') continue;
    const s = wheelScore(f.filename, python, platform);
    if (s > bestScore) {
      bestScore = s;
      best = { filename: f.filename, size: f.size };
    }
  }
  return best;
}

/** Evaluates a PEP 508 marker for a Linux CPython (unknown variables count as true; extras never apply). */
export function markerApplies(marker: string, python: string, platform: string): boolean {
  if (/\bextra\s*==/.test(marker)) return false;
  const [major, minor] = pyVersion(python);
  const machine = /_(x86_64|aarch64|armv7l|ppc64le|s390x|i686)$/.exec(platform)?.[1] ?? 'x86_64';
  const vars: Record<string, string> = {
    python_version: `${major}.${minor}`,
    python_full_version: `${major}.${minor}.0`,
    platform_system: 'Linux',
    sys_platform: 'linux',
    os_name: 'posix',
    platform_machine: machine,
    implementation_name: 'cpython',
    platform_python_implementation: 'CPython',
  };
  const cmpVersion = (a: string, b: string) => {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return 0;
  };
  const term = (t: string): boolean => {
    const m = /^\s*\(*\s*([\w.]+|'[^']*'|"[^"]*")\s*(==|!=|<=|>=|<|>|~=|not in|in)\s*([\w.]+|'[^']*'|"[^"]*")\s*\)*\s*$/.exec(t);
    if (!m) return true;
    const value = (s: string) => (/^['"]/.test(s) ? s.slice(1, -1) : (vars[s] ?? undefined));
    const left = value(m[1]);
    const right = value(m[3]);
    if (left === undefined || right === undefined) return true;
    const versioned = /version/.test(m[1] + m[3]);
    const c = versioned ? cmpVersion(left, right) : left.localeCompare(right);
    switch (m[2]) {
      case '==':
        return versioned ? c === 0 : left === right;
      case '!=':
        return versioned ? c !== 0 : left !== right;
      case '<':
        return c < 0;
      case '<=':
        return c <= 0;
      case '>':
        return c > 0;
      case '>=':
      case '~=':
        return c >= 0;
      case 'in':
        return right.includes(left);
      case 'not in':
        return !right.includes(left);
    }
    return true;
  };
  return marker.split(/\s+or\s+/).some((alt) => alt.split(/\s+and\s+/).every(term));
}

/** Requires-Dist names that apply (no extras), normalized. */
export function wheelDependencies(project: PypiProject, python: string, platform: string): string[] {
  const out: string[] = [];
  for (const req of project.info?.requires_dist ?? []) {
    const [spec, marker] = req.split(';');
    if (marker && !markerApplies(marker, python, platform)) continue;
    const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(spec)?.[1];
    if (name) out.push(name.toLowerCase().replace(/[-_.]+/g, '-'));
  }
  return out;
}
