import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, ruleTests } from './testing';

ruleTests('npm-cache-kept', {
  valid: [
    `
    FROM node:22-slim
    WORKDIR /app
    COPY package*.json ./
    RUN npm ci --omit=dev && npm cache clean --force
    `,
    {
      name: 'cache mount on /root/.npm',
      code: `
      FROM node:22-slim
      RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
      `,
    },
    {
      name: 'USER node with a mount on its own ~/.npm',
      code: `
      FROM node:22-slim
      USER node
      WORKDIR /home/node/app
      RUN --mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci
      `,
    },
    {
      name: 'custom cache dir removed afterwards',
      code: `
      FROM node:22-slim
      RUN npm install --cache /tmp/npm-cache express && rm -rf /tmp/npm-cache
      `,
    },
    {
      name: 'rm -rf ~/.npm after the install',
      code: `
      FROM node:22-slim
      RUN set -eux; npm install -g npm@10; rm -rf ~/.npm
      `,
    },
    {
      name: 'heredoc cleaning up',
      code: `
      FROM node:22-slim
      RUN <<EOF
      set -eux
      npm ci
      npm cache clean --force
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM node:22-slim
      RUN npm ci \`
       && npm cache clean --force
      `,
    },
    {
      name: 'builder stage not copied from at the cache',
      code: `
      FROM node:22 AS build
      WORKDIR /app
      RUN npm ci && npm run build
      FROM nginx:alpine
      COPY --from=build /app/dist /usr/share/nginx/html
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM node:22-slim
      # size-hints ignore=npm-cache-kept
      RUN npm ci
      `,
    },
    'FROM node:22-slim\nRUN npm run build && npm test\n',
  ],
  invalid: [
    `
    FROM node:22-slim
    RUN npm install express
    #   ^^^^^^^^^^^^^^^^^^^ npm-cache-kept: /root/.npm
    `,
    {
      name: 'cleanup before the install',
      code: `
      FROM node:22-slim
      RUN npm cache clean --force && npm ci
      #                              ^^^^^^ npm-cache-kept
      `,
    },
    {
      name: 'mount on root cache while USER node runs npm',
      code: `
      FROM node:22-slim
      USER node
      RUN --mount=type=cache,target=/root/.npm npm ci
      #                                        ^^^^^^ npm-cache-kept: /home/node/.npm
      `,
    },
    {
      name: 'set -eux with continuations',
      code: `
      FROM node:22-slim
      RUN set -eux; \\
          npm ci \\
      #   ^^^^^^^^ npm-cache-kept
            --omit=dev; \\
          node -v
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM node:22-slim
      RUN <<EOF
        npm ci
      # ^^^^^^ npm-cache-kept
      EOF
      `,
    },
    {
      name: 'ONBUILD',
      code: `
      FROM node:22-slim
      ONBUILD RUN npm install
      #           ^^^^^^^^^^^ npm-cache-kept
      `,
    },
  ],
});

fixTests('npm-cache-kept', [
  {
    before: `
    FROM node:22-slim
    RUN npm ci --omit=dev
    `,
    after: `
    FROM node:22-slim
    RUN npm ci --omit=dev && npm cache clean --force
    `,
  },
  {
    name: 'heredoc gets a new last line',
    before: `
    FROM node:22-slim
    RUN <<EOF
      set -eux
      npm ci
    EOF
    `,
    after: `
    FROM node:22-slim
    RUN <<EOF
      set -eux
      npm ci
      npm cache clean --force
    EOF
    `,
  },
  {
    name: 'custom cache dir',
    before: `
    FROM node:22-slim
    RUN npm ci --cache /tmp/.npm
    `,
    after: `
    FROM node:22-slim
    RUN npm ci --cache /tmp/.npm && rm -rf /tmp/.npm
    `,
  },
]);

test('a cache known to stay under 1 MiB is a hint (issue 14 fresh3: odoo, `npm install -g rtlcss`, 930 kB)', () => {
  const sev = (code: string) => findingsFor(code).findings.filter((f) => f.rule === 'npm-cache-kept').map((f) => f.severity);
  assert.deepEqual(sev('FROM node:22-slim\nRUN npm install -g rtlcss\n'), ['hint']);
  assert.deepEqual(sev('FROM node:22-slim\nWORKDIR /app\nCOPY package.json .\nRUN npm install\n'), ['warning']);
});
