// The layer tar's framing: what a layer that writes little or nothing really weighs when pulled.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { BuildContext } from '../context/buildContext';
import { loadDataJson } from '../data/dataDir';
import { emptyFramingPart, framingPart, smallTextGzip, tarEntries } from './tarFraming';

const overhead = loadDataJson<{ cases: Record<string, { entries: number; tarBytes: number; gzipBytes: number }> }>('tar-overhead.json');

function layers(dockerfile: string, context?: string) {
  const { model } = analyzeDockerfile(dockerfile, {}, context ? { context: new BuildContext(context, join(context, 'Dockerfile')) } : {});
  return [...model.layers.values()];
}

test('tar entries: every parent directory of what changed, once', () => {
  const entries = tarEntries({ files: [{ path: '/usr/local/bin/entrypoint.sh', bytes: 124 }], dirs: ['/usr/local/lib/app'], others: [] });
  assert.deepEqual([...entries].sort(), ['/usr', '/usr/local', '/usr/local/bin', '/usr/local/bin/entrypoint.sh', '/usr/local/lib', '/usr/local/lib/app']);
});

test('framing of the measured cases: tar bytes as the measurement script wrote them', () => {
  const p = framingPart({ files: [{ path: '/usr/local/bin/docker-entrypoint.sh', bytes: 124 }], dirs: [], others: [] });
  assert.match(p.label, new RegExp(`= ${overhead.cases['124 B script into /usr/local/bin']!.tarBytes} B of tar`));
  assert.equal(p.bytes, 0, 'on disk a layer is its files');
  const empty = framingPart({ files: [], dirs: [], others: [] });
  assert.equal(empty.compressedBytes, 32, 'the registry empty-layer blob is 32 bytes');
  assert.equal(empty.confidence, 'exact');
  const mkdir = framingPart({ files: [], dirs: ['/app'], others: [] });
  // zlib measured mkdir /app; Go's gzip adds a few bytes: within 20 % of the measurement.
  const measured = overhead.cases['mkdir /app']!.gzipBytes;
  assert.ok(Math.abs(mkdir.compressedBytes - measured) / measured < 0.2, `${mkdir.compressedBytes} vs ${measured}`);
});

test('a RUN that writes nothing is an empty layer: 0 B exact on disk, 32 B pulled', () => {
  const [l] = layers('FROM debian:bookworm-slim\nRUN echo hello && true\n');
  assert.equal(l!.estimate.bytes, 0);
  assert.equal(l!.estimate.compressedBytes, 32);
  assert.equal(l!.estimate.confidence, 'exact');
});

test('mkdir: no file bytes, but the entries are pulled (never "0 B exact")', () => {
  const [l] = layers('FROM debian:bookworm-slim\nRUN mkdir -p /docker-entrypoint-initdb.d /var/lib/app/data\n');
  assert.notEqual(l!.estimate.confidence, 'exact');
  // 1 + 4 entries (var, var/lib, var/lib/app, var/lib/app/data): about 60 B for the first, 18 B for the others, plus 32.
  assert.ok(l!.estimate.compressedBytes > 120 && l!.estimate.compressedBytes < 250, `${l!.estimate.compressedBytes}`);
});

test('a rm inside the same RUN removes the directories it made from the tar', () => {
  const [l] = layers('FROM debian:bookworm-slim\nRUN mkdir -p /tmp/build/x && rm -rf /tmp/build\n');
  assert.equal(l!.estimate.compressedBytes, 32 + 60, 'only /tmp remains an entry');
});

test('COPY of a small script: file bytes exact, pulled size with the small-file gzip and 4 tar entries', () => {
  const dir = mkdtempSync(join(tmpdir(), 'framing-'));
  try {
    const script = '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then set -- app "$@"; fi\nexec "$@"\n';
    writeFileSync(join(dir, 'entrypoint.sh'), script);
    writeFileSync(join(dir, 'Dockerfile'), '');
    const [l] = layers('FROM debian:bookworm-slim\nCOPY entrypoint.sh /usr/local/bin/\n', dir);
    assert.equal(l!.estimate.bytes, script.length);
    const framing = l!.estimate.parts.find((p) => p.framing)!;
    assert.match(framing.label, /4 tar entries/);
    const gz = smallTextGzip(script.length)!;
    assert.equal(l!.estimate.compressedBytes, gz.bytes + framing.compressedBytes);
    assert.ok(l!.estimate.compressedBytes > 150 && l!.estimate.compressedBytes < 400, `${l!.estimate.compressedBytes}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('WORKDIR: an empty layer for a directory that exists, entries for a new one, low when the base may have it', () => {
  const [std] = layers('FROM debian:bookworm-slim\nWORKDIR /usr/local/bin\n');
  assert.equal(std!.estimate.compressedBytes, 32);
  assert.equal(std!.estimate.confidence, 'high');
  const made = layers('FROM debian:bookworm-slim\nRUN mkdir -p /srv/app/data\nWORKDIR /srv/app\n');
  assert.equal(made[1]!.estimate.compressedBytes, 32);
  const scratch = layers('FROM scratch\nWORKDIR /app\n');
  assert.equal(scratch[0]!.estimate.compressedBytes, 32 + 60);
  const unsure = layers('FROM debian:bookworm-slim\nWORKDIR /app\n');
  assert.equal(unsure[0]!.estimate.confidence, 'low');
  assert.equal(unsure[0]!.estimate.compressedBytes, 32 + 60, 'a new directory unless the base has it');
});

test('a layer of unknown content stays unknown: the framing does not make it known', () => {
  const [l] = layers('FROM debian:bookworm-slim\nRUN ./build.sh\n');
  assert.equal(l!.estimate.confidence, 'unknown');
});

test('useradd on a release with shadow < 4.13 writes the sparse lastlog in full; bookworm does not', () => {
  const jammy = layers('FROM ubuntu:22.04\nENV APP_UID=8983\nRUN useradd -r --uid "$APP_UID" app\n').filter((l) => l.makesLayer);
  const lastlog = jammy[0]!.estimate.parts.find((p) => /lastlog/.test(p.label));
  assert.ok(lastlog, jammy[0]!.estimate.parts.map((p) => p.label).join(' | '));
  assert.equal(lastlog.bytes, 8983 * (292 + 32));
  const bookworm = layers('FROM debian:bookworm-slim\nRUN useradd -r --uid 8983 app\n');
  assert.ok(!bookworm[0]!.estimate.parts.some((p) => /lastlog/.test(p.label)));
  const noLog = layers('FROM ubuntu:22.04\nRUN useradd -l -r --uid 8983 app\n');
  assert.ok(!noLog[0]!.estimate.parts.some((p) => /lastlog/.test(p.label)));
});

test('rm of an earlier layer\'s path (whole or part of it) is one whiteout entry per path named', () => {
  const ls = layers('FROM debian:bookworm-slim\nRUN mkdir -p /opt/app && curl -fsSL https://example.com/app.tgz | tar -xz -C /opt/app\nRUN rm -rf /opt/app/docs /opt/app/examples\n').filter((l) => l.makesLayer);
  const framing = ls[1]!.estimate.parts.find((p) => p.framing)!;
  // opt, opt/app, opt/app/.wh.docs, opt/app/.wh.examples
  assert.match(framing.label, /4 tar entries/, framing.label);
});

test('the empty layer framing made once is framingPart of nothing, a new object each time', () => {
  const made = framingPart({ files: [], dirs: [], others: [] });
  const a = emptyFramingPart();
  const b = emptyFramingPart();
  assert.deepEqual(a, made);
  assert.deepEqual(Object.keys(a), Object.keys(made), 'same keys in the same order (JSON output)');
  assert.notEqual(a, b);
  a.compressedBytes = 1;
  assert.equal(emptyFramingPart().compressedBytes, made.compressedBytes, 'a caller changing its copy changes no other');
});

test('framingPart with the entries given counts the same as when it lists them itself', () => {
  const e = { files: [], dirs: ['/var/lib/apt/lists/partial', '/var/cache/apt/archives/partial'], others: ['/etc/.wh.motd'], framed: new Set(['/etc']) };
  assert.deepEqual(framingPart({ ...e, entries: tarEntries(e) }), framingPart(e));
});
