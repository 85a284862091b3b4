// Rule: cache-mount-available
// A package-manager install or build that would benefit from `RUN --mount=type=cache,target=…`.
import { addCacheMount, cacheNeeds, type CacheNeed } from '../refactors/cacheMount';
import type { ParsedInstruction } from '../parse/dockerfile';
import { isRefusal } from '../refactors/mergeRuns';
import type { Rule } from './types';

/**
 * Managers whose download cache the size model records as a layer entry (apt lists, apk/pip/uv/poetry/npm/yarn/pnpm caches):
 * for them "this RUN leaves no cache" can be read off the layer. The build tools' caches (go, cargo, maven, gradle,
 * ccache, composer, bundler) are judged by their own *-cache-kept rules, not by the model, so for those this rule
 * makes no claim about the layer (it said "already leaves no cache" beside go-cache-kept's 16.6 MB).
 */
const MODEL_TRACKED = new Set(['apt', 'apk', 'pip', 'uv', 'poetry', 'npm', 'yarn', 'pnpm']);

export const cacheMountAvailable: Rule = {
  meta: {
    id: 'cache-mount-available',
    defaultSeverity: 'hint',
    description: 'A package manager or build tool whose downloads a BuildKit cache mount would keep between builds (and out of the layer).',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const { parsed, model } = ctx;
    // Once per package manager per file: the first RUN that leaves the cache in its layer (there the mount
    // also keeps the image smaller), else the first one (then the mount only speeds up rebuilds).
    const byManager = new Map<string, { instr: ParsedInstruction; need: CacheNeed; leaves: boolean | undefined }>();
    // A manager the file already mounts a cache for somewhere: its author knows the feature and chose.
    const mountedManagers = new Set<string>();
    const runs = parsed.instructions.filter((i) => i.keyword === 'RUN' && !i.onbuild && i.shell);
    for (const instr of runs) {
      if (!instr.flags.some((f) => f.name === 'mount' && f.options.type === 'cache')) continue;
      for (const n of cacheNeeds(model, instr)) mountedManagers.add(n.manager);
    }
    for (const instr of runs) {
      if (instr.flags.some((f) => f.name === 'mount' && f.options.type === 'cache')) continue;
      const created = ctx.layer(instr)?.created ?? [];
      for (const need of cacheNeeds(model, instr).filter((n) => n.missing.length && !mountedManagers.has(n.manager))) {
        const prev = byManager.get(need.manager);
        // Chosen already for good (a RUN that leaves the cache, or a manager the model does not track): the layer's
        // entries need not be read (a scan per install of a 1 MB file's apt and pip RUNs).
        if (prev && prev.leaves !== false) continue;
        const leaves = !MODEL_TRACKED.has(need.manager) ? undefined : created.some((e) => (e.kind === 'package-cache' || e.kind === 'apt-lists') && need.missing.some((m) => e.path === m.path || e.path.startsWith(m.path + '/') || m.path.startsWith(e.path + '/')));
        if (!prev || (leaves && !prev.leaves)) byManager.set(need.manager, { instr, need, leaves });
      }
    }
    for (const { instr, need, leaves } of byManager.values()) {
      const fix = addCacheMount(parsed, model, instr);
      const paths = need.missing.map((m) => m.path).join(' and ');
      ctx.report({
        instruction: instr,
        start: need.command.start,
        end: need.command.end,
        message:
          leaves === undefined
            ? `${need.manager} could keep its downloads in a BuildKit cache mount (${paths}): faster rebuilds, and no cache in the layer where this RUN keeps one (said once per file).`
            : leaves
              ? `${need.manager} could keep its downloads in a BuildKit cache mount (${paths}): no cache in the layer, and faster rebuilds.`
              : `${need.manager} could keep its downloads in a BuildKit cache mount (${paths}) for faster rebuilds (this RUN already leaves no cache in the layer; said once per file).`,
        fixes: isRefusal(fix) ? [] : [{ title: fix.title, edits: fix.edits, isPreferred: false, kind: 'quickfix' }],
        manager: need.manager,
      });
    }
  },
};
