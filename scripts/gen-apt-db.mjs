#!/usr/bin/env node
// Builds server/data/apt/ from Debian's real package indexes:
//   names.bin.br            package/virtual name table shared by all suites
//   <suite>.bin.br          per suite: per-arch package columns (sizes, flags, relations)
//   manifest.json           suites, arches, Release dates, counts, file sizes
//   measurements.json       (section "lists": size of /var/lib/apt/lists after apt-get update)
// Usage: node scripts/gen-apt-db.mjs [--no-fetch]
// --no-fetch reuses lists already downloaded under $APT_DB_WORK (default: $TMPDIR/dockerfile-size-hints-apt).
// Needs apt-get (Debian/Ubuntu host) and network access to deb.debian.org. No npm deps.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import {
  ARCHES,
  MIRROR,
  SECURITY_MIRROR,
  SUITES,
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

// ---- 2. parse: newest version per name across <suite>, -updates, -security ----
/** @type {Map<string, Map<string, {version:string, kib:number, flags:number, depends:string[][], preDepends:string[][], recommends:string[][], provides:string[]}>>} */
const bySuiteArch = new Map();
let dbgsymCount = 0;
for (const suite of SUITES) {
  for (const arch of ARCHES) {
    const packages = new Map();
    for (const file of packagesFiles(suite, arch)) {
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
        });
      }
    }
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
const names = [...allNames].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const nameId = new Map(names.map((n, i) => [n, i]));
const compress = (bytes) =>
  zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
{
  // Text so the loader can split it natively: header line, then one line per name:
  // char(32 + length of the prefix shared with the previous name) + rest of the name.
  const lines = [`APTN ${FORMAT_VERSION} ${names.length}`];
  let prev = '';
  for (const name of names) {
    let shared = 0;
    while (shared < prev.length && shared < name.length && prev[shared] === name[shared]) shared++;
    if (shared > 200 || /[^\x21-\x7e]/.test(name)) throw new Error(`unexpected package name ${JSON.stringify(name)}`);
    lines.push(String.fromCharCode(32 + shared) + name.slice(shared));
    prev = name;
  }
  fs.writeFileSync(path.join(outDir, 'names.bin.br'), compress(Buffer.from(lines.join('\n'), 'latin1')));
}

const manifest = {
  format: FORMAT_VERSION,
  generatedBy: 'node scripts/gen-apt-db.mjs',
  generatedAt: new Date().toISOString(),
  mirror: MIRROR,
  securityMirror: SECURITY_MIRROR,
  components: ['main'],
  sources: '<suite>, <suite>-updates (deb.debian.org/debian), <suite>-security (deb.debian.org/debian-security); newest version per package across the three',
  suites: {},
  names: names.length,
  droppedUnreferencedRustHaskellProvides: droppedProvides,
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
for (const suite of SUITES) {
  const perArch = ARCHES.map((arch) => bySuiteArch.get(`${suite}/${arch}`));
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
  w.varint(FORMAT_VERSION);
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
  // Reference arch for a package in arch a: the first earlier arch that has it.
  const refArch = (id, a) => {
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
  manifest.suites[suite] = {
    file,
    releaseDates: releaseDateBySuite[suite],
    packages: Object.fromEntries(ARCHES.map((arch, a) => [arch, perArch[a].size])),
    relationListsSharedWithEarlierArch: sharedRelations,
    relationListsStored: ownRelations,
  };
  console.error(`${suite}: ${union.length} packages in union, raw ${w.len} bytes, ${sharedRelations} relation lists shared across arches, ${ownRelations} stored`);
}

for (const f of ['names.bin.br', ...SUITES.map((s) => `${s}.bin.br`)]) {
  manifest.files[f] = fs.statSync(path.join(outDir, f)).size;
}
fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

// ---- 4. measurements: lists/ size ----
const measurementsPath = path.join(outDir, 'measurements.json');
const measurements = fs.existsSync(measurementsPath) ? JSON.parse(fs.readFileSync(measurementsPath, 'utf8')) : {};
measurements.lists = {
  what: 'Bytes in /var/lib/apt/lists after `apt-get update` with the official images\' source set (<suite>, <suite>-updates, <suite>-security; main). "image": with the official images\' apt.conf.d (docker-gzip-indexes: Acquire::GzipIndexes "true" -> Packages kept lz4-compressed; docker-no-languages: no Translation-*), which is what `RUN apt-get update` in FROM debian:<suite> adds. "plain": apt defaults (indexes uncompressed), still without Translation-*. InRelease files included; lock/partial/auxfiles excluded (empty).',
  source: `apt ${aptVersion()} on the generating host, ${MIRROR} + ${SECURITY_MIRROR}, fetched ${new Date().toISOString().slice(0, 10)} by scripts/gen-apt-db.mjs`,
  caveat: 'Measured with the host apt (bookworm, apt 2.6). trixie images ship apt 3.0, which is assumed to keep the same lz4 storage for GzipIndexes. Indexes listed in manifest.json staleIndexesUsedAsServed (stale on the mirror at fetch time) are not in these sums: use amd64 as the per-suite figure.',
  imageConfigSources: 'https://github.com/debuerreotype/debuerreotype/blob/master/scripts/debuerreotype-minimizing-config',
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
