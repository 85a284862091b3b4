/**
 * Lines up a built image's history with the Dockerfile's instructions. Every instruction of the
 * shipped stage (and of the stages it is built FROM inside the file) leaves one history entry, after
 * the base image's own entries, so the last N entries belong to the N instructions; each pair is then
 * checked by keyword and text, and a file that does not match the image is said so, not guessed at.
 *
 * History text differs per builder: BuildKit writes `RUN /bin/sh -c cmd # buildkit`, `COPY a b # buildkit`,
 * `WORKDIR /app`; the classic builder and Buildah write `/bin/sh -c cmd` and `/bin/sh -c #(nop)  ENV a=b`;
 * both prefix build arguments as `|2 A=1 B=2 /bin/sh -c …`.
 */
import type { ParsedDockerfile, ParsedInstruction, ParsedStage } from '../parse/dockerfile';

export interface HistoryEntry {
  createdBy: string;
  /** Bytes the entry's layer adds, as the engine reports them (uncompressed). */
  size: number;
  /** True when the engine says this entry made no layer (ENV, CMD …); undefined when it does not say. */
  emptyLayer?: boolean;
}

export type MatchQuality = 'exact' | 'similar' | 'keyword' | 'none';

export interface MappedEntry {
  instruction: ParsedInstruction;
  entry: HistoryEntry;
  /** Index in the history (oldest first). */
  historyIndex: number;
  match: MatchQuality;
}

export interface HistoryMapping {
  mapped: MappedEntry[];
  /** History entries before the file's first instruction: the base image. */
  baseEntries: HistoryEntry[];
  /** Set when the image does not look built from this file (another revision, another target). */
  mismatch?: string;
}

const KEYWORDS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'VOLUME', 'USER', 'CMD', 'ENTRYPOINT', 'SHELL', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER']);

/** The instruction keyword and argument text a history entry records. */
export function parseCreatedBy(createdBy: string): { keyword: string; text: string } {
  let s = createdBy.trim().replace(/\s*#\s*buildkit\s*$/, '');
  let keyword = '';
  const first = /^([A-Z]+)\s+([\s\S]*)$/.exec(s);
  if (first && KEYWORDS.has(first[1]!)) {
    keyword = first[1]!;
    s = first[2]!;
  }
  // Build arguments recorded before the command: `|2 A=1 B=2 …`.
  s = s.replace(/^\|\d+\s+(?:\S+=\S*\s+)*/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s+([A-Z]+)\s*([\s\S]*)$/.exec(s);
  if (nop) return { keyword: nop[1]!, text: nop[2]!.trim() };
  const shell = /^(?:\/bin\/)?(?:sh|bash|ash|dash|zsh)\s+(?:-[a-z]+\s+(?:\S+\s+)?)*-c\s+([\s\S]*)$/.exec(s);
  if (shell && (keyword === '' || keyword === 'RUN')) return { keyword: 'RUN', text: shell[1]!.trim() };
  return { keyword: keyword || 'RUN', text: s.trim() };
}

const squash = (s: string) => s.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();

function tokens(s: string): Set<string> {
  return new Set(squash(s).split(' ').filter((t) => t.length > 1));
}

function compare(instr: ParsedInstruction, entry: HistoryEntry): MatchQuality {
  const h = parseCreatedBy(entry.createdBy);
  if (h.keyword !== (instr.onbuild ? 'ONBUILD' : instr.keyword)) return 'none';
  if (instr.onbuild) return 'keyword';
  const mine = squash(instr.execForm ? (instr.execArgs ?? []).join(' ') : instr.argsText);
  const theirs = squash(h.text);
  if (mine === theirs) return 'exact';
  // The classic builder and Buildah record `COPY file:<digest> in <dest>`: the destination is what is left to compare.
  const legacy = /^(?:file|dir|multi):\S+ in (\S+)$/.exec(theirs);
  if (legacy && (instr.keyword === 'COPY' || instr.keyword === 'ADD')) {
    const dest = instr.execForm ? (instr.execArgs ?? []).slice(-1)[0] : instr.args[instr.args.length - 1];
    return dest && dest.replace(/\/+$/, '') === legacy[1]!.replace(/\/+$/, '') ? 'similar' : dest && legacy[1]!.startsWith(dest.replace(/\/+$/, '') + '/') ? 'similar' : 'keyword';
  }
  // The classic builder records `COPY file:<digest> in /dest`, BuildKit drops flags: compare words.
  const a = tokens(mine);
  const b = tokens(theirs);
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  const score = a.size + b.size === 0 ? 1 : (2 * common) / (a.size + b.size);
  return score >= 0.6 ? 'similar' : 'keyword';
}

/** The instructions the shipped image was built from, base stages first (FROM <stage> chains). */
export function shippedChain(parsed: ParsedDockerfile, stageIndex: number): ParsedInstruction[] {
  const chain: ParsedInstruction[][] = [];
  const seen = new Set<number>();
  let s: number | undefined = stageIndex;
  while (s !== undefined && !seen.has(s)) {
    seen.add(s);
    const stage: ParsedStage | undefined = parsed.stages[s];
    if (!stage) break;
    chain.unshift(stage.instructions.filter((i) => i.keyword !== 'FROM'));
    s = stage.parentStage;
  }
  return chain.flat();
}

export function mapHistory(instructions: ParsedInstruction[], history: HistoryEntry[]): HistoryMapping {
  const n = instructions.length;
  const m = history.length;
  if (m < n) {
    return {
      mapped: [],
      baseEntries: history,
      mismatch: `the image has ${m} history entries, fewer than the ${n} instructions of this file: it was not built from it`,
    };
  }
  const offset = m - n;
  const mapped = instructions.map((instruction, i) => ({ instruction, entry: history[offset + i]!, historyIndex: offset + i, match: compare(instruction, history[offset + i]!) }));
  const wrong = mapped.filter((x) => x.match === 'none');
  const changed = mapped.filter((x) => x.match === 'keyword');
  let mismatch: string | undefined;
  if (wrong.length) {
    const w = wrong[0]!;
    mismatch = `the image does not follow this file: line ${w.instruction.line + 1} is ${w.instruction.keyword} but the image has ${parseCreatedBy(w.entry.createdBy).keyword} there (built from another revision or target?)`;
  } else if (changed.length > Math.max(1, n / 4)) {
    mismatch = `${changed.length} of ${n} instructions differ from the image's history (built from another revision?)`;
  }
  return { mapped, baseEntries: history.slice(0, offset), mismatch };
}
