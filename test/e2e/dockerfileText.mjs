// A small, independent reading of Dockerfile text for the fix assertions: logical instructions
// (continuations joined, comment lines inside them dropped), RUN flags and the && commands of a RUN.

/** Logical instructions: `{ keyword, line (1-based first line), text (joined, trimmed) }`. */
export function instructions(text) {
  const out = [];
  let cur = null;
  let first = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (cur === null) {
      if (/^\s*(#|$)/.test(line)) return;
      cur = line.trim();
      first = i + 1;
    } else {
      if (/^\s*#/.test(line) || !line.trim()) return; // comments and blank lines inside a continuation
      cur += ' ' + line.trim();
    }
    if (/\\$/.test(cur)) {
      cur = cur.slice(0, -1).trimEnd();
      return;
    }
    out.push({ keyword: cur.split(/\s+/)[0].toUpperCase(), line: first, text: cur.replace(/\s+/g, ' ') });
    cur = null;
  });
  if (cur !== null) out.push({ keyword: cur.split(/\s+/)[0].toUpperCase(), line: first, text: cur.replace(/\s+/g, ' ') });
  return out;
}

/** `RUN --mount=a --network=b cmd` → { flags: ['--mount=a', '--network=b'], body: 'cmd' }. */
export function runParts(instrText) {
  let rest = instrText.replace(/^RUN\s+/i, '');
  const flags = [];
  let m;
  while ((m = /^(--[a-z-]+=\S+)\s*/i.exec(rest))) {
    flags.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { flags, body: rest.trim() };
}

/** The commands of a shell-form RUN body split on top-level `&&` (outside quotes), subshell parentheses removed. */
export function commands(body) {
  const parts = [];
  let cur = '';
  let quote = null;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') cur += body[i++];
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if (c === '&' && body[i + 1] === '&') {
      parts.push(cur);
      cur = '';
      i++;
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts.map((p) => p.trim().replace(/^\(\s*/, '').replace(/\s*\)$/, '').trim().replace(/\s+/g, ' ')).filter(Boolean);
}

/** `--mount=type=cache,target=/x,sharing=locked` → { type: 'cache', target: '/x', sharing: 'locked' }. */
export function mountOptions(flag) {
  const m = /^--mount=(.*)$/.exec(flag);
  if (!m) return undefined;
  return Object.fromEntries(m[1].split(',').map((kv) => {
    const [k, ...v] = kv.split('=');
    return [k, v.join('=')];
  }));
}
