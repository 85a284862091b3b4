import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsFor, fixTests, noSafeFixTests, ruleTests } from './testing';

const pkg = JSON.stringify({ name: 'app', dependencies: { express: '^5' }, devDependencies: { typescript: '^5', jest: '^29' } });
const prodOnly = JSON.stringify({ name: 'app', dependencies: { express: '^5' } });

ruleTests('npm-dev-dependencies', {
  valid: [
    {
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY package*.json ./
      RUN npm ci --omit=dev
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'ENV NODE_ENV=production',
      code: `
      FROM node:22-slim
      ENV NODE_ENV=production
      WORKDIR /app
      COPY package*.json ./
      RUN npm ci
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'ARG NODE_ENV=production in the stage',
      code: `
      FROM node:22-slim
      ARG NODE_ENV=production
      WORKDIR /app
      COPY package.json ./
      RUN npm install
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'inline NODE_ENV and yarn --production',
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY package.json yarn.lock ./
      RUN NODE_ENV=production npm ci && yarn install --production --frozen-lockfile
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'pruned after the build in the same RUN',
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY . .
      RUN set -eux; npm ci; npm run build; npm prune --omit=dev
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'no devDependencies in package.json',
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY package.json ./
      RUN npm ci
      `,
      files: { 'package.json': prodOnly },
    },
    {
      name: 'build-only stage (multi-stage build)',
      code: `
      FROM node:22 AS build
      WORKDIR /app
      COPY . .
      RUN npm ci && npm run build
      FROM node:22-slim
      WORKDIR /app
      COPY package*.json ./
      RUN npm ci --omit=dev
      COPY --from=build /app/dist ./dist
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'pnpm -P',
      code: `
      FROM node:22-slim
      RUN pnpm install -P
      `,
    },
    {
      name: 'named packages are not a package.json install',
      code: `
      FROM node:22-slim
      RUN npm install -g npm@10 && npm install express
      `,
    },
    {
      name: 'ignored',
      code: `
      FROM node:22-slim
      # size-hints ignore=npm-dev-dependencies
      RUN npm ci
      `,
    },
  ],
  invalid: [
    {
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY package*.json ./
      RUN npm ci
      #   ^^^^^^ npm-dev-dependencies: add --omit=dev
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'package.json not readable: a hint, whether it has devDependencies is unknown',
      code: `
      FROM node:22-slim
      RUN npm install
      #   ^^^^^^^^^^^ npm-dev-dependencies: if any: package.json was not read
      `,
    },
    {
      name: 'build after the install: no fix, advice to prune',
      code: `
      FROM node:22-slim
      WORKDIR /app
      COPY . .
      RUN npm ci && npm run build
      #   ^^^^^^ npm-dev-dependencies: prune them after the build
      `,
      files: { 'package.json': pkg },
    },
    {
      name: 'NODE_ENV=development',
      code: `
      FROM node:22-slim
      ENV NODE_ENV=development
      RUN yarn install --frozen-lockfile
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ npm-dev-dependencies: --production
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM node:22-slim
      RUN <<EOF
        npm ci
      # ^^^^^^ npm-dev-dependencies
      EOF
      `,
    },
    {
      name: 'continuation with escape backtick',
      code: `
      # escape=\`
      FROM node:22-slim
      RUN npm ci \`
      #   ^^^^^^^^^ npm-dev-dependencies
          --no-audit
      `,
    },
    {
      name: 'shipped stage built FROM another',
      code: `
      FROM node:22-slim AS deps
      RUN npm ci
      #   ^^^^^^ npm-dev-dependencies
      FROM deps
      CMD ["node", "index.js"]
      `,
    },
  ],
});

fixTests('npm-dev-dependencies', [
  {
    before: `
    FROM node:22-slim
    WORKDIR /app
    COPY package*.json ./
    RUN npm ci
    `,
    after: `
    FROM node:22-slim
    WORKDIR /app
    COPY package*.json ./
    RUN npm ci --omit=dev
    `,
    files: { 'package.json': pkg },
  },
  {
    name: 'yarn without a subcommand',
    before: `
    FROM node:22-slim
    RUN yarn --frozen-lockfile
    `,
    after: `
    FROM node:22-slim
    RUN yarn --production --frozen-lockfile
    `,
  },
  {
    name: 'pnpm',
    before: `
    FROM node:22-slim
    RUN pnpm install --frozen-lockfile
    `,
    after: `
    FROM node:22-slim
    RUN pnpm install --prod --frozen-lockfile
    `,
  },
]);

// --omit=dev / --production must not take away what the install, a later step or the app needs (issue 13, class 7).
const withPrepare = JSON.stringify({ name: 'app', scripts: { prepare: 'tsc -p .' }, dependencies: { express: '^5' }, devDependencies: { typescript: '^5' } });
const devOnly = JSON.stringify({ name: 'app', scripts: { build: 'tsc' }, devDependencies: { typescript: '^5' } });
noSafeFixTests('npm-dev-dependencies', [
  { name: 'a prepare script runs during the install', noFix: true, files: { 'package.json': withPrepare }, code: `
    FROM node:22-slim
    WORKDIR /app
    COPY package.json ./
    RUN npm install
    ` },
  { name: 'a later RUN runs a script with node (it may require a devDependency)', noFix: true, files: { 'package.json': pkg }, code: `
    FROM node:22-slim
    WORKDIR /app
    COPY package.json build.js ./
    RUN npm install
    RUN node build.js
    ` },
  { name: 'a later RUN calls a devDependency by name', noFix: true, files: { 'package.json': pkg }, code: `
    FROM node:22-slim
    WORKDIR /app
    COPY . .
    RUN npm ci
    RUN ./node_modules/.bin/jest --ci
    ` },
  { name: 'package.json has only devDependencies: yarn --production would install nothing', noFix: true, files: { 'package.json': devOnly }, code: `
    FROM node:22-slim
    WORKDIR /app
    COPY package.json ./
    RUN yarn install
    ` },
  { name: 'CMD runs a devDependency', noFix: true, files: { 'package.json': JSON.stringify({ name: 'app', dependencies: { express: '^5' }, devDependencies: { 'ts-node': '^10' } }) }, code: `
    FROM node:22-slim
    WORKDIR /app
    COPY . .
    RUN npm ci
    CMD ["npx", "ts-node", "src/index.ts"]
    ` },
  { name: 'package.json not readable: a suggestion that says what to check', title: /check: package.json was not readable/, code: `
    FROM node:22-slim
    RUN npm install
    ` },
]);

test('npm-dev-dependencies: package.json not read is a hint; read with devDependencies a warning', () => {
  const sev = (files?: Record<string, string>) => findingsFor('FROM node:22-slim\nCOPY package.json ./\nRUN npm install\nCMD ["node", "index.js"]\n', files).findings.filter((f) => f.rule === 'npm-dev-dependencies').map((f) => f.severity);
  assert.deepEqual(sev(), ['hint']);
  assert.deepEqual(sev({ 'package.json': pkg }), ['warning']);
});
