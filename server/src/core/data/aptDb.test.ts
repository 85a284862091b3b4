import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { AptDatabase, type AptResolveRequest, aptBareName, aptNameExtensionTable, aptNameTable, decodeAptNameExtension, decodeAptNames, decodeAptSuite, loadAptMeasurements } from './aptDb';

const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.resolve(here, '../../../data/apt');
const db = AptDatabase.fromDirectory(dataDir);

function bookwormSlimPackages(): string[] {
  // The project's own copy (scripts/gen-base-images.mjs), so the test needs nothing outside the repo.
  const file = path.resolve(here, '../../../data/base-packages.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { images: Record<string, { packages: string[] }> };
  return data.images['debian:bookworm-slim']!.packages;
}

test('data files stay under 2 MB in total', () => {
  const total = fs.readdirSync(dataDir).reduce((sum, f) => sum + fs.statSync(path.join(dataDir, f)).size, 0);
  assert.ok(total < 2 * 1024 * 1024, `apt data is ${total} bytes`);
});

test('info() returns real index facts (bookworm amd64)', () => {
  const curl = db.info('bookworm', 'amd64', 'curl');
  assert.ok(curl);
  assert.ok(curl.depends.some((g) => g.includes('libcurl4')));
  assert.ok(curl.installedBytes > 100 * 1024 && curl.installedBytes < 5 * 1024 * 1024);
  const libcurl = db.info('bookworm', 'amd64', 'libcurl4');
  assert.ok(libcurl?.recommends.some((g) => g.includes('ca-certificates')));
  const mawk = db.info('bookworm', 'amd64', 'mawk');
  assert.ok(mawk?.provides.includes('awk'));
  assert.equal(mawk?.priority, 'required');
  assert.equal(db.info('bookworm', 'amd64', 'bash')?.essential, true);
  assert.equal(db.info('bookworm', 'amd64', 'awk'), undefined, 'awk is virtual');
  assert.equal(db.info('bookworm', 'amd64', 'no-such-package-xyz'), undefined);
});

test('curl with recommends pulls ca-certificates via libcurl4; without, it does not', () => {
  const withRec = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true });
  const noRec = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: false });
  const ca = withRec.packages.find((p) => p.name === 'ca-certificates');
  assert.ok(ca);
  assert.equal(ca.via, 'recommends');
  assert.equal(ca.requiredBy, 'libcurl4');
  assert.ok(!noRec.packages.some((p) => p.name === 'ca-certificates'));
  assert.equal(withRec.packages[0]?.name, 'curl');
  assert.equal(withRec.packages[0]?.via, 'requested');

  const withNames = new Set(withRec.packages.map((p) => p.name));
  for (const p of noRec.packages) assert.ok(withNames.has(p.name), `${p.name} missing with recommends`);
  assert.ok(noRec.bytes < withRec.bytes);
  assert.equal(noRec.recommendsBytes, 0);
  assert.equal(withRec.recommendsBytes, withRec.bytes - noRec.bytes);
  assert.equal(withRec.bytes, withRec.packages.reduce((s, p) => s + p.bytes, 0));
  assert.equal(new Set(withRec.packages.map((p) => p.name)).size, withRec.packages.length, 'no duplicates');
});

test('packages already in debian:bookworm-slim are not counted again', () => {
  const base = bookwormSlimPackages();
  assert.ok(base.includes('libc6'));
  const bare = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true });
  const onSlim = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true, installed: base });
  const baseSet = new Set(base);
  for (const p of onSlim.packages) assert.ok(!baseSet.has(p.name), `${p.name} is in the base image`);
  assert.ok(bare.packages.some((p) => p.name === 'libc6'));
  assert.ok(onSlim.bytes < bare.bytes);
  assert.ok(onSlim.packages.some((p) => p.name === 'libcurl4'));
  // Requesting something the base already has adds nothing.
  const again = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['bash', 'coreutils'], installRecommends: true, installed: base });
  assert.equal(again.bytes, 0);
  assert.deepEqual(again.unknown, []);
});

test('unknown names and apt spec syntax', () => {
  const r = db.resolve({
    suite: 'bookworm',
    arch: 'amd64',
    packages: ['no-such-package-xyz', 'git=1:2.39.5-0+deb12u1', 'jq:amd64', 'wget/bookworm'],
    installRecommends: false,
  });
  assert.deepEqual(r.unknown, ['no-such-package-xyz']);
  const requested = r.packages.filter((p) => p.via === 'requested').map((p) => p.name);
  assert.deepEqual(requested, ['git', 'jq', 'wget']);
  assert.equal(aptBareName('nginx=1.22*'), 'nginx');
  assert.equal(aptBareName('libssl3:arm64'), 'libssl3');
  assert.equal(aptBareName('curl/bookworm-backports'), 'curl');
});

test('arch-specific packages differ between amd64, arm64 and armhf', () => {
  assert.ok(db.has('bookworm', 'amd64', 'grub-pc'));
  assert.ok(!db.has('bookworm', 'arm64', 'grub-pc'));
  const closure = (arch: 'amd64' | 'arm64' | 'armhf') =>
    new Set(db.resolve({ suite: 'bookworm', arch, packages: ['build-essential'], installRecommends: false }).packages.map((p) => p.name));
  assert.ok(closure('amd64').has('binutils-x86-64-linux-gnu'));
  assert.ok(closure('arm64').has('binutils-aarch64-linux-gnu'));
  assert.ok(closure('armhf').has('binutils-arm-linux-gnueabihf'));
  assert.ok(!closure('arm64').has('binutils-x86-64-linux-gnu'));
  // Architecture: all packages carry the same size on every arch.
  // (tzdata on armhf is not compared: its updates pockets were parsed as the mirror served them, older; see manifest.json staleIndexesUsedAsServed.)
  assert.equal(db.info('bookworm', 'arm64', 'tzdata')!.installedBytes, db.info('bookworm', 'amd64', 'tzdata')!.installedBytes);
  const fonts = db.info('bookworm', 'amd64', 'fonts-dejavu-core')!.installedBytes;
  assert.equal(db.info('bookworm', 'armhf', 'fonts-dejavu-core')!.installedBytes, fonts);
  // Architecture: any packages usually differ.
  assert.notEqual(db.info('bookworm', 'arm64', 'libc6')!.installedBytes, db.info('bookworm', 'amd64', 'libc6')!.installedBytes);
});

test('virtual packages resolve to a provider', () => {
  const awk = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['awk'], installRecommends: false });
  assert.deepEqual(awk.virtualChoices, [{ name: 'awk', chosen: 'mawk' }]);
  assert.equal(awk.packages[0]?.name, 'mawk');
  // An installed provider wins.
  const withGawk = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['awk'], installRecommends: false, installed: ['gawk'] });
  assert.equal(withGawk.bytes, 0);
  const mta = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['mail-transport-agent'], installRecommends: false });
  const chosen = mta.virtualChoices[0]?.chosen;
  assert.ok(chosen && db.providers('bookworm', 'amd64', 'mail-transport-agent').includes(chosen));
  assert.deepEqual(mta.unknown, []);
});

test('trixie differs from bookworm', () => {
  assert.ok(db.has('bookworm', 'amd64', 'libssl3'));
  assert.ok(db.has('trixie', 'amd64', 'libssl3t64'));
  assert.ok(!db.has('bookworm', 'amd64', 'libssl3t64'));
  const r = db.resolve({ suite: 'trixie', arch: 'arm64', packages: ['curl'], installRecommends: false });
  assert.ok(r.packages.some((p) => p.name === 'libcurl4t64'));
});

test('cycles terminate and each package appears once', () => {
  // libc6 <-> libgcc-s1 depend on each other.
  const r = db.resolve({ suite: 'bookworm', arch: 'amd64', packages: ['libc6', 'libgcc-s1', 'libc6'], installRecommends: true });
  const names = r.packages.map((p) => p.name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('libgcc-s1'));
});

test('resolve is fast once loaded', () => {
  const req: AptResolveRequest = { suite: 'bookworm', arch: 'amd64', packages: ['build-essential', 'python3-pip', 'git'], installRecommends: true };
  db.resolve(req);
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    const r = db.resolve(req);
    times.push(performance.now() - t0);
    assert.ok(r.packages.length > 200);
  }
  times.sort((a, b) => a - b);
  // Typically ~1 ms; generous bound for a busy CI machine.
  assert.ok(times[3]! < 50, `median resolve ${times[3]} ms`);
});

test('corrupt data is rejected', () => {
  assert.throws(() => decodeAptNames(new TextEncoder().encode('nope')), /name table/);
  const suite = new Uint8Array(zlib.brotliDecompressSync(fs.readFileSync(path.join(dataDir, 'bookworm.bin.br'))));
  assert.throws(() => decodeAptSuite(suite.subarray(0, suite.length - 100), 200000));
});

test('measurements load with sources', () => {
  const m = loadAptMeasurements(dataDir);
  for (const suite of ['bookworm', 'trixie'] as const) {
    assert.ok(m.listsBytes[suite] > 5e6 && m.listsBytes[suite] < 60e6);
    assert.ok(m.listsBytesUncompressed[suite] > m.listsBytes[suite]);
  }
  assert.ok(m.slimExcludedShare > 0.01 && m.slimExcludedShare < 0.5);
  assert.ok(m.pyc.pycPerPyByte > 0.5 && m.pyc.pycPerPyByte < 3);
  assert.ok((m.pyc.pyBytesByPackage['libpython3.11-stdlib'] ?? 0) > 1e6);
  assert.match(m.source, /scripts\/measure-apt\.mjs/);
  assert.match(db.source, /deb\.debian\.org/);
});

test('knowsAll() and unknownOf() say what resolve() says about unknown packages, for every release (names from every corpus, virtual, odd specs)', () => {
  // The oracle: resolve's own `unknown`. Names: what the corpora install, the slim base's packages, virtual names,
  // specs with versions, releases, arches and the +/- suffixes, and names no index has.
  const root = path.resolve(here, '../../../..');
  const words = new Set<string>(['', '-', '+', 'curl', 'curl-', 'curl+', 'CURL', 'curl=8.0', 'curl/bookworm', 'curl:amd64', 'g++', 'libstdc++6', 'libc-dev', 'mail-transport-agent', 'awk', 'java-runtime', 'pkg-1', 'no-such-package']);
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/Dockerfile|\.dockerfile$/.test(e.name)) for (const m of fs.readFileSync(p, 'utf8').matchAll(/install\s+((?:[-\w.+=:/]+\s*)+)/g)) for (const w of m[1]!.split(/\s+/)) words.add(w);
    }
  };
  for (const d of ['examples', 'test/fixtures/official', 'test/builds/corpus', 'bench/rules']) walk(path.join(root, d));
  for (const p of bookwormSlimPackages()) words.add(p);
  const names = [...words];
  assert.ok(names.length > 500, `${names.length} names`);
  let known = 0;
  for (const suite of ['bookworm', 'trixie', 'bionic', 'focal', 'jammy', 'noble', 'resolute'] as const) {
    if (!db.hasIndex(suite, 'amd64')) continue;
    for (let i = 0; i < names.length; i++) {
      // One name, and a few names together (one unknown makes the whole request unknown).
      for (const packages of [[names[i]!], names.slice(i, i + 3)]) {
        const unknown = db.resolve({ suite, arch: 'amd64', packages, installRecommends: false }).unknown;
        const resolved = unknown.length === 0;
        assert.equal(db.knowsAll(suite, 'amd64', packages), resolved, `${suite}: ${packages.join(' ')}`);
        assert.deepEqual(db.unknownOf(suite, 'amd64', packages), unknown, `${suite}: ${packages.join(' ')}`);
        if (resolved) known++;
      }
    }
  }
  assert.ok(known > 1000, `${known} known requests compared`);
});

/** The name table decoder before it read lines in place (split('\n') first): the reference the new one must equal. */
function splitDecodeNames(bytes: Uint8Array): string[] {
  const lines = new TextDecoder('latin1').decode(bytes).split('\n');
  const header = /^APTN (\d+) (\d+)$/.exec(lines[0] ?? '');
  if (!header) throw new Error('apt db: not a name table');
  const count = Number(header[2]);
  if (lines.length !== count + 1) throw new Error('apt db: truncated name table');
  const names = new Array<string>(count);
  let prev = '';
  for (let i = 0; i < count; i++) {
    const line = lines[i + 1]!;
    const shared = line.charCodeAt(0) - 32;
    prev = shared === 0 ? line.slice(1) : prev.slice(0, shared) + line.slice(1);
    names[i] = prev;
  }
  return names;
}

test('name tables decode as the split-lines decoder did: the shipped table and odd ones', () => {
  const shipped = new Uint8Array(zlib.brotliDecompressSync(fs.readFileSync(path.join(dataDir, 'names.bin.br'))));
  const names = decodeAptNames(shipped);
  assert.ok(names.length > 100_000);
  assert.deepEqual(names, splitDecodeNames(shipped));
  const enc = (s: string) => new TextEncoder().encode(s);
  for (const text of ['APTN 1 0', 'APTN 1 0\n', 'APTN 1 1\n a', 'APTN 1 2\n abc\n#d', 'APTN 1 3\n abc\n\n"x', 'APTN 1 2\n a\n b\n', 'APTN 1 2\n a', 'APTN 1 1\n', 'APTN 1 2\n\n', 'APTN 1 9999999999\n a']) {
    let expected: unknown;
    let actual: unknown;
    try {
      expected = splitDecodeNames(enc(text));
    } catch (e) {
      expected = (e as Error).message;
    }
    try {
      actual = decodeAptNames(enc(text));
    } catch (e) {
      actual = (e as Error).message;
    }
    assert.deepEqual(actual, expected, JSON.stringify(text));
  }
});

test('name tables read on demand give decodeAptNames\' names, in any order: Debian\'s, Ubuntu\'s own and odd ones', () => {
  const read = (f: string) => new Uint8Array(zlib.brotliDecompressSync(fs.readFileSync(path.join(dataDir, f))));
  const debianBytes = read('names.bin.br');
  const eager = decodeAptNames(debianBytes);
  const lazy = aptNameTable(debianBytes);
  assert.equal(lazy.length, eager.length);
  // Backwards first (each name made from its mark), then every one in order.
  for (let i = eager.length - 1; i >= 0; i -= 7) assert.equal(lazy.at(i), eager[i], `id ${i}`);
  assert.deepEqual(Array.from({ length: lazy.length }, (_, i) => lazy.at(i)), eager);
  assert.equal(lazy.at(-1), undefined);
  assert.equal(lazy.at(eager.length), undefined);
  const ubuntuBytes = read('ubuntu-names.bin.br');
  const ubuntuEager = decodeAptNameExtension(ubuntuBytes, eager, debianBytes);
  const ubuntuLazy = aptNameExtensionTable(ubuntuBytes, lazy, debianBytes);
  assert.ok(ubuntuEager.length > 1000);
  assert.deepEqual(Array.from({ length: ubuntuLazy.length }, (_, i) => ubuntuLazy.at(i)), ubuntuEager);
  const enc = (s: string) => new TextEncoder().encode(s);
  const odd = ['APTN 1 0', 'APTN 1 0\n', 'APTN 1 1\n a', 'APTN 1 2\n abc\n#d', 'APTN 1 3\n abc\n\n"x', 'APTN 1 2\n a\n b\n', 'APTN 1 2\n a', 'APTN 1 1\n', 'APTN 1 2\n\n',
    'APTN 1 9999999999\n a', 'APTN 1 4\n abcdef\n\tgh\n\x01ij\n~kl', `APTN 1 40\n${Array.from({ length: 40 }, (_, i) => `${String.fromCharCode(32 + (i % 5))}n${i}`).join('\n')}`, `APTN 1 2\n ${'x'.repeat(20000)}\n#y`];
  for (const text of odd) {
    const outcome = (f: () => unknown) => {
      try {
        return f();
      } catch (e) {
        return (e as Error).message;
      }
    };
    const expected = outcome(() => decodeAptNames(enc(text)));
    const actual = outcome(() => {
      const t = aptNameTable(enc(text));
      return Array.from({ length: t.length }, (_, i) => t.at(i));
    });
    assert.deepEqual(actual, expected, JSON.stringify(text.slice(0, 60)));
  }
});

test('resolve() reuses its scratch state without carrying marks from one call to the next', () => {
  // A fresh database per answer is the reference; one database answers them all in turn, growing its list of
  // marked ids past its first size (the build-essential closure with recommends on a slim base's 90 names).
  const requests: AptResolveRequest[] = [
    { suite: 'bookworm', arch: 'amd64', packages: ['build-essential', 'python3-dev', 'git', 'vim', 'gnupg'], installRecommends: true, installed: bookwormSlimPackages() },
    { suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true },
    { suite: 'bookworm', arch: 'amd64', packages: ['gcc', 'git'], installRecommends: false, installed: ['libc6', 'perl-base'] },
    { suite: 'bookworm', arch: 'amd64', packages: ['build-essential', 'python3-dev', 'git', 'vim', 'gnupg'], installRecommends: true, installed: bookwormSlimPackages() },
    { suite: 'bookworm', arch: 'amd64', packages: ['curl'], installRecommends: true },
  ];
  const shared = AptDatabase.fromDirectory(dataDir);
  const first = requests[0]!;
  assert.ok([...(first.installed ?? [])].length + shared.resolve(first).packages.length > 256, 'the first answer marks more ids than the list first holds');
  for (const req of requests) assert.deepEqual(shared.resolve(req), AptDatabase.fromDirectory(dataDir).resolve(req));
});
