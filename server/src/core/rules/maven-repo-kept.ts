// Rule: maven-repo-kept
// `mvn package`/`install`/`dependency:go-offline` download every dependency and plugin into the local
// repository (~/.m2/repository), which stays in the layer unless the RUN removes it or mounts it.
import { appendCommand, quickfix } from './cacheRuleHelpers';
import { forEachKeptToolCache } from './toolCaches';
import type { Rule } from './types';
import { UNKNOWN_WASTE } from './types';

export const mavenRepoKept: Rule = {
  meta: {
    id: 'maven-repo-kept',
    defaultSeverity: 'warning',
    description: 'Maven keeps every downloaded dependency and plugin in ~/.m2/repository in the layer unless removed in the same RUN.',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    forEachKeptToolCache(
      ctx,
      {
        manager: 'maven',
        isTool: (c) => (c.name === 'mvn' || c.name === 'mvnw' || c.name === './mvnw') && !c.argv.slice(1).every((w) => /^(-v|--version|-h|--help)$/.test(w.value)),
        // -Dmaven.repo.local=<dir> puts the repository elsewhere: not the path we would name.
        noCache: (c) => c.argv.some((w) => w.value.startsWith('-Dmaven.repo.local=')),
      },
      ({ instr, command, paths }) => {
        const repo = paths[0];
        const cleanup = `rm -rf ${repo}`;
        ctx.report({
          instruction: instr,
          start: command.start,
          end: command.end,
          message: `\`${command.name}\` downloads every dependency and plugin into ${repo} (size unknown: it depends on the project, often hundreds of MB) and it stays in this layer; build in a separate stage and copy only the jar, or remove it in the same RUN.`,
          waste: UNKNOWN_WASTE,
          fixes: quickfix(`Append \`${cleanup}\` to this RUN (check: nothing later in this stage runs Maven offline)`, [appendCommand(ctx.parsed.text, instr, cleanup)], false),
        });
      },
    );
  },
};
