/** Small text edits fixes share, written so the result is still a valid Dockerfile and shell. */
import type { ParsedInstruction } from '../parse/dockerfile';
import { isFlatParseOf, logicalChars, parseShell, type ShellCommand } from '../parse/shell';
import type { TextEdit } from './types';

/** The escape character a Dockerfile's `# escape=` directive sets (`\` by default). */
export function escapeCharOf(text: string): string {
  // Directives are the leading comment lines; the first non-directive line ends them. Only those
  // lines are read: this runs for every fix, and splitting a 1 MB file each time was quadratic.
  let at = text.startsWith('\uFEFF') ? 1 : 0;
  while (at <= text.length) {
    let first = at;
    while (first < text.length && text[first] !== '\n' && /\s/.test(text[first]!)) first++;
    if (text[first] !== '#') break;
    const nl = text.indexOf('\n', at);
    const line = text.slice(at, nl < 0 ? text.length : nl);
    const m = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/.exec(line);
    if (!m) break;
    if (m[1].toLowerCase() === 'escape' && (m[2] === '`' || m[2] === '\\')) return m[2];
    if (nl < 0) break;
    at = nl + 1;
  }
  return '\\';
}

/**
 * Where the shell code of a RUN ends: the document offset just after its last character that is
 * neither blank, a line continuation nor inside a `#` comment. Undefined for an empty RUN.
 */
export function shellCodeEnd(text: string, instr: ParsedInstruction): number | undefined {
  return scanShellCode(text, instr).end;
}

/**
 * shellCodeEnd, and the quote or `${` still open where the RUN ends (an unterminated string), if any.
 * Scanned once per RUN and text: a merge and an appended cleanup both ask it of the same RUN.
 */
function scanShellCode(text: string, instr: ParsedInstruction): { end: number | undefined; openQuote: string | null } {
  const memo = SCANS.get(instr);
  if (memo && memo.text === text) return memo.scan;
  const scan = scanShellCodeOnce(text, instr);
  SCANS.set(instr, { text, scan });
  return scan;
}

const SCANS = new WeakMap<ParsedInstruction, { text: string; scan: { end: number | undefined; openQuote: string | null } }>();

function scanShellCodeOnce(text: string, instr: ParsedInstruction): { end: number | undefined; openQuote: string | null } {
  const chars = logicalChars(text, instr.argsStart, instr.end, escapeCharOf(text));
  let quote: string | null = null;
  let braces = 0; // open `${…` parameter expansions (outside single quotes)
  let inComment = false;
  let last: number | undefined;
  for (let k = 0; k < chars.ch.length; k++) {
    const ch = chars.ch[k];
    const at = chars.at[k];
    if (inComment) {
      if (ch === '\n') inComment = false;
      continue;
    }
    if (quote === "'") {
      if (ch === "'") quote = null;
      last = at + 1;
      continue;
    }
    if (ch === '\\' && k + 1 < chars.ch.length) {
      // A shell escape: the next character is literal (it may be the last one of the code).
      last = chars.at[k + 1] + 1;
      k++;
      continue;
    }
    if (ch === '$' && chars.ch[k + 1] === '{') {
      braces++;
      last = chars.at[k + 1] + 1;
      k++;
      continue;
    }
    if (ch === '}' && braces > 0) {
      braces--;
      last = at + 1;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      last = at + 1;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    // A `#` starts a comment only at the start of a word.
    else if (ch === '#' && (k === 0 || /[\s;&|()]/.test(chars.ch[k - 1]))) {
      inComment = true;
      continue;
    }
    if (!/\s/.test(ch)) last = at + 1;
  }
  return { end: last, openQuote: quote ?? (braces > 0 ? '${' : null) };
}

/**
 * Appends `&& <command>` to the shell code of a shell-form RUN: before a trailing comment and
 * before a trailing line continuation, never inside them. A trailing `;` stays last (`a && cmd;`,
 * so a failing `a` still fails the RUN). Undefined when there is no safe place: exec form,
 * heredocs, an unterminated quote, or code ending in an operator that waits for more (`&&`, `||`, `|`, `&`).
 */
export function appendToRun(text: string, instr: ParsedInstruction, command: string): TextEdit | undefined {
  if (instr.execForm || instr.heredocs.length) return undefined;
  const scan = scanShellCode(text, instr);
  // Inside an unterminated quote the command would be part of the string (and the finding would stay).
  if (scan.openQuote) return undefined;
  let end = scan.end;
  if (end === undefined) return undefined;
  const code = text.slice(instr.argsStart, end);
  if (/(&&|\|\||\||&)$/.test(code) && !/;;$/.test(code)) return undefined;
  if (code.endsWith(';') && !code.endsWith(';;')) {
    // Insert before the `;` (and any blanks before it).
    end--;
    while (end > instr.argsStart && /[ \t]/.test(text[end - 1])) end--;
    if (/(&&|\|\||\||&|;)$/.test(text.slice(instr.argsStart, end))) return undefined;
  }
  const edit = { start: end, end, newText: ` && ${command}` };
  return appendedAtTopLevel(text, instr, edit) ? edit : undefined;
}

/** The commands of an appended text: a handful of distinct ones (`rm -rf /var/lib/apt/lists/*`, …), each parsed once. */
function commandsOf(command: string, escapeChar: string): ShellCommand[] {
  const key = `${escapeChar}\u0000${command}`;
  let commands = ADDED.get(key);
  if (!commands) {
    commands = parseShell(command, 0, undefined, { escapeChar, nested: false }).commands;
    if (ADDED.size >= 256) ADDED.clear();
    ADDED.set(key, commands);
  }
  return commands;
}

const ADDED = new Map<string, ShellCommand[]>();

/** Tests only: `reuseRunParse: false` parses every RUN again (the oracle the reuse is compared with). */
export const APPEND_CHECK = { reuseRunParse: true };

/**
 * Does the command appended by `edit` (` && cmd` at the end of the shell code) run as the RUN's last
 * top-level command? Checked by parsing the RUN as it would read after the edit: the new command
 * must not sit inside a compound command the code leaves open (`case` without `esac`, `if` without
 * `fi`, an unclosed `(`, `{`, loop), where it may not run and the finding stays (every fix-all pass
 * then appended another copy), and the commands before it must be the ones they were.
 */
function appendedAtTopLevel(text: string, instr: ParsedInstruction, edit: TextEdit): boolean {
  const escapeChar = escapeCharOf(text);
  // The RUN's own parse when it is the same (no `sh -c` expanded in it): one parse less per fix.
  const script =
    APPEND_CHECK.reuseRunParse && instr.shell && isFlatParseOf(instr.shell, text, instr.argsStart, instr.end, escapeChar)
      ? instr.shell
      : parseShell(text, instr.argsStart, instr.end, { escapeChar, nested: false });
  if (script.problems.some((p) => p.message.startsWith('unclosed '))) return false;
  const before = script.commands;
  // The RUN alone, edited (offsets shifted back by `base`): building the whole file's text again per fix was quadratic.
  const base = instr.argsStart;
  const edited = text.slice(base, edit.start) + edit.newText + text.slice(edit.end, instr.end);
  // Offsets in `edited` are shifted back by `base` (compared as such: no copy of every command with document offsets).
  const after = parseShell(edited, 0, edited.length, { escapeChar, nested: false }).commands;
  const added = commandsOf(edit.newText.replace(/^ && /, ''), escapeChar);
  if (after.length !== before.length + added.length) return false;
  for (let k = 0; k < before.length; k++) {
    const [b, a] = [before[k]!, after[k]!];
    if (a.start + base !== b.start || a.end + base !== b.end || a.name !== b.name || a.depth !== b.depth || a.conditional !== b.conditional) return false;
  }
  const appended = after.slice(before.length);
  return appended.every((c, k) => c.depth === 0 && !c.conditional && !c.inCondition && !c.branches && c.start + base >= edit.start && c.end + base <= edit.start + edit.newText.length && c.name === added[k]!.name) && appended[0]?.connector === '&&';
}

/**
 * Shell variables that `word` names (`$X`, `${X}`, `${X:-…}`) and that the RUN's code after document
 * offset `from` may set again (`X=…`, `export X=…`, `for X in`, `read … X`, `unset X`, …). A command
 * appended at the end of the RUN that names such a variable would see another value than the command
 * before `from` did (a cleanup that deletes another file, and a finding that stays on every pass).
 * Read from the text, on purpose broadly: a false alarm only withholds a fix.
 */
export function reassignedAfter(text: string, instr: ParsedInstruction, from: number, word: string): string[] {
  const names = [...new Set([...word.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))];
  if (!names.length) return [];
  const code = text.slice(Math.max(from, instr.argsStart), instr.end);
  return names.filter((n) => new RegExp(`(^|[^A-Za-z0-9_$])${n}\\+?=|\\b(for|read|unset|getopts|local|declare|typeset|readonly|export)\\b[^;&|\\n]*\\b${n}\\b`).test(code));
}
