/** The file's own layout conventions, so edits look like the rest of the Dockerfile. */
import { parseDockerfile, type ParsedDockerfile, type ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';

export interface FileStyle {
  escape: string;
  eol: string;
  /** Leading whitespace of continuation lines (e.g. four spaces, or a tab). */
  indent: string;
  /** `a \⏎    && b` instead of `a && \⏎    b`. */
  leadingOperator: boolean;
}

function isHeredocLine(instr: ParsedInstruction, lineStart: number): boolean {
  return instr.heredocs.some((h) => lineStart >= h.bodyStart - 1 && lineStart <= h.bodyEnd + h.delimiter.length + 2);
}

const styles = new WeakMap<ParsedDockerfile, FileStyle>();

/** Memoised per parse: rules ask for it once per RUN. */
export function fileStyle(parsed: ParsedDockerfile): FileStyle {
  let style = styles.get(parsed);
  if (!style) {
    style = computeFileStyle(parsed);
    styles.set(parsed, style);
  }
  return style;
}

/**
 * Parses one (edited) instruction on its own, with the file's escape directive: checking an edit
 * this way costs the instruction's length, not the file's, so offering actions on every RUN of a
 * long Dockerfile stays linear.
 */
export function parseAlone(parsed: ParsedDockerfile, instructionText: string): ParsedDockerfile {
  const header = parsed.escapeChar !== '\\' ? `# escape=${parsed.escapeChar}${parsed.lineEnding}` : '';
  return parseDockerfile(header + instructionText + parsed.lineEnding);
}

function computeFileStyle(parsed: ParsedDockerfile): FileStyle {
  const { text, lineStarts } = parsed;
  const indents = new Map<string, number>();
  let leading = 0;
  let trailing = 0;
  for (const instr of parsed.instructions) {
    if (instr.endLine <= instr.line) continue;
    for (let l = instr.line + 1; l <= instr.endLine; l++) {
      const ls = lineStarts[l];
      if (ls === undefined || ls >= instr.end || isHeredocLine(instr, ls)) continue;
      const lineEnd = (lineStarts[l + 1] ?? text.length + 1) - 1;
      const line = text.slice(ls, lineEnd).replace(/\r$/, '');
      const trimmed = line.trimStart();
      if (!trimmed || trimmed.startsWith('#')) continue;
      const ws = line.slice(0, line.length - trimmed.length);
      if (ws) indents.set(ws, (indents.get(ws) ?? 0) + 1);
      if (/^(&&|\|\|)\s/.test(trimmed)) leading++;
    }
    for (let l = instr.line; l < instr.endLine; l++) {
      const lineEnd = (lineStarts[l + 1] ?? text.length + 1) - 1;
      const line = text.slice(lineStarts[l], lineEnd).replace(/\r$/, '').trimEnd();
      if (line.endsWith(`&& ${parsed.escapeChar}`) || line.endsWith(`&&${parsed.escapeChar}`)) trailing++;
    }
  }
  let indent = '    ';
  let best = 0;
  for (const [ws, n] of indents) {
    if (n > best) {
      best = n;
      indent = ws;
    }
  }
  return { escape: parsed.escapeChar, eol: parsed.lineEnding, indent, leadingOperator: leading > trailing };
}

/** The whitespace before an instruction on its first line (usually empty). */
export function lineIndentBefore(parsed: ParsedDockerfile, offset: number): string {
  let i = offset;
  while (i > 0 && (parsed.text[i - 1] === ' ' || parsed.text[i - 1] === '\t')) i--;
  return i === 0 || parsed.text[i - 1] === '\n' ? parsed.text.slice(i, offset) : '';
}

/** A comparable picture of what the shell runs: each simple command's name, assignments and words. */
export function commandSignature(c: ShellCommand): string {
  return [...c.assignments.map((a) => a.value), ...c.argv.map((w) => w.value)].join('\u0000');
}

export function runSignatures(instr: ParsedInstruction): string[] {
  return (instr.shell?.commands ?? []).map(commandSignature);
}
