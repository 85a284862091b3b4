import { fixTests, ruleTests } from './testing';

ruleTests('composer-cache-kept', {
  valid: [
    {
      name: '--no-cache',
      code: `
      FROM php:8.3-cli
      COPY --from=composer:2 /usr/bin/composer /usr/bin/composer
      RUN composer install --no-dev --no-cache
      `,
    },
    {
      name: 'clear-cache after the install',
      code: `
      FROM php:8.3-cli
      RUN composer install --no-dev && composer clear-cache
      `,
    },
    {
      name: 'COMPOSER_CACHE_DIR=/dev/null',
      code: `
      FROM php:8.3-cli
      ENV COMPOSER_CACHE_DIR=/dev/null
      RUN composer install --no-dev
      `,
    },
    {
      name: 'cache mount',
      code: `
      FROM php:8.3-cli
      RUN --mount=type=cache,target=/root/.cache/composer composer install --no-dev
      `,
    },
    {
      name: 'drupal: COMPOSER_HOME in a temporary folder, removed in the same RUN',
      code: `
      FROM php:8.4-apache
      WORKDIR /opt/drupal
      RUN set -eux; \\
          export COMPOSER_HOME="$(mktemp -d)"; \\
          composer create-project --no-interaction "drupal/recommended-project:11.4.4" ./; \\
          rm -rf "$COMPOSER_HOME"
      `,
    },
    {
      name: 'the same with \${COMPOSER_HOME} and a plain assignment',
      code: `
      FROM php:8.4-cli
      RUN COMPOSER_HOME=/tmp/ch; composer install --no-dev; rm -rf \${COMPOSER_HOME}
      `,
    },
    'FROM php:8.3-cli\nRUN composer --version && composer dump-autoload -o\n',
    'FROM php:8.3-cli\nRUN composer create-project --no-install laravel/laravel /app\n',
  ],
  invalid: [
    {
      name: 'plain install',
      code: `
      FROM php:7
      WORKDIR /app
      COPY . /app
      RUN composer install
      #   ^^^^^^^^^^^^^^^^ composer-cache-kept: /root/.cache/composer
      `,
    },
    {
      name: 'composer create-project installs the project\'s dependencies too (issue 14)',
      code: `
      FROM php:7.2-apache
      WORKDIR /var/www/app
      RUN composer create-project laravel/laravel .
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ composer-cache-kept: create-project
      `,
    },
    {
      name: 'COMPOSER_HOME set in the RUN but not removed',
      code: `
      FROM php:8.4-cli
      RUN export COMPOSER_HOME="$(mktemp -d)"; composer install --no-dev
      #                                        ^^^^^^^^^^^^^^^^^^^^^^^^^ composer-cache-kept
      `,
    },
    {
      name: 'COMPOSER_HOME decides the cache',
      code: `
      FROM php:8.3-cli
      ENV COMPOSER_HOME=/composer
      RUN composer require monolog/monolog
      #   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ composer-cache-kept: /composer/cache
      `,
    },
  ],
});

fixTests('composer-cache-kept', [
  { name: 'append clear-cache', before: 'FROM php:8.3-cli\nRUN composer install --no-dev\n', after: 'FROM php:8.3-cli\nRUN composer install --no-dev && composer clear-cache\n', safe: false },
]);
