#!/usr/bin/env node
// Merges the heavy PyPI wheels into server/data/pip-packages.json: wheel sizes as pip printed them
// ("Downloading <wheel> (<size>)") in public build logs found through the search tool (PyPI itself
// is not reachable here), each with its source. Installed bytes are estimates: the wheel times the
// installed/wheel ratio of its kind (native: CUDA/C++ libraries, 1.8, range 1.3-2.6; python: compiled
// Python packages, 4.0 as measured for numpy 4.22 / scipy 4.05 in this table). Run after gen-pip-sizes.mjs.
//
// Usage: node scripts/gen-pip-wheels.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(repoRoot, 'server/data/pip-packages.json');
const MB = 1e6;
const RATIO = { native: 1.8, python: 4.0 };
const TORCH_CU126 = 'pip log in pytorch/pytorch PR #156706 (torch 2.7.1 cp310, CUDA 12.6 wheels, 2025-06) and a public pip log of torch 2.7.0 (search-index file 56959324201), seen 2026-12-04';
// [name, version, wheel MB, kind, source, requires?]
const WHEELS = [
  ['torch', '2.7.1', 821.2, 'native', `torch-2.7.1-cp310-cp310-manylinux_2_28_x86_64.whl; ${TORCH_CU126}`,
    ['nvidia-cublas-cu12', 'nvidia-cuda-cupti-cu12', 'nvidia-cuda-nvrtc-cu12', 'nvidia-cuda-runtime-cu12', 'nvidia-cudnn-cu12', 'nvidia-cufft-cu12', 'nvidia-cufile-cu12', 'nvidia-curand-cu12', 'nvidia-cusolver-cu12', 'nvidia-cusparse-cu12', 'nvidia-cusparselt-cu12', 'nvidia-nccl-cu12', 'nvidia-nvjitlink-cu12', 'nvidia-nvtx-cu12', 'triton', 'sympy', 'networkx', 'jinja2', 'filelock', 'fsspec', 'typing-extensions']],
  ['nvidia-cublas-cu12', '12.6.4.1', 393.1, 'native', TORCH_CU126],
  ['nvidia-cuda-cupti-cu12', '12.6.80', 8.9, 'native', TORCH_CU126],
  ['nvidia-cuda-nvrtc-cu12', '12.6.77', 23.7, 'native', TORCH_CU126],
  ['nvidia-cuda-runtime-cu12', '12.6.77', 0.897, 'native', TORCH_CU126],
  ['nvidia-cudnn-cu12', '9.5.1.17', 571.0, 'native', TORCH_CU126, ['nvidia-cublas-cu12']],
  ['nvidia-cufft-cu12', '11.3.0.4', 200.2, 'native', TORCH_CU126, ['nvidia-nvjitlink-cu12']],
  ['nvidia-cufile-cu12', '1.11.1.6', 1.1, 'native', TORCH_CU126],
  ['nvidia-curand-cu12', '10.3.7.77', 56.3, 'native', TORCH_CU126],
  ['nvidia-cusolver-cu12', '11.7.1.2', 158.2, 'native', TORCH_CU126, ['nvidia-cublas-cu12', 'nvidia-cusparse-cu12', 'nvidia-nvjitlink-cu12']],
  ['nvidia-cusparse-cu12', '12.5.4.2', 216.6, 'native', TORCH_CU126, ['nvidia-nvjitlink-cu12']],
  ['nvidia-cusparselt-cu12', '0.6.3', 156.8, 'native', TORCH_CU126],
  ['nvidia-nccl-cu12', '2.26.2', 201.3, 'native', TORCH_CU126],
  ['nvidia-nvjitlink-cu12', '12.6.85', 19.7, 'native', TORCH_CU126],
  ['nvidia-nvtx-cu12', '12.6.77', 0.089, 'native', TORCH_CU126],
  ['triton', '3.3.0', 156.4, 'native', `triton-3.3.0-cp39 manylinux_2_28_x86_64; ${TORCH_CU126}`],
  ['tensorflow', '2.19.1', 644.8, 'native', 'tensorflow-2.19.1-cp39-cp39-manylinux_2_17_x86_64.whl (644.8 MB) in a public pip log (search-index file 60321753269); 2.17.0 cp39: 601.3 MB (file 14889261875); seen 2026-12-04'],
  ['jaxlib', '0.4.38', 101.7, 'native', 'jaxlib-0.4.38-cp310-cp310-manylinux2014_x86_64.whl (101.7 MB) in a public pip log (search-index file 40728062263), seen 2026-12-04', ['numpy', 'scipy']],
  ['jax', '0.4.38', 2.2, 'python', 'jax-0.4.38-py3-none-any.whl (2.2 MB), same log as jaxlib', ['jaxlib', 'numpy', 'scipy']],
  ['opencv-python-headless', '4.13.0.92', 60.4, 'native', 'opencv_python_headless-4.13.0.92-cp37-abi3-manylinux_2_28_x86_64.whl (60.4 MB) in a public pip log (search-index file 60597494394), seen 2026-12-04', ['numpy']],
  ['opencv-python', '4.13.0.92', 80.6, 'native', 'ESTIMATE: headless x86_64 60.4 MB x (opencv_python 46.7 MB / headless 35.0 MB, both 4.13.0.92 manylinux_2_28_aarch64 in one public pip log, search-index file 56639001349)', ['numpy']],
  ['scipy', '1.15.3', 37.7, 'python', 'scipy-1.15.3-cp310-cp310-manylinux_2_17_x86_64.whl (37.7 MB) in a public docker build log (search-index file 28793328154), seen 2026-12-04', ['numpy']],
  ['pandas', '2.2.3', 13.1, 'python', 'pandas-2.2.3-cp311-cp311-manylinux_2_17_x86_64.whl (13.1 MB) in a public build log (search-index file 15017538421), seen 2026-12-04', ['numpy', 'python-dateutil', 'pytz', 'tzdata']],
  ['matplotlib', '3.8.3', 11.6, 'python', 'matplotlib-3.8.3-cp310-cp310-manylinux_2_17_x86_64.whl (11.6 MB) in a public pip log (search-index file 15021619683), seen 2026-12-04', ['numpy', 'pillow', 'python-dateutil', 'packaging', 'pyparsing', 'cycler', 'kiwisolver', 'fonttools', 'contourpy']],
  ['jupyterlab', '4.5.1', 12.4, 'python', 'jupyterlab-4.5.1-py3-none-any.whl (12.4 MB) in a public pip log (search-index file 22696253524), seen 2026-12-04; its ~20 dependencies (jupyter-server, notebook-shim, ipykernel ...) are not in this table', ['jinja2', 'packaging', 'tornado', 'traitlets', 'jupyter-server', 'ipykernel']],
  ['transformers', '4.33.2', 7.6, 'python', 'transformers-4.33.2-py3-none-any.whl (7.6 MB) in a public pip log (search-index file 2931897687), seen 2026-12-04; newer releases are larger', ['numpy', 'packaging', 'pyyaml', 'regex', 'requests', 'tqdm', 'huggingface-hub', 'tokenizers', 'safetensors', 'filelock']],
];

const data = JSON.parse(readFileSync(out, 'utf8'));
for (const [name, version, wheelMB, kind, source, requires] of WHEELS) {
  const wheelBytes = Math.round(wheelMB * MB);
  const previous = data.packages[name];
  // A measured local install (confidence high) keeps its installed bytes; the sourced wheel is added.
  const measured = previous?.confidence === 'high';
  data.packages[name] = {
    ...(measured ? previous : {}),
    bytes: measured ? previous.bytes : Math.round(wheelBytes * RATIO[kind]),
    wheelBytes,
    wheelBytesSourced: true,
    version: measured ? previous.version : version,
    confidence: measured ? 'high' : 'low',
    source: measured ? previous.source : `installed ≈ wheel x ${RATIO[kind]} (estimate for ${kind} wheels); wheel ${version}: ${source}`,
    wheelSource: source,
    ...(requires ? { requires } : measured ? {} : previous?.requires ? { requires: previous.requires } : {}),
    kind: measured ? previous.kind : `wheel-${kind}`,
  };
  if (!measured && previous?.source) data.packages[name].debian = { bytes: previous.bytes, source: previous.source };
}
data.packages = Object.fromEntries(Object.entries(data.packages).sort(([a], [b]) => a.localeCompare(b)));
data.wheels = 'scripts/gen-pip-wheels.mjs: wheel sizes of the heavy packages from public pip logs (wheelBytesSourced: true, wheelSource); their installed bytes are estimates (wheel x 1.8 for native-library wheels, x 4.0 for compiled Python ones), confidence low';
writeFileSync(out, JSON.stringify(data, null, 1) + '\n');
console.error(`merged ${WHEELS.length} sourced wheels into ${out}`);
