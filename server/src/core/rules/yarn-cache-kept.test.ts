import { fixTests, ruleTests } from './testing';

ruleTests('yarn-cache-kept', {
  valid: [
    `
    FROM node:22-slim
    RUN yarn install --frozen-lockfile --production && yarn cache clean
    `,
    {
      name: 'cache mount where root yarn keeps its cache',
      code: `
      FROM node:22-slim
      RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
      `,
    },
    {
      name: 'USER node with mount on its cache',
      code: `
      FROM node:22-slim
      USER node
      RUN --mount=type=cache,target=/home/node/.cache/yarn,uid=1000 yarn --frozen-lockfile
      `,
    },
    {
      name: 'YARN_CACHE_FOLDER removed',
      code: `
      FROM node:22-slim
      ENV YARN_CACHE_FOLDER=/tmp/yarn-cache
      RUN yarn install && rm -rf /tmp/yarn-cache
      `,
    },
    {
      name: 'heredoc with clean',
      code: `
      FROM node:22-slim
      RUN <<EOF
      yarn install --frozen-lockfile
      yarn cache clean
      EOF
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM node:22-slim
      # hadolint ignore=DL3060
      RUN yarn install
      `,
    },
    'FROM node:22-slim\nRUN yarn build && yarn test\n',
    {
      name: 'yarn --version smoke test (node official image)',
      code: `
      FROM debian:bookworm-slim
      RUN set -ex && yarn --version && yarn -v && rm -rf /tmp/*
      `,
    },
  ],
  invalid: [
    `
    FROM node:22-slim
    RUN yarn install --frozen-lockfile
    #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ yarn-cache-kept: /usr/local/share/.cache/yarn
    `,
    {
      name: 'bare yarn, set -eux',
      code: `
      FROM node:22-slim
      RUN set -eux; yarn --frozen-lockfile; yarn build
      #             ^^^^^^^^^^^^^^^^^^^^^^ yarn-cache-kept
      `,
    },
    {
      name: 'mount on root cache while USER node runs yarn',
      code: `
      FROM node:22-slim
      USER node
      RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn add express
      #                                                          ^^^^^^^^^^^^^^^^ yarn-cache-kept: /home/node/.cache/yarn
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM node:22-slim
      RUN yarn install \`
      #   ^^^^^^^^^^^^^^^ yarn-cache-kept
          --frozen-lockfile
      `,
    },
  ],
});

fixTests('yarn-cache-kept', [
  {
    before: `
    FROM node:22-slim
    RUN yarn install --frozen-lockfile;
    `,
    after: `
    FROM node:22-slim
    RUN yarn install --frozen-lockfile && yarn cache clean;
    `,
  },
]);
