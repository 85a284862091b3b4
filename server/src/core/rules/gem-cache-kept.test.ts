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
      #   ^^^^^^^^^^^^^^ gem-cache-kept: /gems/cache
      `,
    },
  ],
});

fixTests('gem-cache-kept', [
  { name: 'append rm of the .gem files', before: 'FROM ruby:3.3\nRUN bundle install\n', after: 'FROM ruby:3.3\nRUN bundle install && rm -rf /usr/local/bundle/cache/*.gem\n', safe: false },
]);
