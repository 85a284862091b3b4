// pip installs priced from the sourced wheel table (scripts/gen-pip-wheels.mjs) and the measured installs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../parse/dockerfile';
import { buildSizeModel } from '../sizeModel';
import { pipClosure } from './pip';
import { pipPackageSize } from '../../data/pipSizes';

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
