/**
 * "Merge RUN commands": joins consecutive RUNs of a stage into one, in the file's style
 * (escape character, line endings, continuation indentation, `&&` at the end or the start of the
 * line). Pure: parsed Dockerfile + the RUNs → one edit, or the reason it would change meaning.
 */
import { formatBytes } from '../model/format';
import type { SizeModel } from '../model/types';
import type { ParsedComment, ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import { isFlatParseOf, parseShell, type ShellCommand, type ShellScript } from '../parse/shell';
import { escapeCharOf, plainRun, shellCodeEnd } from '../rules/fixHelpers';
import type { TextEdit } from '../rules/types';
import { commandSignature, fileStyle, lineIndentBefore, parseAlone } from './style';

export interface Refactor {
  title: string;
  edits: TextEdit[];
}

export interface Refusal {
  refused: string;
}

export type RefactorOutcome = Refactor | Refusal;

export function isRefusal(r: RefactorOutcome | undefined): r is Refusal {
  return !!r && 'refused' in r;
}

const POSIX_SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Commands whose effect on the shell (cwd, variables, options, traps, exit) would leak into the RUNs after them. */
const STATEFUL = new Set([
  'cd', 'pushd', 'popd', 'export', 'unset', 'set', 'umask', 'ulimit', 'source', '.', 'alias', 'unalias', 'shopt',
  'trap', 'exit', 'exec', 'return', 'readonly', 'declare', 'typeset', 'local', 'eval', 'hash', 'enable', 'read', 'shift', 'builtin', 'command',
]);
const PRAGMA = /^#\s*(size-hints|hadolint)\s/;

function flagKey(instr: ParsedInstruction, text: string): string {
  if (!instr.flags.length) return '';
  return instr.flags
    .map((f) => text.slice(f.start, f.end).replace(/\s+/g, ''))
    .sort()
    .join(' ');
}

/** The shell a RUN runs with: the last SHELL of its stage before it (default /bin/sh). */
function shellOf(parsed: ParsedDockerfile, instr: ParsedInstruction): string {
  // One walk per parse: asked for every pair of RUNs, a walk from the top each time was quadratic.
  let shells = SHELLS.get(parsed);
  if (!shells) {
    shells = [];
    const byStage = new Map<number, string>();
    for (const i of parsed.instructions) {
      shells[i.index] = byStage.get(i.stageIndex) ?? 'sh';
      if (i.keyword === 'SHELL' && !i.onbuild && i.execArgs?.length) byStage.set(i.stageIndex, i.execArgs[0].split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, ''));
    }
    SHELLS.set(parsed, shells);
  }
  return shells[instr.index] ?? 'sh';
}

const SHELLS = new WeakMap<ParsedDockerfile, string[]>();

/** A shell function definition (`f() {`, `function f`): it would be defined for the RUNs after it too. */
const FUNCTION_DEF = /(^|[\s;&|(){}])(function\s+[A-Za-z_][\w-]*|[A-Za-z_][\w-]*\s*\(\s*\))/;
const SHELL_PATHS = /^(\/usr)?\/bin\/(sh|dash|bash)$/;

/** `set -e`, `set -eux`, `set -o errexit`: a shell that stops at the first failure. */
function setsErrexit(c: ShellCommand): boolean {
  if (c.name !== 'set') return false;
  const args = c.argv.slice(1).map((w) => w.value);
  return args.some((a, i) => /^-[a-zA-Z]*e/.test(a) || (a === '-o' && args[i + 1] === 'errexit'));
}

/** Does the RUN leave shell state (cwd, variables, options, functions) its shell would carry on with? */
function changesShellState(instr: ParsedInstruction): boolean {
  const cmds = instr.shell?.commands ?? [];
  return cmds.some((c) => c.depth === 0 && (STATEFUL.has(c.name) || (!c.name && c.assignments.length > 0))) || FUNCTION_DEF.test(instr.argsText);
}

/** Does the RUN replace /bin/sh (`ln -sf /bin/bash /bin/sh`, `dpkg-divert`, `mv`)? Later RUNs run with the new one. */
export function changesBinSh(instr: ParsedInstruction): boolean {
  for (const c of instr.shell?.commands ?? []) {
    if (c.name === 'sh' || c.name === 'bash' || c.name === 'dash') continue;
    for (let k = 1; k < c.argv.length; k++) if (SHELL_PATHS.test(c.argv[k].value)) return true;
  }
  return false;
}

/** A body that is more than one `&&` chain (`;`, `||`, newlines) needs braces to keep an earlier failure fatal. */
function needsGrouping(instr: ParsedInstruction): boolean {
  return (instr.shell?.commands ?? []).some((c) => c.depth === 0 && c.connector !== null && c.connector !== '&&' && c.connector !== '|');
}

/** Why one RUN cannot take part in a merge at all, or undefined. */
export function unmergeable(parsed: ParsedDockerfile, instr: ParsedInstruction): string | undefined {
  if (instr.keyword !== 'RUN') return `${instr.keyword} is not a RUN`;
  if (instr.onbuild) return 'ONBUILD RUN triggers are not merged';
  if (instr.execForm) return 'exec-form RUN ["…"] runs without a shell: it cannot be joined with &&';
  if (!instr.shell) return 'RUN without a command';
  if (instr.heredocs.length) return 'a heredoc RUN cannot be joined safely';
  if (!instr.argsText.trim()) return 'RUN without a command';
  if (instr.stageIndex < 0) return 'outside a stage';
  const shell = shellOf(parsed, instr);
  if (!POSIX_SHELLS.has(shell)) return `SHELL is ${shell}: && continuations are for POSIX shells`;
  return undefined;
}

/** Why `b` cannot join the RUN before it (`a`), or undefined. */
export function cannotJoin(parsed: ParsedDockerfile, a: ParsedInstruction, b: ParsedInstruction): string | undefined {
  // Asked of each adjacent pair by mergeableGroups, then again by the merge of each group: answered once per parse.
  if (b.index !== a.index + 1 || parsed.instructions[a.index] !== a || parsed.instructions[b.index] !== b) return cannotJoinOnce(parsed, a, b);
  let memo = JOINS.get(parsed);
  if (!memo) JOINS.set(parsed, (memo = new Map()));
  let why = memo.get(a.index);
  if (why === undefined) memo.set(a.index, (why = cannotJoinOnce(parsed, a, b) ?? null));
  return why ?? undefined;
}

const JOINS = new WeakMap<ParsedDockerfile, Map<number, string | null>>();

function cannotJoinOnce(parsed: ParsedDockerfile, a: ParsedInstruction, b: ParsedInstruction): string | undefined {
  const ra = unmergeable(parsed, a) ?? unmergeable(parsed, b);
  if (ra) return ra;
  if (b.index !== a.index + 1) {
    const between = parsed.instructions.slice(a.index + 1, b.index).map((i) => i.keyword);
    return `${[...new Set(between)].join(', ')} between them`;
  }
  if (a.stageIndex !== b.stageIndex) return 'different stages';
  if (flagKey(a, parsed.text) !== flagKey(b, parsed.text)) return 'different RUN flags (--mount/--network/--security)';
  if (shellOf(parsed, a) !== shellOf(parsed, b)) return 'a SHELL change between them';
  // A file cut short (or an edit in progress) inside `if`/`case`/a loop/`(`/`{`: merged, the next RUN's
  // commands would run inside it (conditionally, or not at all).
  const open = a.shell?.problems.find((p) => p.message.startsWith('unclosed '));
  if (open) return `the RUN on line ${a.line + 1} leaves ${open.message.slice('unclosed '.length)} open: the next RUN would run inside it`;
  if (changesBinSh(a)) return `the RUN on line ${a.line + 1} changes /bin/sh, which the next RUN runs with`;
  // Before another RUN its body becomes the left side of `&&`, where the shell ignores `set -e`.
  if ((a.shell?.commands ?? []).some(setsErrexit)) return `set -e in the RUN on line ${a.line + 1} would be ignored once another RUN follows it with &&`;
  if ((a.shell?.commands ?? []).some((c) => c.connector === '&') || (b.shell?.commands ?? []).some((c) => c.connector === '&')) return 'a command runs in the background (&)';
  return undefined;
}

/** Every maximal group (≥ 2) of consecutive RUNs that can be merged. */
export function mergeableGroups(parsed: ParsedDockerfile): ParsedInstruction[][] {
  const groups: ParsedInstruction[][] = [];
  let current: ParsedInstruction[] = [];
  const flush = () => {
    if (current.length >= 2) groups.push(current);
    current = [];
  };
  for (const instr of parsed.instructions) {
    if (current.length && !cannotJoin(parsed, current[current.length - 1], instr)) {
      current.push(instr);
      continue;
    }
    flush();
    if (!unmergeable(parsed, instr)) current = [instr];
  }
  flush();
  // Only whether each merge is refused: its edit (made once, kept for mergeRuns), without a title or a copy of the edit.
  return groups.filter((g) => !('refused' in mergedEditOf(parsed, g)));
}

/** Bytes a merge gets back: what later RUNs of the group delete or rewrite of files earlier ones created. */
export function mergeSavings(model: SizeModel | undefined, runs: ParsedInstruction[]): { bytes: number; unknown: boolean } {
  let bytes = 0;
  let unknown = false;
  if (!model) return { bytes, unknown };
  const indexes = new Set(runs.map((r) => r.index));
  for (const r of runs.slice(1)) {
    for (const t of model.layers.get(r.index)?.touchedEarlier ?? []) {
      if (!indexes.has(t.entry.createdBy) || t.entry.createdBy >= r.index) continue;
      bytes += t.bytes;
      if (t.partial || t.entry.unknown) unknown = true;
    }
  }
  return { bytes, unknown };
}

function stripTrailingSemicolon(body: string): string {
  const m = /(^|[^\\;]);\s*$/.exec(body);
  return m ? body.slice(0, m.index + m[1].length).trimEnd() : body;
}

/**
 * Merges the given RUNs (consecutive, same stage) into the first. Comments between them become
 * comment lines inside the continuation (Docker drops those before the shell sees them), except
 * ignore pragmas (`# hadolint ignore=…`), which move above the merged RUN where they still apply.
 */
export function mergeRuns(parsed: ParsedDockerfile, runs: ParsedInstruction[], model?: SizeModel): RefactorOutcome {
  const edit = mergedEditOf(parsed, runs);
  if ('refused' in edit) return { refused: edit.refused };
  const saved = mergeSavings(model, runs);
  const saves = saved.bytes > 0 ? `, saves ~${formatBytes(saved.bytes)}` : saved.unknown ? ', saves space' : '';
  return { title: `Merge RUN commands (${runs.length} layers → 1${saves})`, edits: [{ ...edit }] };
}

/**
 * The edit depends on the text alone (the model only adds the savings to the title): made once per file and group,
 * since the rule asks for every group twice (mergeableGroups, then its fix). Consecutive instructions (every group
 * mergeableGroups finds) are keyed by a number, first index and count; other selections by their indexes.
 */
function mergedEditOf(parsed: ParsedDockerfile, runs: ParsedInstruction[]): TextEdit | Refusal {
  let made = MERGES.get(parsed);
  if (!made) MERGES.set(parsed, (made = new Map()));
  const first = runs[0]?.index ?? 0;
  let consecutive = first >= 0 && first < 2 ** 26 && runs.length < 2 ** 26;
  for (let k = 1; consecutive && k < runs.length; k++) consecutive = runs[k].index === first + k;
  const key = consecutive ? first * 2 ** 26 + runs.length : runs.map((r) => r.index).join(',');
  let edit = made.get(key);
  if (edit === undefined) made.set(key, (edit = mergedEdit(parsed, runs)));
  return edit;
}

const MERGES = new WeakMap<ParsedDockerfile, Map<number | string, TextEdit | Refusal>>();

/** The comments on lines [from, to), in file order: found by binary search (a scan of every comment per RUN merged was quadratic). */
function commentsBetween(parsed: ParsedDockerfile, from: number, to: number): ParsedComment[] {
  let byLine = COMMENTS_BY_LINE.get(parsed);
  if (!byLine) COMMENTS_BY_LINE.set(parsed, (byLine = [...parsed.comments].sort((a, b) => a.line - b.line)));
  let lo = 0;
  let hi = byLine.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byLine[mid].line < from) lo = mid + 1;
    else hi = mid;
  }
  const out: ParsedComment[] = [];
  for (let i = lo; i < byLine.length && byLine[i].line < to; i++) out.push(byLine[i]);
  return out;
}

const COMMENTS_BY_LINE = new WeakMap<ParsedDockerfile, ParsedComment[]>();

function mergedEdit(parsed: ParsedDockerfile, runs: ParsedInstruction[]): TextEdit | Refusal {
  if (runs.length < 2) return { refused: 'needs at least two consecutive RUNs' };
  for (let k = 1; k < runs.length; k++) {
    const why = cannotJoin(parsed, runs[k - 1], runs[k]);
    if (why) return { refused: why };
  }
  const { text } = parsed;
  const style = fileStyle(parsed);
  const { escape, eol, indent } = style;
  const first = runs[0];
  const last = runs[runs.length - 1];
  const hoisted: string[] = [];
  let pendingComment: string | undefined;
  let merged = text.slice(first.start, first.argsStart);
  // Whether every body keeps dockerfile-ast's reading of the merged text to one RUN (see mergedRunAlone).
  let plainBodies = true;
  // Whether every RUN is plain shell code (plainRun), parsed as such, and joined as written (see the proof below).
  let provenPlain = MERGE_CHECK.byProof && /^[ \t]*$/.test(indent) && escapeCharOf(text) === escape;
  for (let k = 0; k < runs.length; k++) {
    const r = runs[k];
    const isLast = k === runs.length - 1;
    // The shell code, without a trailing comment (moved to a comment line of its own) or continuation.
    const codeEnd = shellCodeEnd(text, r) ?? r.argsStart;
    let body = text.slice(r.argsStart, codeEnd);
    const rest = text.slice(codeEnd, r.end).trim();
    const restComment = (rest.endsWith(escape) ? rest.slice(0, -1) : rest).trim();
    let trailingComment: string | undefined;
    if (restComment) {
      if (!/^#[^\r\n]*$/.test(restComment)) return { refused: 'a comment inside the RUN the merge cannot keep in place' };
      trailingComment = restComment;
    }
    if (!isLast) body = stripTrailingSemicolon(body);
    if (!isLast && changesShellState(r)) {
      // `cd`, `export`, functions, … would now reach the commands after it: keep them in a subshell.
      body = `${body.startsWith('(') ? '( ' : '('}${body}${body.endsWith(')') ? ' )' : ')'}`;
      provenPlain = false;
    } else if (k > 0 && needsGrouping(r)) {
      // `x && a; b` would run b after a failed x: `x && { a; b; }` keeps the failure fatal.
      body = `{ ${stripTrailingSemicolon(body)}; }`;
      provenPlain = false;
    }
    if (provenPlain && !(plainRun(text, r) && r.shell && isFlatParseOf(r.shell, text, r.argsStart, r.end, escape))) provenPlain = false;
    // An escape character and blanks at the end would make dockerfile-ast skip the next character (the escape of a continuation).
    if (!PLAIN_FIRST.test(body) || body.replace(/[ \t]+$/, '').endsWith(escape)) plainBodies = false;
    const comments: string[] = [];
    if (k > 0) {
      const from = runs[k - 1].endLine + 1;
      for (const c of commentsBetween(parsed, from, r.line)) {
        const t = c.text.trim();
        if (PRAGMA.test(t)) hoisted.push(t);
        else comments.push(t);
      }
      if (pendingComment) comments.unshift(pendingComment);
      const commentLines = comments.map((c) => `${indent}${c}${eol}`).join('');
      merged += style.leadingOperator ? ` ${escape}${eol}${commentLines}${indent}&& ${body}` : ` && ${escape}${eol}${commentLines}${indent}${body}`;
    } else merged += body;
    pendingComment = undefined;
    if (trailingComment) {
      if (isLast) merged += `  ${trailingComment}`;
      else pendingComment = trailingComment;
    }
  }
  const lead = lineIndentBefore(parsed, first.start);
  const newText = hoisted.map((h) => `${h}${eol}${lead}`).join('') + merged;
  const edit: TextEdit = { start: first.start, end: last.end, newText };

  // The merged RUN must run exactly the same commands, in the same order. Proven without parsing it when every body
  // is plain code (plainRun) joined by `&&` across continuations and whole comment lines, which the shell's logical
  // characters drop: the merged code is then plain too, and its commands are the RUNs' commands one after another,
  // with no problem (the checks below all pass on such a parse; test/fixes/fixChecks.test.ts compares the two).
  if (provenPlain && plainBodies && !hoisted.length && !newText.includes('<<') && MERGE_CHECK.byConstruction && !newText.trimEnd().endsWith(parsed.escapeChar)) return edit;
  const m = mergedRunAlone(parsed, first, newText, MERGE_CHECK.byConstruction && plainBodies && !hoisted.length && !newText.includes('<<'));
  if (
    !m ||
    m.keyword !== 'RUN' ||
    m.instructions !== 1 ||
    newText.trimEnd().endsWith(parsed.escapeChar) ||
    !sameSignatures(m.shell?.commands ?? [], runs) ||
    (m.shell?.problems.length ?? 0) > runs.reduce((n, r) => n + (r.shell?.problems.length ?? 0), 0)
  )
    return { refused: 'the shell would read the merged command differently (a trailing comment, `&`, or an unterminated quote)' };
  return edit;
}

/** Do `commands` read as the RUNs' commands one after another (commandSignature of each, in order)? */
function sameSignatures(commands: ShellCommand[], runs: ParsedInstruction[]): boolean {
  let k = 0;
  for (const r of runs) {
    for (const c of r.shell?.commands ?? []) {
      if (k >= commands.length || !sameSignature(commands[k]!, c)) return false;
      k++;
    }
  }
  return k === commands.length;
}

/** commandSignature(a) === commandSignature(b), word by word (no joined strings) when the words are equal. */
function sameSignature(a: ShellCommand, b: ShellCommand): boolean {
  if (a.assignments.length === b.assignments.length && a.argv.length === b.argv.length) {
    let equal = true;
    for (let i = 0; equal && i < a.assignments.length; i++) equal = a.assignments[i].value === b.assignments[i].value;
    for (let i = 0; equal && i < a.argv.length; i++) equal = a.argv[i].value === b.argv[i].value;
    if (equal) return true;
  }
  // Different words may still join to the same signature (a NUL inside a word): the joined strings decide.
  return commandSignature(a) === commandSignature(b);
}

/**
 * A body the merge joins starts with a character after which dockerfile-ast reads the rest of it as it
 * did inside its own RUN: not blank, not `#` (a comment line after the continuation before it), not the
 * escape character (its state would carry over), not `-`, a quote or `[` (a flag, or a JSON exec form).
 */
const PLAIN_FIRST = /^[A-Za-z0-9_({\/.$]/;

/**
 * Tests only: `byConstruction: false` checks every merge by parsing it with dockerfile-ast (parseAlone),
 * the oracle the cheaper check is compared with on every fixture and the fuzz corpus; `byProof: false` parses
 * merges of plain RUNs too.
 */
export const MERGE_CHECK = { byConstruction: true, byProof: true };

/**
 * The merged RUN as parseAlone(parsed, newText) reads it: how many instructions, the first one's keyword and shell.
 * `byConstruction`: newText is the first RUN's own keyword and flags, then bodies that each start with a
 * PLAIN_FIRST character and do not end with the escape character and blanks, joined by ` && <escape><eol>` (or
 * ` <escape><eol>… && `) with whole comment lines between them, no hoisted pragma and no `<<`. Every
 * line break inside a body was continued in its own RUN (dockerfile-ast ended that RUN at its first
 * other line break), the state dockerfile-ast carries between characters (after a continuation or not)
 * is reset by a body's first character and the ` &&`/` <escape>` before each join, so the text is
 * one RUN, its arguments start where the first RUN's did and it ends at newText's end: the shell is
 * then the very parseShell call parseDockerfile would make, on the same text, without dockerfile-ast.
 */
export function mergedRunAlone(parsed: ParsedDockerfile, first: ParsedInstruction, newText: string, byConstruction: boolean): { instructions: number; keyword: string; shell?: ShellScript } | undefined {
  if (!byConstruction) {
    const reparsed = parseAlone(parsed, newText);
    const m = reparsed.instructions[0];
    return m && { instructions: reparsed.instructions.length, keyword: m.keyword, shell: m.shell };
  }
  const header = parsed.escapeChar !== '\\' ? `# escape=${parsed.escapeChar}${parsed.lineEnding}` : '';
  const alone = header + newText + parsed.lineEnding;
  const argsStart = header.length + (first.argsStart - first.start);
  return { instructions: 1, keyword: 'RUN', shell: parseShell(alone, argsStart, header.length + newText.length, { escapeChar: parsed.escapeChar }) };
}

/**
 * The merges a selection asks for: a selection of exactly some consecutive RUNs → merge those;
 * otherwise every mergeable group of consecutive RUNs the selection (or cursor) touches.
 */
export function mergeRunsAt(parsed: ParsedDockerfile, start: number, end: number, model?: SizeModel): Refactor[] {
  const touches = (i: ParsedInstruction) => i.start <= end && i.end >= start;
  const hit = parsed.instructions.filter(touches);
  const out: Refactor[] = [];
  if (hit.length >= 2 && hit.every((i) => i.keyword === 'RUN')) {
    const exact = mergeRuns(parsed, hit, model);
    if (!isRefusal(exact)) out.push(exact);
  }
  for (const g of mergeableGroups(parsed)) {
    if (!g.some(touches)) continue;
    if (out.length && g.length === hit.length && g.every((x, k) => x === hit[k])) continue;
    const r = mergeRuns(parsed, g, model);
    if (!isRefusal(r)) out.push(r);
  }
  return out;
}
