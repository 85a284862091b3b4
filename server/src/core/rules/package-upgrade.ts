// Rule: package-upgrade
// `apt-get upgrade`, `apk upgrade`, `dnf upgrade`... in an image build: every upgraded package is a
// second copy of files the base image already ships, and the result depends on the day of the build.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { apkArgs } from '../model/estimators/apk';
import { DNF_MANAGERS, RPM_VALUE_OPTIONS } from '../model/estimators/rpm';
import type { ShellCommand } from '../parse/shell';
import { parseArgs } from '../parse/shell';
import { runInstructions } from './cacheRuleHelpers';
import type { Rule } from './types';
import { formatBytes } from '../model/format';
import type { SizePart } from '../model/types';
import { UNKNOWN_WASTE } from './types';

/** dnf's options that take a value, with `-x` (`--exclude`): zypper's `-x` is a flag, so not in RPM_VALUE_OPTIONS. */
const DNF_UPGRADE_VALUE_OPTIONS: ReadonlySet<string> = new Set([...RPM_VALUE_OPTIONS, 'x']);

/** The subcommand when `cmd` upgrades the whole system (not named packages), else undefined. */
export function systemUpgrade(cmd: ShellCommand): string | undefined {
  if (isApt(cmd)) {
    const { sub, args } = aptSubcommand(cmd);
    return ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(sub) && args.operands.length === 1 ? sub : undefined;
  }
  if (cmd.name === 'apk') {
    const args = apkArgs(cmd);
    return args.operands[0]?.value === 'upgrade' && args.operands.length === 1 ? 'upgrade' : undefined;
  }
  if (DNF_MANAGERS.has(cmd.name)) {
    const args = parseArgs(cmd.argv, DNF_UPGRADE_VALUE_OPTIONS);
    const sub = args.operands[0]?.value ?? '';
    return ['upgrade', 'update', 'up', 'distro-sync', 'dsync', 'upgrade-minimal'].includes(sub) && args.operands.length === 1 ? sub : undefined;
  }
  if (cmd.name === 'zypper') {
    const args = parseArgs(cmd.argv);
    const sub = args.operands[0]?.value ?? '';
    return ['update', 'up', 'dist-upgrade', 'dup', 'patch'].includes(sub) && args.operands.length === 1 ? sub : undefined;
  }
  return undefined;
}

/** What the model knows of the upgrade's size: the recorded base build's outdated packages, else nothing. */
function upgradeSize(parts: SizePart[], sub: string): string {
  const p = parts.find((x) => x.label.startsWith('apt: ') && x.label.endsWith(`(apt-get ${sub})`));
  if (!p || (!p.bytes && !p.high)) return 'size unknown: it depends on the build date';
  if (p.bytes) return `≈ ${formatBytes(p.bytes)} for this base`;
  return `up to ${formatBytes(p.high)} if your base is as old as the build our data records; it depends on the build date`;
}

export const packageUpgrade: Rule = {
  meta: {
    id: 'package-upgrade',
    defaultSeverity: 'info',
    description: 'Upgrading all packages in a build duplicates the base image’s files in a new layer and makes the image depend on the build date.',
    fixable: false,
    shippedOnly: true,
  },
  check(ctx) {
    for (const instr of runInstructions(ctx)) {
      for (const cmd of instr.shell?.commands ?? []) {
        const sub = systemUpgrade(cmd);
        if (!sub) continue;
        const size = upgradeSize(ctx.layer(instr)?.estimate.parts ?? [], sub);
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message: `${cmd.name} ${sub} rewrites every outdated package of the base image into this layer (${size}) and makes the build not reproducible; use a newer base image instead.`,
          waste: UNKNOWN_WASTE,
          // Without a recorded base build the bytes may be none (a fresh base) or many (an old one), and upgrading
          // for security fixes is a choice: a hint then, info when the data shows outdated packages.
          ...(/^size unknown/.test(size) ? { severity: 'hint' as const } : {}),
        });
      }
    }
  },
};
