// Rule: useradd-lastlog
// `useradd -u <large UID>` without -l/--no-log-init writes /var/log/lastlog (and faillog) as sparse files
// as large as UID × record size; the layer tar stores them in full.
import { parseArgs } from '../parse/shell';
import { formatBytes } from '../model/format';
import { insertAfter, quickfix, runInstructions } from './cacheRuleHelpers';
import type { Rule } from './types';
import { waste } from './types';

/** struct lastlog on 64-bit glibc; struct faillog adds 32 bytes per UID where /var/log/faillog exists. */
const LASTLOG_RECORD = 292;
const FAILLOG_RECORD = 32;
const LARGE_UID = 65536;

/**
 * Releases whose shadow is 4.13 or later: useradd there no longer writes lastlog/faillog records for
 * a UID beyond the files' end (shadow-maint/shadow PR #558, "useradd: Do not reset non-existent data
 * in {last,fail}log", merged 2022-08, released in 4.13). Measured on debian:bookworm (shadow
 * 4.13+dfsg1) with Docker 2026-12-04: `useradd -u 100000` leaves both files at 0 bytes, layer 4.3 kB,
 * with or without --no-log-init. bullseye, jammy and older (shadow 4.8) still write them.
 */
const SHADOW_4_13 = new Set(['bookworm', 'trixie', 'forky', 'sid', 'noble', 'oracular', 'plucky', 'questing', 'resolute']);
const OLDER_RELEASE = /\b(bullseye|buster|stretch|jessie|jammy|focal|bionic|xenial|2[0-2]\.04|1[0-9]\.04)\b/;

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
        const variable = uidText.includes('$');
        const uid = Number(uidText);
        if (!variable && !(Number.isInteger(uid) && uid >= LARGE_UID)) continue;
        const low = variable ? 0 : uid * LASTLOG_RECORD;
        const high = variable ? 0 : uid * (LASTLOG_RECORD + FAILLOG_RECORD);
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: variable
            ? `useradd without -l writes /var/log/lastlog and faillog as sparse files of ${LASTLOG_RECORD} bytes × UID, and the UID ${uidText} comes from a variable (size unknown: a large UID means gigabytes, stored in full by the layer tar); add --no-log-init.`
            : `useradd -u ${uid} without -l writes a sparse /var/log/lastlog of ≈ ${formatBytes(low)} (plus faillog) into this layer; it is sparse on disk but the layer tar stores it in full: add --no-log-init.`,
          waste: variable ? waste(0, 0, 0, true) : waste(low, low, high),
          fixes: quickfix('Add --no-log-init', [insertAfter(instr, cmd.argv[0], '--no-log-init')]),
        });
      }
    }
  },
};
