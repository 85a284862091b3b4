/** Cross-layer facts of the size model: deletes and rewrites of earlier layers' files stay shipped. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BuildContext } from '../context/buildContext';
import { parseDockerfile } from '../parse/dockerfile';
import { buildSizeModel } from './sizeModel';
import type { SizeModel } from './types';

function model(text: string, files?: Record<string, string>): SizeModel {
  if (!files) return buildSizeModel(parseDockerfile(text));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-cross-'));
  try {
    for (const [n, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), c);
    return buildSizeModel(parseDockerfile(text), {}, { context: new BuildContext(dir, path.join(dir, 'Dockerfile')) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const layerAt = (m: SizeModel, line: number) => [...m.layers.values()].find((l) => l.instruction.line === line - 1)!;

test('RUN make then RUN rm -rf /src: reclaimable, the later layer adds nothing', () => {
  const m = model('FROM debian:bookworm-slim\nWORKDIR /src\nRUN make\nRUN rm -rf /src\n');
  const rm = layerAt(m, 4);
  assert.equal(rm.touchedEarlier.length, 1);
  assert.equal(rm.touchedEarlier[0].action, 'delete');
  assert.equal(rm.touchedEarlier[0].entry.path, '/src');
  assert.equal(rm.touchedEarlier[0].entry.createdBy, layerAt(m, 3).instruction.index);
  assert.equal(rm.estimate.bytes, 0);
  assert.equal(rm.estimate.hasUnknown, false);
  // The stage picture no longer has /src, but its bytes are still in the image (unknown size: make output).
  assert.ok(!m.stages[0].fs.some((e) => e.path === '/src'));
});

test('COPY then RUN rm of the copied path: the measured bytes are reclaimable', () => {
  const m = model('FROM debian:bookworm-slim\nCOPY data.bin /opt/data.bin\nRUN rm /opt/data.bin\n', { 'data.bin': 'x'.repeat(12345) });
  const rm = layerAt(m, 3);
  assert.equal(rm.touchedEarlier.length, 1);
  assert.equal(rm.touchedEarlier[0].bytes, 12345);
  assert.equal(rm.touchedEarlier[0].partial, false);
  assert.equal(m.stages[0].reclaimableBytes, 12345);
  assert.equal(m.image.reclaimableBytes, 12345);
  assert.equal(rm.estimate.bytes, 0);
});

test('COPY of a directory lands at the destination (Docker copies its contents)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-cross-'));
  try {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.py'), 'print(1)\n');
    const m = buildSizeModel(parseDockerfile('FROM debian:bookworm-slim\nCOPY src/ /app/\n'), {}, { context: new BuildContext(dir) });
    assert.deepEqual(layerAt(m, 2).created.map((e) => e.path), ['/app']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('chown -R over a COPY duplicates its bytes in the new layer', () => {
  const m = model('FROM debian:bookworm-slim\nCOPY app.tar /app/app.tar\nRUN chown -R 1000:1000 /app\n', { 'app.tar': 'y'.repeat(40000) });
  const chown = layerAt(m, 3);
  assert.equal(chown.touchedEarlier.length, 1);
  assert.equal(chown.touchedEarlier[0].action, 'rewrite');
  assert.equal(chown.touchedEarlier[0].bytes, 40000);
  assert.equal(chown.estimate.bytes, 40000, 'the copy-up is in the chown layer');
  assert.equal(m.image.reclaimableBytes, 40000);
});

test('non-recursive chmod of a directory copies nothing; of a copied file copies it', () => {
  const dirChmod = model('FROM debian:bookworm-slim\nCOPY . /app\nRUN chmod 755 /app\n', { 'a.txt': 'z'.repeat(1000) });
  assert.equal(layerAt(dirChmod, 3).touchedEarlier.length, 0);
  const fileChmod = model('FROM debian:bookworm-slim\nCOPY run.sh /run.sh\nRUN chmod +x /run.sh\n', { 'run.sh': 'echo hi\n' });
  assert.equal(layerAt(fileChmod, 3).touchedEarlier.length, 1);
  assert.equal(layerAt(fileChmod, 3).touchedEarlier[0].bytes, 8);
});

test('deleting a sub-path of an earlier entry is partial with unknown bytes', () => {
  const m = model('FROM debian:bookworm-slim\nCOPY . /app\nRUN rm -rf /app/tests\n', { 'a.txt': 'q'.repeat(3000) });
  const t = layerAt(m, 3).touchedEarlier;
  assert.equal(t.length, 1);
  assert.equal(t[0].partial, true);
  assert.equal(t[0].bytes, 0);
  assert.equal(t[0].high, 3000);
  // The entry stays in the picture (only part of it was deleted).
  assert.ok(m.stages[0].fs.some((e) => e.path === '/app'));
});

test('ROS-style colcon build then RUN rm -rf build log src saves nothing', () => {
  const m = model(
    [
      'FROM ros:jazzy',
      'WORKDIR /ws',
      'RUN vcs import src < ros2.repos',
      'RUN colcon build',
      'RUN rm -rf build log src',
    ].join('\n') + '\n',
  );
  const rm = layerAt(m, 5);
  const deleted = rm.touchedEarlier.filter((t) => t.action === 'delete').map((t) => t.entry.path).sort();
  assert.deepEqual(deleted, ['/ws/build', '/ws/log', '/ws/src']);
  assert.equal(rm.estimate.bytes, 0);
  // install/ stays; everything deleted is still shipped by lines 3 and 4.
  assert.deepEqual(m.stages[0].fs.filter((e) => e.path.startsWith('/ws')).map((e) => e.path), ['/ws/install']);
});

test('variables: the download-extract-remove idiom with ENV and shell variables matches', () => {
  const m = model(
    [
      'FROM debian:bookworm-slim',
      'ENV V 1.2.3',
      'RUN curl -fsSLO "https://example.com/v$V/tool-v$V-linux-$ARCH.tar.xz" && tar -xJf "tool-v$V-linux-$ARCH.tar.xz" -C /usr/local && rm "tool-v$V-linux-$ARCH.tar.xz"',
    ].join('\n') + '\n',
  );
  const l = layerAt(m, 3);
  assert.deepEqual(l.created.filter((e) => e.kind === 'download'), []);
  assert.deepEqual(l.cleanedOwn.map((e) => e.path), ['/tool-v1.2.3-linux-$ARCH.tar.xz']);
});

test('rm under /usr/local is not part of an earlier package install', () => {
  const m = model('FROM alpine:3.20\nRUN apk add curl\nRUN rm -rf /usr/local/lib/x\n');
  assert.equal(layerAt(m, 3).touchedEarlier.filter((t) => t.entry.kind === 'packages').length, 0);
});

test('rm of a file under /usr in a RUN that installs packages itself: its own package file, not the earlier layer', () => {
  // php:fpm-alpine: musl's iconv.h comes from this RUN's .build-deps, not from the earlier `apk add curl`.
  const own = model('FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN apk add --no-cache --virtual .build-deps gcc libc-dev; rm -vf /usr/include/iconv.h; apk del .build-deps\n');
  assert.equal(layerAt(own, 3).touchedEarlier.length, 0);
  // Without an install of its own, the same rm still deletes part of the earlier packages.
  const later = model('FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN rm -vf /usr/include/iconv.h\n');
  assert.equal(layerAt(later, 3).touchedEarlier.filter((t) => t.entry.kind === 'packages' && t.partial).length, 1);
});

test('apk add --no-network fetches no index: no /var/cache/apk entry, the cache fact is avoided', () => {
  const m = model('FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps so:libssl.so.3\n');
  const l = layerAt(m, 2);
  assert.ok(!l.created.some((e) => e.path === '/var/cache/apk'));
  assert.deepEqual(l.facts.caches.map((c) => [c.manager, c.avoided]), [['apk', true]]);
});

test('chown (no -R) of a file an earlier COPY brought from an unread source: the copy-up is unknown, never a high 164 B', () => {
  const m = model('FROM debian:bookworm-slim\nCOPY ./app.conf /etc/app/\nRUN chown nobody /etc/app/app.conf && mkdir -p /srv/x\n', { 'other.txt': 'x' });
  const run = m.stages[0]!.layers.find((l) => l.instruction.keyword === 'RUN')!;
  assert.ok(run.estimate.hasUnknown, run.estimate.parts.map((p) => `${p.label} ${p.confidence}`).join(' | '));
  assert.notEqual(run.estimate.confidence, 'high');
  // With the file in the context, its size is known: the rewrite is counted, not unknown.
  const known = model('FROM debian:bookworm-slim\nCOPY ./app.conf /etc/app/\nRUN chown nobody /etc/app/app.conf\n', { 'app.conf': 'x'.repeat(600) });
  const run2 = known.stages[0]!.layers.find((l) => l.instruction.keyword === 'RUN')!;
  assert.ok(!run2.estimate.hasUnknown);
  assert.ok(run2.estimate.parts.some((p) => /rewritten copy of \/etc\/app\/app.conf/.test(p.label) && p.bytes === 600));
});

test("COPY --from of a stage's directory lands its contents at the destination, not the directory (issue 14, zabbix)", () => {
  for (const src of ['/out/conf', '/out/conf/']) {
    const m = model(`FROM alpine:3.20 AS b\nRUN mkdir -p /out/conf && echo x > /out/conf/a.conf\nFROM alpine:3.20\nCOPY --from=b ${src} /etc/app/\nRUN rm -rf /etc/app/conf\n`);
    const copied = layerAt(m, 4).created.map((e) => e.path);
    assert.ok(copied.every((p) => p === '/etc/app' || p.startsWith('/etc/app/')) && !copied.some((p) => p.startsWith('/etc/app/conf')), `${src}: ${copied}`);
    // No layer "created /etc/app/conf" for a later rm to be blamed on.
    assert.ok(!layerAt(m, 5).touchedEarlier.some((t) => t.entry.path === '/etc/app/conf'), src);
  }
  // One entry at the source path itself (a built binary) keeps its name in a destination folder.
  const bin = model('FROM golang:1.22 AS b\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=b /out/app /usr/local/bin/\n');
  assert.deepEqual(layerAt(bin, 4).created.map((e) => e.path), ['/usr/local/bin/app']);
});

test('COPY --from of an image directory written with a trailing slash lands its contents at the destination', () => {
  const m = model('FROM alpine:3.20\nCOPY --from=example.com/build:1 ["/out/agent2/conf/", "/etc/zabbix/"]\nCOPY --from=example.com/build:1 /out/bin/tool /usr/bin/\n');
  assert.deepEqual(layerAt(m, 2).created.map((e) => e.path), ['/etc/zabbix']);
  assert.deepEqual(layerAt(m, 3).created.map((e) => e.path), ['/usr/bin/tool']);
});
