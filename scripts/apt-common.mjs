// Shared helpers for the apt data scripts (gen-apt-db.mjs, measure-apt.mjs).
// Plain Node ESM, no npm deps. Runs apt with a private APT_CONFIG so the
// machine's own apt state (/var/lib/apt, /etc/apt/apt.conf.d) is never touched.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SUITES = ['bookworm', 'trixie'];
export const ARCHES = ['amd64', 'arm64', 'armhf'];
export const MIRROR = 'http://deb.debian.org/debian';
export const SECURITY_MIRROR = 'http://deb.debian.org/debian-security';

// Ubuntu: amd64 only (archive.ubuntu.com serves amd64 and i386; arm64/armhf live on ports.ubuntu.com).
export const UBUNTU_SUITES = ['bionic', 'focal', 'jammy', 'noble', 'resolute'];
export const UBUNTU_ARCHES = ['amd64'];
export const UBUNTU_MIRROR = 'http://archive.ubuntu.com/ubuntu';
export const UBUNTU_SECURITY_MIRROR = 'http://security.ubuntu.com/ubuntu';
export const UBUNTU_COMPONENTS = ['main', 'restricted', 'universe', 'multiverse'];
export const isUbuntuSuite = (suite) => UBUNTU_SUITES.includes(suite);

/** Scratch root for apt state; override with APT_DB_WORK. */
export const WORK_ROOT = process.env.APT_DB_WORK ?? path.join(os.tmpdir(), 'dockerfile-size-hints-apt');

/**
 * The same source set as the official debian:<suite> images (debuerreotype), or as the official
 * ubuntu:<release> images (/etc/apt/sources.list or sources.list.d/ubuntu.sources: release, -updates,
 * -backports from archive.ubuntu.com, -security from security.ubuntu.com, all four components).
 * -backports is fetched so the lists measurement matches the image; the package index skips it
 * (its Release says NotAutomatic: apt installs from it only when asked with -t).
 */
export function sourcesListFor(suite) {
  if (isUbuntuSuite(suite)) {
    const by = `[signed-by=${ubuntuKeyring()}]`;
    const comps = UBUNTU_COMPONENTS.join(' ');
    return [
      `deb ${by} ${UBUNTU_MIRROR} ${suite} ${comps}`,
      `deb ${by} ${UBUNTU_MIRROR} ${suite}-updates ${comps}`,
      `deb ${by} ${UBUNTU_MIRROR} ${suite}-backports ${comps}`,
      `deb ${by} ${UBUNTU_SECURITY_MIRROR} ${suite}-security ${comps}`,
      '',
    ].join('\n');
  }
  return [
    `deb ${MIRROR} ${suite} main`,
    `deb ${MIRROR} ${suite}-updates main`,
    `deb ${SECURITY_MIRROR} ${suite}-security main`,
    '',
  ].join('\n');
}

/**
 * Creates (if needed) a private apt root for suite/arch and returns its paths.
 * mode 'plain': indexes stored uncompressed (apt's default);
 * mode 'image': the official images' apt.conf.d (docker-gzip-indexes + docker-no-languages).
 */
export function aptRoot(suite, arch, mode) {
  const root = path.join(WORK_ROOT, `${suite}-${arch}-${mode}`);
  const dirs = {
    root,
    lists: path.join(root, 'lists'),
    cache: path.join(root, 'cache'),
    parts: path.join(root, 'apt.conf.d'),
    sourceparts: path.join(root, 'sources.list.d'),
    sourcelist: path.join(root, 'sources.list'),
    status: path.join(root, 'status'),
    conf: path.join(root, 'apt.conf'),
    downloads: path.join(root, 'debs'),
  };
  for (const d of [dirs.lists, path.join(dirs.lists, 'partial'), dirs.cache, dirs.parts, dirs.sourceparts, dirs.downloads]) {
    fs.mkdirSync(d, { recursive: true });
  }
  if (!fs.existsSync(dirs.status)) fs.writeFileSync(dirs.status, '');
  fs.writeFileSync(dirs.sourcelist, sourcesListFor(suite));
  // Dir::Etc::parts is set here, in APT_CONFIG, which apt reads before the
  // parts dir, so the host's /etc/apt/apt.conf.d is skipped entirely.
  const conf = [
    `Dir::Etc::parts "${dirs.parts}";`,
    `Dir::Etc::sourcelist "${dirs.sourcelist}";`,
    `Dir::Etc::sourceparts "${dirs.sourceparts}";`,
    `Dir::State::lists "${dirs.lists}";`,
    `Dir::State::status "${dirs.status}";`,
    `Dir::Cache "${dirs.cache}";`,
    `APT::Architecture "${arch}";`,
    `APT::Architectures { "${arch}"; };`,
    // Both modes skip Translation-*: the official images set Acquire::Languages "none".
    'Acquire::Languages "none";',
    `Acquire::GzipIndexes "${mode === 'image' ? 'true' : 'false'}";`,
    'Acquire::Retries "3";',
    '',
  ].join('\n');
  fs.writeFileSync(dirs.conf, conf);
  return dirs;
}

/**
 * Ubuntu's archive signing keys, from Debian's own `ubuntu-keyring` package (trixie), downloaded with
 * apt through a private Debian root so its hash is checked against Debian's signed index.
 */
export function ubuntuKeyring() {
  const keyring = path.join(WORK_ROOT, 'ubuntu-archive-keyring.gpg');
  if (fs.existsSync(keyring)) return keyring;
  const dirs = aptRoot('trixie', 'amd64', 'plain');
  if (!listFiles(dirs.lists).some((f) => f.name.endsWith('_Packages'))) aptUpdate(dirs, 'trixie/amd64 (for ubuntu-keyring)');
  execFileSync('apt-get', ['download', 'ubuntu-keyring'], { env: aptEnv(dirs), cwd: dirs.downloads, stdio: 'inherit' });
  const deb = fs.readdirSync(dirs.downloads).find((n) => /^ubuntu-keyring_.*\.deb$/.test(n));
  const tree = path.join(WORK_ROOT, 'ubuntu-keyring');
  execFileSync('dpkg-deb', ['-x', path.join(dirs.downloads, deb), tree]);
  fs.copyFileSync(path.join(tree, 'usr/share/keyrings/ubuntu-archive-keyring.gpg'), keyring);
  console.error(`Ubuntu archive keyring from Debian's ${deb}`);
  return keyring;
}

export function aptEnv(dirs) {
  return { ...process.env, APT_CONFIG: dirs.conf, LC_ALL: 'C' };
}

/**
 * apt-get update, retried: the mirror sometimes answers "Mirror sync in progress"
 * for one index. If after all attempts the only failures are such stale indexes,
 * returns them (apt keeps every other index) so the caller can record the gap.
 */
export function aptUpdate(dirs, label, attempts = 4) {
  let staleIndexes = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const run = spawnSync('apt-get', ['update'], { env: aptEnv(dirs), encoding: 'utf8' });
    const output = `${run.stdout}\n${run.stderr}`;
    const failed = run.status !== 0 || /^(W|E|Err):/m.test(output);
    if (!failed) return { staleIndexes: [] };
    const errors = output.split('\n').filter((l) => /^E: Failed to fetch/.test(l));
    staleIndexes = errors.filter((l) => /Mirror sync in progress/.test(l)).map((l) => /Failed to fetch (\S+)/.exec(l)[1]);
    console.error(`[${label}] apt-get update attempt ${attempt} failed:\n${errors.join('\n')}`);
    if (attempt < attempts) execFileSync('sleep', [String(15 * attempt)]);
    else if (staleIndexes.length === errors.length && errors.length > 0) {
      console.error(`[${label}] giving up on stale index(es), continuing without: ${staleIndexes.join(' ')}`);
      return { staleIndexes };
    }
  }
  throw new Error(`[${label}] apt-get update kept failing`);
}

/** Files apt keeps in lists/ after an update (what lands in an image layer). */
export function listFiles(listsDir) {
  return fs
    .readdirSync(listsDir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== 'lock')
    .map((e) => ({ name: e.name, bytes: fs.statSync(path.join(listsDir, e.name)).size }));
}

/** The Date: field of every *_InRelease file in lists/, keyed by file name. */
export function releaseDates(listsDir) {
  const dates = {};
  for (const f of listFiles(listsDir)) {
    if (!f.name.endsWith('_InRelease')) continue;
    const text = fs.readFileSync(path.join(listsDir, f.name), 'utf8');
    const date = /^Date: (.+)$/m.exec(text)?.[1];
    if (date) dates[f.name.replace(/_InRelease$/, '')] = date;
  }
  return dates;
}

// ---- dpkg version comparison (deb-version(7)), used to pick the newest version per name ----

function orderChar(c) {
  if (c === '~') return -1;
  if (c === undefined || c === '') return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

function compareFragment(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/[0-9]/.test(a[i])) || (j < b.length && !/[0-9]/.test(b[j]))) {
      const ac = orderChar(a[i] && !/[0-9]/.test(a[i]) ? a[i] : '');
      const bc = orderChar(b[j] && !/[0-9]/.test(b[j]) ? b[j] : '');
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === '0') i++;
    while (b[j] === '0') j++;
    while (i < a.length && /[0-9]/.test(a[i]) && j < b.length && /[0-9]/.test(b[j])) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < a.length && /[0-9]/.test(a[i])) return 1;
    if (j < b.length && /[0-9]/.test(b[j])) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

function splitVersion(v) {
  const colon = v.indexOf(':');
  const epoch = colon >= 0 ? parseInt(v.slice(0, colon), 10) : 0;
  const rest = colon >= 0 ? v.slice(colon + 1) : v;
  const dash = rest.lastIndexOf('-');
  return { epoch, upstream: dash >= 0 ? rest.slice(0, dash) : rest, revision: dash >= 0 ? rest.slice(dash + 1) : '' };
}

export function compareDebVersions(a, b) {
  const va = splitVersion(a);
  const vb = splitVersion(b);
  if (va.epoch !== vb.epoch) return va.epoch - vb.epoch;
  return compareFragment(va.upstream, vb.upstream) || compareFragment(va.revision, vb.revision);
}

// ---- Packages file parsing ----

/** Yields one object per stanza with only the fields we need. */
export function* parsePackagesFile(text) {
  const wanted = new Set(['Package', 'Source', 'Version', 'Installed-Size', 'Depends', 'Pre-Depends', 'Recommends', 'Provides', 'Essential', 'Priority', 'Architecture', 'Filename', 'Size']);
  for (const stanza of text.split(/\n\n+/)) {
    if (!stanza.trim()) continue;
    const fields = {};
    let current = null;
    for (const line of stanza.split('\n')) {
      if (line.startsWith(' ') || line.startsWith('\t')) {
        if (current) fields[current] += ' ' + line.trim();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const key = line.slice(0, colon);
      if (wanted.has(key)) {
        current = key;
        fields[key] = line.slice(colon + 1).trim();
      } else {
        current = null;
      }
    }
    if (fields.Package) yield fields;
  }
}

/**
 * "a (>= 1) | b:any, c" -> [["a","b"],["c"]]. Version constraints and
 * :any/:native qualifiers are dropped: the model only needs names.
 */
export function parseRelations(field) {
  if (!field) return [];
  return field
    .split(',')
    .map((group) =>
      group
        .split('|')
        .map((alt) => alt.trim().replace(/\s*\(.*?\)/g, '').replace(/\s*\[.*?\]/g, '').replace(/\s*<.*?>/g, '').replace(/:(any|native)$/, '').trim())
        .filter(Boolean),
    )
    .filter((g) => g.length > 0);
}

// ---- stale indexes: use what the mirror serves ----

/**
 * When an index stays stale after every retry (the mirror or a proxy serves a Packages.xz that no
 * longer matches the Release file), apt keeps nothing of that pocket. The served file is still a
 * real, older Debian index of the same pocket, better than no updates at all: download it as served
 * into `<WORK_ROOT>/stale-served/<suite>-<arch>/` and record its hash next to the Release's.
 * Returns { url: { file, servedSha256, packages } } for the URLs it could read.
 */
export function fetchStaleServed(suite, arch, urls) {
  const dir = path.join(WORK_ROOT, 'stale-served', `${suite}-${arch}`);
  fs.mkdirSync(dir, { recursive: true });
  const out = {};
  for (const url of urls) {
    const name = url.replace(/^https?:\/\//, '').replace(/\.xz$/, '').replace(/\//g, '_');
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) {
      const xz = spawnSync('curl', ['-sf', '-m', '300', url], { maxBuffer: 1 << 30 });
      if (xz.status !== 0 || !xz.stdout.length) {
        console.error(`stale index ${url}: download failed`);
        continue;
      }
      const text = spawnSync('xz', ['-dc'], { input: xz.stdout, maxBuffer: 1 << 30 });
      if (text.status !== 0) {
        console.error(`stale index ${url}: not an xz file`);
        continue;
      }
      fs.writeFileSync(file, text.stdout);
      fs.writeFileSync(`${file}.sha256`, createHash('sha256').update(xz.stdout).digest('hex'));
    }
    const body = fs.readFileSync(file, 'utf8');
    out[url] = { file, servedSha256: fs.readFileSync(`${file}.sha256`, 'utf8').trim(), packages: (body.match(/^Package: /gm) ?? []).length };
  }
  return out;
}

/** Packages files to parse for a suite/arch: apt's plain lists plus stale pockets as served (see fetchStaleServed). */
export function packagesFiles(suite, arch) {
  const dirs = aptRoot(suite, arch, 'plain');
  const files = listFiles(dirs.lists)
    .filter((x) => x.name.endsWith('_Packages'))
    .map((x) => path.join(dirs.lists, x.name));
  const staleDir = path.join(WORK_ROOT, 'stale-served', `${suite}-${arch}`);
  if (fs.existsSync(staleDir)) for (const n of fs.readdirSync(staleDir)) if (n.endsWith('_Packages')) files.push(path.join(staleDir, n));
  return files;
}
