import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('apk-build-deps-kept', {
  valid: [
    `
    FROM alpine:3.20
    RUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install cffi && apk del .build-deps
    `,
    {
      name: 'node official image idiom',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache \\
              libstdc++ \\
          && apk add --no-cache --virtual .build-deps-full \\
              binutils-gold \\
              g++ \\
              gcc \\
              linux-headers \\
              make \\
              python3 \\
          && make -j$(getconf _NPROCESSORS_ONLN) V= \\
          && make install \\
          && apk del .build-deps-full
      `,
    },
    {
      name: 'python official image idiom (set -eux; --no-network)',
      code: `
      FROM alpine:3.20
      RUN set -eux; \\
          apk add --no-cache --virtual .build-deps \\
              bzip2-dev \\
              gcc \\
              libffi-dev \\
              linux-headers \\
              make \\
              musl-dev \\
          ; \\
          make -j "$(nproc)"; \\
          make install; \\
          apk add --no-cache --virtual .python-rundeps $runDeps; \\
          apk del --no-network .build-deps
      `,
    },
    {
      name: 'deleted by name',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache gcc musl-dev && make && apk del gcc musl-dev
      `,
    },
    {
      name: 'runtime packages only',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache curl ca-certificates libpq
      `,
    },
    {
      name: 'build-only stage (shippedOnly)',
      code: `
      FROM alpine:3.20 AS build
      RUN apk add --no-cache build-base && make
      FROM alpine:3.20
      COPY --from=build /src/app /usr/local/bin/app
      `,
    },
    {
      name: 'heredoc with del',
      code: `
      FROM alpine:3.20
      RUN <<EOF
      set -eux
      apk add --no-cache --virtual .build-deps gcc musl-dev
      pip install cffi
      apk del .build-deps
      EOF
      `,
    },
    {
      name: 'variable package list (php image)',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache --virtual .phpize-deps $PHPIZE_DEPS
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM alpine:3.20
      # size-hints ignore=apk-build-deps-kept
      RUN apk add --no-cache gcc
      `,
    },
  ],
  invalid: [
    `
    FROM alpine:3.20
    RUN apk add --no-cache gcc musl-dev && pip install cffi
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept: gcc, musl-dev
    `,
    {
      name: 'virtual group never deleted',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache --virtual .build-deps build-base && make
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept: apk del .build-deps
      `,
    },
    {
      name: 'deleted only in a later RUN',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache --virtual .build-deps gcc && make
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept
      RUN apk del .build-deps
      `,
    },
    {
      name: 'delete before the add does not count',
      code: `
      FROM alpine:3.20
      RUN apk del gcc; apk add --no-cache gcc; make
      #                ^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept
      `,
    },
    {
      name: 'mixed with runtime packages, continuation',
      code: `
      FROM alpine:3.20
      RUN apk add --no-cache \\
      #   ^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept: postgresql-dev
            libpq postgresql-dev \\
       && pip install psycopg2
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.20
      RUN <<EOF
        apk add --no-cache cmake linux-headers
      # ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept
        cmake --build build
      EOF
      `,
    },
    {
      name: 'stage the shipped one is built FROM',
      code: `
      FROM alpine:3.20 AS base
      RUN apk add --no-cache build-base
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apk-build-deps-kept
      FROM base
      CMD ["sh"]
      `,
    },
  ],
});

fixTests('apk-build-deps-kept', [
  {
    name: 'only build packages',
    before: `
    FROM alpine:3.20
    RUN apk add --no-cache gcc musl-dev && pip install cffi
    `,
    after: `
    FROM alpine:3.20
    RUN apk add --virtual .build-deps --no-cache gcc musl-dev && pip install cffi && apk del .build-deps
    `,
  },
  {
    name: 'virtual group never deleted',
    before: `
    FROM alpine:3.20
    RUN apk add --no-cache --virtual .build-deps build-base && make
    `,
    after: `
    FROM alpine:3.20
    RUN apk add --no-cache --virtual .build-deps build-base && make && apk del .build-deps
    `,
  },
  {
    name: 'mixed: split',
    before: `
    FROM alpine:3.20
    RUN apk add --no-cache libpq postgresql-dev gcc && pip install psycopg2
    `,
    after: `
    FROM alpine:3.20
    RUN apk add --no-cache libpq && apk add --no-cache --virtual .build-deps postgresql-dev gcc && pip install psycopg2 && apk del .build-deps
    `,
  },
]);

test('apk-build-deps-kept: a toolchain image (gcc and musl-dev as rustc\'s linker) gets a hint; an app a warning (issue 14)', () => {
  const rust = findingsFor('FROM alpine:3.22\nRUN apk add --no-cache ca-certificates gcc musl-dev\nENV PATH=/usr/local/cargo/bin:$PATH\n').findings.filter((f) => f.rule === 'apk-build-deps-kept');
  assert.deepEqual(rust.map((f) => f.severity), ['hint']);
  const app = findingsFor('FROM python:3.12-alpine\nRUN apk add --no-cache gcc musl-dev\nCOPY . /app\nRUN pip install --no-cache-dir /app\nCMD ["python", "-m", "app"]\n').findings.filter((f) => f.rule === 'apk-build-deps-kept');
  assert.deepEqual(app.map((f) => f.severity), ['warning']);
});
