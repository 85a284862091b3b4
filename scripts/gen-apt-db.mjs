#!/usr/bin/env node
// Builds server/data/apt/ from Debian's real package indexes:
//   names.bin.br            package/virtual name table shared by all suites
//   <suite>.bin.br          per suite: per-arch package columns (sizes, flags, relations)
//   manifest.json           suites, arches, Release dates, counts, file sizes
//   measurements.json       (section "lists": size of /var/lib/apt/lists after apt-get update)
// Usage: node scripts/gen-apt-db.mjs [--no-fetch] [--ubuntu [--components=a,b] [--releases=a,b] [--no-prune] [--fetch-only]]
// --no-fetch reuses lists already downloaded under $APT_DB_WORK (default: $TMPDIR/dockerfile-size-hints-apt).
// --ubuntu builds the Ubuntu suites instead (archive.ubuntu.com + security.ubuntu.com, amd64):
//   ubuntu-names.bin.br + <release>.bin.br, manifest.json "ubuntu", measurements.json "listsUbuntu";
//   the Debian files are left as they are (each distribution has its own name table).
// Needs apt-get (Debian/Ubuntu host) and network access to deb.debian.org (and archive/security.ubuntu.com). No npm deps.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  ARCHES as DEBIAN_ARCHES,
  MIRROR as DEBIAN_MIRROR,
  SECURITY_MIRROR as DEBIAN_SECURITY_MIRROR,
  SUITES as DEBIAN_SUITES,
  UBUNTU_ARCHES,
  UBUNTU_COMPONENTS,
  UBUNTU_MIRROR,
  UBUNTU_SECURITY_MIRROR,
  UBUNTU_SUITES,
  WORK_ROOT,
  aptRoot,
  aptUpdate,
  compareDebVersions,
  fetchStaleServed,
  listFiles,
  packagesFiles,
  parsePackagesFile,
  parseRelations,
  releaseDates,
} from './apt-common.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repoRoot, 'server', 'data', 'apt');
const fetch = !process.argv.includes('--no-fetch');
const ubuntu = process.argv.includes('--ubuntu');
const releasesArg = process.argv.find((a) => a.startsWith('--releases='))?.slice('--releases='.length).split(',');
const SUITES = ubuntu ? (releasesArg ?? UBUNTU_SUITES) : DEBIAN_SUITES;
const ARCHES = ubuntu ? UBUNTU_ARCHES : DEBIAN_ARCHES;
const MIRROR = ubuntu ? UBUNTU_MIRROR : DEBIAN_MIRROR;
const SECURITY_MIRROR = ubuntu ? UBUNTU_SECURITY_MIRROR : DEBIAN_SECURITY_MIRROR;
const NAMES_FILE = ubuntu ? 'ubuntu-names.bin.br' : 'names.bin.br';
const fetchOnly = process.argv.includes('--fetch-only');
// Components shipped per Ubuntu release (all four are fetched; see server/data/apt/README.md for the cut).
// --components=a,b overrides it for every release (to measure what a cut costs).
const componentsArg = process.argv.find((a) => a.startsWith('--components='))?.slice('--components='.length).split(',');
// universe costs ≈ 350 kB per release in the VSIX (main+restricted of all five: ≈ 220 kB), more than the 3 MiB
// budget leaves: main+restricted only for now. main's Depends and Recommends stay in main (Ubuntu's MIR rule),
// so every shipped closure is complete; universe/multiverse names fall back to the Debian stand-in (stated).
const UBUNTU_SHIPPED_COMPONENTS = {
  bionic: ['main', 'restricted'],
  focal: ['main', 'restricted'],
  jammy: ['main', 'restricted'],
  noble: ['main', 'restricted'],
  resolute: ['main', 'restricted'],
};
const componentsOf = (suite) => (ubuntu ? (componentsArg ?? UBUNTU_SHIPPED_COMPONENTS[suite] ?? UBUNTU_COMPONENTS) : ['main']);
// universe and multiverse in part: the packages the seed names (universe/multiverse names the repository's Dockerfile
// corpora install, scripts/data/ubuntu-universe-seeds.txt) reach through Depends, Pre-Depends, Recommends or a
// virtual name, for these releases. Every kept closure stays complete; other universe names keep the stand-in.
const UBUNTU_SEEDED_RELEASES = componentsArg ? [] : ['jammy', 'noble'];
const seedsFile = path.join(repoRoot, 'scripts', 'data', 'ubuntu-universe-seeds.txt');
const universeSeeds = ubuntu && fs.existsSync(seedsFile) ? fs.readFileSync(seedsFile, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean) : [];
const seededOf = (suite) => universeSeeds.length > 0 && UBUNTU_SEEDED_RELEASES.includes(suite);
/**
 * The names `roots` reach in `packages` through Depends, Pre-Depends, Recommends (every alternative) or a virtual name
 * (its providers), the roots included: what keeps each kept package's closure complete.
 */
function closureOf(packages, roots) {
  const providers = new Map();
  for (const [name, p] of packages) for (const v of p.provides) (providers.get(v) ?? providers.set(v, []).get(v)).push(name);
  const keep = new Set();
  const queue = [];
  const reach = (n) => {
    for (const m of [n, ...(providers.get(n) ?? [])]) if (packages.has(m) && !keep.has(m)) keep.add(m), queue.push(m);
  };
  for (const name of roots) reach(name);
  while (queue.length) {
    const p = packages.get(queue.pop());
    for (const g of [...p.depends, ...p.preDepends, ...p.recommends]) for (const alt of g) reach(alt);
  }
  return keep;
}
/** Keeps the shipped components' packages and the seed names' closures; returns how many seeded packages are kept. */
function keepSeeded(packages, shipped) {
  const keep = closureOf(packages, universeSeeds);
  let kept = 0;
  for (const [name, p] of [...packages]) {
    if (shipped.includes(p.component)) continue;
    if (keep.has(name)) kept++;
    else packages.delete(name);
  }
  return kept;
}
const seededPackages = {};
/** A lists/ file name's pocket and component: archive.ubuntu.com_ubuntu_dists_jammy-updates_universe_binary-amd64_Packages. */
const pocketOf = (file) => /_dists_([^_]+)_(.+)_binary-[^_]+_Packages$/.exec(path.basename(file));
const FORMAT_VERSION = 1;

// Priority rank stored in the low 3 bits of the flags byte; bit 3 = Essential: yes.
const PRIORITIES = ['required', 'important', 'standard', 'optional', 'extra'];
const ESSENTIAL_BIT = 8;

fs.mkdirSync(outDir, { recursive: true });

// ---- 1. fetch ----
// Which indexes could not be fetched (stale mirror) is kept next to the lists so --no-fetch runs still report it.
const fetchStatePath = path.join(WORK_ROOT, 'fetch-state.json');
const fetchState = fs.existsSync(fetchStatePath) ? JSON.parse(fs.readFileSync(fetchStatePath, 'utf8')) : {};
const listsMeasurement = {};
const releaseDateBySuite = {};
for (const suite of SUITES) {
  for (const arch of ARCHES) {
    for (const mode of ['plain', 'image']) {
      const dirs = aptRoot(suite, arch, mode);
      if (fetch) {
        console.error(`apt-get update ${suite} ${arch} (${mode})`);
        const { staleIndexes } = aptUpdate(dirs, `${suite}/${arch}/${mode}`);
        fetchState[`${suite}/${arch}/${mode}`] = { fetchedAt: new Date().toISOString(), staleIndexes };
        if (fetch && mode === 'plain') fs.rmSync(path.join(WORK_ROOT, 'stale-served', `${suite}-${arch}`), { recursive: true, force: true });
        fs.writeFileSync(fetchStatePath, JSON.stringify(fetchState, null, 2));
      }
      // Pockets still stale after every retry: parse them as the mirror serves them (older, not absent).
      const state = fetchState[`${suite}/${arch}/${mode}`];
      if (mode === 'plain' && state?.staleIndexes?.length) {
        state.staleServed = fetchStaleServed(suite, arch, state.staleIndexes);
        fs.writeFileSync(fetchStatePath, JSON.stringify(fetchState, null, 2));
      }
      const files = listFiles(dirs.lists);
      if (!files.some((f) => f.name.includes('_Packages'))) throw new Error(`no Packages index in ${dirs.lists}; run without --no-fetch`);
      listsMeasurement[suite] ??= {};
      listsMeasurement[suite][arch] ??= {};
      listsMeasurement[suite][arch][mode] = {
        bytes: files.reduce((s, f) => s + f.bytes, 0),
        files: Object.fromEntries(files.map((f) => [f.name, f.bytes])),
      };
      if (mode === 'plain' && arch === ARCHES[0]) releaseDateBySuite[suite] = releaseDates(dirs.lists);
    }
  }
}

if (fetchOnly) process.exit(0);

/**
 * Ubuntu's -updates/-security keep every kernel ABI ever released as its own package names
 * (linux-modules-5.15.0-91-generic, …-92-…: 52k of jammy's 122k names). Only the newest ABI of each
 * name pattern is kept: what the kernel meta packages (linux-generic, linux-headers-generic) depend
 * on. Older ABIs typed by name come out unknown. Returns how many names were dropped.
 */
function dropOlderKernelAbis(packages) {
  const abi = /^(linux-.*?)(\d+\.\d+\.\d+-\d+)(.*)$/;
  const newest = new Map();
  for (const name of packages.keys()) {
    const m = abi.exec(name);
    if (!m) continue;
    const key = `${m[1]}V${m[3]}`;
    const best = newest.get(key);
    if (!best || compareDebVersions(m[2], best) > 0) newest.set(key, m[2]);
  }
  let dropped = 0;
  for (const name of [...packages.keys()]) {
    const m = abi.exec(name);
    if (m && newest.get(`${m[1]}V${m[3]}`) !== m[2]) {
      packages.delete(name);
      dropped++;
    }
  }
  return dropped;
}
let droppedKernelAbis = 0;

/**
 * Universe's per-language library archives (Haskell, Go and Rust source libraries, R, Emacs Lisp, Common Lisp,
 * OCaml) and -doc/-dbg packages: build inputs or documentation that images rarely install by name. A package of
 * these families is dropped only when no kept package reaches it through Depends, Pre-Depends, Recommends or a
 * virtual name, so every kept package's closure stays complete. Returns how many names were dropped.
 */
const PRUNED_FAMILIES = /^(libghc-|ghc-|golang-|librust-|rust-.*-dev$|r-cran-|r-bioc-|r-other-|elpa-|cl-|lib.*-ocaml(-dev)?$|ocaml-)|-(doc|docs|dbg)$/;
function pruneFamilies(packages) {
  const keep = closureOf(packages, [...packages.keys()].filter((name) => !PRUNED_FAMILIES.test(name)));
  let dropped = 0;
  for (const name of [...packages.keys()]) if (!keep.has(name)) packages.delete(name), dropped++;
  return dropped;
}
let prunedFamilyPackages = 0;
const prune = ubuntu && !process.argv.includes('--no-prune');

// ---- 2. parse: newest version per name across <suite>, -updates, -security ----
/** @type {Map<string, Map<string, {version:string, kib:number, flags:number, depends:string[][], preDepends:string[][], recommends:string[][], provides:string[]}>>} */
const bySuiteArch = new Map();
let dbgsymCount = 0;
for (const suite of SUITES) {
  for (const arch of ARCHES) {
    const packages = new Map();
    for (const file of packagesFiles(suite, arch)) {
      const pocket = pocketOf(file);
      // -backports is NotAutomatic (apt installs from it only with -t); components outside the cut are left out.
      if (pocket && (pocket[1].endsWith('-backports') || (!componentsOf(suite).includes(pocket[2]) && !seededOf(suite)))) continue;
      const text = fs.readFileSync(file, 'utf8');
      for (const p of parsePackagesFile(text)) {
        if (p.Package.endsWith('-dbgsym')) dbgsymCount++;
        const prev = packages.get(p.Package);
        if (prev && compareDebVersions(prev.version, p.Version) >= 0) continue;
        const rank = PRIORITIES.indexOf(p.Priority ?? 'optional');
        packages.set(p.Package, {
          version: p.Version,
          kib: parseInt(p['Installed-Size'] ?? '0', 10) || 0,
          flags: (rank < 0 ? 3 : rank) | (p.Essential === 'yes' ? ESSENTIAL_BIT : 0),
          depends: parseRelations(p.Depends),
          preDepends: parseRelations(p['Pre-Depends']),
          recommends: parseRelations(p.Recommends),
          // Provides "foo (= 1.0)" -> "foo"
          provides: parseRelations(p.Provides).map((g) => g[0]),
          component: pocket?.[2] ?? 'main',
        });
      }
    }
    if (ubuntu && seededOf(suite)) seededPackages[suite] = keepSeeded(packages, componentsOf(suite));
    if (ubuntu) droppedKernelAbis += dropOlderKernelAbis(packages);
    if (ubuntu && prune) prunedFamilyPackages += pruneFamilies(packages);
    console.error(`${suite}/${arch}: ${packages.size} packages`);
    bySuiteArch.set(`${suite}/${arch}`, packages);
  }
}
// -dbgsym packages live in the separate debian-debug archive, not in main: nothing to filter.
if (dbgsymCount) console.error(`note: ${dbgsymCount} -dbgsym stanzas seen in main`);

// ---- 3. encode ----
class ByteWriter {
  constructor() {
    this.buf = Buffer.alloc(1 << 20);
    this.len = 0;
  }
  ensure(n) {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  byte(b) {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  varint(n) {
    if (!Number.isInteger(n) || n < 0) throw new Error(`varint out of range: ${n}`);
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.len++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.len++] = n;
  }
  zigzag(n) {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  ascii(s) {
    this.varint(s.length);
    this.ensure(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }
  bytes() {
    return this.buf.subarray(0, this.len);
  }
}

// Virtual names nothing depends on, from the Rust and Haskell per-feature/ABI-hash
// Provides (librust-foo+feature-dev, libghc-foo-dev-1.2-abcd0): ~62k names that only
// a Depends line would ever ask for. Dropping them halves the name table.
const realNames = new Set();
const referencedNames = new Set();
for (const packages of bySuiteArch.values()) {
  for (const [name, p] of packages) {
    realNames.add(name);
    for (const g of [...p.depends, ...p.preDepends, ...p.recommends]) for (const alt of g) referencedNames.add(alt);
  }
}
const keepProvided = (v) => realNames.has(v) || referencedNames.has(v) || !/^(librust|libghc)-/.test(v);
let droppedProvides = 0;
for (const packages of bySuiteArch.values()) {
  for (const p of packages.values()) {
    const kept = p.provides.filter(keepProvided);
    droppedProvides += p.provides.length - kept.length;
    p.provides = kept;
  }
}

// Name table: every real, provided or referenced name, sorted, front-coded.
const allNames = new Set([...realNames, ...referencedNames]);
for (const packages of bySuiteArch.values()) for (const p of packages.values()) for (const v of p.provides) allNames.add(v);
// Plain code-unit order: the loader binary-searches it with < (all names are ASCII).
const byCodeUnit = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const compress = (bytes) =>
  zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
// Ubuntu extends Debian's name table (most names are shared): ids 0..D-1 are names.bin's, D.. the
// Ubuntu-only names of ubuntu-names.bin (sorted among themselves). Its header names the Debian table it
// extends (count and sha256), so a regenerated Debian table without a regenerated Ubuntu one fails loudly.
const debianNamesBytes = ubuntu ? zlib.brotliDecompressSync(fs.readFileSync(path.join(outDir, 'names.bin.br'))) : undefined;
const baseNames = debianNamesBytes ? decodeNames(debianNamesBytes) : [];
const baseSet = new Set(baseNames);
const ownNames = [...allNames].filter((n) => !baseSet.has(n)).sort(byCodeUnit);
const names = [...baseNames, ...ownNames];
const nameId = new Map(names.map((n, i) => [n, i]));
{
  // Text so the loader can split it natively: header line, then one line per name:
  // char(32 + length of the prefix shared with the previous name) + rest of the name.
  const header = ubuntu
    ? `APTN 2 ${ownNames.length} ${baseNames.length} ${createHash('sha256').update(debianNamesBytes).digest('hex')}`
    : `APTN ${FORMAT_VERSION} ${ownNames.length}`;
  const lines = [header];
  let prev = '';
  for (const name of ownNames) {
    let shared = 0;
    while (shared < prev.length && shared < name.length && prev[shared] === name[shared]) shared++;
    if (shared > 200 || /[^\x21-\x7e]/.test(name)) throw new Error(`unexpected package name ${JSON.stringify(name)}`);
    lines.push(String.fromCharCode(32 + shared) + name.slice(shared));
    prev = name;
  }
  fs.writeFileSync(path.join(outDir, NAMES_FILE), compress(Buffer.from(lines.join('\n'), 'latin1')));
}

/** names.bin (decompressed) -> names, as the loader reads it. */
function decodeNames(bytes) {
  const lines = bytes.toString('latin1').split('\n');
  const out = [];
  let prev = '';
  for (const line of lines.slice(1)) {
    prev = prev.slice(0, line.charCodeAt(0) - 32) + line.slice(1);
    out.push(prev);
  }
  return out;
}

const manifest = {
  format: FORMAT_VERSION,
  generatedBy: 'node scripts/gen-apt-db.mjs',
  generatedAt: new Date().toISOString(),
  mirror: MIRROR,
  securityMirror: SECURITY_MIRROR,
  ...(ubuntu ? { componentsFetched: UBUNTU_COMPONENTS } : { components: ['main'] }),
  sources: ubuntu
    ? '<release>, <release>-updates (archive.ubuntu.com/ubuntu), <release>-security (security.ubuntu.com/ubuntu), amd64; newest version per package across the three; <release>-backports fetched (it is in the images\' sources) but not indexed (NotAutomatic); components per release in suites.<release>.components'
    : '<suite>, <suite>-updates (deb.debian.org/debian), <suite>-security (deb.debian.org/debian-security); newest version per package across the three',
  suites: {},
  names: ownNames.length,
  ...(ubuntu ? { namesExtend: `names.bin.br (${baseNames.length} Debian names; ids from ${baseNames.length} are Ubuntu-only names)` } : {}),
  droppedUnreferencedRustHaskellProvides: droppedProvides,
  ...(ubuntu ? { droppedOlderKernelAbiPackages: droppedKernelAbis } : {}),
  // Indexes the mirror served stale ("Mirror sync in progress": the served Packages.xz does not match the Release file) on every retry.
  // Used as served (an older state of that pocket): those suite/arch pairs lack the pocket's newest updates, not all of them.
  staleIndexesUsedAsServed: Object.fromEntries(
    Object.entries(fetchState)
      .filter(([k, v]) => k.endsWith('/plain') && v.staleIndexes.length)
      .map(([k, v]) => [k.replace(/\/plain$/, ''), v.staleIndexes.map((url) => ({ url, ...(v.staleServed?.[url] ? { servedSha256: v.staleServed[url].servedSha256, packages: v.staleServed[url].packages } : { missing: true }) }))]),
  ),
  files: {},
};

// Relation names are written as "hot rank" when among the HOT_NAMES most referenced
// names of the suite (libc6 -> 1 byte), else as HOT_NAMES + global id.
const HOT_NAMES = 1024;
const zigzag = (n) => (n >= 0 ? n * 2 : -n * 2 - 1);
// Debian: one file per suite, its arches as columns. Ubuntu (one arch): one file, ubuntu.bin.br,
// whose columns are the releases in release order; a package a release shares with the one before
// it (a binary copied forward unchanged: most of universe) costs a few zero bytes.
const encodedFiles = ubuntu
  ? [{ suite: 'ubuntu', columns: SUITES.map((s) => ({ label: s, packages: bySuiteArch.get(`${s}/${UBUNTU_ARCHES[0]}`) })) }]
  : SUITES.map((suite) => ({ suite, columns: ARCHES.map((arch) => ({ label: arch, packages: bySuiteArch.get(`${suite}/${arch}`) })) }));
// Format 2 (Ubuntu): a column's reference is the nearest earlier column that has the package, not the first.
const fileFormat = ubuntu ? 2 : FORMAT_VERSION;
for (const { suite, columns } of encodedFiles) {
  const perArch = columns.map((c) => c.packages);
  const ARCHES = columns.map((c) => c.label);
  const union = [...new Set(perArch.flatMap((m) => [...m.keys()]))].map((n) => nameId.get(n)).sort((a, b) => a - b);
  const referenceCount = new Map();
  for (const packages of perArch) {
    for (const p of packages.values()) {
      for (const g of [...p.depends, ...p.preDepends, ...p.recommends]) for (const alt of g) referenceCount.set(alt, (referenceCount.get(alt) ?? 0) + 1);
    }
  }
  const hot = [...referenceCount.keys()].sort((a, b) => referenceCount.get(b) - referenceCount.get(a) || (a < b ? -1 : 1)).slice(0, HOT_NAMES);
  const hotRank = new Map(hot.map((n, i) => [n, i]));
  const relationCode = (n) => (hotRank.has(n) ? hotRank.get(n) : HOT_NAMES + nameId.get(n));

  const w = new ByteWriter();
  w.ascii('APTS');
  w.varint(fileFormat);
  w.varint(ARCHES.length);
  for (const arch of ARCHES) w.ascii(arch);
  w.varint(hot.length);
  for (const n of hot) w.varint(nameId.get(n));
  w.varint(union.length);
  let prevId = 0;
  for (const id of union) {
    w.varint(id - prevId);
    prevId = id;
  }
  for (const id of union) {
    let mask = 0;
    perArch.forEach((m, a) => {
      if (m.has(names[id])) mask |= 1 << a;
    });
    w.byte(mask);
  }
  // Reference arch for a package in arch a: the first earlier arch that has it (format 2: the nearest earlier).
  const refArch = (id, a) => {
    if (fileFormat === 2) {
      for (let r = a - 1; r >= 0; r--) if (perArch[r].has(names[id])) return r;
      return -1;
    }
    for (let r = 0; r < a; r++) if (perArch[r].has(names[id])) return r;
    return -1;
  };
  // Columns, each arch after the other, packages in union order.
  // Installed-Size KiB: later arches as zigzag delta to the reference (0 for Architecture: all).
  perArch.forEach((packages, a) => {
    for (const id of union) {
      const p = packages.get(names[id]);
      if (!p) continue;
      const r = refArch(id, a);
      w.varint(r < 0 ? p.kib : zigzag(p.kib - perArch[r].get(names[id]).kib));
    }
  });
  // Flags: priority rank | essential bit; later arches xor the reference.
  perArch.forEach((packages, a) => {
    for (const id of union) {
      const p = packages.get(names[id]);
      if (!p) continue;
      const r = refArch(id, a);
      w.byte(r < 0 ? p.flags : p.flags ^ perArch[r].get(names[id]).flags);
    }
  });
  // Relations: 0 = same as the reference arch, else groups+1, then per alternative
  // varint(code*2 + (another alternative follows ? 1 : 0)).
  // Provides: 0 = same as reference, else count+1, then zigzag(id - own id)
  // (a package's provides sort close to its own name).
  let sharedRelations = 0;
  let ownRelations = 0;
  for (const field of ['depends', 'preDepends', 'recommends', 'provides']) {
    perArch.forEach((packages, a) => {
      for (const id of union) {
        const p = packages.get(names[id]);
        if (!p) continue;
        const r = refArch(id, a);
        const list = p[field];
        if (r >= 0 && JSON.stringify(perArch[r].get(names[id])[field]) === JSON.stringify(list)) {
          w.varint(0);
          sharedRelations++;
          continue;
        }
        ownRelations++;
        w.varint(list.length + 1);
        if (field === 'provides') {
          for (const v of list) w.varint(zigzag(nameId.get(v) - id));
        } else {
          for (const g of list) g.forEach((alt, j) => w.varint(relationCode(alt) * 2 + (j < g.length - 1 ? 1 : 0)));
        }
      }
    });
  }
  const file = `${suite}.bin.br`;
  fs.writeFileSync(path.join(outDir, file), compress(w.bytes()));
  if (ubuntu) {
    // One entry per release, all in the same file.
    ARCHES.forEach((release, a) => {
      manifest.suites[release] = { file, format: fileFormat, releaseDates: releaseDateBySuite[release], components: componentsOf(release), ...(seededPackages[release] ? { universeSeeded: { seeds: 'scripts/data/ubuntu-universe-seeds.txt', names: universeSeeds.length, packages: seededPackages[release] } } : {}), packages: { [UBUNTU_ARCHES[0]]: perArch[a].size } };
    });
    manifest.relationListsSharedWithEarlierRelease = sharedRelations;
    manifest.relationListsStored = ownRelations;
  } else {
    manifest.suites[suite] = {
      file,
      releaseDates: releaseDateBySuite[suite],
      packages: Object.fromEntries(ARCHES.map((arch, a) => [arch, perArch[a].size])),
      relationListsSharedWithEarlierArch: sharedRelations,
      relationListsStored: ownRelations,
    };
  }
  console.error(`${suite}: ${union.length} packages in union, raw ${w.len} bytes, ${sharedRelations} relation lists shared across arches, ${ownRelations} stored`);
}

for (const f of [NAMES_FILE, ...encodedFiles.map((e) => `${e.suite}.bin.br`)]) {
  manifest.files[f] = fs.statSync(path.join(outDir, f)).size;
}
{
  // Each distribution's run rewrites only its own part of the manifest.
  const manifestPath = path.join(outDir, 'manifest.json');
  const previous = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : {};
  const written = ubuntu ? { ...previous, ubuntu: manifest } : { ...manifest, ...(previous.ubuntu ? { ubuntu: previous.ubuntu } : {}) };
  fs.writeFileSync(manifestPath, JSON.stringify(written, null, 2) + '\n');
}

// ---- 4. measurements: lists/ size ----
const measurementsPath = path.join(outDir, 'measurements.json');
const measurements = fs.existsSync(measurementsPath) ? JSON.parse(fs.readFileSync(measurementsPath, 'utf8')) : {};
measurements[ubuntu ? 'listsUbuntu' : 'lists'] = {
  what: ubuntu
    ? 'Bytes in /var/lib/apt/lists after `apt-get update` with the official ubuntu:<release> images\' source set (<release>, -updates, -backports from archive.ubuntu.com, -security from security.ubuntu.com; main restricted universe multiverse; amd64). "image": with Acquire::GzipIndexes "true" and Acquire::Languages "none" (the docker-gzip-indexes and docker-no-languages files of the images; Packages kept lz4-compressed), which is what `RUN apt-get update` in FROM ubuntu:<release> adds. "plain": apt defaults (indexes uncompressed), still without Translation-*. InRelease files included; lock/partial/auxfiles excluded (empty).'
    : 'Bytes in /var/lib/apt/lists after `apt-get update` with the official images\' source set (<suite>, <suite>-updates, <suite>-security; main). "image": with the official images\' apt.conf.d (docker-gzip-indexes: Acquire::GzipIndexes "true" -> Packages kept lz4-compressed; docker-no-languages: no Translation-*), which is what `RUN apt-get update` in FROM debian:<suite> adds. "plain": apt defaults (indexes uncompressed), still without Translation-*. InRelease files included; lock/partial/auxfiles excluded (empty).',
  source: `apt ${aptVersion()} on the generating host, ${MIRROR} + ${SECURITY_MIRROR}, fetched ${new Date().toISOString().slice(0, 10)} by scripts/gen-apt-db.mjs`,
  caveat: ubuntu
    ? 'Measured with the host apt (Debian bookworm, apt 2.6); the images ship apt 1.6 (bionic) to 3.x (resolute), assumed to keep the same lz4 storage for GzipIndexes. The images\' apt.conf.d: docker-gzip-indexes and docker-no-languages were written by the ubuntu images\' own Dockerfile until 2020 (tianon/docker-brew-ubuntu-core) and are part of the rootfs since; not re-checked in a pulled image here (no registry reachable).'
    : 'Measured with the host apt (bookworm, apt 2.6). trixie images ship apt 3.0, which is assumed to keep the same lz4 storage for GzipIndexes. Indexes listed in manifest.json staleIndexesUsedAsServed (stale on the mirror at fetch time) are not in these sums: use amd64 as the per-suite figure.',
  imageConfigSources: ubuntu ? 'https://github.com/tianon/docker-brew-ubuntu-core (Dockerfile of the images until 2020)' : 'https://github.com/debuerreotype/debuerreotype/blob/master/scripts/debuerreotype-minimizing-config',
  bytes: Object.fromEntries(
    SUITES.map((suite) => [
      suite,
      Object.fromEntries(ARCHES.map((arch) => [arch, { image: listsMeasurement[suite][arch].image.bytes, plain: listsMeasurement[suite][arch].plain.bytes }])),
    ]),
  ),
  files: Object.fromEntries(SUITES.map((suite) => [suite, Object.fromEntries(ARCHES.map((arch) => [arch, listsMeasurement[suite][arch].image.files]))])),
  releaseDates: releaseDateBySuite,
};
fs.writeFileSync(measurementsPath, JSON.stringify(measurements, null, 2) + '\n');

function aptVersion() {
  try {
    const out = fs.readFileSync('/var/lib/dpkg/status', 'utf8');
    return /Package: apt\n(?:.+\n)*?Version: (.+)/.exec(out)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

console.error('wrote', Object.entries(manifest.files).map(([f, s]) => `${f} ${s}`).join(', '));
