import { fixTests, ruleTests } from './testing';

ruleTests('conda-cache-kept', {
  valid: [
    `
    FROM continuumio/miniconda3
    RUN conda install -y numpy && conda clean -afy
    `,
    {
      name: 'env create, clean --all -f -y',
      code: `
      FROM continuumio/miniconda3
      COPY environment.yml .
      RUN conda env create -f environment.yml && conda clean --all -f -y
      `,
    },
    {
      name: 'micromamba image idiom',
      code: `
      FROM mambaorg/micromamba:1.5
      COPY env.yaml /tmp/env.yaml
      RUN micromamba install -y -n base -f /tmp/env.yaml && \\
          micromamba clean --all --yes
      `,
    },
    {
      name: 'jupyter docker-stacks idiom (set -eux style with mamba)',
      code: `
      FROM quay.io/jupyter/base-notebook
      RUN mamba install --yes 'jupyterlab' 'notebook' && \\
          mamba clean --all -f -y && \\
          fix-permissions "\${CONDA_DIR}"
      `,
    },
    {
      name: 'pkgs removed by rm',
      code: `
      FROM continuumio/miniconda3
      RUN conda install -y numpy; rm -rf /opt/conda/pkgs/*
      `,
    },
    {
      name: 'cache mount on pkgs',
      code: `
      FROM continuumio/miniconda3
      RUN --mount=type=cache,target=/opt/conda/pkgs conda install -y numpy
      `,
    },
    {
      name: 'CONDA_PKGS_DIRS into a cache mount',
      code: `
      FROM continuumio/miniconda3
      ENV CONDA_PKGS_DIRS=/cache/conda
      RUN --mount=type=cache,target=/cache conda install -y numpy
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM continuumio/miniconda3
      RUN <<EOF
      set -eux
      conda install -y numpy
      conda clean -afy
      EOF
      `,
    },
    {
      name: 'builder stage not copying pkgs',
      code: `
      FROM continuumio/miniconda3 AS build
      RUN conda create -p /env -y numpy
      FROM debian:bookworm-slim
      COPY --from=build /env /env
      `,
    },
    {
      name: 'installer, then conda clean -tipsy (the packages go with -p) (issue 14)',
      code: `
      FROM debian:bookworm-slim
      RUN curl -fsSLo ~/miniconda.sh https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh && bash ~/miniconda.sh -b -p /opt/conda && rm ~/miniconda.sh && /opt/conda/bin/conda clean -tipsy
      `,
    },
    {
      name: 'installer, then rm -rf of its pkgs',
      code: `
      FROM debian:bookworm-slim
      RUN bash /tmp/Miniforge3-Linux-x86_64.sh -b -p /opt/conda && rm -rf /opt/conda/pkgs
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM continuumio/miniconda3
      # size-hints ignore=conda-cache-kept
      RUN conda install -y numpy
      `,
    },
  ],
  invalid: [
    `
    FROM continuumio/miniconda3
    RUN conda install -y numpy
    #   ^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept: /opt/conda/pkgs
    `,
    {
      name: 'clean of the index cache only',
      code: `
      FROM continuumio/miniconda3
      RUN conda env create -f environment.yml && conda clean -i -y
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept
      `,
    },
    {
      name: 'partial clean: -i -l -t leaves the extracted packages (issue 14)',
      code: `
      FROM continuumio/miniconda3
      RUN conda install -y numpy && conda clean -i -l -t -y
      #   ^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept: leaves the extracted packages in /opt/conda/pkgs
      `,
    },
    {
      name: 'Miniconda installer without a clean (issue 14)',
      code: `
      FROM debian:bookworm-slim
      RUN bash /tmp/Miniconda3-latest-Linux-x86_64.sh -b -p /opt/conda && rm /tmp/Miniconda3-latest-Linux-x86_64.sh
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept: Miniconda3 installer leaves its packages in /opt/conda/pkgs
      `,
    },
    {
      name: 'installer prefix in an ENV variable: the variable\'s path, not the default ~/miniconda3',
      code: `
      FROM debian:bookworm-slim
      ENV CONDA_DIR=/opt/conda
      RUN bash /tmp/Miniconda3-latest-Linux-x86_64.sh -b -p $CONDA_DIR && rm /tmp/Miniconda3-latest-Linux-x86_64.sh
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept: Miniconda3 installer leaves its packages in /opt/conda/pkgs
      `,
    },
    {
      name: 'clean before the install',
      code: `
      FROM continuumio/miniconda3
      RUN conda clean -afy; conda install -y numpy
      #                     ^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept
      `,
    },
    {
      name: 'binary path gives the root',
      code: `
      FROM debian:bookworm-slim
      RUN /opt/miniforge/bin/mamba install -y numpy
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept: /opt/miniforge/pkgs
      `,
    },
    {
      name: 'builder stage whose whole root is copied',
      code: `
      FROM continuumio/miniconda3 AS build
      RUN conda install -y numpy
      #   ^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept
      FROM debian:bookworm-slim
      COPY --from=build /opt/conda /opt/conda
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM continuumio/miniconda3
      RUN <<EOF
        conda install -y numpy
      # ^^^^^^^^^^^^^^^^^^^^^^ conda-cache-kept
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM continuumio/miniconda3
      RUN conda install -y \`
      #   ^^^^^^^^^^^^^^^^^^^ conda-cache-kept
          numpy
      `,
    },
  ],
});

fixTests('conda-cache-kept', [
  {
    before: `
    FROM continuumio/miniconda3
    RUN conda install -y numpy
    `,
    after: `
    FROM continuumio/miniconda3
    RUN conda install -y numpy && conda clean -afy
    `,
  },
  {
    name: 'micromamba',
    before: `
    FROM mambaorg/micromamba:1.5
    RUN micromamba install -y -n base numpy
    `,
    after: `
    FROM mambaorg/micromamba:1.5
    RUN micromamba install -y -n base numpy && micromamba clean --all --yes
    `,
  },
  {
    name: 'a partial clean becomes a whole one, with the binary the file used',
    before: `
    FROM debian:bookworm-slim
    RUN /opt/conda/bin/conda install -y numpy && /opt/conda/bin/conda clean -i -l -t -y
    `,
    after: `
    FROM debian:bookworm-slim
    RUN /opt/conda/bin/conda install -y numpy && /opt/conda/bin/conda clean -afy
    `,
  },
  {
    name: 'the installer with its prefix in a variable: the clean runs the conda the installer put there (issue 13)',
    before: `
    FROM debian:bookworm-slim
    ARG CONDA_DIR=/opt/conda
    RUN bash /tmp/Miniforge3-Linux-x86_64.sh -b -p "\${CONDA_DIR}"
    `,
    after: `
    FROM debian:bookworm-slim
    ARG CONDA_DIR=/opt/conda
    RUN bash /tmp/Miniforge3-Linux-x86_64.sh -b -p "\${CONDA_DIR}" && /opt/conda/bin/conda clean -afy
    `,
  },
  {
    name: 'a prefix variable the file does not set stays for the shell to expand',
    before: `
    FROM debian:bookworm-slim
    RUN bash /tmp/Miniconda3-latest-Linux-x86_64.sh -b -p $PREFIX
    `,
    after: `
    FROM debian:bookworm-slim
    RUN bash /tmp/Miniconda3-latest-Linux-x86_64.sh -b -p $PREFIX && $PREFIX/bin/conda clean -afy
    `,
  },
  {
    name: 'the installer: the prefix\'s conda cleans',
    before: `
    FROM debian:bookworm-slim
    RUN bash ~/miniconda.sh -b -p /opt/conda
    `,
    after: `
    FROM debian:bookworm-slim
    RUN bash ~/miniconda.sh -b -p /opt/conda && /opt/conda/bin/conda clean -afy
    `,
  },
]);
