/**
 * The only way user text (image and stage names, paths, package names, URLs, messages quoting them)
 * enters hover Markdown. A hostile Dockerfile must not get a link, an image (a tracking pixel fetched
 * when the hover shows), HTML or a `command:` URI rendered: user text becomes a code span (`mdCode`)
 * or escaped text (`mdText`); `mdMessage` keeps a finding message's own `code` spans.
 */

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** One line: controls and newlines become a space. */
function oneLine(s: string): string {
  return s.replace(CONTROL, ' ');
}

/** User text as inline code: a fence longer than any backtick run in it, so it cannot close early. */
export function mdCode(s: string): string {
  const v = oneLine(s);
  if (!v.trim()) return mdText(v) || '` `';
  const longest = Math.max(0, ...(v.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // A code span that starts or ends with a backtick needs a space inside the fence.
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${v}${pad}${fence}`;
}

/**
 * User text as plain Markdown: the characters that could form a link or an image (`[`, `]`), a
 * code span, a table cell or an escape are backslash-escaped; `<` and `>` become entities so no
 * HTML tag or autolink can form. Emphasis characters stay (harmless, and `node_modules` reads well).
 */
export function mdText(s: string): string {
  return oneLine(s)
    .replace(/[\\`[\]|]/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A finding message (plain text with `code` spans for names): spans re-fenced, the rest escaped. */
export function mdMessage(s: string): string {
  const parts = oneLine(s).split('`');
  // An odd number of backticks leaves the last part outside any span, after a literal backtick.
  return parts.map((p, i) => (i % 2 === 0 ? mdText(p) : i < parts.length - 1 ? mdCode(p) : mdText('`' + p))).join('');
}

/**
 * For tests and the fuzz suite: the first piece of `md` outside code spans that could render as a
 * link, an image or HTML (an unescaped `[` or `<`), or a control character; undefined when none.
 */
export function unsafeMarkdown(md: string): string | undefined {
  const control = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.exec(md);
  if (control) return `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`;
  let i = 0;
  while (i < md.length) {
    const c = md[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      let n = 0;
      while (md[i + n] === '`') n++;
      // A code span closes with a backtick run of exactly the same length.
      let j = i + n;
      let close = -1;
      while (j < md.length) {
        if (md[j] === '`') {
          let m = 0;
          while (md[j + m] === '`') m++;
          if (m === n) {
            close = j;
            break;
          }
          j += m;
        } else j++;
      }
      i = close >= 0 ? close + n : i + n;
      continue;
    }
    if (c === '[' || c === '<') return md.slice(Math.max(0, i - 20), i + 30);
    i++;
  }
  return undefined;
}
