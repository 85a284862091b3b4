// Debian package database + apt-like resolver: "how many bytes does
// `apt-get install X Y` add on debian:<suite> for <arch>?".
// Data: server/data/apt/ (made by scripts/gen-apt-db.mjs; format in its README.md).
// Pure: decoding works on bytes; only fromDirectory/loadAptMeasurements touch fs.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';

export type DebianAptSuite = 'bookworm' | 'trixie';
export type UbuntuAptSuite = 'bionic' | 'focal' | 'jammy' | 'noble' | 'resolute';
export type AptSuite = DebianAptSuite | UbuntuAptSuite;
export type AptArch = 'amd64' | 'arm64' | 'armhf';
/** The Debian suites (one file each, three arches). */
export const APT_SUITES: readonly DebianAptSuite[] = ['bookworm', 'trixie'];
/** The Ubuntu releases in ubuntu.bin (amd64 only: archive.ubuntu.com; the other arches are on ports.ubuntu.com). */
export const UBUNTU_APT_SUITES: readonly UbuntuAptSuite[] = ['bionic', 'focal', 'jammy', 'noble', 'resolute'];
export const isUbuntuAptSuite = (s: string | undefined): s is UbuntuAptSuite => UBUNTU_APT_SUITES.includes(s as UbuntuAptSuite);
export const APT_ARCHES: readonly AptArch[] = ['amd64', 'arm64', 'armhf'];

export type AptPriority = 'required' | 'important' | 'standard' | 'optional' | 'extra';
const PRIORITIES: readonly AptPriority[] = ['required', 'important', 'standard', 'optional', 'extra'];
const ESSENTIAL_BIT = 8;
const FORMAT_VERSION = 1;

export interface AptPackageInfo {
  name: string;
  installedBytes: number;
  depends: string[][];
  preDepends: string[][];
  recommends: string[][];
  provides: string[];
  priority: AptPriority;
  essential: boolean;
}

export interface AptResolveRequest {
  suite: AptSuite;
  arch: AptArch;
  /** As typed: `name`, `name=version`, `name:arch`, `name/suite` (qualifiers are stripped). */
  packages: string[];
  installRecommends: boolean;
  /** Already in the base image or earlier layers: not counted again, and they satisfy dependencies. */
  installed?: Iterable<string>;
}

export interface AptResolvedPackage {
  name: string;
  bytes: number;
  via: 'requested' | 'depends' | 'recommends';
  requiredBy?: string;
}

export interface AptResolveResult {
  /** The closure that would be newly installed, in the order apt would mark it. */
  packages: AptResolvedPackage[];
  /** Sum of Installed-Size (KiB*1024) of `packages`. */
  bytes: number;
  /** Bytes present only because of Recommends (what --no-install-recommends saves); 0 when installRecommends=false. */
  recommendsBytes: number;
  /** Requested names that are neither a package nor a provided virtual name. */
  unknown: string[];
  /** Virtual names that had to be mapped to a provider. */
  virtualChoices: { name: string; chosen: string }[];
}

// ---- byte decoding ----


class ByteReader {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('apt db: unexpected end of data');
    return this.bytes[this.pos++]!;
  }
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
  }
  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }
  ascii(): string {
    const len = this.varint();
    if (this.pos + len > this.bytes.length) throw new Error('apt db: unexpected end of data');
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(this.bytes[this.pos + i]!);
    this.pos += len;
    return s;
  }
}

/** Decodes names.bin (already decompressed): the sorted name table shared by all suites. */
export function decodeAptNames(bytes: Uint8Array): string[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const header = /^APTN (\d+) (\d+)$/.exec(firstLine(text));
  if (!header) throw new Error('apt db: not a name table');
  if (Number(header[1]) !== FORMAT_VERSION) throw new Error(`apt db: name table format ${header[1]}, expected ${FORMAT_VERSION}`);
  return decodeNameLines(text, Number(header[2]));
}

const firstLine = (text: string) => {
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
};

/**
 * Decodes ubuntu-names.bin (already decompressed): the Ubuntu-only names, sorted, that extend the Debian
 * table `base` (ids base.length…). Throws when it was made against another Debian table.
 */
export function decodeAptNameExtension(bytes: Uint8Array, base: readonly string[], baseBytes: Uint8Array): string[] {
  const text = new TextDecoder('latin1').decode(bytes);
  const header = /^APTN 2 (\d+) (\d+) ([0-9a-f]{64})$/.exec(firstLine(text));
  if (!header) throw new Error('apt db: not a name table extension');
  if (Number(header[2]) !== base.length || createHash('sha256').update(baseBytes).digest('hex') !== header[3])
    throw new Error('apt db: ubuntu-names.bin was made for another names.bin (run scripts/gen-apt-db.mjs --ubuntu again)');
  return decodeNameLines(text, Number(header[1]));
}

/**
 * The names of a table's text: after the header line, exactly `count` lines (no trailing newline), each a prefix
 * length (+32) shared with the name before it and the rest. Read in place: splitting the text first made 100,000
 * line strings to throw away, a fifth of a small Dockerfile's CLI run.
 */
function decodeNameLines(text: string, count: number): string[] {
  // Lines after the header = newlines in the text (as split('\n') counted them).
  let newlines = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) newlines++;
  if (newlines !== count) throw new Error('apt db: truncated name table');
  const names = new Array<string>(count);
  let prev = '';
  let pos = text.indexOf('\n') + 1;
  for (let i = 0; i < count; i++) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    // An empty line: charCodeAt(0) of '' is NaN, and so is its shared length.
    const shared = pos < end ? text.charCodeAt(pos) - 32 : NaN;
    prev = shared === 0 ? text.slice(pos + 1, end) : prev.slice(0, shared) + text.slice(pos + 1, end);
    names[i] = prev;
    pos = end + 1;
  }
  return names;
}

/** A name table by id: names.bin's (AptNameTable), or Debian's followed by Ubuntu's own. */
export interface AptNames {
  readonly length: number;
  at(id: number): string | undefined;
}

/** Names between two materialised ones (each other id's name is made from the one before it on first use). */
const NAME_MARK_EVERY = 32;

/**
 * A name table read on demand: what decodeNameLines returns, name for name, without making 100,000 strings of which
 * an analysis reads a few hundred. One pass finds where each line starts and materialises every 32nd name (from a
 * buffer of character codes, with String.slice's rules for odd prefix lengths); any other name is made from the
 * mark before it by the same steps as decodeNameLines, and kept.
 */
export class AptNameTable implements AptNames {
  readonly length: number;
  private readonly starts: Int32Array;
  private readonly marks: string[] = [];
  private readonly made: (string | undefined)[];

  constructor(private readonly text: string, count: number) {
    let newlines = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) newlines++;
    if (newlines !== count) throw new Error('apt db: truncated name table');
    this.length = count;
    this.made = new Array<string | undefined>(count);
    const starts = (this.starts = new Int32Array(count + 1));
    let codes = new Uint16Array(256);
    let len = 0;
    let pos = text.indexOf('\n') + 1;
    for (let i = 0; i < count; i++) {
      starts[i] = pos;
      let end = text.indexOf('\n', pos);
      if (end < 0) end = text.length;
      const shared = pos < end ? text.charCodeAt(pos) - 32 : NaN;
      // prev.slice(0, shared): NaN and 0 keep nothing, a negative length counts from the end, a long one keeps all.
      len = shared === 0 || Number.isNaN(shared) ? 0 : shared < 0 ? Math.max(0, len + shared) : Math.min(shared, len);
      const rest = end - pos - 1;
      if (rest > 0 && len + rest > codes.length) {
        const grown = new Uint16Array(2 * (len + rest));
        grown.set(codes.subarray(0, len));
        codes = grown;
      }
      for (let k = pos + 1; k < end; k++) codes[len++] = text.charCodeAt(k);
      if (i % NAME_MARK_EVERY === 0) this.marks.push(fromCodes(codes, len));
      pos = end + 1;
    }
    starts[count] = pos;
  }

  at(id: number): string | undefined {
    if (!(id >= 0 && id < this.length)) return undefined;
    let name = this.made[id];
    if (name !== undefined) return name;
    const mark = id - (id % NAME_MARK_EVERY);
    name = this.marks[mark / NAME_MARK_EVERY]!;
    const text = this.text;
    for (let j = mark + 1; j <= id; j++) {
      const pos = this.starts[j]!;
      const end = Math.min(this.starts[j + 1]! - 1, text.length);
      const shared = pos < end ? text.charCodeAt(pos) - 32 : NaN;
      name = shared === 0 ? text.slice(pos + 1, end) : name.slice(0, shared) + text.slice(pos + 1, end);
    }
    this.made[id] = name;
    return name;
  }
}

function fromCodes(codes: Uint16Array, len: number): string {
  let s = '';
  for (let k = 0; k < len; k += 8192) s += String.fromCharCode.apply(null, codes.subarray(k, Math.min(len, k + 8192)) as unknown as number[]);
  return s;
}

/** names.bin (already decompressed) as a table read on demand (decodeAptNames' names). */
export function aptNameTable(bytes: Uint8Array): AptNameTable {
  const text = new TextDecoder('latin1').decode(bytes);
  const header = /^APTN (\d+) (\d+)$/.exec(firstLine(text));
  if (!header) throw new Error('apt db: not a name table');
  if (Number(header[1]) !== FORMAT_VERSION) throw new Error(`apt db: name table format ${header[1]}, expected ${FORMAT_VERSION}`);
  return new AptNameTable(text, Number(header[2]));
}

/** ubuntu-names.bin (already decompressed) as a table read on demand (decodeAptNameExtension's names). */
export function aptNameExtensionTable(bytes: Uint8Array, base: AptNames, baseBytes: Uint8Array): AptNameTable {
  const text = new TextDecoder('latin1').decode(bytes);
  const header = /^APTN 2 (\d+) (\d+) ([0-9a-f]{64})$/.exec(firstLine(text));
  if (!header) throw new Error('apt db: not a name table extension');
  if (Number(header[2]) !== base.length || createHash('sha256').update(baseBytes).digest('hex') !== header[3])
    throw new Error('apt db: ubuntu-names.bin was made for another names.bin (run scripts/gen-apt-db.mjs --ubuntu again)');
  return new AptNameTable(text, Number(header[1]));
}

/** Debian's names (ids 0…) followed by Ubuntu's own (ids debian.length…). */
class JoinedNames implements AptNames {
  readonly length: number;
  constructor(private readonly first: AptNames, private readonly second: AptNames) {
    this.length = first.length + second.length;
  }
  at(id: number): string | undefined {
    return id < this.first.length ? this.first.at(id) : this.second.at(id - this.first.length);
  }
}

/** Index of `name` in the sorted table, or -1. */
function findName(names: AptNames, name: string): number {
  let lo = 0;
  let hi = names.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = names.at(mid)!;
    if (v === name) return mid;
    if (v < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * One suite/arch, indexed by global name id. Relations live in a pool shared by the
 * suite's arches: [groups, (alts, id...)...] for depends/preDepends/recommends,
 * [count, id...] for provides; -1 = none.
 */
interface ArchTable {
  kib: Int32Array; // -1 = no such package
  flags: Uint8Array;
  depends: Int32Array;
  preDepends: Int32Array;
  recommends: Int32Array;
  provides: Int32Array;
  pool: Int32Array;
  /** virtual/real name id -> ids of packages that Provide it (built on first use). */
  providers?: Map<number, number[]>;
  /** How many Depends/Pre-Depends/Recommends alternatives name each id (built on first use). */
  referenceCounts?: Int32Array;
}

/** The arches (ubuntu.bin: releases) of <suite>.bin (already decompressed), in the file's order. */
export function aptSuiteColumns(bytes: Uint8Array): string[] {
  const header = new ByteReader(bytes);
  if (header.ascii() !== 'APTS') throw new Error('apt db: not a suite file');
  header.varint();
  const arches: string[] = [];
  for (let n = header.varint(); n > 0; n--) arches.push(header.ascii());
  return arches;
}

/**
 * Decodes <suite>.bin (already decompressed) into one table per arch. With `wanted`, only the tables up to that
 * arch are made (an arch's values are stored against earlier arches' only): the rest of the file is read past,
 * and checked as before. A file's three arches took a third of a small Dockerfile's CLI run; one is used.
 */
export function decodeAptSuite(bytes: Uint8Array, nameCount: number, wanted?: string): Map<string, ArchTable> {
  // Hot loop over ~2 MB of varints: plain locals, no per-value method calls.
  const buf = bytes;
  const end = buf.length;
  let pos = 0;
  const varint = (): number => {
    let b = buf[pos++]!;
    if (b < 0x80) return b;
    let result = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      if (pos >= end) throw new Error('apt db: unexpected end of data');
      b = buf[pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 0x80;
    }
  };
  const unzigzag = (v: number): number => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);
  const header = new ByteReader(buf);
  if (header.ascii() !== 'APTS') throw new Error('apt db: not a suite file');
  const version = header.varint();
  // Format 2 (ubuntu.bin, whose columns are releases): a column repeats the nearest earlier column that has the package.
  if (version !== FORMAT_VERSION && version !== 2) throw new Error(`apt db: suite format ${version}, expected ${FORMAT_VERSION} or 2`);
  const arches: string[] = [];
  for (let n = header.varint(); n > 0; n--) arches.push(header.ascii());
  pos = header.pos;
  const archCount = arches.length;
  // Arches [0, made) get tables; the values of the others are read past.
  const made = wanted === undefined || !arches.includes(wanted) ? archCount : arches.indexOf(wanted) + 1;
  const hotCount = varint();
  const hot = new Int32Array(hotCount);
  for (let i = 0; i < hotCount; i++) hot[i] = varint();
  const unionCount = varint();
  const union = new Int32Array(unionCount);
  let id = 0;
  for (let i = 0; i < unionCount; i++) union[i] = id += varint();
  const masks = buf.subarray(pos, pos + unionCount);
  pos += unionCount;
  if (pos > end) throw new Error('apt db: unexpected end of data');
  // refs[a * unionCount + i]: the earlier arch whose values arch a repeats, or -1.
  const refs = new Int8Array(archCount * unionCount).fill(-1);
  for (let a = 1; a < made; a++) {
    for (let i = 0; i < unionCount; i++) {
      if (version === 2) {
        for (let r = a - 1; r >= 0; r--) {
          if (masks[i]! & (1 << r)) {
            refs[a * unionCount + i] = r;
            break;
          }
        }
        continue;
      }
      for (let r = 0; r < a; r++) {
        if (masks[i]! & (1 << r)) {
          refs[a * unionCount + i] = r;
          break;
        }
      }
    }
  }
  const newColumn = () => new Int32Array(nameCount).fill(-1);
  const madeArches = arches.slice(0, made);
  const kib = madeArches.map(newColumn);
  const flags = madeArches.map(() => new Uint8Array(nameCount));
  // How many packages each arch not made has: one kib varint and one flags byte each.
  const skippedCounts: number[] = [];
  for (let a = made; a < archCount; a++) {
    const bit = 1 << a;
    let n = 0;
    for (let i = 0; i < unionCount; i++) if (masks[i]! & bit) n++;
    skippedCounts[a] = n;
  }
  for (let a = 0; a < archCount; a++) {
    if (a >= made) {
      for (let n = skippedCounts[a]!; n > 0; n--) varint();
      continue;
    }
    const column = kib[a]!;
    const bit = 1 << a;
    for (let i = 0; i < unionCount; i++) {
      if (!(masks[i]! & bit)) continue;
      const ref = refs[a * unionCount + i]!;
      const p = union[i]!;
      column[p] = ref < 0 ? varint() : kib[ref]![p]! + unzigzag(varint());
    }
  }
  for (let a = 0; a < archCount; a++) {
    if (a >= made) {
      pos += skippedCounts[a]!;
      continue;
    }
    const column = flags[a]!;
    const bit = 1 << a;
    for (let i = 0; i < unionCount; i++) {
      if (!(masks[i]! & bit)) continue;
      const ref = refs[a * unionCount + i]!;
      const p = union[i]!;
      column[p] = ref < 0 ? buf[pos++]! : flags[ref]![p]! ^ buf[pos++]!;
    }
  }
  // Relation pool; every stored value needs at most one slot per remaining byte plus
  // one group-count slot per alternative, so 2x the remaining bytes is an upper bound.
  const pool = new Int32Array(2 * (end - pos) + 16);
  let poolLen = 0;
  const relationColumns = [madeArches.map(newColumn), madeArches.map(newColumn), madeArches.map(newColumn)];
  for (const columns of relationColumns) {
    for (let a = 0; a < archCount; a++) {
      if (a >= made) {
        // head 0: as an earlier arch; else head - 1 groups, each alternatives up to one with the low bit clear.
        for (let n = skippedCounts[a]!; n > 0; n--) {
          const head = varint();
          for (let g = head - 1; g > 0; g--) while ((varint() & 1) === 1);
        }
        continue;
      }
      const column = columns[a]!;
      const bit = 1 << a;
      for (let i = 0; i < unionCount; i++) {
        if (!(masks[i]! & bit)) continue;
        const p = union[i]!;
        const head = varint();
        if (head === 0) {
          column[p] = columns[refs[a * unionCount + i]!]![p]!;
          continue;
        }
        const groups = head - 1;
        if (groups === 0) continue;
        column[p] = poolLen;
        pool[poolLen++] = groups;
        for (let g = 0; g < groups; g++) {
          const groupStart = poolLen++;
          let alts = 0;
          let more = true;
          while (more) {
            const v = varint();
            more = (v & 1) === 1;
            const code = (v - (v & 1)) / 2;
            pool[poolLen++] = code < hotCount ? hot[code]! : code - hotCount;
            alts++;
          }
          pool[groupStart] = alts;
        }
      }
    }
  }
  const provides = madeArches.map(newColumn);
  for (let a = 0; a < archCount; a++) {
    if (a >= made) {
      for (let n = skippedCounts[a]!; n > 0; n--) for (let k = varint() - 1; k > 0; k--) varint();
      continue;
    }
    const column = provides[a]!;
    const bit = 1 << a;
    for (let i = 0; i < unionCount; i++) {
      if (!(masks[i]! & bit)) continue;
      const p = union[i]!;
      const head = varint();
      if (head === 0) {
        column[p] = provides[refs[a * unionCount + i]!]![p]!;
        continue;
      }
      const count = head - 1;
      if (count === 0) continue;
      column[p] = poolLen;
      pool[poolLen++] = count;
      for (let k = 0; k < count; k++) pool[poolLen++] = p + unzigzag(varint());
    }
  }
  if (pos !== end) throw new Error(`apt db: ${end - pos} trailing bytes in suite file`);
  const shared = pool.slice(0, poolLen);
  return new Map(
    madeArches.map((arch, a) => [
      arch,
      {
        kib: kib[a]!,
        flags: flags[a]!,
        depends: relationColumns[0]![a]!,
        preDepends: relationColumns[1]![a]!,
        recommends: relationColumns[2]![a]!,
        provides: provides[a]!,
        pool: shared,
      },
    ]),
  );
}

// ---- package name parsing ----

/** A package spec without its `=version`, `/suite` and `:arch`, keeping a trailing '+' (`g++`, `libstdc++`). */
export function aptExactName(spec: string): string {
  return spec.trim().toLowerCase().replace(/=.*$/, '').replace(/\/.*$/, '').replace(/:[a-z0-9-]+$/, '');
}

/** `nginx=1.22*` / `libssl3:arm64` / `curl/bookworm-backports` / `pkg+` -> bare name. */
export function aptBareName(spec: string): string {
  let name = spec.trim();
  name = name.replace(/=.*$/, '').replace(/\/.*$/, '').replace(/:[a-z0-9-]+$/, '');
  // apt-get install accepts a trailing '+' (install) on a name; '-' means remove, which callers filter out.
  if (name.endsWith('+')) name = name.slice(0, -1);
  return name.toLowerCase();
}

// ---- the database ----

/** Ubuntu's part of the data: ubuntu-names.bin (names Debian's table lacks) and ubuntu.bin (one column per release). */
export interface UbuntuAptData {
  readNames: () => Uint8Array;
  readReleases: () => Uint8Array;
  source: string;
  /** Components each release's index holds (manifest.json); a release not listed holds all four. */
  components?: Record<string, string[]>;
  /** Releases whose index also holds part of universe/multiverse: the closures of this many seed names. */
  universeSeeds?: Record<string, number>;
}

const UBUNTU_COMPONENTS = ['main', 'restricted', 'universe', 'multiverse'];

export class AptDatabase {
  private names: AptNames | undefined;
  private namesBytes: Uint8Array | undefined;
  /** Debian's names followed by the Ubuntu-only ones; `ubuntuSplit` = where they start. */
  private ubuntuNames: AptNames | undefined;
  private ubuntuSplit = 0;
  private ubuntuExtra: AptNames = { length: 0, at: () => undefined };
  private readonly suites = new Map<AptSuite, Map<string, ArchTable>>();

  /**
   * @param readNames returns decompressed names.bin
   * @param readSuite returns decompressed <suite>.bin
   * @param source one line saying where the data came from
   * @param ubuntu the Ubuntu releases, when the data has them
   */
  constructor(
    private readonly readNames: () => Uint8Array,
    private readonly readSuite: (suite: AptSuite) => Uint8Array,
    readonly source: string,
    private readonly ubuntu?: UbuntuAptData,
  ) {}

  /** Reads server/data/apt lazily: nothing is read until a suite is first used. */
  static fromDirectory(dir: string): AptDatabase {
    const brotli = (file: string) => new Uint8Array(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, file))));
    let source = `Debian package indexes (data dir ${dir})`;
    let ubuntuSource = `Ubuntu package indexes (data dir ${dir})`;
    let manifest: AptManifest | undefined;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as AptManifest;
      source = aptSourceLine(manifest);
      if (manifest.ubuntu) ubuntuSource = aptSourceLine(manifest.ubuntu, 'Ubuntu');
    } catch {
      // manifest is documentation; the binary files are what matter
    }
    const ubuntu = fs.existsSync(path.join(dir, 'ubuntu.bin.br'))
      ? {
          readNames: () => brotli('ubuntu-names.bin.br'),
          readReleases: () => brotli('ubuntu.bin.br'),
          source: ubuntuSource,
          components: Object.fromEntries(Object.entries(manifest?.ubuntu?.suites ?? {}).flatMap(([r, v]) => (v.components ? [[r, v.components]] : []))),
          universeSeeds: Object.fromEntries(Object.entries(manifest?.ubuntu?.suites ?? {}).flatMap(([r, v]) => (v.universeSeeded ? [[r, v.universeSeeded.names]] : []))),
        }
      : undefined;
    return new AptDatabase(() => brotli('names.bin.br'), (suite) => brotli(`${suite}.bin.br`), source, ubuntu);
  }

  /** Where the data of `suite` came from (Debian's or Ubuntu's archive). */
  sourceOf(suite: AptSuite): string {
    return isUbuntuAptSuite(suite) ? (this.ubuntu?.source ?? this.source) : this.source;
  }

  /** The Ubuntu components the data leaves out of `suite`'s index (left out for size), [] when it has all. */
  ubuntuComponentsLeftOut(suite: AptSuite): string[] {
    const held = this.ubuntu?.components?.[suite];
    const left = held ? UBUNTU_COMPONENTS.filter((c) => !held.includes(c)) : [];
    const seeds = this.ubuntu?.universeSeeds?.[suite];
    // Part of universe/multiverse is there: what the seed names (scripts/data/ubuntu-universe-seeds.txt) need.
    return seeds && left.length ? [`${left.join(' and ')}, apart from what ${seeds} commonly installed names need,`] : left;
  }

  /** True when the data has an index for suite/arch (Ubuntu: amd64 only). */
  hasIndex(suite: AptSuite, arch: AptArch): boolean {
    if (isUbuntuAptSuite(suite)) {
      if (!this.ubuntu) return false;
      try {
        return this.table(suite, arch) !== undefined;
      } catch {
        return false;
      }
    }
    return APT_SUITES.includes(suite);
  }

  private debianNames(): AptNames {
    if (!this.names) {
      this.namesBytes = this.readNames();
      this.names = aptNameTable(this.namesBytes);
    }
    return this.names;
  }

  private nameTable(suite: AptSuite): AptNames {
    const debian = this.debianNames();
    if (!isUbuntuAptSuite(suite)) return debian;
    if (!this.ubuntuNames) {
      if (!this.ubuntu) throw new Error(`apt db: no Ubuntu data for ${suite}`);
      const extra = aptNameExtensionTable(this.ubuntu.readNames(), debian, this.namesBytes!);
      this.ubuntuSplit = debian.length;
      this.ubuntuExtra = extra;
      this.ubuntuNames = new JoinedNames(debian, extra);
    }
    return this.ubuntuNames;
  }

  /** Id of a name in suite's table, or -1 (Ubuntu's table is two sorted runs: Debian's names, then its own). */
  private idOf(suite: AptSuite, name: string): number {
    const names = this.nameTable(suite);
    if (!isUbuntuAptSuite(suite)) return findName(names, name);
    const shared = findName(this.debianNames(), name);
    if (shared >= 0) return shared;
    const own = findName(this.ubuntuExtra, name);
    return own < 0 ? -1 : this.ubuntuSplit + own;
  }

  /**
   * idOf(aptBareName(name)), remembered: every install of a file passes the stage's whole installed set again.
   * One memo per name table (an Ubuntu-only name has an id in Ubuntu's table, none in Debian's).
   */
  private installedId(suite: AptSuite, name: string, ubuntu = isUbuntuAptSuite(suite)): number {
    const memo = ubuntu ? this.ubuntuInstalledIds : this.installedIds;
    let id = memo.get(name);
    if (id === undefined) {
      // `g++` is a name, not `g+` with apt's install suffix: the name as written first, as resolve() does.
      id = this.idOf(suite, aptExactName(name));
      if (id < 0) id = this.idOf(suite, aptBareName(name));
      // Names come from Dockerfiles too: a bounded memo, not a store.
      if (memo.size >= 100_000) memo.clear();
      memo.set(name, id);
    }
    return id;
  }

  private readonly installedIds = new Map<string, number>();
  private readonly ubuntuInstalledIds = new Map<string, number>();

  private table(suite: AptSuite, arch: AptArch): ArchTable {
    const t = this.suites.get(suite)?.get(arch) ?? this.decodeTable(suite, arch);
    if (!t) throw new Error(`apt db: no ${arch} data for ${suite}`);
    return t;
  }

  /**
   * Decodes the table of suite/arch, and those the file stores before it (an arch's values are stored against
   * earlier ones), from its file: decompressed once, kept until every arch (ubuntu.bin: release) is decoded.
   */
  private decodeTable(suite: AptSuite, arch: AptArch): ArchTable | undefined {
    const ubuntu = isUbuntuAptSuite(suite);
    if (ubuntu && !this.ubuntu) throw new Error(`apt db: no Ubuntu data for ${suite}`);
    if (!ubuntu && !APT_SUITES.includes(suite)) throw new Error(`apt db: unknown suite ${suite}`);
    // ubuntu.bin holds every release as a column (amd64 only); a Debian suite's file its arches.
    const file = ubuntu ? 'ubuntu' : suite;
    const column = ubuntu ? suite : arch;
    let source = this.suiteFiles.get(file);
    if (!source) {
      const bytes = ubuntu ? this.ubuntu!.readReleases() : this.readSuite(suite);
      this.suiteFiles.set(file, (source = { bytes, pending: new Set(aptSuiteColumns(bytes)) }));
    }
    if ((ubuntu && arch !== 'amd64') || !source.bytes || !source.pending.has(column)) return undefined;
    const decoded = decodeAptSuite(source.bytes, this.nameTable(suite).length, column);
    for (const [c, t] of decoded) {
      if (!source.pending.delete(c)) continue;
      const key = (ubuntu ? c : suite) as AptSuite;
      let tables = this.suites.get(key);
      if (!tables) this.suites.set(key, (tables = new Map()));
      tables.set(ubuntu ? 'amd64' : c, t);
    }
    if (!source.pending.size) source.bytes = undefined;
    return this.suites.get(suite)?.get(arch);
  }

  private readonly suiteFiles = new Map<string, { bytes: Uint8Array | undefined; pending: Set<string> }>();

  private providersOf(t: ArchTable, id: number): number[] | undefined {
    if (!t.providers) {
      const map = new Map<number, number[]>();
      for (let p = 0; p < t.provides.length; p++) {
        const at = t.provides[p]!;
        if (at < 0) continue;
        const count = t.pool[at]!;
        for (let k = 1; k <= count; k++) {
          const v = t.pool[at + k]!;
          const list = map.get(v);
          if (list) list.push(p);
          else map.set(v, [p]);
        }
      }
      t.providers = map;
    }
    return t.providers.get(id);
  }

  private referenceCount(t: ArchTable, id: number): number {
    if (!t.referenceCounts) {
      const counts = new Int32Array(t.kib.length);
      for (const column of [t.depends, t.preDepends, t.recommends]) {
        for (let p = 0; p < column.length; p++) {
          const at = column[p]!;
          if (at < 0) continue;
          let pos = at + 1;
          for (let g = t.pool[at]!; g > 0; g--) {
            const alts = t.pool[pos++]!;
            for (let k = 0; k < alts; k++) counts[t.pool[pos++]!]!++;
          }
        }
      }
      t.referenceCounts = counts;
    }
    return t.referenceCounts[id]!;
  }

  /** True if `name` is a real package in suite/arch (not merely a virtual name). */
  has(suite: AptSuite, arch: AptArch, name: string): boolean {
    const id = this.idOf(suite, name);
    return id >= 0 && this.table(suite, arch).kib[id]! >= 0;
  }

  /** Real packages that Provide `name` (for virtual names like `awk`). */
  providers(suite: AptSuite, arch: AptArch, name: string): string[] {
    const names = this.nameTable(suite);
    const id = this.idOf(suite, name);
    if (id < 0) return [];
    return (this.providersOf(this.table(suite, arch), id) ?? []).map((p) => names.at(p)!);
  }

  info(suite: AptSuite, arch: AptArch, name: string): AptPackageInfo | undefined {
    const names = this.nameTable(suite);
    const id = this.idOf(suite, name);
    if (id < 0) return undefined;
    const t = this.table(suite, arch);
    if (t.kib[id]! < 0) return undefined;
    const relations = (at: number): string[][] => {
      if (at < 0) return [];
      const groups: string[][] = [];
      let pos = at + 1;
      for (let g = t.pool[at]!; g > 0; g--) {
        const alts = t.pool[pos++]!;
        groups.push(Array.from(t.pool.subarray(pos, pos + alts), (n) => names.at(n)!));
        pos += alts;
      }
      return groups;
    };
    const providesAt = t.provides[id]!;
    const flags = t.flags[id]!;
    return {
      name,
      installedBytes: t.kib[id]! * 1024,
      depends: relations(t.depends[id]!),
      preDepends: relations(t.preDepends[id]!),
      recommends: relations(t.recommends[id]!),
      provides: providesAt < 0 ? [] : Array.from(t.pool.subarray(providesAt + 1, providesAt + 1 + t.pool[providesAt]!), (n) => names.at(n)!),
      priority: PRIORITIES[flags & 7] ?? 'optional',
      essential: (flags & ESSENTIAL_BIT) !== 0,
    };
  }

  /**
   * apt-like closure. Depends + Pre-Depends always; Recommends of every package in
   * the closure (recursively) when installRecommends. For `a | b` the first
   * alternative that is installable wins, unless some alternative is already
   * installed/marked. A virtual name maps to an installed/marked provider if any,
   * else to the provider with the best Priority (required > ... > extra), then the
   * one other packages name most often in their relations (exim4-daemon-light for
   * mail-transport-agent), then by name — a stand-in for apt's provider ordering.
   */
  resolve(req: AptResolveRequest): AptResolveResult {
    const names = this.nameTable(req.suite);
    const t = this.table(req.suite, req.arch);
    // 0 = not marked, 1 = installed before, 2 = marked by this request. One zeroed array per table,
    // reset after each call (a fresh one each time was 100 kB of garbage per apt-get install).
    let scratch = this.scratch.get(t);
    if (!scratch || !scratch.clean) this.scratch.set(t, (scratch = { state: new Uint8Array(t.kib.length), clean: true, written: new Int32Array(256) }));
    scratch.clean = false;
    const state = scratch.state;
    // The ids set in `state`, to reset: kept with it and reused (a new list per install was most of its garbage).
    const kept = scratch;
    let written = kept.written;
    let writtenCount = 0;
    const remember = (id: number) => {
      if (writtenCount === written.length) {
        const grown = new Int32Array(2 * written.length);
        grown.set(written);
        written = kept.written = grown;
      }
      written[writtenCount++] = id;
    };
    // The stage's whole installed set comes with every install: the suite's memo is picked once, not per name.
    const ubuntu = isUbuntuAptSuite(req.suite);
    const memo = ubuntu ? this.ubuntuInstalledIds : this.installedIds;
    for (const name of req.installed ?? []) {
      const id = memo.get(name) ?? this.installedId(req.suite, name, ubuntu);
      if (id >= 0) {
        state[id] = 1;
        remember(id);
      }
    }
    const result: AptResolveResult = { packages: [], bytes: 0, recommendsBytes: 0, unknown: [], virtualChoices: [] };
    const isPresent = (id: number) => state[id] !== 0;

    const satisfiedBy = (id: number): boolean => {
      if (t.kib[id]! >= 0 && isPresent(id)) return true;
      const provs = this.providersOf(t, id);
      return provs !== undefined && provs.some(isPresent);
    };
    const pickProvider = (id: number): number => {
      const provs = this.providersOf(t, id);
      if (!provs || provs.length === 0) return -1;
      let best = -1;
      for (const p of provs) {
        if (isPresent(p)) return p;
        if (best < 0) {
          best = p;
          continue;
        }
        const rank = t.flags[p]! & 7;
        const bestRank = t.flags[best]! & 7;
        if (rank !== bestRank) {
          if (rank < bestRank) best = p;
          continue;
        }
        const refs = this.referenceCount(t, p);
        const bestRefs = this.referenceCount(t, best);
        if (refs > bestRefs || (refs === bestRefs && names.at(p)! < names.at(best)!)) best = p;
      }
      return best;
    };
    /** Real package to install for a name, or -1. */
    const choose = (id: number, record: boolean): number => {
      if (t.kib[id]! >= 0) return id;
      const p = pickProvider(id);
      if (p >= 0 && record) result.virtualChoices.push({ name: names.at(id)!, chosen: names.at(p)! });
      return p;
    };

    // Queue of marked packages whose relations still need processing.
    const queue: number[] = [];
    let queueHead = 0;
    const mark = (id: number, via: AptResolvedPackage['via'], requiredBy: number, fromRecommends: boolean) => {
      state[id] = 2;
      remember(id);
      const bytes = t.kib[id]! * 1024;
      const entry: AptResolvedPackage = { name: names.at(id)!, bytes, via };
      if (requiredBy >= 0) entry.requiredBy = names.at(requiredBy)!;
      result.packages.push(entry);
      result.bytes += bytes;
      if (fromRecommends) result.recommendsBytes += bytes;
      queue.push(id);
    };
    const satisfyGroup = (pos: number, via: 'depends' | 'recommends', parent: number, fromRecommends: boolean): number => {
      const alts = t.pool[pos]!;
      const first = pos + 1;
      const end = first + alts;
      let already = false;
      for (let k = first; k < end && !already; k++) already = satisfiedBy(t.pool[k]!);
      if (!already) {
        for (let k = first; k < end; k++) {
          const chosen = choose(t.pool[k]!, false);
          if (chosen < 0) continue;
          if (t.kib[t.pool[k]!]! < 0) result.virtualChoices.push({ name: names.at(t.pool[k]!)!, chosen: names.at(chosen)! });
          mark(chosen, via, parent, fromRecommends);
          break;
        }
      }
      return end;
    };
    const processRelations = (at: number, via: 'depends' | 'recommends', parent: number, fromRecommends: boolean) => {
      if (at < 0) return;
      let pos = at + 1;
      for (let g = t.pool[at]!; g > 0; g--) pos = satisfyGroup(pos, via, parent, fromRecommends);
    };
    /** Marks dependencies (and, in phase 2, recommends) of everything queued. */
    const drain = (withRecommends: boolean, fromRecommends: boolean) => {
      while (queueHead < queue.length) {
        const id = queue[queueHead++]!;
        processRelations(t.preDepends[id]!, 'depends', id, fromRecommends);
        processRelations(t.depends[id]!, 'depends', id, fromRecommends);
        if (withRecommends) processRelations(t.recommends[id]!, 'recommends', id, fromRecommends);
      }
    };

    for (const spec of req.packages) {
      // `g++`, `libstdc++6`: a real name ending in '+' wins over apt's `pkg+` (install) suffix.
      const exact = aptExactName(spec);
      const bare = this.idOf(req.suite, exact) >= 0 ? exact : aptBareName(spec);
      if (!bare || spec.trim().endsWith('-')) continue; // `pkg-` asks apt to remove
      const id = this.idOf(req.suite, bare);
      const chosen = id < 0 ? -1 : choose(id, true);
      if (chosen < 0) {
        result.unknown.push(spec);
        continue;
      }
      if (state[chosen] === 0) mark(chosen, 'requested', -1, false);
    }
    // Phase 1: what --no-install-recommends would install.
    drain(false, false);
    if (req.installRecommends) {
      // Phase 2: recommends of the whole closure (and recommends of recommends);
      // everything marked here is there only because of Recommends.
      for (const p of result.packages.slice()) queue.push(this.idOf(req.suite, p.name));
      drain(true, true);
    }
    for (let k = 0; k < writtenCount; k++) state[written[k]!] = 0;
    scratch.clean = true;
    return result;
  }

  private readonly scratch = new WeakMap<ArchTable, { state: Uint8Array; clean: boolean; written: Int32Array }>();

  /**
   * Whether resolve({ suite, arch, packages }) finds every package (its `unknown` is empty), by the same steps
   * without resolving: a name no release has (`pkg-1`) is unknown before any table is read, so asking every
   * release about it (apt-no-install-recommends' stand-in) decodes none of them. Whether a name resolves does not
   * depend on what is installed or marked: a real package, or a virtual one with a provider.
   */
  knowsAll(suite: AptSuite, arch: AptArch, packages: string[]): boolean {
    return this.unknownOf(suite, arch, packages, true).length === 0;
  }

  /**
   * resolve({ suite, arch, packages }).unknown by the same steps without resolving (see knowsAll): the stand-in's
   * "which release knows most of them" asked every release and decoded each one's tables for a name none has.
   */
  unknownOf(suite: AptSuite, arch: AptArch, packages: string[], firstOnly = false): string[] {
    let t: ArchTable | undefined;
    const unknown: string[] = [];
    for (const spec of packages) {
      const exact = aptExactName(spec);
      const bare = this.idOf(suite, exact) >= 0 ? exact : aptBareName(spec);
      if (!bare || spec.trim().endsWith('-')) continue;
      const id = this.idOf(suite, bare);
      if (id >= 0) {
        t ??= this.table(suite, arch);
        if (t.kib[id]! >= 0 || this.providersOf(t, id)?.length) continue;
      }
      unknown.push(spec);
      if (firstOnly) break;
    }
    return unknown;
  }
}

// ---- manifest / measurements ----

interface AptManifestPart {
  mirror: string;
  securityMirror: string;
  generatedBy: string;
  suites: Record<string, { releaseDates: Record<string, string>; components?: string[]; universeSeeded?: { names: number; packages: number } }>;
}
interface AptManifest extends AptManifestPart {
  ubuntu?: AptManifestPart;
}

function aptSourceLine(m: AptManifestPart, distro: 'Debian' | 'Ubuntu' = 'Debian'): string {
  const dates = Object.entries(m.suites)
    .map(([suite, s]) => {
      const main = Object.entries(s.releaseDates).find(([k]) => k.endsWith(`_dists_${suite}`))?.[1];
      const seeded = s.universeSeeded ? ` (+ ${s.universeSeeded.packages} universe/multiverse packages: the closures of ${s.universeSeeded.names} names)` : '';
      return `${suite}${s.components ? ` ${s.components.join('+')}` : ''}${seeded} Release ${main ?? '?'}`;
    })
    .join(', ');
  return `${distro} ${distro === 'Debian' ? 'main ' : ''}Packages indexes from ${m.mirror} and ${m.securityMirror} (${dates}; plus -updates/-security), by ${m.generatedBy}`;
}

export interface AptMeasurements {
  /** Bytes `apt-get update` adds to /var/lib/apt/lists in the official image (lz4-compressed indexes + InRelease), amd64. */
  listsBytes: Record<DebianAptSuite, number> & Partial<Record<UbuntuAptSuite, number>>;
  listsBytesByArch: Record<DebianAptSuite, Record<AptArch, number>>;
  /** Same without docker-gzip-indexes (indexes stored uncompressed: other bases / removed apt.conf.d). */
  listsBytesUncompressed: Record<DebianAptSuite, number>;
  /** Byte share of package contents that debian:*-slim's dpkg path-excludes skip. */
  slimExcludedShare: number;
  /** Same for Ubuntu minimized images. */
  ubuntuMinimizedExcludedShare: number;
  pyc: {
    /** .pyc bytes written by py3compile per .py byte. */
    pycPerPyByte: number;
    /** .py bytes / Installed-Size bytes for python3-* packages. */
    pyShareOfInstalled: number;
    /** Measured .py bytes of specific packages (libpython3.11-stdlib, ...). */
    pyBytesByPackage: Record<string, number>;
    /** Their .py bytes / Installed-Size bytes and .pyc bytes per .py byte, for another Python version's same package. */
    pyShareByPackage: Record<string, number>;
    pycPerPyByPackage: Record<string, number>;
  };
  /** /var/cache/apt leftovers in official images (docker-clean removes them). */
  aptCacheBytes: number;
  source: string;
}

/** Reads server/data/apt/measurements.json (made by scripts/gen-apt-db.mjs + scripts/measure-apt.mjs). */
export function loadAptMeasurements(dir: string): AptMeasurements {
  return parseAptMeasurements(JSON.parse(fs.readFileSync(path.join(dir, 'measurements.json'), 'utf8')));
}

interface RawMeasurements {
  lists: { bytes: Record<string, Record<string, { image: number; plain: number }>>; source: string };
  listsUbuntu?: { bytes: Record<string, Record<string, { image: number; plain: number }>>; source: string };
  slim: { debianSlimExcludedShare: number; ubuntuMinimizedExcludedShare: number; source: string };
  pyc: { pycPerPyByte: number; pyShareOfInstalled: number; perPackage: Record<string, { pyBytes: number; pyShareOfInstalled: number; pycPerPy: number }>; source: string };
  aptCache: { bytes: number };
}

export function parseAptMeasurements(raw: unknown): AptMeasurements {
  const m = raw as RawMeasurements;
  const bySuite = (mode: 'image' | 'plain') =>
    Object.fromEntries(APT_SUITES.map((s) => [s, m.lists.bytes[s]!['amd64']![mode]])) as Record<DebianAptSuite, number>;
  const ubuntuLists = Object.fromEntries(
    UBUNTU_APT_SUITES.flatMap((s) => (m.listsUbuntu?.bytes[s]?.['amd64'] ? [[s, m.listsUbuntu.bytes[s]!['amd64']!.image]] : [])),
  ) as Partial<Record<UbuntuAptSuite, number>>;
  return {
    listsBytes: { ...bySuite('image'), ...ubuntuLists },
    listsBytesUncompressed: bySuite('plain'),
    listsBytesByArch: Object.fromEntries(
      APT_SUITES.map((s) => [s, Object.fromEntries(APT_ARCHES.map((a) => [a, m.lists.bytes[s]![a]!.image]))]),
    ) as Record<DebianAptSuite, Record<AptArch, number>>,
    slimExcludedShare: m.slim.debianSlimExcludedShare,
    ubuntuMinimizedExcludedShare: m.slim.ubuntuMinimizedExcludedShare,
    pyc: {
      pycPerPyByte: m.pyc.pycPerPyByte,
      pyShareOfInstalled: m.pyc.pyShareOfInstalled,
      pyBytesByPackage: Object.fromEntries(Object.entries(m.pyc.perPackage).map(([k, v]) => [k, v.pyBytes])),
      pyShareByPackage: Object.fromEntries(Object.entries(m.pyc.perPackage).map(([k, v]) => [k, v.pyShareOfInstalled])),
      pycPerPyByPackage: Object.fromEntries(Object.entries(m.pyc.perPackage).map(([k, v]) => [k, v.pycPerPy])),
    },
    aptCacheBytes: m.aptCache.bytes,
    source: `lists: ${m.lists.source}${m.listsUbuntu ? `; Ubuntu lists: ${m.listsUbuntu.source}` : ''}; slim: ${m.slim.source}; pyc: ${m.pyc.source}`,
  };
}
