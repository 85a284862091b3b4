// Rule: apt-lists-kept
// A RUN that runs `apt-get update` and leaves /var/lib/apt/lists in its layer.
import { aptSubcommand, isApt } from '../model/estimators/apt';
import { formatBytes } from '../model/format';
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { removedLater, stageMatters } from './cacheRuleHelpers';
import { appendToRun } from './fixHelpers';
import type { Fix, Rule, TextEdit } from './types';
import { waste } from './types';

/** apt commands that read the package lists `apt-get update` downloads. */
const READS_LISTS = new Set(['install', 'reinstall', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'satisfy', 'download']);
const readsLists = (c: ShellCommand) => (isApt(c) && READS_LISTS.has(aptSubcommand(c).sub)) || (c.name === 'apt-cache' && c.argv.length > 1);
const isUpdate = (c: ShellCommand) => isApt(c) && aptSubcommand(c).sub === 'update';

export const aptListsKept: Rule = {
  meta: {
    id: 'apt-lists-kept',
    defaultSeverity: 'warning',
    description: 'apt-get update downloads package lists that stay in the layer unless removed in the same RUN.',
    hadolint: 'DL3009',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || !instr.shell || instr.onbuild) continue;
      const layer = ctx.layer(instr);
      const lists = layer?.created.find((e) => e.kind === 'apt-lists');
      if (!lists) continue; // cleaned in the same RUN, mounted as a cache, or no update
      const update = instr.shell.commands.find((c) => isApt(c) && aptSubcommand(c).sub === 'update');
      if (!update) continue;
      const stage = ctx.stageOf(instr);
      // In a build-only stage the lists only matter if a later stage copies them (or mounts them).
      if (stage && !stage.ships && !stageMatters(ctx, instr, lists.path)) continue;
      const saves = lists.unknown ? '' : ` (saves ~${formatBytes(lists.bytes)})`;
      ctx.report({
        instruction: instr,
        start: update.start,
        end: update.end,
        message: lists.unknown
          ? 'apt-get update leaves /var/lib/apt/lists in this layer; remove it in the same RUN.'
          : `apt-get update leaves ${formatBytes(lists.bytes)} of package lists in this layer; remove /var/lib/apt/lists/* in the same RUN.`,
        waste: lists.unknown ? waste(0, 0, 0, true) : waste(lists.bytes, lists.low, lists.high),
        fixes: removeListsFix(ctx.parsed, instr, update, saves),
      });
    }
  },
};


/**
 * Later RUNs (this stage's, and those of stages built FROM it) whose apt reads the lists this RUN
 * leaves: an install with no `apt-get update` before it in its own RUN. Removing the lists here
 * makes them fail (`Unable to locate package`). With the first reading command of each.
 */
export function laterListReaders(parsed: ParsedDockerfile, instr: ParsedInstruction): { instr: ParsedInstruction; reader?: ShellCommand }[] {
  const stages = new Set([instr.stageIndex]);
  for (const s of parsed.stages) if (s.parentStage !== undefined && stages.has(s.parentStage)) stages.add(s.index);
  const out: { instr: ParsedInstruction; reader?: ShellCommand }[] = [];
  const candidates = listReadingRuns(parsed);
  // The first candidate after instr (candidates are in file order).
  let lo = 0;
  let hi = candidates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (candidates[mid].instr.index <= instr.index) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < candidates.length; k++) {
    const later = candidates[k].instr;
    if (!stages.has(later.stageIndex)) continue;
    if (later.onbuild && !instr.onbuild && later.stageIndex === instr.stageIndex) continue; // runs in a child image, which has the lists or not as a whole
    out.push(candidates[k]);
  }
  return out;
}

/**
 * Every RUN of the file that reads apt lists it did not update itself (or an exec-form RUN naming
 * apt), in file order: computed once per parse, so asking for each apt RUN stays linear.
 */
const LIST_READERS = new WeakMap<ParsedDockerfile, { instr: ParsedInstruction; reader?: ShellCommand }[]>();
function listReadingRuns(parsed: ParsedDockerfile): { instr: ParsedInstruction; reader?: ShellCommand }[] {
  let out = LIST_READERS.get(parsed);
  if (out) return out;
  out = [];
  for (const later of parsed.instructions) {
    if (later.keyword !== 'RUN') continue;
    const cmds = later.shell?.commands ?? [];
    const reader = cmds.find(readsLists);
    if (!reader) {
      // Exec form has no parsed shell: any apt in it may read the lists.
      if (later.execForm && later.execArgs?.some((a) => /\bapt(-get|-cache)?\b/.test(a))) out.push({ instr: later });
      continue;
    }
    const firstUpdate = cmds.findIndex(isUpdate);
    if (firstUpdate >= 0 && firstUpdate < cmds.indexOf(reader)) continue;
    out.push({ instr: later, reader });
  }
  LIST_READERS.set(parsed, out);
  return out;
}

/** What the plain fix assumes (one array for all of them). */
const NO_READER_ASSUMES = ['no later RUN reads the apt lists'];

/**
 * The fix: `rm -rf /var/lib/apt/lists/*` at the end of this RUN, safe only when nothing later
 * reads the lists. When later RUNs install from them, those RUNs get their own `apt-get update`
 * in the same fix (so every install still finds its packages); when this RUN only updates,
 * apt-update-alone's move is the fix, and none is offered here.
 */
function removeListsFix(parsed: ParsedDockerfile, instr: ParsedInstruction, update: ShellCommand, saves: string): Fix[] {
  const text = parsed.text;
  const append = appendToRun(text, instr, 'rm -rf /var/lib/apt/lists/*');
  if (!append) return [];
  const readers = laterListReaders(parsed, instr);
  const cmds = instr.shell?.commands ?? [];
  const ownReader = cmds.slice(cmds.indexOf(update) + 1).some(readsLists);
  // Nothing reads these lists at all: apt-update-alone removes the update itself (an rm here would leave it).
  if (!ownReader && !readers.length && !instr.heredocs.length && !instr.execForm) return [];
  if (!readers.length) return [{ title: `Remove apt lists in the same RUN${saves}`, edits: [append], isPreferred: true, kind: 'quickfix', safety: 'safe', assumes: NO_READER_ASSUMES }];
  const lines = readers.map((r) => r.instr.line + 1).join(', ');
  if (!ownReader) return [];
  // Each later reader updates the lists itself and removes them again: every install still finds
  // its packages, and no RUN is left holding lists (so a second fix-all has nothing to do).
  const updateText = [...update.assignments, ...update.argv].map((w) => w.raw).join(' ');
  const edits: TextEdit[] = [append];
  for (const r of readers) {
    const c = r.reader;
    const suggestion = (): Fix[] => [
      {
        title: `Remove apt lists in the same RUN${saves} (check: the RUN on line ${r.instr.line + 1} installs from these lists)`,
        edits: [append],
        isPreferred: false,
        kind: 'quickfix',
        safety: 'suggestion',
        assumes: [`the RUN on line ${r.instr.line + 1} does not need these lists`],
      },
    ];
    if (!c || r.instr.execForm || r.instr.heredocs.length || c.depth !== 0 || c.conditional || c.inCondition || c.connector === '|' || c.start < r.instr.argsStart) return suggestion();
    edits.push({ start: c.start, end: c.start, newText: `${updateText} && ` });
    if (!removedLater(r.instr, c, '/var/lib/apt/lists', { home: '/root', workdir: '/' })) {
      const cleanup = appendToRun(text, r.instr, 'rm -rf /var/lib/apt/lists/*');
      if (!cleanup) return suggestion();
      edits.push(cleanup);
    }
  }
  const many = readers.length > 1;
  return [
    {
      title: `Remove apt lists in the same RUN${saves}; the RUN${many ? 's' : ''} on line${many ? 's' : ''} ${lines} that install${many ? '' : 's'} from them run${many ? '' : 's'} \`${updateText}\` first and remove${many ? '' : 's'} them too`,
      edits,
      isPreferred: true,
      kind: 'quickfix',
      safety: 'safe',
      assumes: ['every later RUN that reads the apt lists updates them first'],
    },
  ];
}
