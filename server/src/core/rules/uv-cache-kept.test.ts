import { fixTests, ruleTests } from './testing';

ruleTests('uv-cache-kept', {
  valid: [
    `
    FROM python:3.12-slim
    RUN uv pip install --system --no-cache flask
    `,
    {
      name: 'uv docs idiom: cache mount on /root/.cache/uv',
      code: `
      FROM python:3.12-slim
      COPY --from=ghcr.io/astral-sh/uv:latest /uv /uvx /bin/
      RUN --mount=type=cache,target=/root/.cache/uv \\
          --mount=type=bind,source=uv.lock,target=uv.lock \\
          uv sync --locked --no-install-project
      `,
    },
    {
      name: 'ENV UV_NO_CACHE',
      code: `
      FROM python:3.12-slim
      ENV UV_NO_CACHE=1
      RUN uv sync --frozen
      `,
    },
    {
      name: 'UV_CACHE_DIR under a cache mount',
      code: `
      FROM python:3.12-slim
      ENV UV_CACHE_DIR=/opt/uv-cache
      RUN --mount=type=cache,target=/opt/uv-cache uv sync --frozen
      `,
    },
    {
      name: 'uv cache clean after',
      code: `
      FROM python:3.12-slim
      RUN set -eux; uv pip install --system flask; uv cache clean
      `,
    },
    {
      name: 'USER switch with the mount on that user cache',
      code: `
      FROM python:3.12-slim
      USER app
      WORKDIR /home/app/src
      RUN --mount=type=cache,target=/home/app/.cache/uv,uid=1000 uv sync
      `,
    },
    {
      name: 'heredoc with -n',
      code: `
      FROM python:3.12-slim
      RUN <<EOF
      uv sync -n --frozen
      EOF
      `,
    },
    {
      name: 'builder stage',
      code: `
      FROM python:3.12-slim AS build
      RUN uv sync --frozen
      FROM python:3.12-slim
      COPY --from=build /app/.venv /app/.venv
      `,
    },
    {
      name: 'size-hints ignore',
      code: `
      FROM python:3.12-slim
      # size-hints ignore=uv-cache-kept
      RUN uv sync --frozen
      `,
    },
  ],
  invalid: [
    `
    FROM python:3.12-slim
    RUN uv pip install --system flask
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ uv-cache-kept: /root/.cache/uv
    `,
    {
      name: 'mount on root cache while USER app runs uv',
      code: `
      FROM python:3.12-slim
      USER app
      RUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen
      #                                             ^^^^^^^^^^^^^^^^ uv-cache-kept: /home/app/.cache/uv
      `,
    },
    {
      name: 'set -eux; continuation',
      code: `
      FROM python:3.12-slim
      RUN set -eux; \\
          uv sync \\
      #   ^^^^^^^^^ uv-cache-kept
            --frozen; \\
          uv run python -V
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM python:3.12-slim
      RUN <<EOF
        uv sync --frozen
      # ^^^^^^^^^^^^^^^^ uv-cache-kept
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM python:3.12-slim
      RUN uv sync \`
      #   ^^^^^^^^^^ uv-cache-kept
          --frozen
      `,
    },
  ],
});

fixTests('uv-cache-kept', [
  {
    before: `
    FROM python:3.12-slim
    RUN uv pip install --system flask
    `,
    after: `
    FROM python:3.12-slim
    RUN uv pip install --no-cache --system flask
    `,
  },
  {
    name: 'uv sync',
    before: `
    FROM python:3.12-slim
    RUN uv sync --frozen && uv run python -V
    `,
    after: `
    FROM python:3.12-slim
    RUN uv sync --no-cache --frozen && uv run python -V
    `,
  },
]);
