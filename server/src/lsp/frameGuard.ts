/**
 * Standard input of the stdio server, re-framed so one bad frame costs one message, never the
 * session. vscode-jsonrpc's reader stops for good after a header without a valid Content-Length
 * (Neovim and Helix then get no answer again); this guard drops such a header (and whatever follows
 * it up to the next `Content-Length:`), skips frames larger than `MAX_FRAME_BYTES`, and passes
 * every well-formed frame through with a clean `Content-Length` header.
 */
import { Transform, type TransformCallback } from 'node:stream';

export const MAX_FRAME_BYTES = 64 * 1024 * 1024;
/** A header block longer than this is garbage, not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
const CONTENT_LENGTH = Buffer.from('content-length:');

export class FrameGuard extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** Body bytes still to pass on (or to skip, for an oversized frame). */
  private bodyLeft = 0;
  private skipping = false;

  constructor(private readonly log: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    } catch (e) {
      // The guard itself must never end the stream: drop what we have and wait for the next frame.
      this.log(`dropped unreadable input (${(e as Error).message})`);
      this.buffer = Buffer.alloc(0);
      this.bodyLeft = 0;
      this.skipping = false;
    }
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.bodyLeft > 0) {
        if (!this.buffer.length) return;
        const n = Math.min(this.bodyLeft, this.buffer.length);
        if (!this.skipping) this.push(this.buffer.subarray(0, n));
        this.buffer = this.buffer.subarray(n);
        this.bodyLeft -= n;
        if (this.bodyLeft === 0) this.skipping = false;
        continue;
      }
      const at = indexOfCaseInsensitive(this.buffer, CONTENT_LENGTH);
      if (at < 0) {
        // No header start yet: keep only a tail that could be the beginning of one.
        const keep = CONTENT_LENGTH.length - 1;
        if (this.buffer.length > keep) {
          const dropped = this.buffer.subarray(0, this.buffer.length - keep);
          if (dropped.toString('latin1').trim()) this.log(`dropped ${dropped.length} bytes that are not an LSP frame`);
          this.buffer = this.buffer.subarray(this.buffer.length - keep);
        }
        return;
      }
      const end = this.buffer.indexOf('\r\n\r\n', at);
      if (end < 0) {
        if (this.buffer.length - at > MAX_HEADER_BYTES) {
          this.log('dropped an LSP header that never ended');
          this.buffer = this.buffer.subarray(at + CONTENT_LENGTH.length);
          continue;
        }
        return;
      }
      const lineEnd = this.buffer.indexOf('\r\n', at);
      const value = this.buffer.subarray(at + CONTENT_LENGTH.length, lineEnd).toString('latin1').trim();
      this.buffer = this.buffer.subarray(end + 4);
      if (!/^\d{1,10}$/.test(value)) {
        this.log(`dropped a frame with a bad Content-Length (${JSON.stringify(value.slice(0, 40))}); waiting for the next frame`);
        continue;
      }
      const length = Number(value);
      if (length === 0) continue;
      if (length > MAX_FRAME_BYTES) {
        this.log(`skipped a ${length}-byte frame (more than ${MAX_FRAME_BYTES} bytes)`);
        this.skipping = true;
      } else this.push(Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'));
      this.bodyLeft = length;
    }
  }
}

function indexOfCaseInsensitive(haystack: Buffer, needle: Buffer): number {
  // Headers are ASCII: compare lower-cased bytes.
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      let c = haystack[i + j];
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      if (c !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}
