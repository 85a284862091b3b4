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
    while (first < text.length && text[first] !== '\n' && isSpace(text[first]!)) first++;
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
function scanShellCode(text: string, instr: ParsedInstruction): ShellCodeScan {
  const memo = SCANS.get(instr);
  if (memo && memo.text === text) return memo.scan;
  const scan = scanShellCodeOnce(text, instr);
  SCANS.set(instr, { text, scan });
  return scan;
}

interface ShellCodeScan {
  end: number | undefined;
  openQuote: string | null;
  /** The code is plain (isPlainShell) and only blanks, then perhaps a `#` comment, follow it (see plainRun). */
  plain: boolean;
}

const SCANS = new WeakMap<ParsedInstruction, { text: string; scan: ShellCodeScan }>();

/**
 * The logical characters of a RUN (logicalChars) and each one's document offset: when the RUN holds neither its escape
 * character nor a carriage return (most one-line RUNs), logicalChars keeps every character, so they are the text itself
 * and the offsets need no array.
 */
function runChars(text: string, instr: ParsedInstruction, escapeChar: string): { ch: string; at: Int32Array | null; base: number } {
  const raw = text.slice(instr.argsStart, instr.end);
  if (!raw.includes(escapeChar) && !raw.includes('\r')) return { ch: raw, at: null, base: instr.argsStart };
  const chars = logicalChars(text, instr.argsStart, instr.end, escapeChar);
  return { ch: chars.ch, at: chars.at, base: 0 };
}

/** `/\s/.test(ch)` for one character, without a regular expression for the ASCII ones. */
function isSpace(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE.test(ch);
}
const SPACE = /\s/;

/** What may come right before a `#` that starts a comment (besides nothing). */
function breaksWord(ch: string): boolean {
  return ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || isSpace(ch);
}

function scanShellCodeOnce(text: string, instr: ParsedInstruction): ShellCodeScan {
  const chars = runChars(text, instr, escapeCharOf(text));
  const offsets = chars.at;
  const base = chars.base;
  const ch = chars.ch;
  const n = ch.length;
  const offsetOf = (k: number) => (offsets ? offsets[k]! : base + k);
  let quote: string | null = null;
  let braces = 0; // open `${…` parameter expansions (outside single quotes)
  let inComment = false;
  let last: number | undefined;
  for (let k = 0; k < n; k++) {
    const c = ch[k]!;
    if (inComment) {
      if (c === '\n') inComment = false;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = null;
      last = offsetOf(k) + 1;
      continue;
    }
    if (c === '\\' && k + 1 < n) {
      // A shell escape: the next character is literal (it may be the last one of the code).
      last = offsetOf(k + 1) + 1;
      k++;
      continue;
    }
    if (c === '$' && ch[k + 1] === '{') {
      braces++;
      last = offsetOf(k + 1) + 1;
      k++;
      continue;
    }
    if (c === '}' && braces > 0) {
      braces--;
      last = offsetOf(k) + 1;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      last = offsetOf(k) + 1;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    // A `#` starts a comment only at the start of a word.
    else if (c === '#' && (k === 0 || breaksWord(ch[k - 1]!))) {
      inComment = true;
      continue;
    }
    if (!isSpace(c)) last = offsetOf(k) + 1;
  }
  const openQuote = quote ?? (braces > 0 ? '${' : null);
  let plain = false;
  if (last !== undefined && !openQuote) {
    // The logical characters up to the code's end, and after it.
    let k = n;
    while (k > 0 && offsetOf(k - 1) >= last) k--;
    plain = (!PLAIN_SHELL.tail || PLAIN_TAIL.test(ch.slice(k))) && isPlainShell(ch.slice(0, k));
  }
  return { end: last, openQuote, plain };
}

/** What may follow plain code to the RUN's end: nothing, or blanks and then perhaps a comment. */
const PLAIN_TAIL = /^(?:[ \t]+(?:#[^\n]*)?)?$/;

/** Characters of a plain shell word (by char code): none quotes, escapes, expands, redirects, groups, comments or ends a word. */
const PLAIN_WORD = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,/=+:@%^~*?-') PLAIN_WORD[c.charCodeAt(0)] = 1;

/** A word of plain code that is a compound-command keyword parseShell knows (COMPOUND_START in parse/shell.ts, spelt with word characters). */
const SHELL_KEYWORD = /(?:^|[ \t;&|])(?:if|then|else|elif|fi|do|done|while|until|for|case|esac|in|function)(?![^ \t;&|])/;

/** Tests only: the proof without its keyword or its tail check (wrong proofs the equivalence tests must catch). */
export const PLAIN_SHELL = { keywords: true, tail: true };

/**
 * Is `code` (shell characters, continuations already removed) plain: words of PLAIN_WORD characters separated by
 * blanks, simple commands joined by `&&`, `||`, `|` or `;`, neither first nor last nor doubled, and no word a
 * compound-command keyword? parseShell reads plain code left to right with no state carried across an operator
 * (no quote, expansion, heredoc, group, redirect or keyword), so the commands of `a && b` are those of `a`, then
 * those of `b`: what lets a fix check an appended command or a merge without parsing the RUN again.
 */
export function isPlainShell(code: string): boolean {
  let afterWord = false;
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (c < 128 && PLAIN_WORD[c]) {
      i++;
      while (i < n && code.charCodeAt(i) < 128 && PLAIN_WORD[code.charCodeAt(i)]) i++;
      afterWord = true;
      continue;
    }
    if (!afterWord) return false;
    // `&&`, `||`, `|`, `;`
    if ((c === 38 || c === 124) && code.charCodeAt(i + 1) === c) i += 2;
    else if (c === 124 || c === 59) i++;
    else return false;
    afterWord = false;
  }
  // Words are separated by blanks and operators only: a keyword is one between those.
  return afterWord && !(PLAIN_SHELL.keywords && SHELL_KEYWORD.test(code));
}

/**
 * Is the RUN's shell code plain (isPlainShell) with nothing but blanks and a comment after it? Then its commands
 * are the code's, and the code joined to other plain code by an operator reads as both, one after the other.
 */
export function plainRun(text: string, instr: ParsedInstruction): boolean {
  return !instr.execForm && !instr.heredocs.length && scanShellCode(text, instr).plain;
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
  // Plain code (it ends in a word: no operator, no `;`), appended at its end, followed by blanks or a comment: the parse
  // of the edited RUN is the RUN's commands, then the command's (isPlainShell), which is what appendedAtTopLevel would
  // find by parsing it.
  if (APPEND_CHECK.byProof && scan.plain && plainCommand(command)) return { start: end, end, newText: ` && ${command}` };
  const code = text.slice(instr.argsStart, end);
  if (/(&&|\|\||\||&)$/.test(code) && !/;;$/.test(code)) return undefined;
  if (code.endsWith(';') && !code.endsWith(';;')) {
    // Insert before the `;` (and any blanks before it).
    end--;
    while (end > instr.argsStart && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
    if (/(&&|\|\||\||&|;)$/.test(text.slice(instr.argsStart, end))) return undefined;
  }
  const edit = { start: end, end, newText: ` && ${command}` };
  return appendedAtTopLevel(text, instr, edit) ? edit : undefined;
}

/** isPlainShell of an appended command (a handful of distinct ones). */
function plainCommand(command: string): boolean {
  let plain = PLAIN_COMMANDS.get(command);
  if (plain === undefined) {
    plain = isPlainShell(command);
    if (PLAIN_COMMANDS.size >= 256) PLAIN_COMMANDS.clear();
    PLAIN_COMMANDS.set(command, plain);
  }
  return plain;
}

const PLAIN_COMMANDS = new Map<string, boolean>();

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

/**
 * Tests only: `reuseRunParse: false` parses every RUN again, `byProof: false` parses every edited RUN (the oracles
 * the reuse and the plain-code proof are compared with).
 */
export const APPEND_CHECK = { reuseRunParse: true, byProof: true };

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
