/** The wheel pip picks, on real PyPI file names (torch 2.7.1, opencv 4.13.0.92, numpy). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markerApplies, pickWheel, wheelDependencies } from './pypiWheels';

const torch = {
  info: {
    version: '2.7.1',
    requires_dist: [
      'filelock',
      'nvidia-cudnn-cu12==9.5.1.17; platform_system == "Linux" and platform_machine == "x86_64"',
      'triton==3.3.1; platform_system == "Linux" and platform_machine == "x86_64"',
      'opt-einsum>=3.3; extra == "opt-einsum"',
      'pywin32; sys_platform == "win32"',
    ],
  },
  urls: [
    { filename: 'torch-2.7.1-cp310-cp310-manylinux_2_28_x86_64.whl', size: 821_200_000 },
    { filename: 'torch-2.7.1-cp311-cp311-manylinux_2_28_x86_64.whl', size: 821_300_000 },
    { filename: 'torch-2.7.1-cp311-cp311-manylinux_2_28_aarch64.whl', size: 99_000_000 },
    { filename: 'torch-2.7.1-cp311-none-macosx_11_0_arm64.whl', size: 68_000_000 },
    { filename: 'torch-2.7.1-cp311-cp311-win_amd64.whl', size: 216_000_000 },
  ],
};

test('the wheel for the Python tag and platform', () => {
  assert.equal(pickWheel(torch, 'cp311', 'manylinux_x86_64')?.size, 821_300_000);
  assert.equal(pickWheel(torch, 'cp311', 'manylinux_aarch64')?.size, 99_000_000);
  assert.equal(pickWheel(torch, 'cp313', 'manylinux_x86_64'), undefined, 'no cp313 wheel: pip would build the sdist');
  const opencv = { urls: [{ filename: 'opencv_python_headless-4.13.0.92-cp37-abi3-manylinux_2_28_x86_64.whl', size: 60_400_000 }, { filename: 'opencv_python_headless-4.13.0.92-cp37-abi3-musllinux_1_2_x86_64.whl', size: 58_000_000 }] };
  assert.equal(pickWheel(opencv, 'cp312', 'manylinux_x86_64')?.size, 60_400_000, 'abi3 fits every later CPython');
  assert.equal(pickWheel(opencv, 'cp312', 'musllinux_x86_64')?.size, 58_000_000);
  const pure = { urls: [{ filename: 'requests-2.32.3-py3-none-any.whl', size: 64_928 }, { filename: 'requests-2.32.3.tar.gz', size: 131_218 }] };
  assert.equal(pickWheel(pure, 'cp311', 'musllinux_aarch64')?.size, 64_928);
});

test('dependencies with Linux markers count, extras and other OSes do not', () => {
  assert.deepEqual(wheelDependencies(torch, 'cp311', 'manylinux_x86_64'), ['filelock', 'nvidia-cudnn-cu12', 'triton']);
  assert.deepEqual(wheelDependencies(torch, 'cp311', 'manylinux_aarch64'), ['filelock']);
  assert.equal(markerApplies(' python_version < "3.11"', 'cp310', 'manylinux_x86_64'), true);
  assert.equal(markerApplies(' python_version < "3.11"', 'cp312', 'manylinux_x86_64'), false);
});
