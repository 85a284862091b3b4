/** Remote sizes in the model: ADD <url> and curl/wget downloads with a stub look-up (no network). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDockerfile } from '../analyze';
import { parseDockerfile } from '../parse/dockerfile';
import { remoteUrls } from './remoteUrls';
import type { ModelEnvironment } from './sizeModel';
import type { LayerModel, RemoteSize } from './types';

const KNOWN: Record<string, RemoteSize> = {
  'https://example.com/tool.tar.gz': { bytes: 12_345_678, source: 'Content-Length from example.com' },
  'https://example.com/app.jar': { bytes: 2_000_000, source: 'Content-Length from example.com' },
  'https://example.com/v1.2/x.tgz': { bytes: 5_000_000, source: 'Content-Length from example.com' },
  'https://example.com/nolength.bin': { source: 'server gave no Content-Length' },
};
const asked: string[] = [];
const lookup: ModelEnvironment['remoteSize'] = (url) => {
  asked.push(url);
  return KNOWN[url];
};

/** The layer of the instruction on 0-based `line`. */
function layer(text: string, network: boolean, env: ModelEnvironment = { remoteSize: lookup }, line = 1): LayerModel {
  const a = analyzeDockerfile(text, { network }, env);
  const instr = a.parsed.instructions.find((i) => i.line === line);
  assert.ok(instr, `an instruction on line ${line}`);
  return a.model.layers.get(instr.index)!;
}

test('ADD <url> known to the look-up: its Content-Length, confidence high, kept as an archive (ADD does not extract remote archives)', () => {
  const l = layer('FROM debian:bookworm-slim\nADD https://example.com/tool.tar.gz /opt/\n', true);
  assert.equal(l.estimate.bytes, 12_345_678);
  assert.equal(l.estimate.hasUnknown, false);
  const p = l.estimate.parts[0];
  assert.equal(p.confidence, 'high');
  assert.equal(p.kind, 'archive');
  assert.equal(p.unknown, undefined);
  assert.equal(p.low, 12_345_678);
  assert.equal(p.high, 12_345_678);
  assert.match(p.source, /Content-Length/);
  assert.ok(p.compressedBytes > 12_345_678 * 0.8, `an archive hardly compresses again (${p.compressedBytes})`);
  assert.equal(l.created[0].path, '/opt/tool.tar.gz');
  assert.equal(l.created[0].bytes, 12_345_678);
});

test('ADD <url> unknown: network off, not looked up yet, no Content-Length, untrusted reason', () => {
  const off = layer('FROM debian:bookworm-slim\nADD https://example.com/tool.tar.gz /opt/\n', false);
  assert.equal(off.estimate.hasUnknown, true);
  assert.equal(off.estimate.bytes, 0);
  assert.match(off.estimate.parts[0].source, /network look-ups are off/);

  const before = asked.length;
  layer('FROM debian:bookworm-slim\nADD https://example.com/tool.tar.gz /opt/\n', false);
  assert.equal(asked.length, before, 'network off: the look-up is never asked');

  const pending = layer('FROM debian:bookworm-slim\nADD https://example.com/other.tar.gz /opt/\n', true);
  assert.equal(pending.estimate.hasUnknown, true);
  assert.match(pending.estimate.parts[0].source, /size not known yet/);

  const noLength = layer('FROM debian:bookworm-slim\nADD https://example.com/nolength.bin /opt/x\n', true);
  assert.equal(noLength.estimate.hasUnknown, true);
  assert.match(noLength.estimate.parts[0].source, /server gave no Content-Length/);

  const untrusted = layer('FROM debian:bookworm-slim\nADD https://example.com/tool.tar.gz /opt/\n', false, { networkOff: 'no network look-ups in an untrusted workspace' });
  assert.match(untrusted.estimate.parts[0].source, /untrusted workspace/);

  const noLookup = layer('FROM debian:bookworm-slim\nADD https://example.com/tool.tar.gz /opt/\n', true, {});
  assert.match(noLookup.estimate.parts[0].source, /size not known yet/);
});

test('ADD <url> with ARG values is looked up expanded; an ARG without a value is not looked up', () => {
  const l = layer('FROM debian:bookworm-slim\nARG V=1.2\nADD https://example.com/v${V}/x.tgz /opt/x.tgz\n', true, { remoteSize: lookup }, 2);
  assert.equal(l.estimate.bytes, 5_000_000);
  const unset = layer('FROM debian:bookworm-slim\nARG V\nADD https://example.com/v${V}/x.tgz /opt/x.tgz\n', true, { remoteSize: lookup }, 2);
  assert.equal(unset.estimate.hasUnknown, true);
  assert.match(unset.estimate.parts[0].source, /variable/);
});

test('curl -o / -O and wget downloads get the looked-up bytes; rm in the same RUN still cleans them', () => {
  const o = layer('FROM debian:bookworm-slim\nRUN curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool.tar.gz\n', true);
  assert.equal(o.estimate.bytes, 12_345_678);
  assert.equal(o.estimate.parts[0].confidence, 'high');
  assert.equal(o.estimate.parts[0].kind, 'archive');
  assert.equal(o.created[0].path, '/tmp/tool.tar.gz');

  const bigO = layer('FROM debian:bookworm-slim\nWORKDIR /opt\nRUN curl -fsSLO https://example.com/tool.tar.gz\n', true, { remoteSize: lookup }, 2);
  assert.equal(bigO.estimate.bytes, 12_345_678);
  assert.equal(bigO.created[0].path, '/opt/tool.tar.gz');

  const wget = layer('FROM debian:bookworm-slim\nRUN wget -O /app/app.jar https://example.com/app.jar\n', true);
  assert.equal(wget.estimate.bytes, 2_000_000);
  assert.equal(wget.estimate.parts[0].kind, 'archive', 'a jar is a zip');
  const script = layer('FROM debian:bookworm-slim\nRUN wget https://example.com/install.sh\n', true, { remoteSize: (u) => (u.endsWith('.sh') ? { bytes: 1000, source: 'Content-Length from example.com' } : undefined) });
  assert.equal(script.estimate.bytes, 1000);
  assert.equal(script.estimate.parts[0].kind, 'mixed');

  const env = layer('FROM debian:bookworm-slim\nENV V=1.2\nRUN curl -o /tmp/x.tgz https://example.com/v$V/x.tgz\n', true, { remoteSize: lookup }, 2);
  assert.equal(env.estimate.bytes, 5_000_000, 'ENV values are expanded in the URL');

  const cleaned = layer('FROM debian:bookworm-slim\nRUN curl -o /tmp/t.tgz https://example.com/tool.tar.gz && tar -xzf /tmp/t.tgz -C /opt && rm /tmp/t.tgz\n', true);
  assert.ok(!cleaned.created.some((e) => e.path === '/tmp/t.tgz'), 'removed in the same RUN');

  const off = layer('FROM debian:bookworm-slim\nRUN curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool.tar.gz\n', false);
  assert.equal(off.estimate.hasUnknown, true);
  assert.match(off.estimate.parts[0].source, /network look-ups are off/);
});

test('download-kept reports the known size of a kept download', () => {
  const a = analyzeDockerfile('FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/x.tar.gz https://example.com/tool.tar.gz && tar -xzf /tmp/x.tar.gz -C /opt\n', { network: true }, { remoteSize: lookup });
  const f = a.findings.find((x) => x.rule === 'download-kept');
  assert.ok(f, 'finding');
  assert.match(f.message, /12\.3 MB/);
  assert.ok(f.waste && !f.waste.unknown && f.waste.bytes === 12_345_678, JSON.stringify(f.waste));
});

test('remoteUrls: ADD sources and saved curl/wget downloads, expanded, http(s) only, no $ left', () => {
  const parsed = parseDockerfile(
    [
      'FROM debian:bookworm-slim',
      'ARG V=1.2',
      'ENV NODE=20.1.0',
      'ADD https://example.com/tool.tar.gz /opt/',
      'ADD ftp://example.com/f.tgz /opt/',
      'ADD git@github.com:a/b.git /src',
      'ADD https://example.com/v${V}/x.tgz /opt/x.tgz',
      'RUN curl -fsSLO https://nodejs.org/dist/v$NODE/node.tar.xz && wget -O /a.jar https://example.com/app.jar',
      'RUN curl -fsSL https://example.com/install.sh | sh',
      'RUN curl -o /x https://example.com/$UNSET/x',
      'COPY . /app',
      '',
    ].join('\n'),
  );
  assert.deepEqual(remoteUrls(parsed).sort(), ['https://example.com/app.jar', 'https://example.com/tool.tar.gz', 'https://example.com/v1.2/x.tgz', 'https://nodejs.org/dist/v20.1.0/node.tar.xz']);
});
