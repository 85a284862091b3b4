import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cudaRuntimeTag } from './cuda-devel-image';
import { noSafeFixTests, ruleTests } from './testing';

ruleTests('cuda-devel-image', {
  valid: [
    {
      name: 'nvcc compiles in the image',
      code: `
      FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
      COPY kernel.cu /src/
      RUN nvcc -o /usr/local/bin/kernel /src/kernel.cu
      CMD ["kernel"]
      `,
    },
    {
      name: 'a CUDA extension built from source by pip',
      code: `
      FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04
      RUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*
      RUN pip3 install --no-cache-dir torch && pip3 install --no-cache-dir flash-attn --no-build-isolation
      `,
    },
    {
      name: 'TORCH_CUDA_ARCH_LIST declares extension builds',
      code: `
      FROM nvidia/cuda:12.4.1-devel-ubuntu22.04
      ENV TORCH_CUDA_ARCH_LIST="8.0;8.6"
      RUN pip3 install --no-cache-dir -r requirements.txt
      `,
    },
    {
      name: 'devel only in the builder stage',
      code: `
      FROM nvidia/cuda:12.4.1-devel-ubuntu22.04 AS build
      RUN make
      FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04
      COPY --from=build /src/app /app
      `,
    },
    'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nRUN pip3 install torch\n',
    {
      name: 'a compiler installed by dnf5 (or microdnf) is a sign the stage builds, like dnf\'s',
      code: `
      FROM nvidia/cuda:12.4.1-devel-rockylinux9
      RUN dnf5 install -y gcc-c++ make && dnf5 clean all
      RUN pip3 install torch
      `,
    },
  ],
  invalid: [
    {
      name: 'devel image only to run torch',
      code: `
      FROM nvidia/cuda:11.0-devel-ubuntu20.04
      #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cuda-devel-image: nvidia/cuda:11.0-runtime-ubuntu20.04
      RUN apt-get update
      RUN apt-get install -y python3 python3-pip
      RUN pip3 install torch torchvision torchaudio --extra-index-url https://download.pytorch.org/whl/cu113
      `,
    },
    {
      name: 'torch-scatter from the pyg wheel index (-f) is a prebuilt wheel, not a source build (L2S, issue 14 fresh4)',
      code: `
      FROM nvidia/cuda:11.0-cudnn8-devel-ubuntu18.04
      #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cuda-devel-image: nvidia/cuda:11.0-cudnn8-runtime-ubuntu18.04
      RUN ~/env/bin/pip install torch==1.7.0 -f https://download.pytorch.org/whl/cu110/torch_stable.html \\
          && ~/env/bin/pip install torch-scatter==2.0.6 -f https://pytorch-geometric.com/whl/torch-1.7.0+cu110.html
      `,
    },
    {
      name: 'through a build argument, python3-dev is not a CUDA build',
      code: `
      ARG BASE=nvidia/cuda:9.0-cudnn7-devel-ubuntu16.04
      #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cuda-devel-image: nvidia/cuda:9.0-cudnn7-runtime-ubuntu16.04
      FROM $BASE
      RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-dev python3-pip
      RUN python3 -m pip install jupyter torch
      `,
    },
  ],
});

noSafeFixTests('cuda-devel-image', [{ name: 'the runtime tag is a suggestion', code: 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip3 install torch\n', title: /12\.4\.1-runtime-ubuntu22\.04/ }]);

test('cuda-devel-image: runtime tags', () => {
  assert.equal(cudaRuntimeTag('12.4.1-cudnn-devel-ubuntu22.04'), '12.4.1-cudnn-runtime-ubuntu22.04');
  assert.equal(cudaRuntimeTag('11.0-devel-ubuntu20.04'), '11.0-runtime-ubuntu20.04');
  assert.equal(cudaRuntimeTag('12.4.1-runtime-ubuntu22.04'), undefined);
  assert.equal(cudaRuntimeTag('12.4.1-base-ubuntu22.04'), undefined);
});
