import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('pnpm-store-kept', {
  valid: [
    {
      name: 'pnpm docs idiom: PNPM_HOME and a cache mount on its store',
      code: `
      FROM node:22-slim
      ENV PNPM_HOME="/pnpm"
      ENV PATH="$PNPM_HOME:$PATH"
      RUN corepack enable
      RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --prod --frozen-lockfile
      `,
    },
    {
      name: 'cache mount on the default store',
      code: `
      FROM node:22-slim
      RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --frozen-lockfile
      `,
    },
    {
      name: 'pruned afterwards',
      code: `
      FROM node:22-slim
      RUN pnpm install --frozen-lockfile && pnpm store prune
      `,
    },
    {
      name: 'builder stage',
      code: `
      FROM node:22 AS build
      RUN pnpm install && pnpm build
      FROM nginx:alpine
      COPY --from=build /app/dist /usr/share/nginx/html
      `,
    },
  ],
  invalid: [
    `
    FROM node:22-slim
    RUN pnpm install --frozen-lockfile
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ pnpm-store-kept: /root/.local/share/pnpm/store
    `,
    {
      name: 'mount on the wrong store (PNPM_HOME moves it)',
      code: `
      FROM node:22-slim
      ENV PNPM_HOME=/pnpm
      RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install
      #                                                           ^^^^^^^^^^^^ pnpm-store-kept: /pnpm/store
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM node:22-slim
      RUN <<EOF
        pnpm install
      # ^^^^^^^^^^^^ pnpm-store-kept
      EOF
      `,
    },
  ],
});

fixTests('pnpm-store-kept', [
  {
    before: `
    FROM node:22-slim
    RUN pnpm install --frozen-lockfile
    `,
    after: `
    FROM node:22-slim
    RUN pnpm install --frozen-lockfile && pnpm store prune
    `,
  },
]);

test('pnpm-store-kept: an install that links node_modules to the store in the same layer is a hint; a copy import stays info (collabsheet, issue 14 fresh4)', () => {
  const sev = (run: string) => findingsFor(`FROM node:22-slim\nWORKDIR /app\nRUN ${run}\nCMD ["node", "index.js"]\n`).findings.filter((f) => f.rule === 'pnpm-store-kept').map((f) => f.severity);
  assert.deepEqual(sev('pnpm install'), ['hint']);
  assert.deepEqual(sev('pnpm install --package-import-method=copy'), ['info']);
});
