/**
 * Text from a Dockerfile or a file name, made safe for a terminal or a CI log. A Dockerfile, a
 * build-context file name or a package name can hold escape sequences (ESC/OSC: window title,
 * clear screen, OSC 8 links), newlines that start a fake line, or bidi overrides that reorder what
 * is shown; none of that may reach the reader as control.
 */

/** C0 and C1 controls, DEL, line/paragraph separators, and bidi/direction marks and overrides. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** UNSAFE without the global flag, for a stateless test. */
const UNSAFE_ONE = new RegExp(UNSAFE.source);

/** Every control character as visible text (`\x1b`, `\n`, `\u{202e}`): one line, inert. */
export function safeText(s: string): string {
  // Most text has nothing to replace: tested first, the string itself comes back (no callback set up, nothing copied).
  if (!UNSAFE_ONE.test(s)) return s;
  return s.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/** True when `s` holds nothing `safeText` would change. */
export function isSafeText(s: string): boolean {
  UNSAFE.lastIndex = 0;
  return !new RegExp(UNSAFE.source).test(s);
}

/**
 * A CI runner reads any output line that starts (after spaces) with `::` as a workflow command
 * (GitHub) — a file named `::error::…` would fake an annotation. Such a line gets a leading `\`.
 */
export function neutralizeWorkflowCommands(text: string): string {
  // No `::` anywhere (most reports): nothing to neutralize, and a multi-megabyte report is not scanned line by line.
  if (!text.includes('::')) return text;
  return text.replace(/^([ \t]*)::/gm, '$1\\::');
}
