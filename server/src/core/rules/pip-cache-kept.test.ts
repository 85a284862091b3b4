import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('pip-cache-kept', {
  valid: [
    `
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    `,
    {
      name: 'general option before the subcommand',
      code: `
      FROM python:3.12-slim
      RUN pip3 --no-cache-dir install flask
      `,
    },
    {
      name: 'python official image idiom (python -m pip)',
      code: `
      FROM python:3.12-slim
      RUN set -eux; python -m pip install --no-cache-dir --upgrade pip setuptools; python -m pip --version
      `,
    },
    {
      name: 'ENV PIP_NO_CACHE_DIR',
      code: `
      FROM python:3.12-slim
      ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
      RUN pip install flask
      `,
    },
    {
      name: 'PIP_NO_CACHE_DIR inherited through FROM <stage>',
      code: `
      FROM python:3.12-slim AS base
      ENV PIP_NO_CACHE_DIR=true
      FROM base AS app
      RUN pip install flask
      `,
    },
    {
      name: 'exported in the same RUN before the install',
      code: `
      FROM python:3.12-slim
      RUN export PIP_NO_CACHE_DIR=1 && pip install flask
      `,
    },
    {
      name: 'inline assignment (pip also honours off/false: any boolean disables the cache)',
      code: `
      FROM python:3.12-slim
      RUN PIP_NO_CACHE_DIR=off pip install flask
      `,
    },
    {
      name: 'cache mount on root cache',
      code: `
      FROM python:3.12-slim
      RUN --mount=type=cache,target=/root/.cache/pip pip install flask
      `,
    },
    {
      name: 'cache mount on the whole ~/.cache',
      code: `
      FROM python:3.12-slim
      RUN --mount=type=cache,target=/root/.cache pip install flask
      `,
    },
    {
      name: 'USER switch with a mount on that user cache',
      code: `
      FROM python:3.12-slim
      RUN useradd -m app
      USER app
      RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1000 pip install --user flask
      `,
    },
    {
      name: 'removed after the install in the same RUN',
      code: `
      FROM python:3.12-slim
      RUN pip install flask && rm -rf /root/.cache/pip
      `,
    },
    {
      name: 'rm -rf ~/.cache after the install',
      code: `
      FROM python:3.12-slim
      RUN pip install flask \\
       && rm -rf ~/.cache
      `,
    },
    {
      name: 'pip cache purge after the install',
      code: `
      FROM python:3.12-slim
      RUN pip install flask && pip cache purge
      `,
    },
    {
      name: 'heredoc with --no-cache-dir',
      code: `
      FROM python:3.12-slim
      RUN <<EOF
      set -eux
      pip install --no-cache-dir flask
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM python:3.12-slim
      RUN pip install \`
          --no-cache-dir flask
      `,
    },
    {
      name: 'build-only stage whose cache is not copied',
      code: `
      FROM python:3.12-slim AS build
      RUN pip install --prefix=/install flask
      FROM python:3.12-slim
      COPY --from=build /install /usr/local
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM python:3.12-slim
      # hadolint ignore=DL3042
      RUN pip install flask
      `,
    },
    // Ported from hadolint test/Hadolint/Rule/DL3042Spec.hs. Where we differ: hadolint treats
    // PIP_NO_CACHE_DIR=0/off/no/false as "cache on"; pip disables its cache for any value of the
    // variable (backwards compatibility in pip's option handling), so we accept them (see above).
    {
      name: 'hadolint DL3042: pipx is not pip',
      code: `
      FROM python:3.12-slim
      RUN pipx install software
      `,
    },
    {
      name: 'hadolint DL3042: --no-cache-dir after the package',
      code: `
      FROM python:3.12-slim
      RUN pip2 install MySQL_python --no-cache-dir
      `,
    },
    {
      name: 'not an install',
      code: `
      FROM python:3.12-slim
      RUN pip freeze > requirements.txt && pip --version
      `,
    },
  ],
  invalid: [
    `
    FROM python:3.12-slim
    RUN pip install flask
    #   ^^^^^^^^^^^^^^^^^ pip-cache-kept: add --no-cache-dir
    `,
    {
      name: 'python3 -m pip',
      code: `
      FROM python:3.12-slim
      RUN python3 -m pip install -r requirements.txt
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ pip-cache-kept: size unknown
      `,
    },
    {
      name: 'mount on root cache while USER app runs pip',
      code: `
      FROM python:3.12-slim
      RUN useradd -m app
      USER app
      RUN --mount=type=cache,target=/root/.cache/pip pip install --user flask
      #                                              ^^^^^^^^^^^^^^^^^^^^^^^^ pip-cache-kept: not the cache of user app
      `,
    },
    {
      name: 'cleanup before the install does not count',
      code: `
      FROM python:3.12-slim
      RUN rm -rf /root/.cache/pip && pip install flask
      #                              ^^^^^^^^^^^^^^^^^ pip-cache-kept
      `,
    },
    {
      name: 'export after the install does not count; a bare assignment is not exported',
      code: `
      FROM python:3.12-slim
      RUN PIP_NO_CACHE_DIR=1; pip install flask; export PIP_NO_CACHE_DIR=1
      #                       ^^^^^^^^^^^^^^^^^ pip-cache-kept
      `,
    },
    {
      name: 'set -eux with semicolons and continuations',
      code: `
      FROM python:3.12-slim
      RUN set -eux; \\
          pip install \\
      #   ^^^^^^^^^^^^^ pip-cache-kept
              flask gunicorn; \\
          python -c 'import flask'
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM python:3.12-slim
      RUN <<EOF
        set -eux
        pip install flask
      # ^^^^^^^^^^^^^^^^^ pip-cache-kept
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM python:3.12-slim
      RUN pip install \`
      #   ^^^^^^^^^^^^^^ pip-cache-kept
          flask
      `,
    },
    {
      name: 'ONBUILD RUN',
      code: `
      FROM python:3.12-slim
      ONBUILD RUN pip install -r requirements.txt
      #           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ pip-cache-kept
      `,
    },
    {
      name: 'hadolint DL3042: PIP_NO_CACHE_DIR of another stage is not inherited',
      code: `
      FROM python:3.12-slim AS base
      ENV PIP_NO_CACHE_DIR=1
      FROM python:3.12-slim
      RUN pip install six
      #   ^^^^^^^^^^^^^^^ pip-cache-kept
      `,
    },
    {
      name: 'hadolint DL3042: pip3',
      code: `
      FROM python:3.12-slim
      RUN pip3 install MySQL_python
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^ pip-cache-kept
      `,
    },
    {
      name: 'stage that the shipped stage is built FROM',
      code: `
      FROM python:3.12-slim AS base
      RUN pip install flask
      #   ^^^^^^^^^^^^^^^^^ pip-cache-kept
      FROM base
      CMD ["flask", "run"]
      `,
    },
  ],
});

fixTests('pip-cache-kept', [
  {
    before: `
    FROM python:3.12-slim
    RUN pip install flask
    `,
    after: `
    FROM python:3.12-slim
    RUN pip install --no-cache-dir flask
    `,
  },
  {
    name: 'python -m pip in a set -eux script',
    before: `
    FROM python:3.12-slim
    RUN set -eux; python3 -m pip install -U pip; pip --version
    `,
    after: `
    FROM python:3.12-slim
    RUN set -eux; python3 -m pip install --no-cache-dir -U pip; pip --version
    `,
  },
  {
    name: 'heredoc',
    before: `
    FROM python:3.12-slim
    RUN <<EOF
    pip install flask
    EOF
    `,
    after: `
    FROM python:3.12-slim
    RUN <<EOF
    pip install --no-cache-dir flask
    EOF
    `,
  },
]);

// hadolint's DL3042 leaves pipenv alone (it is about pip's flag); the bytes are the same kind of waste: pipenv and poetry keep
// their own download caches (issue 14, second fresh batch: ICHack-25/app's `python -m pipenv install`, a poetry devcontainer).
test('pip-cache-kept: poetry and pipenv keep their own caches: reported with the path, no fix (issue 14)', () => {
  const found = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'pip-cache-kept').map((f) => ({ message: f.message, fixes: f.fixes.length }));
  const pipenv = found('FROM python:3.12-slim\nCOPY Pipfile Pipfile.lock ./\nRUN python -m pipenv install\n');
  assert.equal(pipenv.length, 1);
  assert.match(pipenv[0].message, /pipenv keeps its download cache .* in \/root\/\.cache\/pipenv/);
  assert.equal(pipenv[0].fixes, 0);
  const poetry = found('FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry\nCOPY pyproject.toml poetry.lock ./\nRUN poetry config virtualenvs.create false && poetry install\n');
  assert.equal(poetry.length, 1);
  assert.match(poetry[0].message, /poetry keeps its download cache .* in \/root\/\.cache\/pypoetry/);
  // Removed in the same RUN, or turned off: nothing kept.
  assert.deepEqual(found('FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry\nRUN poetry install && rm -rf /root/.cache/pypoetry\n'), []);
  assert.deepEqual(found('FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry\nENV POETRY_NO_CACHE=1\nRUN poetry install\n'), []);
  assert.deepEqual(found('FROM python:3.12-slim\nENV PIPENV_CACHE_DIR=/tmp/pc\nRUN pipenv install && rm -rf /tmp/pc\n'), []);
});

test('a cache known to stay under 1 MiB is a hint; a larger or unknown one stays a warning (issue 14 fresh3: gunicorn, 203 kB)', () => {
  const sev = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'pip-cache-kept').map((f) => f.severity);
  assert.deepEqual(sev('FROM python:3.12-slim\nRUN pip install gunicorn\n'), ['hint']);
  assert.deepEqual(sev('FROM python:3.12-slim\nRUN pip install numpy\n'), ['warning']);
  assert.deepEqual(sev('FROM python:3.12-slim\nRUN pip install -r requirements.txt\n'), ['warning']);
});
