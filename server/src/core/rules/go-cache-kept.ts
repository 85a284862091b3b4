// Rule: go-cache-kept
// `go build`/`go install`/`go mod download` fill the Go build cache (GOCACHE, ~/.cache/go-build) and the
// module cache (GOMODCACHE, $GOPATH/pkg/mod) in the layer unless they are cleaned in the same RUN or mounted.
import { appendCommand, quickfix, sizeText } from './cacheRuleHelpers';
import { forEachKeptToolCache } from './toolCaches';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

/** Subcommands that compile or download modules (go vet/test/run compile too; `go version` does not). */
const FILLS = new Set(['build', 'install', 'get', 'test', 'run', 'generate', 'mod', 'vet']);

export const goCacheKept: Rule = {
  meta: {
    id: 'go-cache-kept',
    defaultSeverity: 'warning',
    description: 'go build/install/mod download leave the Go build cache and module cache in the layer unless cleaned in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptToolCache(
      ctx,
      {
        manager: 'go',
        isTool: (c) => c.name === 'go' && FILLS.has(c.argv[1]?.value ?? '') && !(c.argv[1]?.value === 'mod' && c.argv[2]?.value !== 'download' && c.argv[2]?.value !== 'tidy'),
        cleans: (c) => c.name === 'go' && c.argv[1]?.value === 'clean' && c.argv.some((w) => w.value === '-cache' || w.value === '-modcache'),
        // Only a go clean with both flags empties both; one flag is handled by naming what is left.
        cleanedPaths: (c, paths) => (c.argv.some((w) => w.value === '-cache') && c.argv.some((w) => w.value === '-modcache') ? paths : []),
      },
      ({ instr, command, paths: found, indexes: foundIndexes }) => {
        // `go clean -cache` / `-modcache` alone empties one of the two (targets: 0 build cache, 1 module cache).
        const cleaned = new Set<number>();
        const cmds = instr.shell?.commands ?? [];
        for (const c of cmds.slice(cmds.indexOf(command) + 1)) {
          if (c.name !== 'go' || c.argv[1]?.value !== 'clean') continue;
          if (c.argv.some((w) => w.value === '-cache')) cleaned.add(0);
          if (c.argv.some((w) => w.value === '-modcache')) cleaned.add(1);
        }
        const paths = found.filter((_, i) => !cleaned.has(foundIndexes[i]));
        const indexes = foundIndexes.filter((i) => !cleaned.has(i));
        if (!paths.length) return;
        const cleanup = 'go clean -cache -modcache';
        ctx.report({
          instruction: instr,
          start: command.start,
          end: command.end,
          // No measured size: the module cache is the module graph's sources, the build cache the compiled
          // packages (standard library included); both depend on the code.
          message: `\`go ${command.argv[1]?.value}\` leaves the Go ${paths.length > 1 ? 'build and module caches' : indexes[0] === 1 ? 'module cache' : 'build cache'} (${paths.join(', ')}; ${sizeText({ bytes: 0, unknown: true })}: it depends on the modules) in this layer; run \`${cleanup}\` after the build in the same RUN, mount them as BuildKit caches, or build in a separate stage.`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN (check: no later step of this stage builds offline from the module cache)`, [appendCommand(ctx.parsed.text, instr, cleanup)], false),
        });
      },
    );
  },
};
