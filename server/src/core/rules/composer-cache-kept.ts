// Rule: composer-cache-kept
// `composer install`/`update`/`require` keep every downloaded package archive in Composer's cache
// (COMPOSER_CACHE_DIR, $COMPOSER_HOME/cache, ~/.cache/composer) in the layer unless cleaned or mounted.
import { appendCommand, quickfix } from './cacheRuleHelpers';
import { forEachKeptToolCache } from './toolCaches';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

// `create-project` downloads the project and installs its dependencies (unless --no-install): the same cache.
const SUBS = new Set(['install', 'update', 'require', 'i', 'u', 'create-project']);

export const composerCacheKept: Rule = {
  meta: {
    id: 'composer-cache-kept',
    defaultSeverity: 'warning',
    description: 'Composer keeps every downloaded package archive in its cache in the layer unless it is cleaned in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptToolCache(
      ctx,
      {
        manager: 'composer',
        isTool: (c) =>
          (c.name === 'composer' || c.name === 'composer.phar') &&
          c.argv.slice(1).some((w) => SUBS.has(w.value)) &&
          !(c.argv.some((w) => w.value === 'create-project') && c.argv.some((w) => w.value === '--no-install')),
        noCache: (c, env) => c.argv.some((w) => w.value === '--no-cache') || env.get('COMPOSER_CACHE_DIR') === '/dev/null',
        cleans: (c) => (c.name === 'composer' || c.name === 'composer.phar') && c.argv.some((w) => ['clear-cache', 'clearcache', 'cc'].includes(w.value)),
        homeVars: ['COMPOSER_HOME', 'COMPOSER_CACHE_DIR'],
      },
      ({ instr, command, paths }) => {
        const cleanup = 'composer clear-cache';
        ctx.report({
          instruction: instr,
          start: command.start,
          end: command.end,
          message: `\`composer ${command.argv.slice(1).find((w) => SUBS.has(w.value))?.value}\` keeps every package archive it downloaded in its cache (${paths[0]}; size unknown: it depends on the lock file) in this layer; run \`${cleanup}\` after it in the same RUN or add --no-cache.`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)], false),
        });
      },
    );
  },
};
