#!/usr/bin/env node
// Measures, from real .deb files, what the size model adds on top of Installed-Size:
//   slim:  share of a package's bytes that dpkg path-exclude rules of debian:*-slim
//          (and Ubuntu's minimized images) never write to disk
//   pyc:   .pyc bytes that py3compile writes in postinst (not in Installed-Size), per .py byte
// Writes the "slim", "pyc" and "aptCache" sections of server/data/apt/measurements.json.
// Usage: node scripts/measure-apt.mjs   (after scripts/gen-apt-db.mjs has fetched the lists)
// Needs apt-get, dpkg-deb and Debian's python3 (/usr/bin/python3) on a bookworm host.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIRROR, aptEnv, aptRoot, listFiles } from './apt-common.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const measurementsPath = path.join(repoRoot, 'server', 'data', 'apt', 'measurements.json');
const SUITE = 'bookworm';
const ARCH = 'amd64';
const PYTHON = '/usr/bin/python3'; // bookworm's python3.11, the interpreter py3compile uses there

// Commonly installed packages (top of Dockerfile `apt-get install` lines, build-essential's closure).
const SLIM_SAMPLE = [
  'curl', 'libcurl4', 'git', 'git-man', 'python3', 'python3.11', 'python3.11-minimal', 'libpython3.11-stdlib',
  'libpython3.11-minimal', 'ca-certificates', 'openssl', 'libssl3', 'vim', 'vim-runtime', 'wget', 'gnupg', 'gpg',
  'openssh-client', 'less', 'procps', 'iproute2', 'tzdata', 'locales', 'unzip', 'zip', 'jq', 'make', 'gcc-12',
  'cpp-12', 'g++-12', 'libstdc++-12-dev', 'libgcc-12-dev', 'binutils', 'binutils-x86-64-linux-gnu', 'libc6-dev',
  'linux-libc-dev', 'dpkg-dev', 'perl', 'perl-modules-5.36', 'libperl5.36', 'patch', 'xz-utils', 'libgnutls30',
  'libkrb5-3', 'libsqlite3-0', 'libxml2', 'libicu72', 'postgresql-client-15', 'nginx-common', 'sudo', 'bash',
  'coreutils', 'nodejs', 'libnode108',
];

// python3-* packages for the .pyc ratio (pure-Python and ones with C extensions).
const PY_SAMPLE = [
  'python3-requests', 'python3-urllib3', 'python3-yaml', 'python3-six', 'python3-setuptools', 'python3-pip',
  'python3-pkg-resources', 'python3-wheel', 'python3-certifi', 'python3-idna', 'python3-chardet', 'python3-jinja2',
  'python3-markupsafe', 'python3-cryptography', 'python3-dateutil', 'python3-tz', 'python3-distutils',
  'python3-lib2to3', 'python3-numpy', 'python3-click', 'python3-attr', 'python3-cffi-backend', 'python3-debian',
  'python3-apt', 'python3-pygments', 'python3-docutils', 'python3-psycopg2', 'python3-lxml',
  'libpython3.11-stdlib', 'libpython3.11-minimal', 'python3.11-minimal', 'python3.11',
];

// debuerreotype's slimify rules (what debian:*-slim sets in /etc/dpkg/dpkg.cfg.d/docker).
const DEBIAN_SLIM = {
  source: 'https://github.com/debuerreotype/debuerreotype/blob/master/scripts/.slimify-excludes and .slimify-includes',
  exclude: ['/usr/share/doc/*', '/usr/share/info/*', '/usr/share/linda/*', '/usr/share/lintian/overrides/*', '/usr/share/locale/*', '/usr/share/man/*', '/usr/share/doc/kde/HTML/*/*', '/usr/share/gnome/help/*/*', '/usr/share/omf/*/*-*.emf'],
  include: ['/usr/share/doc/*/copyright', '/usr/share/doc/kde/HTML/C/*', '/usr/share/gnome/help/*/C/*', '/usr/share/locale/all_languages', '/usr/share/locale/currency/*', '/usr/share/locale/l10n/*', '/usr/share/locale/languages', '/usr/share/locale/locale.alias', '/usr/share/omf/*/*-C.emf'],
};
// Ubuntu's minimized base (ubuntu:*, Ubuntu Base tarballs): /etc/dpkg/dpkg.cfg.d/excludes, which
// livecd-rootfs writes when it minimizes the image and `unminimize` removes. Its text, as printed
// from ubuntu:24.04 (Ubuntu Base 24.04.3) in several public Dockerfiles and posts that `cat` it:
//   path-exclude=/usr/share/man/*
//   path-exclude=/usr/share/locale/*/LC_MESSAGES/*.mo
//   path-exclude=/usr/share/doc/*
//   path-include=/usr/share/doc/*/copyright
//   path-include=/usr/share/doc/*/changelog.*      (changelog.Debian.* in older releases)
// Unlike Debian's slim rules it keeps /usr/share/info, lintian and groff files and locale data
// other than .mo catalogues.
const UBUNTU_MINIMIZED = {
  source: 'ubuntu:24.04 /etc/dpkg/dpkg.cfg.d/excludes (written by livecd-rootfs when minimizing; removed by unminimize), text as printed from the image',
  exclude: ['/usr/share/man/*', '/usr/share/locale/*/LC_MESSAGES/*.mo', '/usr/share/doc/*'],
  include: ['/usr/share/doc/*/copyright', '/usr/share/doc/*/changelog.*'],
};

// dpkg matches path-exclude/include with fnmatch(3) without FNM_PATHNAME: '*' also matches '/'.
const globToRegex = (glob) => new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
function excludedBy(rules) {
  const ex = rules.exclude.map(globToRegex);
  const inc = rules.include.map(globToRegex);
  // dpkg: the last matching rule wins; includes here always come after the excludes they refine.
  return (p) => ex.some((r) => r.test(p)) && !inc.some((r) => r.test(p));
}

const dirs = aptRoot(SUITE, ARCH, 'plain');
if (!listFiles(dirs.lists).some((f) => f.name.endsWith('_Packages'))) throw new Error('run node scripts/gen-apt-db.mjs first (lists missing)');

function download(pkgs) {
  const missing = pkgs.filter((p) => !fs.readdirSync(dirs.downloads).some((f) => f.startsWith(`${p}_`)));
  if (missing.length) {
    const run = spawnSync('apt-get', ['download', ...missing], { cwd: dirs.downloads, env: aptEnv(dirs), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`apt-get download failed: ${run.stderr}`);
  }
  return Object.fromEntries(
    pkgs.map((p) => {
      const file = fs.readdirSync(dirs.downloads).find((f) => f.startsWith(`${p}_`) && f.endsWith('.deb'));
      if (!file) throw new Error(`no .deb for ${p}`);
      return [p, path.join(dirs.downloads, file)];
    }),
  );
}

/** Regular files of a .deb's data.tar: path (without leading '.') and size. */
function debFiles(deb) {
  const out = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const files = [];
  for (const line of out.split('\n')) {
    const m = /^(\S)\S*\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\.(\/.*?)(?: -> .*)?$/.exec(line);
    if (m && m[1] === '-') files.push({ path: m[3], bytes: Number(m[2]) });
  }
  return files;
}
const installedKiB = (deb) => Number(execFileSync('dpkg-deb', ['-f', deb, 'Installed-Size'], { encoding: 'utf8' }).trim());

// ---- slim share ----
const slimDebs = download(SLIM_SAMPLE);
const debianSlim = excludedBy(DEBIAN_SLIM);
const ubuntuMin = excludedBy(UBUNTU_MINIMIZED);
const perPackage = {};
let totalBytes = 0;
let debianExcluded = 0;
let ubuntuExcluded = 0;
for (const [name, deb] of Object.entries(slimDebs)) {
  const files = debFiles(deb);
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  const dEx = files.filter((f) => debianSlim(f.path)).reduce((s, f) => s + f.bytes, 0);
  const uEx = files.filter((f) => ubuntuMin(f.path)).reduce((s, f) => s + f.bytes, 0);
  totalBytes += bytes;
  debianExcluded += dEx;
  ubuntuExcluded += uEx;
  perPackage[name] = { fileBytes: bytes, installedKiB: installedKiB(deb), debianSlimExcludedShare: round(dEx / bytes), ubuntuMinimizedExcludedShare: round(uEx / bytes) };
}
const shares = Object.values(perPackage).map((p) => p.debianSlimExcludedShare).sort((a, b) => a - b);

// ---- pyc ratio ----
const pyDebs = download(PY_SAMPLE);
const pyPerPackage = {};
let pyBytesTotal = 0;
let pycBytesTotal = 0;
let pyPackagesInstalled = 0;
let pyPackagesPyBytes = 0;
const extractRoot = path.join(dirs.root, 'extract');
for (const [name, deb] of Object.entries(pyDebs)) {
  const dest = path.join(extractRoot, name);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('dpkg-deb', ['-x', deb, dest]);
  const pyFiles = debFiles(deb).filter((f) => f.path.endsWith('.py') && /\/usr\/lib\/python3/.test(f.path));
  const pyBytes = pyFiles.reduce((s, f) => s + f.bytes, 0);
  // What py3compile does: compileall, default optimization, into __pycache__.
  const listFile = path.join(dest, '.pyfiles');
  fs.writeFileSync(listFile, pyFiles.map((f) => path.join(dest, f.path)).join('\n'));
  spawnSync(PYTHON, ['-m', 'compileall', '-q', '-i', listFile], { encoding: 'utf8' });
  let pycBytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.pyc')) pycBytes += fs.statSync(p).size;
    }
  };
  walk(dest);
  const kib = installedKiB(deb);
  pyPerPackage[name] = { installedKiB: kib, pyFiles: pyFiles.length, pyBytes, pycBytes, pycPerPy: pyBytes ? round(pycBytes / pyBytes) : 0, pyShareOfInstalled: round(pyBytes / (kib * 1024)) };
  pyBytesTotal += pyBytes;
  pycBytesTotal += pycBytes;
  if (name.startsWith('python3-')) {
    pyPackagesInstalled += kib * 1024;
    pyPackagesPyBytes += pyBytes;
  }
  fs.rmSync(dest, { recursive: true, force: true });
}
const pythonVersion = execFileSync(PYTHON, ['--version'], { encoding: 'utf8' }).trim();

function round(x) {
  return Math.round(x * 10000) / 10000;
}

const today = new Date().toISOString().slice(0, 10);
const measurements = fs.existsSync(measurementsPath) ? JSON.parse(fs.readFileSync(measurementsPath, 'utf8')) : {};
measurements.slim = {
  what: 'Share of package bytes (regular files in data.tar) that dpkg path-exclude rules never write. Byte-weighted over the sample; apply to Installed-Size of packages installed on a -slim / minimized base.',
  source: `${SUITE}/${ARCH} .debs from ${MIRROR} (apt-get download), listed with dpkg-deb -c, ${today}, scripts/measure-apt.mjs`,
  debianSlimRules: DEBIAN_SLIM,
  ubuntuMinimizedRules: UBUNTU_MINIMIZED,
  sampleBytes: totalBytes,
  debianSlimExcludedShare: round(debianExcluded / totalBytes),
  ubuntuMinimizedExcludedShare: round(ubuntuExcluded / totalBytes),
  debianSlimExcludedShareMedianPackage: shares[Math.floor(shares.length / 2)],
  perPackage,
};
measurements.pyc = {
  what: 'py3compile (postinst of python3-* and python3.X packages) writes __pycache__/*.pyc, which Installed-Size does not count. pycPerPyByte = .pyc bytes / .py bytes after compileall at the default optimization level.',
  source: `${SUITE}/${ARCH} .debs from ${MIRROR}, extracted with dpkg-deb -x, compiled with ${PYTHON} -m compileall (${pythonVersion}), ${today}, scripts/measure-apt.mjs`,
  pycPerPyByte: round(pycBytesTotal / pyBytesTotal),
  estimateRule: 'pyc bytes added = pycPerPyByte * pyBytes, where pyBytes = pyShareOfInstalled * Installed-Size for packages named python3-* (pyBytes of libpython3.X-stdlib / -minimal and python3.X(-minimal) are in perPackage; use them for the matching version).',
  pyShareOfInstalled: round(pyPackagesPyBytes / pyPackagesInstalled),
  perPackage: pyPerPackage,
};
measurements.aptCache = {
  what: '/var/cache/apt after apt-get install in official images',
  bytes: 0,
  note: 'Official debian and ubuntu images ship /etc/apt/apt.conf.d/docker-clean: DPkg::Post-Invoke and APT::Update::Post-Invoke delete /var/cache/apt/archives/*.deb and /var/cache/apt/*.bin, and Dir::Cache::pkgcache/srcpkgcache are "" so no pkgcache.bin is written. Without that file (other bases), downloaded .debs stay in /var/cache/apt/archives unless `apt-get clean`/rm.',
  source: 'https://github.com/debuerreotype/debuerreotype/blob/master/scripts/debuerreotype-minimizing-config (docker-clean)',
};
fs.writeFileSync(measurementsPath, JSON.stringify(measurements, null, 2) + '\n');
console.error(`slim: debian ${measurements.slim.debianSlimExcludedShare}, ubuntu ${measurements.slim.ubuntuMinimizedExcludedShare}; pyc/py ${measurements.pyc.pycPerPyByte}, py share ${measurements.pyc.pyShareOfInstalled}`);
