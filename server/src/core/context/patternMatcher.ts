/**
 * `.dockerignore` and `COPY --exclude` matching as Docker does it (github.com/moby/patternmatcher,
 * used by BuildKit and the classic builder), in linear time.
 *
 * patternmatcher cleans each pattern, checks it with Go's `filepath.Match`, then turns it into a
 * match type: exact, prefix (`dir/**`), suffix (`**` + literal) or a Go regular expression built
 * from the glob (`*` → `[^/]*`, `?` → `[^/]`, `**` → `(.*` + `/)?` or `.*`, `.+()|{}$` escaped, `[` `]`
 * and `\x` passed through to RE2). We build the same expression text and run it with a Thompson
 * NFA (a set of states per character, no backtracking): O(pattern × path) for every pattern,
 * where the regular expressions of @balena/dockerignore took minutes on `*a*a*a…b` or `**` repeated between slashes.
 *
 * A bad pattern (Go's ErrBadPattern at New, or an expression RE2 refuses, such as the reversed
 * range `[z-a]`) makes `docker build` fail with "syntax error in pattern"; here it matches nothing
 * and is listed in `errors` so the caller can say so. RE2 escapes no real .dockerignore uses
 * (`\b`, `\B`, `\p…`, `\Q…\E`, `\C`) are reported as unsupported the same way.
 */
import { validGlob } from '../model/paths';

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

interface Pattern {
  /** The pattern as written (after trimming), for messages. */
  source: string;
  cleaned: string;
  exclusion: boolean;
  type: MatchType;
  prog?: Prog;
  /** Why the pattern can never match (Docker: the build fails). */
  error?: string;
}

export interface PatternError {
  pattern: string;
  message: string;
}

/** Go's `path.Clean` (slash-separated; Docker cleans with filepath.Clean, the same on Linux). */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(seg);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/** What `ignorefile.ReadAll` keeps of a .dockerignore: no BOM, no `#` lines, trimmed, cleaned, no leading `/`. */
export function readIgnoreFile(text: string): string[] {
  const out: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let line of lines) {
    line = line.replace(/\r$/, '');
    if (line.startsWith('#')) continue;
    let p = goTrimSpace(line);
    if (p === '') continue;
    const invert = p[0] === '!';
    if (invert) p = goTrimSpace(p.slice(1));
    if (p.length > 0) {
      p = goClean(p);
      if (p.length > 1 && p[0] === '/') p = p.slice(1);
    }
    out.push(invert ? '!' + p : p);
  }
  return out;
}

/** Go's strings.TrimSpace (unicode.IsSpace: unlike JS's \s, U+0085 is space and U+FEFF is not). No regex: linear on any line. */
function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

function isGoSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

export class PatternMatcher {
  private readonly patterns: Pattern[] = [];
  /** Patterns that never match here and make `docker build` fail. */
  readonly errors: PatternError[] = [];
  /** Some pattern starts with `!` (re-includes). */
  readonly exclusions: boolean = false;

  constructor(patterns: string[]) {
    for (const raw of patterns) {
      let p = goTrimSpace(raw);
      if (p === '') continue;
      p = goClean(p);
      const pat: Pattern = { source: raw.trim(), cleaned: p, exclusion: false, type: 'exact' };
      if (p[0] === '!') {
        if (p.length === 1) {
          this.errors.push({ pattern: raw.trim(), message: 'illegal exclusion pattern: "!"' });
          continue;
        }
        pat.exclusion = true;
        p = p.slice(1);
        pat.cleaned = p;
        this.exclusions = true;
      }
      if (!validGlob(Array.from(p), false)) {
        pat.error = 'syntax error in pattern';
      } else {
        const c = compile(p);
        pat.type = c.type;
        if (c.type === 'regexp') {
          try {
            pat.prog = parseRegexp(c.regexp);
          } catch (e) {
            pat.error = `syntax error in pattern (${(e as Error).message})`;
          }
        }
      }
      if (pat.error) this.errors.push({ pattern: pat.source, message: pat.error });
      this.patterns.push(pat);
    }
  }

  /**
   * patternmatcher's MatchesOrParentMatches: the last pattern that matches `file` or one of its
   * parent folders decides (`!` re-includes). `file` is slash-separated, relative to the context.
   */
  matches(file: string): boolean {
    if (!CLEAN.test(file)) file = goClean(file);
    if (file === '.') return false;
    const slash = file.lastIndexOf('/');
    const parent = slash < 0 ? '.' : file.slice(0, slash) || '/';
    const parentDirs = parent === '.' ? [] : parent.split('/');
    let matched = false;
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.type === 'regexp' ? !!pattern.prog && !pattern.error && runProg(pattern.prog, file, true) : matchOne(pattern, file);
      if (!match && parentDirs.length && pattern.type !== 'regexp') {
        for (let i = 0; i < parentDirs.length && !match; i++) match = matchOne(pattern, parentDirs.slice(0, i + 1).join('/'));
      }
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }
}

function matchOne(p: Pattern, path: string): boolean {
  if (p.error) return false;
  switch (p.type) {
    case 'exact':
      return path === p.cleaned;
    case 'prefix':
      return path.startsWith(p.cleaned.slice(0, -2));
    case 'suffix': {
      const suffix = p.cleaned.slice(2);
      if (path.endsWith(suffix)) return true;
      return suffix[0] === '/' && path === suffix.slice(1);
    }
    case 'regexp':
      return !!p.prog && runProg(p.prog, path);
  }
}

/** Already what goClean returns: no empty, `.` or `..` segment, no trailing slash (one pass, no backtracking). */
const CLEAN = /^(?!\.{1,2}(?:\/|$))(?!.*\/\/)(?!.*\/\.{1,2}(?:\/|$))(?!.*\/$)./s;

const ESCAPED = new Set('.+()|{}$');

/** patternmatcher's Pattern.compile for `/`: the match type and, for regexpMatch, the expression text. */
export function compile(pattern: string): { type: MatchType; regexp: string } {
  let re = '^';
  let type: MatchType = 'exact';
  const chars = Array.from(pattern);
  let k = 0;
  for (let i = 0; k < chars.length; i++) {
    const ch = chars[k++];
    if (ch === '*') {
      if (chars[k] === '*') {
        k++;
        if (chars[k] === '/') k++;
        if (k >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            re += '.*';
            type = 'regexp';
          }
        } else {
          re += '(.*/)?';
          type = 'regexp';
        }
        if (i === 0) type = 'suffix';
      } else {
        re += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      type = 'regexp';
    } else if (ESCAPED.has(ch)) {
      re += '\\' + ch;
    } else if (ch === '\\') {
      if (k < chars.length) {
        re += '\\' + chars[k++];
        type = 'regexp';
      } else re += '\\';
    } else if (ch === '[' || ch === ']') {
      re += ch;
      type = 'regexp';
    } else re += ch;
  }
  if (type === 'regexp') re += '$';
  return { type, regexp: re };
}

// ---- A small RE2 (Go regexp/syntax, Perl flags) subset, run as a Thompson NFA ----

type Ranges = number[]; // pairs lo, hi
type Inst =
  | { op: 'char'; ranges: Ranges; negate: boolean; out: number }
  | { op: 'split'; x: number; y: number }
  | { op: 'jmp'; x: number }
  | { op: 'begin'; out: number }
  | { op: 'end'; out: number }
  | { op: 'match' };

export interface Prog {
  insts: Inst[];
  start: number;
  /** Scratch for runProg (one generation per input position). */
  mark?: Int32Array;
}

/** A fragment: its entry and the holes (instruction fields) still to point at what follows. */
interface Frag {
  start: number;
  holes: { inst: number; field: 'out' | 'x' | 'y' }[];
}

const ASCII_CLASSES: Record<string, Ranges> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a],
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};
const PERL_CLASSES: Record<string, Ranges> = { d: ASCII_CLASSES.digit, s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20], w: ASCII_CLASSES.word };
const MAX = 0x10ffff;

function negateRanges(r: Ranges): Ranges {
  const sorted: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) sorted.push([r[i], r[i + 1]]);
  sorted.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push(next, lo - 1);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX) out.push(next, MAX);
  return out;
}

function isAlnum(c: string): boolean {
  return /^[0-9A-Za-z]$/.test(c);
}

/** Parses the expression text `compile` builds; throws with RE2's words on what RE2 refuses. */
export function parseRegexp(text: string): Prog {
  const t = Array.from(text);
  let i = 0;
  const insts: Inst[] = [];
  const emit = (inst: Inst) => insts.push(inst) - 1;
  const patch = (holes: Frag['holes'], to: number) => {
    for (const h of holes) (insts[h.inst] as unknown as Record<string, number>)[h.field] = to;
  };
  const charFrag = (ranges: Ranges, negate: boolean): Frag => {
    const n = emit({ op: 'char', ranges, negate, out: -1 });
    return { start: n, holes: [{ inst: n, field: 'out' }] };
  };

  /** One escape after `\`: a literal code point, or a class (Perl \d \s \w and their negations). */
  const parseEscape = (): { ranges: Ranges; negate: boolean } => {
    if (i >= t.length) throw new Error('trailing backslash at end of expression');
    const c = t[i++];
    const cp = c.codePointAt(0) as number;
    if (cp < 0x80 && !isAlnum(c)) return { ranges: [cp, cp], negate: false };
    const lower = c.toLowerCase();
    if ((lower === 'd' || lower === 's' || lower === 'w') && PERL_CLASSES[lower]) return { ranges: PERL_CLASSES[lower], negate: c !== lower };
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (c in simple) return { ranges: [simple[c], simple[c]], negate: false };
    if (c >= '0' && c <= '7') {
      if (c !== '0' && !(t[i] >= '0' && t[i] <= '7')) throw new Error(`invalid escape sequence: \`\\${c}\``);
      let v = Number(c);
      for (let n = 0; n < 2 && t[i] >= '0' && t[i] <= '7'; n++) v = v * 8 + Number(t[i++]);
      return { ranges: [v, v], negate: false };
    }
    if (c === 'x' && /^[0-9A-Fa-f]$/.test(t[i] ?? '') && /^[0-9A-Fa-f]$/.test(t[i + 1] ?? '')) {
      const v = parseInt(t[i] + t[i + 1], 16);
      i += 2;
      return { ranges: [v, v], negate: false };
    }
    throw new Error(`invalid or unsupported escape sequence: \`\\${c}\``);
  };

  const parseClass = (): Frag => {
    const start = i - 1;
    let negate = false;
    if (t[i] === '^') {
      negate = true;
      i++;
    }
    const ranges: Ranges = [];
    let first = true;
    while (i >= t.length || t[i] !== ']' || first) {
      if (i >= t.length) throw new Error(`missing closing ]: \`${t.slice(start).join('')}\``);
      first = false;
      if (t[i] === '[' && t[i + 1] === ':') {
        const end = t.indexOf(':', i + 2);
        if (end > 0 && t[end + 1] === ']') {
          let name = t.slice(i + 2, end).join('');
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const cls = ASCII_CLASSES[name];
          if (!cls) throw new Error(`invalid character class range: \`[:${name}:]\``);
          ranges.push(...(neg ? negateRanges(cls) : cls));
          i = end + 2;
          continue;
        }
      }
      const one = (): { ranges: Ranges; negate: boolean; single?: number } => {
        if (t[i] === '\\') {
          i++;
          const e = parseEscape();
          return e.ranges.length === 2 && e.ranges[0] === e.ranges[1] && !e.negate ? { ...e, single: e.ranges[0] } : e;
        }
        const cp = t[i++].codePointAt(0) as number;
        return { ranges: [cp, cp], negate: false, single: cp };
      };
      const lo = one();
      if (lo.single === undefined) {
        ranges.push(...(lo.negate ? negateRanges(lo.ranges) : lo.ranges));
        continue;
      }
      let hi = lo.single;
      if (t[i] === '-' && i + 1 < t.length && t[i + 1] !== ']') {
        const rangeStart = i - 1;
        i++;
        if (i >= t.length) throw new Error('missing closing ]');
        const h = one();
        if (h.single === undefined) throw new Error(`invalid character class range: \`${t.slice(rangeStart, i).join('')}\``);
        hi = h.single;
        if (hi < lo.single) throw new Error(`invalid character class range: \`${String.fromCodePoint(lo.single)}-${String.fromCodePoint(hi)}\``);
      }
      ranges.push(lo.single, hi);
    }
    i++; // ]
    return charFrag(ranges, negate);
  };

  const parseSeq = (depth: number): Frag | undefined => {
    let frag: Frag | undefined;
    let last: Frag | undefined; // the last atom, still open to a quantifier
    let lastQuantified = false;
    const concat = (a: Frag | undefined, b: Frag): Frag => {
      if (!a) return b;
      patch(a.holes, b.start);
      return { start: a.start, holes: b.holes };
    };
    const flush = () => {
      if (last) frag = concat(frag, last);
      last = undefined;
    };
    while (i < t.length) {
      const c = t[i];
      if (c === ')') {
        if (depth === 0) throw new Error('unexpected )');
        break;
      }
      if (c === '*' || c === '?' || c === '+') {
        if (!last) throw new Error(`missing argument to repetition operator: \`${c}\``);
        if (lastQuantified) throw new Error(`invalid nested repetition operator: \`${t[i - 1]}${c}\``);
        i++;
        if (t[i] === '?') i++; // non-greedy: the same yes/no answer
        const a = last;
        if (c === '*') {
          const s = emit({ op: 'split', x: a.start, y: -1 });
          patch(a.holes, s);
          last = { start: s, holes: [{ inst: s, field: 'y' }] };
        } else if (c === '+') {
          const s = emit({ op: 'split', x: a.start, y: -1 });
          patch(a.holes, s);
          last = { start: a.start, holes: [{ inst: s, field: 'y' }] };
        } else {
          const s = emit({ op: 'split', x: a.start, y: -1 });
          last = { start: s, holes: [...a.holes, { inst: s, field: 'y' }] };
        }
        lastQuantified = true;
        continue;
      }
      flush();
      lastQuantified = false;
      i++;
      if (c === '(') {
        const inner = parseSeq(depth + 1);
        if (t[i] !== ')') throw new Error(`missing closing ): \`${text}\``);
        i++;
        last = inner ?? (() => {
          const n = emit({ op: 'jmp', x: -1 });
          return { start: n, holes: [{ inst: n, field: 'x' as const }] };
        })();
      } else if (c === '[') {
        last = parseClass();
      } else if (c === '.') {
        last = charFrag([0x0a, 0x0a], true);
      } else if (c === '^' || c === '$') {
        const n = emit({ op: c === '^' ? 'begin' : 'end', out: -1 });
        last = { start: n, holes: [{ inst: n, field: 'out' }] };
      } else if (c === '\\') {
        if (t[i] === 'A' || t[i] === 'z') {
          const n = emit({ op: t[i] === 'A' ? 'begin' : 'end', out: -1 });
          i++;
          last = { start: n, holes: [{ inst: n, field: 'out' }] };
        } else {
          const e = parseEscape();
          last = charFrag(e.ranges, e.negate);
        }
      } else {
        const cp = c.codePointAt(0) as number;
        last = charFrag([cp, cp], false);
      }
    }
    flush();
    return frag;
  };

  const body = parseSeq(0);
  if (i < t.length) throw new Error('unexpected )');
  const m = emit({ op: 'match' });
  if (body) patch(body.holes, m);
  return { insts, start: body ? body.start : m };
}

function inRanges(r: Ranges, cp: number): boolean {
  for (let k = 0; k < r.length; k += 2) if (cp >= r[k] && cp <= r[k + 1]) return true;
  return false;
}

/**
 * Whole-string match (the expressions are anchored ^…$) in one pass, a state set per position.
 * `orParents`: also true when a parent folder matches, i.e. a prefix ending before a `/` — the
 * state set at a position does not depend on what follows, so one pass answers every prefix
 * (patternmatcher runs the expression once per parent).
 */
export function runProg(prog: Prog, input: string, orParents = false): boolean {
  const n = prog.insts.length;
  const mark = (prog.mark ??= new Int32Array(n));
  mark.fill(-1);
  let clist = new Int32Array(n);
  let nlist = new Int32Array(n);
  const stack = new Int32Array(2 * n + 2);
  const insts = prog.insts;
  /** Epsilon closure of `pc` at `pos` into `list` (from `len`): the new length. `end` waits in the list. */
  const add = (list: Int32Array, len: number, pc: number, pos: number): number => {
    let sp = 0;
    stack[sp++] = pc;
    while (sp > 0) {
      const s = stack[--sp];
      if (s < 0 || mark[s] === pos) continue;
      mark[s] = pos;
      const inst = insts[s];
      if (inst.op === 'jmp') stack[sp++] = inst.x;
      else if (inst.op === 'split') {
        stack[sp++] = inst.y;
        stack[sp++] = inst.x;
      } else if (inst.op === 'begin') {
        if (pos === 0) stack[sp++] = inst.out;
      } else list[len++] = s;
    }
    return len;
  };
  /** Does the text read so far match the whole expression? */
  const accepts = (list: Int32Array, len: number): boolean => {
    for (let k = 0; k < len; k++) {
      const inst = insts[list[k]];
      if (inst.op === 'match') return true;
      if (inst.op === 'end' && reachesMatch(prog, inst.out)) return true;
    }
    return false;
  };
  let clen = add(clist, 0, prog.start, 0);
  // Positions count code points (Go matches runes), but only need to be distinct per step.
  let pos = 0;
  for (let i = 0; i < input.length; pos++) {
    if (clen === 0) return false;
    const cp = input.codePointAt(i) as number;
    if (orParents && cp === 0x2f && i > 0 && accepts(clist, clen)) return true;
    i += cp > 0xffff ? 2 : 1;
    let nlen = 0;
    for (let k = 0; k < clen; k++) {
      const inst = insts[clist[k]];
      if (inst.op === 'char' && inRanges(inst.ranges, cp) !== inst.negate) nlen = add(nlist, nlen, inst.out, pos + 1);
    }
    [clist, nlist] = [nlist, clist];
    clen = nlen;
  }
  return accepts(clist, clen);
}

/** At the end of the text: do `begin`-free epsilon moves (and further `end`s) from `pc` reach match? */
function reachesMatch(prog: Prog, pc: number): boolean {
  const seen = new Set<number>();
  const stack = [pc];
  while (stack.length) {
    const s = stack.pop() as number;
    if (s < 0 || seen.has(s)) continue;
    seen.add(s);
    const inst = prog.insts[s];
    if (inst.op === 'match') return true;
    if (inst.op === 'jmp') stack.push(inst.x);
    else if (inst.op === 'split') stack.push(inst.y, inst.x);
    else if (inst.op === 'end') stack.push(inst.out);
  }
  return false;
}
