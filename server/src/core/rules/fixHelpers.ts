/** Small text edits fixes share, written so the result is still a valid Dockerfile and shell. */
import type { ParsedInstruction } from '../parse/dockerfile';
import type { TextEdit } from './types';

/** Appends `&& <command>` at the end of a shell-form RUN (or `<command>` after a trailing `;`). */
export function appendToRun(text: string, instr: ParsedInstruction, command: string): TextEdit | undefined {
  if (instr.execForm || instr.heredocs.length) return undefined;
  let end = instr.end;
  while (end > instr.argsStart && /\s/.test(text[end - 1])) end--;
  const tail = text.slice(instr.argsStart, end).trimEnd();
  const joiner = /[;&]$/.test(tail) && !/&&$/.test(tail) ? ' ' : ' && ';
  return { start: end, end, newText: `${joiner}${command}` };
}
