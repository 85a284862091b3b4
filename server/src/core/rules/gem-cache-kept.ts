// Rule: gem-cache-kept
// `bundle install` keeps the downloaded .gem files in the gem cache ($BUNDLE_PATH/cache, $GEM_HOME/cache,
// /usr/local/bundle/cache in the official ruby images) in the layer unless removed in the same RUN.
import { appendCommand, quickfix } from './cacheRuleHelpers';
import { forEachKeptToolCache } from './toolCaches';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

export const gemCacheKept: Rule = {
  meta: {
    id: 'gem-cache-kept',
    defaultSeverity: 'warning',
    description: 'bundle install keeps every downloaded .gem file in the gem cache in the layer unless it is removed in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptToolCache(
      ctx,
      {
        manager: 'bundler',
        member: 'x.gem',
        isTool: (c) => (c.name === 'bundle' || c.name === 'bundler') && (c.argv[1]?.value === 'install' || c.argv.length === 1),
        // `bundle install --local` installs from the cache and downloads nothing.
        noCache: (c) => c.argv.some((w) => w.value === '--local'),
        cleans: (c) => (c.name === 'bundle' || c.name === 'bundler') && c.argv[1]?.value === 'clean' && c.argv.some((w) => w.value === '--force'),
        cleanedPaths: () => [],
      },
      ({ instr, command, paths }) => {
        const cleanup = `rm -rf ${paths[0]}/*.gem`;
        ctx.report({
          instruction: instr,
          start: command.start,
          end: command.end,
          message: `\`bundle install\` keeps every .gem it downloaded in ${paths[0]} (size unknown: it depends on the Gemfile.lock) in this layer; remove them in the same RUN (\`${cleanup}\`).`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN`, [appendCommand(ctx.parsed.text, instr, cleanup)], false),
        });
      },
    );
  },
};
