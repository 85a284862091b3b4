/**
 * What the layer tar adds around a layer's files: a 512 B header per entry (files, directories, symlinks,
 * whiteouts, and every parent directory of what changed, as the layer diff lists them), file data padded to
 * 512 B, and 1024 B of end-of-archive blocks; and what that costs after gzip. A layer that writes nothing
 * is still a 1024 B tar (32 B gzipped). The framing counts in the pulled (compressed) size only: on disk a
 * layer is its files, as Docker reports it. Numbers: server/data/tar-overhead.json (scripts/measure-tar-overhead.mjs).
 */
import { loadDataJson } from '../data/dataDir';
import { part } from './estimate';
import type { SizePart } from './types';

interface TarOverhead {
  source: string;
  endOfArchiveBytes: number;
  headerBytes: number;
  blockBytes: number;
  registryEmptyLayerGzipBytes: number;
  firstEntryGzipBytes: number;
  nextEntryGzipBytes: number;
  smallText: { upToBytes: number; ratio: number; p10: number; p90: number }[];
}

const FALLBACK: TarOverhead = {
  source: 'tar format constants (server/data/tar-overhead.json missing)',
  endOfArchiveBytes: 1024,
  headerBytes: 512,
  blockBytes: 512,
  registryEmptyLayerGzipBytes: 32,
  firstEntryGzipBytes: 60,
  nextEntryGzipBytes: 18,
  smallText: [],
};

/** The measured numbers over the fallback, made once per loaded file (asked for every layer and every WORKDIR). */
let merged: { from: TarOverhead; value: TarOverhead } | undefined;

function overhead(): TarOverhead {
  try {
    const from = loadDataJson<TarOverhead>('tar-overhead.json');
    if (merged?.from !== from) merged = { from, value: { ...FALLBACK, ...from } };
    return merged.value;
  } catch {
    return FALLBACK;
  }
}

export interface LayerEntries {
  /** Regular files the layer holds, with their sizes (padding depends on them). */
  files: { path: string; bytes: number }[];
  /** Directories the layer creates or changes (mkdir, WORKDIR, a chmod of a directory). */
  dirs: string[];
  /** Symlinks, whiteouts (deleted earlier files) and other header-only entries. */
  others: string[];
  /** Entries whose count is not known (package installs, builds): framing for them is part of their own estimate. */
  uncounted?: boolean;
  /** Entries whose gzip cost an estimator already counted (it gzipped the tar it makes): tar bytes only. */
  framed?: Set<string>;
  /** tarEntries() of these, when the caller has it already (a RUN's directories are also the stage's). */
  entries?: Set<string>;
}

/** Every entry of the layer tar: the given paths and all their parent directories (not `/`). */
export function tarEntries(e: LayerEntries): Set<string> {
  const all = new Set<string>();
  const addWithParents = (p: string) => {
    if (p.charCodeAt(0) === 47 && p.length > 1 && !p.includes('//') && !p.endsWith('/')) {
      // A clean absolute path (most are): its parents are its prefixes up to each `/`, in order.
      for (let at = p.indexOf('/', 1); at > 0; at = p.indexOf('/', at + 1)) all.add(p.slice(0, at));
      all.add(p);
      return;
    }
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) all.add('/' + parts.slice(0, i).join('/'));
  };
  for (const f of e.files) addWithParents(f.path);
  for (const d of e.dirs) addWithParents(d);
  for (const o of e.others) addWithParents(o);
  return all;
}

/**
 * The framing of a layer as a part: tar bytes exact for the entries counted, gzip bytes estimated
 * (per-entry gzip cost measured; ×0.7–×1.6 of it). With no entries it is the empty layer: 1024 B, 32 B gzipped.
 */
export function framingPart(e: LayerEntries): SizePart {
  const o = overhead();
  const all = e.entries ?? tarEntries(e);
  const entries = all.size;
  let gzEntries = entries;
  if (e.framed) for (const p of all) if (e.framed.has(p)) gzEntries--;
  // File data is stored in whole 512 B blocks: the layer tar holds it with its padding.
  let data = 0;
  for (const f of e.files) data += Math.ceil(f.bytes / o.blockBytes) * o.blockBytes;
  const tarBytes = o.endOfArchiveBytes + entries * o.headerBytes + data;
  const headersGz = gzEntries ? (gzEntries === entries ? o.firstEntryGzipBytes : o.nextEntryGzipBytes) + (gzEntries - 1) * o.nextEntryGzipBytes : 0;
  const empty = o.registryEmptyLayerGzipBytes;
  const what = entries ? `${entries} tar entr${entries === 1 ? 'y' : 'ies'} (512 B header each${e.files.length ? ', data padded to 512 B' : ''}) + end of archive` : 'an empty layer tar (end-of-archive blocks only)';
  // Set on the part made, not spread into a copy (one per layer and WORKDIR): the same keys in the same order.
  const framed = framingBase(what, tarBytes, empty + headersGz, entries, o, e.uncounted);
  framed.framing = true;
  return framed;
}

/** The framing part of a layer that writes nothing, made once per loaded tar-overhead.json; each caller gets its own copy. */
let emptyMade: { from: TarOverhead; part: SizePart } | undefined;

/** framingPart({ files: [], dirs: [], others: [] }), without building it again (every WORKDIR asks for it up to twice). */
export function emptyFramingPart(): SizePart {
  const o = overhead();
  if (emptyMade?.from !== o) emptyMade = { from: o, part: framingPart({ files: [], dirs: [], others: [] }) };
  return { ...emptyMade.part };
}

/** `s.split(':')[0]` without the array (once per layer and WORKDIR). */
function beforeColon(s: string): string {
  const colon = s.indexOf(':');
  return colon < 0 ? s : s.slice(0, colon);
}

function framingBase(what: string, tarBytes: number, gz: number, entries: number, o: TarOverhead, uncounted?: boolean): SizePart {
  // On disk the layer is its files (what Docker reports as its size); the tar framing is in what is pulled.
  return part({
    label: `tar framing: ${what} = ${tarBytes} B of tar`,
    bytes: 0,
    low: 0,
    high: 0,
    compressedBytes: gz,
    confidence: entries ? 'high' : 'exact',
    source: `layer tar format; gzip cost measured by ${beforeColon(o.source)}${uncounted ? ' (files of package installs and builds are not counted here)' : ''}`,
    kind: 'text',
  });
}

/** Gzip bytes of a small text file inside a layer stream (entrypoints, configs); undefined above the measured sizes. */
export function smallTextGzip(bytes: number): { bytes: number; low: number; high: number } | undefined {
  const bands = overhead().smallText;
  const band = bands.find((b) => bytes <= b.upToBytes);
  if (!band || !(band.ratio > 0)) return undefined;
  const clamp = (r: number) => Math.round(bytes * Math.min(r, 1.2));
  return { bytes: clamp(band.ratio), low: clamp(band.p10), high: clamp(band.p90) };
}
