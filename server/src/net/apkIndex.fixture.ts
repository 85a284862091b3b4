/** Test fixtures: real APKINDEX records (testdata/README.md) packed the way Alpine's mirrors serve them. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { apkDatabase } from '../core/data/apkDb';

export const MAIN = fs.readFileSync(path.join(__dirname, 'testdata', 'APKINDEX-v3.16-main-x86_64.subset'), 'utf8');
export const COMMUNITY = fs.readFileSync(path.join(__dirname, 'testdata', 'APKINDEX-v3.16-community-x86_64.subset'), 'utf8');

/**
 * `apk add curl` on 3.16 against MAIN: the packages it adds and their I: (musl, zlib, libcrypto1.1 and libssl1.1
 * are the base's), and their file bytes (apk-tools 2's I: rounds every file up to 4 KiB; scaled by the data's shares).
 */
export const CURL_316_CLOSURE: readonly (readonly [string, number])[] = [
  ['curl', 262144],
  ['libcurl', 524288],
  ['ca-certificates', 704512],
  ['brotli-libs', 733184],
  ['nghttp2-libs', 159744],
];
export const curl316FileBytes = (): number => CURL_316_CLOSURE.reduce((a, [n, i]) => a + apkDatabase()!.liveSize(n, i, '3.16').bytes, 0);

/** One ustar entry (name, size, mode, checksum) + its padded body. */
export function tarEntry(name: string, body: Buffer): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}

/** APKINDEX.tar.gz as Alpine's mirrors serve it (abuild-sign prepends the signature as its own gzip member, no end-of-archive blocks in it). */
export function apkIndexTarGz(index: string, description: string): Buffer {
  const signature = zlib.gzipSync(tarEntry('.SIGN.RSA.alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub', Buffer.alloc(512, 7)));
  const content = zlib.gzipSync(Buffer.concat([tarEntry('DESCRIPTION', Buffer.from(description)), tarEntry('APKINDEX', Buffer.from(index)), Buffer.alloc(1024)]));
  return Buffer.concat([signature, content]);
}

