// Rule: useradd-lastlog
// `useradd -u <large UID>` without -l/--no-log-init writes /var/log/lastlog (and faillog) as sparse files
// as large as UID × record size; the layer tar stores them in full.
import { parseArgs } from '../parse/shell';
import { formatBytes } from '../model/format';
import { FAILLOG_RECORD, LASTLOG_RECORD, OLDER_RELEASE, SHADOW_4_13 } from '../model/estimators/lastlog';
import { insertAfter, quickfix, runInstructions } from './cacheRuleHelpers';
import { expandWord, variablesAt } from './layerHelpers';
import type { Rule } from './types';
import { waste } from './types';

const LARGE_UID = 65536;

const VALUE_FLAGS = new Set(['u', 'uid', 'g', 'gid', 'G', 'groups', 'd', 'home-dir', 's', 'shell', 'c', 'comment', 'e', 'expiredate', 'f', 'inactive', 'k', 'skel', 'K', 'key', 'p', 'password', 'b', 'base-dir', 'R', 'root', 'P', 'prefix', 'Z', 'selinux-user', 'btrfs-subvolume-home']);

export const useraddLastlog: Rule = {
  meta: {
    id: 'useradd-lastlog',
    defaultSeverity: 'warning',
    description: 'useradd with a large UID and without -l writes a huge sparse /var/log/lastlog that the layer stores in full.',
    hadolint: 'DL3046',
    fixable: true,
    // Even in a build-only stage the file is written and snapshotted: it slows or breaks the build.
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      const base = ctx.stageOf(instr)?.base;
      // The image named as written too: a tag the size data lacks may have been mapped to a newer release.
      if (base?.suite && SHADOW_4_13.has(base.suite) && !OLDER_RELEASE.test(ctx.parsed.stages[instr.stageIndex]?.resolvedImage ?? '')) continue;
      for (const cmd of instr.shell?.commands ?? []) {
        if (cmd.name !== 'useradd') continue;
        const args = parseArgs(cmd.argv, VALUE_FLAGS);
        if (args.flags.has('l') || args.flags.has('no-log-init')) continue;
        const uidText = args.values.get('u')?.[0] ?? args.values.get('uid')?.[0];
        if (uidText === undefined) continue;
        // `--uid "$SOLR_UID"` with `ENV SOLR_UID=8983`, `-u $UID` with `ARG UID=1000`: the value the file gives.
        const uidValue = uidText.includes('$') ? expandWord(uidText, variablesAt(ctx, instr)) : uidText;
        const variable = uidValue.includes('$');
        const uid = Number(uidValue);
        if (!variable && !(Number.isInteger(uid) && uid >= LARGE_UID)) continue;
        const low = variable ? 0 : uid * LASTLOG_RECORD;
        const high = variable ? 0 : uid * (LASTLOG_RECORD + FAILLOG_RECORD);
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: variable
            ? `useradd without -l writes /var/log/lastlog and faillog as sparse files of ${LASTLOG_RECORD} bytes × UID, and the UID ${uidText} comes from a variable (size unknown: a large UID means gigabytes, stored in full by the layer tar); add --no-log-init.`
            : `useradd -u ${uidValue === uidText ? uid : `${uidText} (${uid})`} without -l writes a sparse /var/log/lastlog of ≈ ${formatBytes(low)} (plus faillog) into this layer; it is sparse on disk but the layer tar stores it in full: add --no-log-init.`,
          waste: variable ? waste(0, 0, 0, true) : waste(low, low, high),
          fixes: quickfix('Add --no-log-init', [insertAfter(instr, cmd.argv[0], '--no-log-init')]),
        });
      }
    }
  },
};
