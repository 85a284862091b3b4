import { fixTests, ruleTests } from './testing';

ruleTests('gem-docs-installed', {
  valid: [
    `
    FROM alpine:3.20
    RUN apk add --no-cache ruby && gem install --no-document bundler
    `,
    {
      name: '-N',
      code: `
      FROM alpine:3.20
      RUN gem install -N rails
      `,
    },
    {
      name: 'official ruby image configures gemrc',
      code: `
      FROM ruby:3.3-slim
      RUN gem install bundler -v 2.5.0
      `,
    },
    {
      name: 'official ruby image through FROM <stage>',
      code: `
      FROM ruby:3.3-alpine AS base
      FROM base
      RUN gem install rails
      `,
    },
    {
      name: 'gemrc written in an earlier RUN (ruby image idiom)',
      code: `
      FROM debian:bookworm-slim
      RUN set -eux; mkdir -p /usr/local/etc; { echo 'install: --no-document'; echo 'update: --no-document'; } >> /usr/local/etc/gemrc
      RUN gem install rails
      `,
    },
    {
      name: 'gemrc written earlier in the same RUN',
      code: `
      FROM debian:bookworm-slim
      RUN echo "gem: --no-document" > ~/.gemrc && gem install rails
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.20
      RUN <<EOF
      gem install --no-document rails
      EOF
      `,
    },
    {
      name: 'build-only stage',
      code: `
      FROM alpine:3.20 AS build
      RUN gem install rake
      FROM alpine:3.20
      COPY --from=build /app /app
      `,
    },
    'FROM alpine:3.20\nRUN gem update --system\n',
  ],
  invalid: [
    `
    FROM alpine:3.20
    RUN apk add --no-cache ruby && gem install bundler
    #                              ^^^^^^^^^^^^^^^^^^^ gem-docs-installed: --no-document
    `,
    {
      name: 'gemrc written after does not count',
      code: `
      FROM debian:bookworm-slim
      RUN gem install rails; echo "gem: --no-document" > ~/.gemrc
      #   ^^^^^^^^^^^^^^^^^ gem-docs-installed
      `,
    },
    {
      name: 'heredoc',
      code: `
      FROM alpine:3.20
      RUN <<EOF
        gem install rails
      # ^^^^^^^^^^^^^^^^^ gem-docs-installed
      EOF
      `,
    },
    {
      name: 'continuation with escape backtick',
      code: `
      # escape=\`
      FROM alpine:3.20
      RUN gem install \`
      #   ^^^^^^^^^^^^^^ gem-docs-installed
          rails
      `,
    },
  ],
});

fixTests('gem-docs-installed', [
  {
    before: `
    FROM alpine:3.20
    RUN gem install bundler -v 2.5.0
    `,
    after: `
    FROM alpine:3.20
    RUN gem install --no-document bundler -v 2.5.0
    `,
  },
]);
