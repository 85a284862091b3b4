/**
 * A unified diff (`diff -u` / `git diff` style, 3 lines of context) of two texts, for
 * `--fix-dry-run`. Line-based LCS: Dockerfiles are small, so O(n·m) is fine (bounded below).
 */

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\u0000NOEOL';
  return lines;
}

type Op = { kind: ' ' | '-' | '+'; line: string; a: number; b: number };

function lcsOps(a: string[], b: string[]): Op[] {
  // Trim the common prefix and suffix first: fixes touch few lines.
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: ' ', line: a[i], a: i, b: i });
  if (A.length * B.length > 25_000_000) {
    // Too big for the table: everything removed, then everything added (still a valid diff).
    A.forEach((l, i) => ops.push({ kind: '-', line: l, a: pre + i, b: pre }));
    B.forEach((l, j) => ops.push({ kind: '+', line: l, a: pre + A.length, b: pre + j }));
  } else {
    const n = A.length;
    const m = B.length;
    const t = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--) t[i * (m + 1) + j] = A[i] === B[j] ? t[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(t[(i + 1) * (m + 1) + j], t[i * (m + 1) + j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && A[i] === B[j]) {
        ops.push({ kind: ' ', line: A[i], a: pre + i, b: pre + j });
        i++;
        j++;
      } else if (j < m && (i >= n || t[i * (m + 1) + j + 1] >= t[(i + 1) * (m + 1) + j])) {
        ops.push({ kind: '+', line: B[j], a: pre + i, b: pre + j });
        j++;
      } else {
        ops.push({ kind: '-', line: A[i], a: pre + i, b: pre + j });
        i++;
      }
    }
    // Removals before additions within a change block, as diff(1) prints them.
    for (let k = pre; k < ops.length; ) {
      if (ops[k].kind === ' ') {
        k++;
        continue;
      }
      let e = k;
      while (e < ops.length && ops[e].kind !== ' ') e++;
      const block = ops.slice(k, e);
      ops.splice(k, e - k, ...block.filter((o) => o.kind === '-'), ...block.filter((o) => o.kind === '+'));
      k = e;
    }
  }
  for (let k = 0; k < suf; k++) ops.push({ kind: ' ', line: a[a.length - suf + k], a: a.length - suf + k, b: b.length - suf + k });
  return ops;
}

/** '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const ops = lcsOps(splitLines(oldText), splitLines(newText));
  const out: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k].kind === ' ') k++;
    if (k >= ops.length) break;
    let start = Math.max(0, k - context);
    // Extend the hunk while the next change is within 2*context lines.
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end].kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next].kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const hunk = ops.slice(start, stop);
    const aStart = hunk[0].a;
    const bStart = hunk[0].b;
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`);
    for (const o of hunk) {
      const noEol = o.line.endsWith('\u0000NOEOL');
      out.push(o.kind + (noEol ? o.line.slice(0, -6) : o.line));
      if (noEol) out.push('\\ No newline at end of file');
    }
    k = stop;
    start = stop;
  }
  return out.join('\n') + '\n';
}
