import { fixTests, ruleTests } from './testing';

ruleTests('apk-no-cache', {
  valid: [
    `
    FROM alpine:3.20
    RUN apk add --no-cache curl
    `,
    {
      name: 'flag before the subcommand',
      code: `
      FROM alpine:3.20
      RUN apk --no-cache add curl
      `,
    },
    {
      name: 'node official image idiom',
      code: `
      FROM alpine:3.20
      RUN addgroup -g 1000 node \\
          && adduser -u 1000 -G node -s /bin/sh -D node \\
          && apk add --no-cache \\
              libstdc++ \\
          && apk add --no-cache --virtual .build-deps \\
              curl \\
          && curl -fsSLO --compressed "https://unofficial-builds.nodejs.org/download/release/v22.0.0/node-v22.0.0-linux-x64-musl.tar.xz" \\
          && apk del .build-deps
      `,
    },
    {
      name: 'index removed after the install',
      code: `
      FROM alpine:3.20
      RUN apk update && apk add curl && rm -rf /var/cache/apk/*
      `,
    },
    {
      name: 'apk update, adds with --no-cache, and the index removed',
      code: `
      FROM alpine:3.20
      RUN apk update && apk add --no-cache curl && rm -rf /var/cache/apk/*
      `,
    },
    {
      name: 'cache mount on /var/cache/apk (Docker docs)',
      code: `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/var/cache/apk apk --update-cache add gcc
      `,
    },
    {
      name: 'hadolint DL3019: cache mount on the wrong dir but --no-cache',
      code: `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0
      `,
    },
    {
      name: 'cache mount on /etc/apk/cache',
      code: `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/etc/apk/cache apk add gcc
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.20
      RUN <<EOF
      set -eux
      apk add --no-cache curl
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM alpine:3.20
      RUN apk add \`
          --no-cache curl
      `,
    },
    {
      name: 'builder stage',
      code: `
      FROM alpine:3.20 AS build
      RUN apk add build-base && make
      FROM alpine:3.20
      COPY --from=build /src/app /usr/local/bin/app
      `,
    },
    {
      // hadolint's DL3019 flags this (it only looks for --no-cache); we differ: --no-network fetches no index.
      name: 'official images: apk add --no-network --virtual .rundeps after the build (ruby, haproxy)',
      code: `
      FROM alpine:3.20
      RUN set -eux; \\
          apk add --no-cache --virtual .build-deps gcc make; \\
          make install; \\
          runDeps="$( \\
              scanelf --needed --nobanner --format '%n#p' --recursive /usr/local \\
                  | tr ',' '\\n' \\
                  | sort -u \\
                  | awk 'system("[ -e /usr/local/lib/" $1 " ]") == 0 { next } { print "so:" $1 }' \\
          )"; \\
          apk add --no-network --virtual .haproxy-rundeps $runDeps; \\
          apk del --no-network .build-deps
      `,
    },
    {
      name: 'hadolint ignore',
      code: `
      FROM alpine:3.20
      # hadolint ignore=DL3018,DL3019
      RUN apk add curl
      `,
    },
  ],
  invalid: [
    {
      name: 'apk update whose index a later RUN\'s plain add reads: only that add is reported',
      code: `
      FROM alpine:3.20
      RUN apk update && apk add --no-cache curl
      RUN apk add git
      #   ^^^^^^^^^^^ apk-no-cache: add --no-cache
      `,
    },
    `
    FROM alpine:3.20
    RUN apk add curl
    #   ^^^^^^^^^^^^ apk-no-cache: add --no-cache
    `,
    {
      name: '`apk update` before `apk add --no-cache`: the index update wrote stays (loro wpp, issue 14 fresh4)',
      code: `
      FROM node:alpine3.19
      RUN apk update && apk upgrade && apk add --no-cache ffmpeg
      #   ^^^^^^^^^^ apk-no-cache: apk update writes the package index
      `,
    },
    {
      name: 'apk update then apk add without --no-cache: one finding, on the add',
      code: `
      FROM alpine:3.20
      RUN apk update && apk add curl
      #                 ^^^^^^^^^^^^ apk-no-cache: add --no-cache
      `,
    },
    {
      name: 'hadolint DL3019: pinned version',
      code: `
      FROM alpine:3.20
      RUN apk add flex=2.6.4-r1
      #   ^^^^^^^^^^^^^^^^^^^^^ apk-no-cache
      `,
    },
    {
      name: 'hadolint DL3019: cache mount on the wrong dir, -U',
      code: `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0
      #                                            ^^^^^^^^^^^^^^^^^^^^^^ apk-no-cache
      `,
    },
    {
      name: 'rm before the install does not count',
      code: `
      FROM alpine:3.20
      RUN rm -rf /var/cache/apk/* && apk add --update curl
      #                              ^^^^^^^^^^^^^^^^^^^^^ apk-no-cache
      `,
    },
    {
      name: 'set -eux with semicolons',
      code: `
      FROM alpine:3.20
      RUN set -eux; apk add curl; curl --version
      #             ^^^^^^^^^^^^ apk-no-cache
      `,
    },
    {
      name: 'a cache mount elsewhere',
      code: `
      FROM alpine:3.20
      RUN --mount=type=cache,target=/root/.cache apk add curl
      #                                          ^^^^^^^^^^^^ apk-no-cache
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.20
      RUN <<EOF
        apk add curl
      # ^^^^^^^^^^^^ apk-no-cache
      EOF
      `,
    },
    {
      name: 'escape backtick',
      code: `
      # escape=\`
      FROM alpine:3.20
      RUN apk add \`
      #   ^^^^^^^^^^ apk-no-cache
          curl
      `,
    },
    {
      name: 'ONBUILD',
      code: `
      FROM alpine:3.20
      ONBUILD RUN apk add curl
      #           ^^^^^^^^^^^^ apk-no-cache
      `,
    },
  ],
});

fixTests('apk-no-cache', [
  {
    name: 'apk update before the add: both go in one fix (nothing later reads the index)',
    before: `
    FROM alpine:3.20
    RUN apk update && apk add build-base
    `,
    after: `
    FROM alpine:3.20
    RUN apk add --no-cache build-base
    `,
  },
  {
    name: 'apk update before an add that already has --no-cache: the update goes',
    before: `
    FROM node:alpine3.19
    RUN apk update && apk add --no-cache ffmpeg
    `,
    after: `
    FROM node:alpine3.19
    RUN apk add --no-cache ffmpeg
    `,
  },
  {
    before: `
    FROM alpine:3.20
    RUN apk add curl
    `,
    after: `
    FROM alpine:3.20
    RUN apk add --no-cache curl
    `,
  },
  {
    name: 'flags before the subcommand',
    before: `
    FROM alpine:3.20
    RUN apk -U add curl
    `,
    after: `
    FROM alpine:3.20
    RUN apk -U add --no-cache curl
    `,
  },
]);
