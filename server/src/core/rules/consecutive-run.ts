// Rule: consecutive-run
// Consecutive RUNs in one stage that could be one layer; worth more when a later one cleans up after an earlier one.
import { formatBytes } from '../model/format';
import { mergeableGroups, mergeRuns, mergeSavings, isRefusal } from '../refactors/mergeRuns';
import { positionAt, type ParsedDockerfile } from '../parse/dockerfile';
import type { Rule } from './types';
import { CACHE_KINDS } from './delete-in-later-layer';
import { attributableTouch } from './layerHelpers';
import { waste } from './types';

/** The offset of the line break ending the line `offset` is on (the text's length + 1 past the last line). */
function lineEndAfter(parsed: ParsedDockerfile, offset: number): number {
  return (parsed.lineStarts[positionAt(parsed.lineStarts, offset).line + 1] ?? parsed.text.length + 1) - 1;
}

export const consecutiveRun: Rule = {
  meta: {
    id: 'consecutive-run',
    defaultSeverity: 'hint',
    description: 'Consecutive RUN instructions in a stage that could be one layer (merging saves space when a later one cleans up after an earlier one).',
    hadolint: 'DL3059',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    const { parsed, model } = ctx;
    // The plain "could be one layer" hint says it once per group of RUNs (its fix merges the group);
    // merges that shrink the image are each reported.
    for (const group of mergeableGroups(parsed)) {
      let hinted = false;
      const merge = mergeRuns(parsed, group, model);
      if (isRefusal(merge)) continue;
      const saved = mergeSavings(model, group);
      const shrinks = saved.bytes > 0 || saved.unknown;
      // The group's RUNs are consecutive instructions: "made by one of them" is a range of indexes.
      const first = group[0].index;
      const inGroup = (index: number) => index >= first && index < first + group.length;
      // What merging the RUNs up to this one saves, added up RUN by RUN (mergeSavings of each prefix was quadratic in the group).
      const own = { bytes: 0, unknown: false };
      group.slice(1).forEach((instr, k) => {
        const prev = group[k];
        const touched = model.layers.get(instr.index)?.touchedEarlier ?? [];
        for (const t of touched) {
          if (!inGroup(t.entry.createdBy) || t.entry.createdBy >= instr.index) continue;
          own.bytes += t.bytes;
          if (t.partial || t.entry.unknown) own.unknown = true;
        }
        // Only touches of what the earlier RUN really made: not its WORKDIR because an unknown command ran there (issue 14).
        const mine = own.bytes > 0 || own.unknown ? touched.filter((t) => inGroup(t.entry.createdBy) && attributableTouch(ctx, instr, t, touched)) : [];
        // A few kB of change is not worth a warning: below 1 MiB it stays a hint.
        const cleans = !!mine?.length;
        const worthWarning = cleans && (own.bytes >= 1024 * 1024 || (own.unknown && own.bytes === 0));
        if (!cleans && hinted) return;
        if (!cleans) hinted = true;
        ctx.report({
          instruction: instr,
          // The later RUN's command on its first line (the keyword sits in column 0, where annotations cannot point).
          start: instr.argsStart,
          end: Math.max(instr.argsStart, Math.min(instr.end, lineEndAfter(parsed, instr.argsStart))),
          message: cleans
            ? `This RUN deletes or rewrites what the RUN on line ${group[mine![0].entry.createdBy - first].line + 1} created (${[...new Set(mine!.map((t) => t.entry.path))].slice(0, 3).join(', ')}); merged into one RUN ${own.bytes > 0 ? `the image is ~${formatBytes(own.bytes)} smaller` : 'the image gets smaller'}.`
            : `RUN right after the RUN on line ${prev.line + 1}: ${group.length} consecutive RUNs (lines ${group[0].line + 1}–${group[group.length - 1].line + 1}) could be one layer.`,
          waste: cleans ? waste(own.bytes, own.bytes * 0.5, own.bytes * 1.5, own.unknown && own.bytes === 0) : undefined,
          // A hint by default; a warning when merging would shrink the image.
          severity: worthWarning ? 'warning' : undefined,
          related: cleans && mine!.every((t) => CACHE_KINDS.has(t.entry.kind)) ? [...new Set(mine!.map((t) => t.entry.createdBy))] : undefined,
          fixes: [{ title: merge.title, edits: merge.edits, isPreferred: shrinks, kind: 'quickfix' }],
        });
      });
    }
  },
};
