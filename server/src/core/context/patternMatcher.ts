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
 * and is listed in `errors` so the caller can say so. The glob's `\x` reaches RE2 as `\x`, so RE2's
 * escapes work in a .dockerignore as in Docker: word boundaries `\b` `\B`, one-letter Unicode
 * classes `\pL` `\PN` (the braced `\p{Greek}` cannot be written: the glob escapes `{`, and RE2
 * refuses `\p\{`), literal text `\Q…\E`, Perl classes, `\A` `\z`; `\C` is refused as RE2 refuses it.
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
  /** Instructions left for all patterns together: counted repeats (`x{1000}`) must not turn a 1 MB file into a billion steps per path. */
  private budget = MAX_TOTAL_PROGRAM;

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
            pat.prog = parseRegexp(c.regexp, Math.min(MAX_PROGRAM, this.budget));
            this.budget -= pat.prog.insts.length;
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

// patternmatcher's escape bitmap ([8]byte indexed b%8, bit b/8) only holds bytes below 64: of
// `.+()|{}$` it escapes `.+()$`; `|`, `{` and `}` reach RE2 as they are (alternation, `{n,m}`).
const ESCAPED = new Set('.+()$');

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
  | { op: 'char'; ranges: Ranges; negate: boolean; classes?: UnicodeClass[]; out: number }
  | { op: 'assert'; boundary: boolean; out: number }
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

/** A Unicode general category (`\pL`, `\PN`), tested per code point; `negate` for `\P`. */
interface UnicodeClass {
  re: RegExp;
  negate: boolean;
}
/** Go's unicode.Categories names; C is Cc|Cf|Co|Cs there (no unassigned code points). */
const GO_CATEGORIES = new Set('C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '));
const UNICODE_TABLES = new Map<string, RegExp | undefined>();
/** RE2's unicodeTable: `Any`, a general category, or a script (`Greek`, `Han`); undefined when RE2 knows no such name. */
function unicodeTable(name: string): RegExp | undefined {
  if (UNICODE_TABLES.has(name)) return UNICODE_TABLES.get(name);
  let re: RegExp | undefined;
  if (name === 'Any') re = /^[^]$/u;
  else if (name === 'C') re = /^[\p{Cc}\p{Cf}\p{Co}\p{Cs}]$/u;
  else if (GO_CATEGORIES.has(name)) re = new RegExp(`^\\p{${name}}$`, 'u');
  else if (/^[A-Z][A-Za-z_]*$/.test(name)) {
    try {
      re = new RegExp(`^\\p{Script=${name}}$`, 'u');
    } catch {
      re = undefined;
    }
  }
  UNICODE_TABLES.set(name, re);
  return re;
}
/** Instructions one expression may compile to (counted repeats copy their atom): past it, "expression too large" (Go allows more, about 3 million: only a pattern with over a hundred `{1000}` differs). */
const MAX_PROGRAM = 100_000;
/** All patterns of one matcher together (a 1 MB .dockerignore of plain globs stays under it). */
const MAX_TOTAL_PROGRAM = 2_000_000;

/** RE2's \b: ASCII word characters. */
function isWordChar(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
}

function inClass(c: UnicodeClass, cp: number): boolean {
  return c.re.test(String.fromCodePoint(cp)) !== c.negate;
}

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
export function parseRegexp(text: string, limit = MAX_PROGRAM): Prog {
  const t = Array.from(text);
  let i = 0;
  const insts: Inst[] = [];
  const emit = (inst: Inst) => insts.push(inst) - 1;
  const patch = (holes: Frag['holes'], to: number) => {
    for (const h of holes) (insts[h.inst] as unknown as Record<string, number>)[h.field] = to;
  };
  const charFrag = (ranges: Ranges, negate: boolean, classes?: UnicodeClass[]): Frag => {
    const n = emit({ op: 'char', ranges, negate, classes, out: -1 });
    return { start: n, holes: [{ inst: n, field: 'out' }] };
  };

  /** After `\p` or `\P` (i at the name): RE2's Unicode class, one letter (`\pL`) or braced (`\p{Greek}`, `\p{^Lu}`). */
  const parseUnicodeClass = (): UnicodeClass => {
    let negate = t[i - 1] === 'P';
    const from = i - 2;
    let name = t[i++] ?? '';
    if (name === '{') {
      const close = t.indexOf('}', i);
      if (close < 0) throw new Error(`missing closing }: \`${t.slice(from).join('')}\``);
      name = t.slice(i, close).join('');
      i = close + 1;
    }
    if (name.startsWith('^')) {
      negate = !negate;
      name = name.slice(1);
    }
    const re = unicodeTable(name);
    if (!re) throw new Error(`invalid character class range: \`${t.slice(from, i).join('')}\``);
    return { re, negate };
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
    const classes: UnicodeClass[] = [];
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
      if (t[i] === '\\' && (t[i + 1] === 'p' || t[i + 1] === 'P')) {
        i += 2;
        classes.push(parseUnicodeClass());
        continue;
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
    return charFrag(ranges, negate, classes.length ? classes : undefined);
  };

  const concatFrags = (a: Frag, b: Frag): Frag => {
    patch(a.holes, b.start);
    return { start: a.start, holes: b.holes };
  };
  const emptyFrag = (): Frag => {
    const n = emit({ op: 'jmp', x: -1 });
    return { start: n, holes: [{ inst: n, field: 'x' }] };
  };
  const tooLarge = () => {
    if (insts.length > limit) throw new Error('expression too large');
  };

  /** An atom and how to emit another copy of it (for `{n,m}`). */
  interface Atom {
    frag: Frag;
    again: () => Frag;
  }

  /** One atom at i (i past its first character `c`); undefined for `\Q\E` with nothing in it. Literal runs of `\Q…\E` go to `before`. */
  const parseAtom = (c: string, depth: number, before: (f: Frag) => void): Atom | undefined => {
    const at = i;
    if (c === '(') {
      const group = (): Frag => {
        const inner = parseAlt(depth + 1);
        if (t[i] !== ')') throw new Error(`missing closing ): \`${text}\``);
        i++;
        return inner ?? emptyFrag();
      };
      const frag = group();
      return {
        frag,
        again: () => {
          const save = i;
          i = at;
          const f = group();
          i = save;
          return f;
        },
      };
    }
    if (c === '[') {
      const frag = parseClass();
      const inst = insts[frag.start] as Extract<Inst, { op: 'char' }>;
      return { frag, again: () => charFrag(inst.ranges, inst.negate, inst.classes) };
    }
    if (c === '.') return charAtom([0x0a, 0x0a], true);
    if (c === '^' || c === '$') return opAtom(c === '^' ? 'begin' : 'end');
    if (c === '\\') {
      const e = t[i];
      if (e === 'A' || e === 'z') {
        i++;
        return opAtom(e === 'A' ? 'begin' : 'end');
      }
      if (e === 'b' || e === 'B') {
        i++;
        const boundary = e === 'b';
        const make = (): Frag => {
          const n = emit({ op: 'assert', boundary, out: -1 });
          return { start: n, holes: [{ inst: n, field: 'out' }] };
        };
        return { frag: make(), again: make };
      }
      if (e === 'C') throw new Error('invalid escape sequence: `\\C`');
      if (e === 'Q') {
        // \Q…\E: literal text up to \E (or the end); a quantifier after it takes the last character.
        i++;
        let prev: Atom | undefined;
        while (i < t.length && !(t[i] === '\\' && t[i + 1] === 'E')) {
          const cp = t[i++].codePointAt(0) as number;
          if (prev) before(prev.frag);
          prev = charAtom([cp, cp], false);
        }
        if (i < t.length) i += 2;
        return prev;
      }
      if (e === 'p' || e === 'P') {
        i++;
        const cls = parseUnicodeClass();
        return { frag: charFrag([], false, [cls]), again: () => charFrag([], false, [cls]) };
      }
      const esc = parseEscape();
      return charAtom(esc.ranges, esc.negate);
    }
    const cp = c.codePointAt(0) as number;
    return charAtom([cp, cp], false);
  };
  const charAtom = (ranges: Ranges, negate: boolean): Atom => ({ frag: charFrag(ranges, negate), again: () => charFrag(ranges, negate) });
  const opAtom = (op: 'begin' | 'end'): Atom => {
    const make = (): Frag => {
      const n = emit({ op, out: -1 });
      return { start: n, holes: [{ inst: n, field: 'out' }] };
    };
    return { frag: make(), again: make };
  };

  /** RE2's `{n}`, `{n,}`, `{n,m}` at i (as Go's parseRepeat: digits, no leading zero); undefined when `{` is a literal. */
  const repeatAt = (): { min: number; max: number; len: number } | undefined => {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(t.slice(i, i + 24).join(''));
    if (!m) return undefined;
    const num = (d: string) => (d.length >= 2 && d[0] === '0' ? NaN : d.length > 8 ? -2 : Number(d));
    const min = num(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? -1 : num(m[3]);
    if (Number.isNaN(min) || Number.isNaN(max)) return undefined;
    return { min, max, len: Array.from(m[0]).length };
  };

  /** `a|b|…` up to a `)` of this depth or the end. */
  const parseAlt = (depth: number): Frag | undefined => {
    let alt = parseSeq(depth);
    while (t[i] === '|') {
      i++;
      const next = parseSeq(depth) ?? emptyFrag();
      const first = alt ?? emptyFrag();
      const sp = emit({ op: 'split', x: first.start, y: next.start });
      alt = { start: sp, holes: [...first.holes, ...next.holes] };
    }
    return alt;
  };

  const parseSeq = (depth: number): Frag | undefined => {
    let frag: Frag | undefined;
    let last: Atom | undefined; // the last atom, still open to a quantifier
    let lastQuantified = false;
    const append = (f: Frag) => {
      frag = frag ? concatFrags(frag, f) : f;
    };
    const flush = () => {
      if (last) append(last.frag);
      last = undefined;
    };
    while (i < t.length) {
      tooLarge();
      const c = t[i];
      if (c === ')') {
        if (depth === 0) throw new Error('unexpected )');
        break;
      }
      if (c === '|') break;
      const repeat = c === '{' ? repeatAt() : undefined;
      if (c === '*' || c === '?' || c === '+' || repeat) {
        const opText = repeat ? t.slice(i, i + repeat.len).join('') : c;
        if (!last) throw new Error(`missing argument to repetition operator: \`${opText}\``);
        if (lastQuantified) throw new Error(`invalid nested repetition operator: \`${opText}\``);
        i += repeat ? repeat.len : 1;
        if (t[i] === '?') i++; // non-greedy: the same yes/no answer
        const a = last;
        let frag2: Frag;
        if (c === '*' && !repeat) frag2 = star(a.frag);
        else if (c === '+' && !repeat) frag2 = plus(a.frag);
        else if (c === '?' && !repeat) frag2 = quest(a.frag);
        else {
          const { min, max } = repeat!;
          if (min < 0 || min > 1000 || max > 1000 || max < -1 || (max >= 0 && min > max)) throw new Error(`invalid repeat count: \`${opText}\``);
          frag2 = counted(a, min, max);
        }
        last = { frag: frag2, again: () => { throw new Error('invalid nested repetition operator'); } };
        lastQuantified = true;
        continue;
      }
      flush();
      lastQuantified = false;
      i++;
      last = parseAtom(c, depth, append);
    }
    flush();
    return frag;
  };

  const star = (a: Frag): Frag => {
    const s = emit({ op: 'split', x: a.start, y: -1 });
    patch(a.holes, s);
    return { start: s, holes: [{ inst: s, field: 'y' }] };
  };
  const plus = (a: Frag): Frag => {
    const s = emit({ op: 'split', x: a.start, y: -1 });
    patch(a.holes, s);
    return { start: a.start, holes: [{ inst: s, field: 'y' }] };
  };
  const quest = (a: Frag): Frag => {
    const s = emit({ op: 'split', x: a.start, y: -1 });
    return { start: s, holes: [...a.holes, { inst: s, field: 'y' }] };
  };
  /** x{min,max} as min copies, then max-min optional ones (x{n,} ends in x*); copies are new instructions. */
  const counted = (a: Atom, min: number, max: number): Frag => {
    const copies: Frag[] = [];
    const copy = () => {
      tooLarge();
      return copies.length === 0 && !usedFirst ? ((usedFirst = true), a.frag) : a.again();
    };
    let usedFirst = false;
    for (let k = 0; k < min; k++) copies.push(copy());
    if (max === -1) copies.push(star(copy()));
    else for (let k = min; k < max; k++) copies.push(quest(copy()));
    if (!copies.length) return emptyFrag();
    return copies.reduce((x, y) => concatFrags(x, y));
  };

  const body = parseAlt(0);
  if (i < t.length) throw new Error('unexpected )');
  const m = emit({ op: 'match' });
  if (body) patch(body.holes, m);
  return { insts, start: body ? body.start : m };
}

function inRanges(r: Ranges, cp: number): boolean {
  for (let k = 0; k < r.length; k += 2) if (cp >= r[k] && cp <= r[k + 1]) return true;
  return false;
}

function charMatches(inst: Extract<Inst, { op: 'char' }>, cp: number): boolean {
  const hit = inRanges(inst.ranges, cp) || (!!inst.classes && inst.classes.some((c) => inClass(c, cp)));
  return hit !== inst.negate;
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
  /**
   * Epsilon closure of `pc` at `pos` into `list` (from `len`): the new length. `end` waits in the list.
   * `\b`/`\B` look at the characters either side (`wordBefore`, `wordAfter`); at a `/` that ends a
   * parent folder the character after is `/`, a non-word character like the end of the text, so
   * the same state set answers the parent too.
   */
  const add = (list: Int32Array, len: number, pc: number, pos: number, wordBefore: boolean, wordAfter: boolean): number => {
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
      } else if (inst.op === 'assert') {
        if ((wordBefore !== wordAfter) === inst.boundary) stack[sp++] = inst.out;
      } else list[len++] = s;
    }
    return len;
  };
  /** Does the text read so far match the whole expression? (`wordBefore`: its last character is a word character.) */
  const accepts = (list: Int32Array, len: number, wordBefore: boolean): boolean => {
    for (let k = 0; k < len; k++) {
      const inst = insts[list[k]];
      if (inst.op === 'match') return true;
      if (inst.op === 'end' && reachesMatch(prog, inst.out, wordBefore)) return true;
    }
    return false;
  };
  const wordAt = (i: number) => i < input.length && isWordChar(input.codePointAt(i) as number);
  const hasMatch = (list: Int32Array, len: number) => {
    for (let k = 0; k < len; k++) if (insts[list[k]].op === 'match') return true;
    return false;
  };
  // Go's MatchString searches: a thread starts at every position (the expressions patternmatcher
  // builds begin with ^, so only the first survives, unless a `|` the glob passed through splits it).
  const anchored = insts[prog.start]?.op === 'begin';
  let clen = add(clist, 0, prog.start, 0, false, wordAt(0));
  let wordBefore = false;
  // Positions count code points (Go matches runes), but only need to be distinct per step.
  let pos = 0;
  for (let i = 0; i < input.length; pos++) {
    if (hasMatch(clist, clen)) return true;
    if (clen === 0 && anchored) return false;
    const cp = input.codePointAt(i) as number;
    if (orParents && cp === 0x2f && i > 0 && accepts(clist, clen, wordBefore)) return true;
    i += cp > 0xffff ? 2 : 1;
    wordBefore = isWordChar(cp);
    const wordAfter = wordAt(i);
    let nlen = 0;
    for (let k = 0; k < clen; k++) {
      const inst = insts[clist[k]];
      if (inst.op === 'char' && charMatches(inst, cp)) nlen = add(nlist, nlen, inst.out, pos + 1, wordBefore, wordAfter);
    }
    if (!anchored) nlen = add(nlist, nlen, prog.start, pos + 1, wordBefore, wordAfter);
    [clist, nlist] = [nlist, clist];
    clen = nlen;
  }
  return accepts(clist, clen, wordBefore);
}

/** At the end of the text: do `begin`-free epsilon moves (and further `end`s, and the `\b`/`\B` that hold there) from `pc` reach match? */
function reachesMatch(prog: Prog, pc: number, wordBefore: boolean): boolean {
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
    else if (inst.op === 'assert' && wordBefore === inst.boundary) stack.push(inst.out);
  }
  return false;
}
