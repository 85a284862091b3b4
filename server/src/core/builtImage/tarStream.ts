/**
 * A push-based tar reader: feed it chunks, get entry headers and their data as it streams by.
 * Nothing is buffered beyond one 512-byte header (plus PAX/GNU long-name records), so a
 * `docker save` stream of several GB is read in bounded memory. Understands ustar, GNU long
 * names (`L`/`K`) and PAX `path`/`linkpath`/`size`; never throws on malformed input (it stops and
 * reports `error`).
 */

export interface TarHeader {
  path: string;
  /** '0' file, '1' hard link, '2' symlink, '5' directory, … (as in the header). */
  type: string;
  size: number;
  linkPath: string;
}

export interface TarEvents {
  entry(header: TarHeader): void;
  data?(chunk: Uint8Array): void;
  entryEnd?(): void;
}

const BLOCK = 512;

function cString(buf: Uint8Array, start: number, len: number): string {
  let end = start;
  while (end < start + len && buf[end] !== 0) end++;
  return Buffer.from(buf.subarray(start, end)).toString('utf8');
}

function octal(buf: Uint8Array, start: number, len: number): number {
  // GNU base-256 for sizes over 8 GiB: high bit of the first byte set.
  if (buf[start]! & 0x80) {
    let n = 0;
    for (let i = start + 1; i < start + len; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const s = cString(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function parsePax(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = Number(text.slice(i, sp));
    if (!Number.isFinite(len) || len <= 0) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

export class TarReader {
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** Bytes of the current entry's data still to come, then its padding. */
  private remaining = 0;
  private padding = 0;
  private meta?: { kind: 'pax' | 'global' | 'longname' | 'longlink'; chunks: Uint8Array[] };
  private pending: { path?: string; linkPath?: string; size?: number } = {};
  private zeroBlocks = 0;
  done = false;
  error?: string;

  constructor(private readonly on: TarEvents) {}

  write(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.done) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        const part = chunk.subarray(i, i + n);
        if (this.meta) this.meta.chunks.push(Uint8Array.from(part));
        else this.on.data?.(part);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.finishEntry();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - i);
        this.padding -= n;
        i += n;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
      this.header.set(chunk.subarray(i, i + n), this.headerFill);
      this.headerFill += n;
      i += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.readHeader();
      }
    }
  }

  private finishEntry(): void {
    if (this.meta) {
      const total = Buffer.concat(this.meta.chunks.map((c) => Buffer.from(c)));
      const text = total.toString('utf8');
      if (this.meta.kind === 'global') {
        // Global PAX records apply to the whole archive; nothing we measure depends on them.
      } else if (this.meta.kind === 'pax') {
        const pax = parsePax(text);
        if (pax.path !== undefined) this.pending.path = pax.path;
        if (pax.linkpath !== undefined) this.pending.linkPath = pax.linkpath;
        if (pax.size !== undefined && Number.isFinite(Number(pax.size))) this.pending.size = Number(pax.size);
      } else if (this.meta.kind === 'longname') this.pending.path = text.replace(/\0+$/, '');
      else this.pending.linkPath = text.replace(/\0+$/, '');
      this.meta = undefined;
    } else {
      this.on.entryEnd?.();
    }
  }

  private readHeader(): void {
    const h = this.header;
    if (h.every((b) => b === 0)) {
      // Two zero blocks end the archive; one alone is tolerated.
      if (++this.zeroBlocks >= 2) this.done = true;
      return;
    }
    this.zeroBlocks = 0;
    let sum = 0;
    for (let k = 0; k < BLOCK; k++) sum += k >= 148 && k < 156 ? 32 : h[k]!;
    if (sum !== octal(h, 148, 8)) {
      this.error = 'bad tar header checksum';
      this.done = true;
      return;
    }
    const type = String.fromCharCode(h[156] || 48);
    let size = octal(h, 124, 12);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      this.meta = { kind: type === 'x' ? 'pax' : type === 'g' ? 'global' : type === 'L' ? 'longname' : 'longlink', chunks: [] };
      this.startData(size, true);
      return;
    }
    const magic = cString(h, 257, 6);
    let path = cString(h, 0, 100);
    if (magic === 'ustar') {
      const prefix = cString(h, 345, 155);
      if (prefix) path = `${prefix}/${path}`;
    }
    const linkPath = this.pending.linkPath ?? cString(h, 157, 100);
    if (this.pending.path !== undefined) path = this.pending.path;
    if (this.pending.size !== undefined) size = this.pending.size;
    this.pending = {};
    // Links, directories, devices and FIFOs carry no data whatever the size field says.
    if ('123456'.includes(type)) size = 0;
    this.on.entry({ path, type: type === '\0' ? '0' : type, size, linkPath });
    this.startData(size, false);
  }

  private startData(size: number, meta: boolean): void {
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) {
      if (meta) this.finishEntry();
      else this.on.entryEnd?.();
    }
  }
}
