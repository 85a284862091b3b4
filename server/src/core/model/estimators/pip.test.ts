// pip installs priced from the sourced wheel table (scripts/gen-pip-wheels.mjs) and the measured installs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { pipClosure } from './pip';
import { debianToPipRatio, pipPackageSize } from '../../data/pipSizes';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

function lastLayer(dockerfile: string) {
  const layers = [...buildSizeModel(parseDockerfile(dockerfile), {}).layers.values()].filter((l) => l.makesLayer);
  return layers[layers.length - 1]!;
}

test('torch from PyPI is the CUDA build: its nvidia-* wheels come with it (≈ 3 GB of wheels)', () => {
  const c = pipClosure(['torch']);
  for (const n of ['nvidia-cudnn-cu12', 'nvidia-cublas-cu12', 'nvidia-nccl-cu12', 'triton']) assert.ok(c.packages.includes(n), n);
  assert.ok(c.wheelBytes > 2.7e9 && c.wheelBytes < 3.3e9, `wheels ${c.wheelBytes}`);
  assert.ok(c.bytes > c.wheelBytes, 'installed is bigger than the wheels');
  assert.equal(c.weakest, 'low', 'installed bytes of these wheels are estimates');
});

test('the pulled layer of a pip install is about its wheels, the cache holds them', () => {
  const layer = lastLayer('FROM python:3.11-slim\nRUN pip install opencv-python-headless');
  const pkgs = layer.estimate.parts.find((p) => /^pip: opencv-python-headless/.test(p.label))!;
  const wheels = pipClosure(['opencv-python-headless']).wheelBytes;
  assert.equal(pkgs.compressedBytes, wheels);
  assert.ok(wheels > 60e6 && wheels < 90e6, `opencv headless + numpy wheels ${wheels}`);
  const cache = layer.estimate.parts.find((p) => /^pip cache/.test(p.label))!;
  assert.equal(cache.bytes, wheels, 'was 2.97 MB for opencv before the wheel table');
});

test('every sourced wheel says where its number comes from; measured installs keep their bytes', () => {
  for (const n of ['torch', 'tensorflow', 'jaxlib', 'opencv-python', 'scipy', 'pandas', 'jupyterlab', 'transformers', 'matplotlib']) {
    const p = pipPackageSize(n)!;
    assert.ok(p.wheelBytes, n);
    assert.match(p.source, /wheel|measured|PyPI/i, n);
  }
  assert.equal(pipPackageSize('scipy')!.confidence, 'high', 'scipy was measured locally: the sourced wheel does not replace it');
  assert.match(pipPackageSize('opencv-python')!.source, /ESTIMATE/);
});

// Held-out layers (bench/accuracy/heldout-layers.json: hylang, satosa) wrote their pins in ENV variables.
test('ENV values in pip specs are expanded; what stays a variable is unknown', () => {
  const cases: [string, RegExp | undefined, RegExp | undefined][] = [
    ['ENV V=2.31.0\nRUN pip install --no-cache-dir "requests == $V"', /^pip: requests/, undefined],
    ['ENV V=2.31.0\nRUN pip install --no-cache-dir requests==${V}', /^pip: requests/, undefined],
    ['ENV PKGS="requests flask"\nRUN pip install --no-cache-dir $PKGS', /^pip: requests, flask/, undefined],
    ['RUN pip install --no-cache-dir "requests==$NOT_SET"', undefined, /^pip: requests==\$NOT_SET/],
  ];
  for (const [body, known, unknown] of cases) {
    const parts = lastLayer(`FROM python:3.11-slim\n${body}`).estimate.parts;
    if (known) assert.ok(parts.some((p) => known.test(p.label) && !p.unknown), `${body}: ${parts.map((p) => p.label).join(' | ')}`);
    if (unknown) assert.ok(parts.some((p) => unknown.test(p.label) && p.unknown), `${body}: ${parts.map((p) => p.label).join(' | ')}`);
  }
});

test('a Debian-sourced table entry is scaled by the pip/Debian ratio measured on the table itself', () => {
  const pure = debianToPipRatio('pure');
  const native = debianToPipRatio('native');
  // 30 pure and 8 compiled packages have both a real pip install (.pyc included) and Debian's Installed-Size.
  assert.ok(pure.n >= 20 && native.n >= 5, `n ${pure.n} ${native.n}`);
  assert.ok(pure.median > 1.5 && pure.median < 2.5, `pure ${pure.median}`);
  assert.ok(native.median > pure.median, `native ${native.median}`);
  const rows: [string, 'pure' | 'native'][] = [['gunicorn', 'pure'], ['celery', 'pure'], ['aiohttp', 'native']];
  const raw = JSON.parse(readFileSync(path.join(__dirname, '../../../../data/pip-packages.json'), 'utf8')).packages;
  for (const [name, kind] of rows) {
    const r = kind === 'pure' ? pure : native;
    const p = pipPackageSize(name)!;
    assert.match(raw[name].source, /^debian /, name);
    assert.equal(p.bytes, Math.round(raw[name].bytes * r.median), name);
    assert.ok(p.low! < p.bytes && p.high! > p.bytes, name);
    assert.equal(p.confidence, 'low', name);
  }
  // Measured installs are untouched.
  assert.equal(pipPackageSize('pyyaml')!.bytes, raw.pyyaml.bytes);
});

test('names the table lacks: Debian python3-NAME (or a bare NAME on python3) stands in, with its python3 dependencies', () => {
  const cases: [string, string, string[]][] = [
    // yq is Debian's `yq` (depends on python3-yaml, -xmltodict, -toml, -argcomplete; jq is not a pip dependency).
    ['yq', 'FROM python:3.11-slim-bookworm', ['yq', 'python3-xmltodict', 'python3-yaml']],
    ['xmltodict', 'FROM python:3.11-slim-bookworm', ['python3-xmltodict']],
  ];
  for (const [name, from, debs] of cases) {
    const parts = lastLayer(`${from}\nRUN pip install --no-cache-dir ${name}`).estimate.parts;
    const stand = parts.find((p) => /Debian packages as a stand-in/.test(p.label));
    assert.ok(stand, `${name}: ${parts.map((p) => p.label).join(' | ')}`);
    assert.equal(stand!.confidence, 'low');
    assert.match(stand!.source, new RegExp(`Debian bookworm ${debs[0]}`), name);
    const n = Number(/\((\d+) Debian packages/.exec(stand!.label)![1]);
    assert.ok(n >= debs.length, `${name}: ${n} packages`);
    assert.ok(!parts.some((p) => p.label.includes('jq')), 'jq is not a pip dependency');
  }
  // Neither the table nor Debian: unknown, and it says why.
  const parts = lastLayer('FROM python:3.11-slim-bookworm\nRUN pip install --no-cache-dir satosa==8.5.1').estimate.parts;
  const u = parts.find((p) => /^pip: satosa/.test(p.label))!;
  assert.ok(u.unknown);
  assert.match(u.source, /no Debian package/);
});
