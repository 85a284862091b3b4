import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDockerfile } from '../../analyze';
import { loadDataJson } from '../../data/dataDir';

function runParts(dockerfile: string) {
  const { model } = analyzeDockerfile(dockerfile, {});
  const layer = [...model.layers.values()].find((l) => l.instruction.keyword === 'RUN');
  assert.ok(layer);
  // The layer tar's framing is a part of its own (model/tarFraming.ts): these tests look at the files.
  return layer.estimate.parts.filter((p) => !p.framing);
}
const base = loadDataJson<{ passwd: string; group: string; shadow: string }>('apk/baselayout-users.json');

test('busybox adduser -S -D -G www-data: the three files it rewrites, byte for byte, and ≈ 1 kB compressed', () => {
  const parts = runParts('FROM alpine:3.24\nRUN adduser -u 82 -D -S -G www-data www-data\n');
  assert.equal(parts.length, 1);
  const p = parts[0]!;
  assert.match(p.label, /^busybox adduser: \/etc\/group, \/etc\/passwd, \/etc\/shadow and \/home\/www-data/);
  const passwdLine = 'www-data:x:82:82:Linux User,,,:/home/www-data:/sbin/nologin\n';
  const shadowLine = 'www-data:!:20000:0:99999:7:::\n';
  // group: "www-data:x:82:" gains the member.
  const expected = base.passwd.length + passwdLine.length + base.shadow.length + shadowLine.length + base.group.length + 'www-data'.length;
  assert.equal(p.bytes, expected);
  assert.equal(p.confidence, 'medium');
  // repo-info measured 931 B (php:8-cli-alpine3.23) and 932 B (httpd:alpine) for this exact command.
  assert.ok(p.compressedBytes > 800 && p.compressedBytes < 1300, `${p.compressedBytes}`);
});

test('addgroup + adduser in one RUN is one entry (each file is in the layer once); -H makes no home', () => {
  const parts = runParts('FROM alpine:3.24\nRUN addgroup -g 70 -S postgres && adduser -u 70 -S -D -G postgres -H -h /var/lib/postgresql -s /bin/sh postgres\n');
  assert.equal(parts.length, 1);
  assert.doesNotMatch(parts[0]!.label, /home|postgresql/);
  assert.equal(parts[0]!.bytes, base.passwd.length + base.shadow.length + base.group.length + 'postgres:x:70:postgres\n'.length + 'postgres:x:70:70:Linux User,,,:/var/lib/postgresql:/bin/sh\n'.length + 'postgres:!:20000:0:99999:7:::\n'.length);
});

test("Debian's adduser is still the measured shadow-utils/adduser write, not busybox", () => {
  const deb = runParts('FROM debian:bookworm-slim\nRUN adduser --system app\n');
  assert.ok(deb.some((p) => /user and group files/.test(p.label)));
  const alpine = runParts('FROM alpine:3.24\nRUN adduser --system app\n');
  // Debian's writes 8 files (with the `-` backups and gshadow), busybox's 3.
  assert.ok(alpine[0]!.compressedBytes * 1.5 < deb[0]!.compressedBytes, `${alpine[0]!.compressedBytes} vs ${deb[0]!.compressedBytes}`);
});
