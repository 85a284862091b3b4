import { fixTests, ruleTests } from './testing';

ruleTests('gem-cache-kept', {
  valid: [
    {
      name: 'gem cache removed in the same RUN',
      code: `
      FROM ruby:3.3
      WORKDIR /app
      COPY Gemfile Gemfile.lock ./
      RUN bundle install && rm -rf /usr/local/bundle/cache/*.gem
      `,
    },
    {
      name: 'whole cache dir removed',
      code: `
      FROM ruby:3.3
      RUN bundle install && rm -rf /usr/local/bundle/cache
      `,
    },
    {
      name: 'cache mount',
      code: `
      FROM ruby:3.3
      RUN --mount=type=cache,target=/usr/local/bundle/cache bundle install
      `,
    },
    {
      name: 'builder stage, only the app copied',
      code: `
      FROM ruby:3.3 AS build
      WORKDIR /app
      RUN bundle install
      FROM ruby:3.3-slim
      COPY --from=build /app/public /app/public
      `,
    },
    'FROM ruby:3.3\nRUN bundle install --local\n',
    {
      name: "Rails' generated Dockerfile: with BUNDLE_PATH the cache is <path>/ruby/<ABI>/cache, removed by its glob (issue 14)",
      code: `
      ARG RUBY_VERSION=3.3.0
      FROM docker.io/library/ruby:$RUBY_VERSION-slim AS base
      WORKDIR /rails
      ENV RAILS_ENV="production" \\
          BUNDLE_DEPLOYMENT="1" \\
          BUNDLE_PATH="/usr/local/bundle" \\
          BUNDLE_WITHOUT="development"
      
      FROM base AS build
      RUN apt-get update -qq && \\
          apt-get install --no-install-recommends -y build-essential git libvips pkg-config
      COPY Gemfile Gemfile.lock ./
      RUN bundle install && \\
          rm -rf ~/.bundle/ "\${BUNDLE_PATH}"/ruby/*/cache "\${BUNDLE_PATH}"/ruby/*/bundler/gems/*/.git && \\
          bundle exec bootsnap precompile --gemfile
      COPY . .
      RUN bundle exec bootsnap precompile app/ lib/
      
      FROM base
      RUN apt-get update -qq && \\
          apt-get install --no-install-recommends -y curl libsqlite3-0 libvips && \\
          rm -rf /var/lib/apt/lists /var/cache/apt/archives
      COPY --from=build /usr/local/bundle /usr/local/bundle
      COPY --from=build /rails /rails
      RUN useradd rails --create-home --shell /bin/bash && \\
          chown -R rails:rails db log storage tmp
      USER rails:rails
      ENTRYPOINT ["/rails/bin/docker-entrypoint"]
      EXPOSE 3000
      CMD ["./bin/rails", "server"]
      `,
    },
    {
      name: 'a path set by `bundle config` in an earlier RUN: the cache is not where the environment says, so no guess',
      code: `
      FROM ruby:3.3
      WORKDIR /app
      RUN bundle config set --local path vendor/bundle
      RUN bundle install
      `,
    },
    {
      name: 'a path on a base whose Ruby version is not known: no guess',
      code: `
      FROM example.com/ruby-base
      ENV BUNDLE_PATH=/gems
      RUN bundle install
      `,
    },
  ],
  invalid: [
    {
      name: 'bundle install in the shipped image',
      code: `
      FROM ruby
      WORKDIR /rails-docker
      COPY Gemfile Gemfile.lock /rails-docker/
      RUN gem install bundler && bundle install
      #                          ^^^^^^^^^^^^^^ gem-cache-kept: /usr/local/bundle/cache
      `,
    },
    {
      name: 'BUNDLE_PATH decides where',
      code: `
      FROM ruby:3.3
      ENV BUNDLE_PATH=/gems
      RUN bundle install
      #   ^^^^^^^^^^^^^^ gem-cache-kept: /gems/ruby/3.3.0/cache
      `,
    },
    {
      name: "deployment mode: vendor/bundle under the app's folder",
      code: `
      FROM ruby:3.2.2-slim-bookworm
      WORKDIR /app
      ENV BUNDLE_DEPLOYMENT=1
      RUN bundle install
      #   ^^^^^^^^^^^^^^ gem-cache-kept: /app/vendor/bundle/ruby/3.2.0/cache
      `,
    },
    {
      name: 'the Rails pattern without its rm keeps the cache',
      code: `
      FROM ruby:3.3-slim
      ENV BUNDLE_PATH="/usr/local/bundle"
      RUN bundle install && rm -rf ~/.bundle/
      #   ^^^^^^^^^^^^^^ gem-cache-kept: /usr/local/bundle/ruby/3.3.0/cache
      `,
    },
  ],
});

fixTests('gem-cache-kept', [
  { name: 'append rm of the .gem files', before: 'FROM ruby:3.3\nRUN bundle install\n', after: 'FROM ruby:3.3\nRUN bundle install && rm -rf /usr/local/bundle/cache/*.gem\n', safe: false },
]);
