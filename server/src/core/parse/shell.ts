/**
 * Shell parsing for RUN instructions.
 *
 * Why our own parser and not an npm one: every finding must point at the exact command inside a
 * RUN, so each word needs its offset in the Dockerfile, across `\` continuations and the comment
 * lines Docker strips from them. `shell-quote` tokenizes but gives no offsets, no newlines and no
 * heredocs; `bash-parser` is unmaintained and pulls in babylon; `mvdan-sh`/`sh-syntax` are the
 * real thing but ship as ~1–1.5 MB of GopherJS/WASM, half our VSIX budget. This is a POSIX-style
 * tokenizer (quotes, `$(...)`, backticks, `${...}`, escapes, comments, heredocs, operators) plus a
 * command splitter that understands compound-command keywords well enough to find every simple
 * command and the operator that joins it to the previous one. It never throws.
 */

export interface ShellWord {
  /** The word with quotes removed and escapes resolved; expansions (`$X`, `$(...)`) are kept as written. */
  value: string;
  /** The word exactly as written in the script (after Dockerfile continuations are removed). */
  raw: string;
  /** Offsets into the original document text (end exclusive). */
  start: number;
  end: number;
  quoted: boolean;
  /** Contains a parameter expansion or command substitution outside single quotes. */
  hasExpansion: boolean;
  /**
   * Inside a `sh -c` string whose characters could not be mapped to the document one by one: start
   * and end are only somewhere inside that string, so no edit may be anchored on them.
   */
  approximate?: boolean;
}

export type ShellConnector = '&&' | '||' | ';' | '|' | '&' | '\n' | null;

export interface ShellRedirect {
  op: string;
  target?: ShellWord;
}

export interface ShellCommand {
  /** argv[0] without a path: `/usr/bin/apt-get` → `apt-get`. Empty for a pure assignment. */
  name: string;
  argv: ShellWord[];
  /** `VAR=value` words before the command name. */
  assignments: ShellWord[];
  redirects: ShellRedirect[];
  /** The operator that joins this command to the one before it (null for the first). */
  connector: ShellConnector;
  start: number;
  end: number;
  /** Nesting: 0 at top level, >0 inside `( )`, `$( )`, `sh -c '...'`. */
  depth: number;
  /** Inside the condition of an `if`/`while`/`until`, or after `!`. */
  inCondition: boolean;
  /** Inside a `for`/`while` loop body or an `if` branch: may not run. */
  conditional: boolean;
  /**
   * The `if`/`case` arms the command sits in, outermost first: only one arm of a group runs, so
   * their sizes are alternatives (a range), not a sum. Absent at top level and in loops.
   */
  branches?: ShellBranch[];
  /** Part of the condition that guards arm `arm` of the `if` group `group` (`if COND; then` / `elif COND; then`). */
  condition?: { group: number; arm: number };
  /** After `!`: its exit status is inverted. */
  negated?: boolean;
  /**
   * Words of wrappers that run this command (`sudo -E`, `gosu app`, `su-exec app`, `env X=1`,
   * `timeout 600`, `su -c '…'`): `name`/`argv` are the wrapped command, so every estimator and
   * rule sees `apt-get`, not `sudo`.
   */
  wrapper?: ShellWord[];
  /**
   * A redirection of a whole group (`{ echo a; echo b; } > file`, `( … ) > file`, `for …; done > f`):
   * this command has no name, only the redirects, and these are the commands whose output it takes.
   */
  groupOutput?: ShellCommand[];
}

/** One arm of an `if`/`case`: `group` numbers the compound command in its script, `arm` its branch (0…). */
export interface ShellBranch {
  group: number;
  arm: number;
  /** How many arms the group has (an `if` without `else` has an implicit empty one). */
  arms: number;
  kind: 'if' | 'case';
  /** The word a `case` tests (`$arch`, `$(dpkg --print-architecture)`) and this arm's patterns. */
  caseWord?: string;
  patterns?: string[];
  /** Every arm's patterns of this `case`, in order (shared by its branches), to find the arm a word takes. */
  groupPatterns?: string[][];
}

export interface ShellHeredoc {
  delimiter: string;
  /** Start/end offsets of the body (end exclusive, before the closing delimiter line). */
  bodyStart: number;
  bodyEnd: number;
  body: string;
  stripTabs: boolean;
  quoted: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  heredocs: ShellHeredoc[];
  /** Problems the parser worked around (unterminated quote, ...). Never fatal. */
  problems: { message: string; start: number; end: number }[];
}

/**
 * The characters the shell sees (`ch`, one string) and each one's offset in the document (`at[k]`): two flat
 * arrays, not an object per character (a 1 MB file made a million of them on every parse).
 */
export interface Chars {
  ch: string;
  at: Int32Array;
}

/**
 * Turns the text of a Dockerfile instruction's arguments into the characters the shell sees, each
 * with its offset in the document: removes `<escape><newline>` continuations, and the comment and
 * empty lines Docker drops inside a continued instruction.
 */
export function logicalChars(text: string, start: number, end: number, escapeChar: string | null): Chars {
  const at = new Int32Array(Math.max(0, end - start));
  let n = 0;
  let ch = '';
  // Kept characters come in runs of consecutive offsets: each run is one slice of `text`.
  let run = -1;
  const flush = (i: number) => {
    if (run >= 0) ch += text.slice(run, i);
    run = -1;
  };
  let i = start;
  let atContinuedLineStart = false;
  while (i < end) {
    if (atContinuedLineStart) {
      // Docker removes whole comment lines and blank lines inside a continuation.
      let j = i;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j < end && text[j] === '#') {
        while (j < end && text[j] !== '\n') j++;
        flush(i);
        i = j + 1;
        continue;
      }
      if (j < end && (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n'))) {
        flush(i);
        i = text[j] === '\r' ? j + 2 : j + 1;
        continue;
      }
      atContinuedLineStart = false;
    }
    const c = text[i];
    if (escapeChar !== null && c === escapeChar) {
      let j = i + 1;
      while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
      if (j < end && (text[j] === '\n' || (text[j] === '\r' && text[j + 1] === '\n'))) {
        flush(i);
        i = text[j] === '\r' ? j + 2 : j + 1;
        atContinuedLineStart = true;
        continue;
      }
      if (j >= end) {
        // A trailing escape at the very end of the instruction.
        flush(i);
        i = end;
        continue;
      }
    }
    if (c === '\r' && text[i + 1] === '\n') {
      flush(i);
      i++;
      continue;
    }
    if (run < 0) run = i;
    at[n++] = i;
    i++;
  }
  flush(i);
  return { ch, at };
}

type Token =
  | { kind: 'word'; word: ShellWord }
  | { kind: 'op'; op: string; start: number; end: number }
  | { kind: 'heredoc'; op: string; start: number; end: number; delimiter: string; stripTabs: boolean; quoted: boolean };

const OPERATORS = ['&&', '||', ';;', '<<-', '<<<', '<<', '>>', '>&', '<&', '&>>', '&>', '>|', '<>', ';', '|', '&', '(', ')', '<', '>', '\n'];
const OPERATOR_START = new Set(OPERATORS.map((o) => o[0]));
const COMPOUND_START = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '{', '}', '!', 'in', 'function']);

function tokenize(chars: Chars, text: string, problems: ShellScript['problems'], heredocs: ShellHeredoc[]): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: { delimiter: string; stripTabs: boolean; quoted: boolean }[] = [];
  let i = 0;
  const n = chars.ch.length;
  const at = (k: number) => (k < n ? chars.at[k] : k > 0 && n > 0 ? chars.at[n - 1] + 1 : 0);

  const readHeredocBodies = () => {
    // Called right after a newline token: the bodies of pending heredocs follow, line by line.
    for (const h of pendingHeredocs) {
      const bodyStart = at(i);
      let bodyEnd = bodyStart;
      let body = '';
      let closed = false;
      while (i < n) {
        let line = '';
        const lineStart = i;
        while (i < n && chars.ch[i] !== '\n') line += chars.ch[i++];
        const lineEnd = i;
        if (i < n) i++; // the newline
        const candidate = h.stripTabs ? line.replace(/^\t+/, '') : line;
        if (candidate === h.delimiter) {
          closed = true;
          bodyEnd = at(lineStart);
          break;
        }
        body += line + '\n';
        bodyEnd = at(lineEnd);
      }
      if (!closed) problems.push({ message: `heredoc '${h.delimiter}' is not terminated`, start: bodyStart, end: bodyEnd });
      heredocs.push({ delimiter: h.delimiter, bodyStart, bodyEnd, body, stripTabs: h.stripTabs, quoted: h.quoted });
    }
    pendingHeredocs.length = 0;
  };

  while (i < n) {
    const c = chars.ch[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < n && chars.ch[i + 1] === '\n') {
      // Shell line continuation (when the Dockerfile escape is not `\`, or inside heredoc scripts).
      i += 2;
      continue;
    }
    if (c === '#') {
      while (i < n && chars.ch[i] !== '\n') i++;
      continue;
    }
    const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => matchAt(chars, i, o)) : undefined;
    if (op) {
      const start = at(i);
      i += op.length;
      if (op === '<<' || op === '<<-') {
        // Here-document: read the delimiter word.
        while (i < n && (chars.ch[i] === ' ' || chars.ch[i] === '\t')) i++;
        const w = readWord(chars, text, i, problems);
        i = w.next;
        if (w.word) {
          const delimiter = w.word.value;
          const quoted = /['"\\]/.test(w.word.raw);
          pendingHeredocs.push({ delimiter, stripTabs: op === '<<-', quoted });
          tokens.push({ kind: 'heredoc', op, start, end: w.word.end, delimiter, stripTabs: op === '<<-', quoted });
        }
        continue;
      }
      tokens.push({ kind: 'op', op, start, end: at(i - 1) + 1 });
      if (op === '\n' && pendingHeredocs.length) readHeredocBodies();
      continue;
    }
    const w = readWord(chars, text, i, problems);
    if (w.word) tokens.push({ kind: 'word', word: w.word });
    i = w.next === i ? i + 1 : w.next;
  }
  if (pendingHeredocs.length) readHeredocBodies();
  return tokens;
}

function matchAt(chars: Chars, i: number, s: string): boolean {
  if (i + s.length > chars.ch.length) return false;
  for (let k = 0; k < s.length; k++) if (chars.ch[i + k] !== s[k]) return false;
  return true;
}

const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Characters that are never plain inside a word: the word ends there, or quoting or an expansion starts. */
const NOT_PLAIN = new Set([...WORD_BREAK, '\\', "'", '"', '$', '`']);

/**
 * Reads one shell word starting at i; returns the word (or null) and the next index. `text` is the
 * string the chars were taken from: a run of plain characters at consecutive offsets is one slice of
 * it (most words are), not a string grown a character at a time.
 */
function readWord(chars: Chars, text: string, i: number, problems: ShellScript['problems']): { word: ShellWord | null; next: number } {
  const n = chars.ch.length;
  let plainEnd = i;
  while (plainEnd < n && chars.at[plainEnd] === chars.at[i] + (plainEnd - i) && !NOT_PLAIN.has(chars.ch[plainEnd])) plainEnd++;
  // All plain up to a break (most words): no quotes or expansions to read, so none of readQuotedWord's closures.
  if (plainEnd > i && (plainEnd === n || WORD_BREAK.has(chars.ch[plainEnd]))) {
    const value = text.slice(chars.at[i], chars.at[plainEnd - 1] + 1);
    return { word: { value, raw: value, start: chars.at[i], end: chars.at[plainEnd - 1] + 1, quoted: false, hasExpansion: false }, next: plainEnd };
  }
  return readQuotedWord(chars, text, i, plainEnd, problems);
}

function readQuotedWord(chars: Chars, text: string, i: number, plainEnd: number, problems: ShellScript['problems']): { word: ShellWord | null; next: number } {
  const n = chars.ch.length;
  const start = i;
  let value = plainEnd > i ? text.slice(chars.at[i], chars.at[plainEnd - 1] + 1) : '';
  let raw = value;
  i = plainEnd;
  let quoted = false;
  let hasExpansion = false;
  const take = () => {
    raw += chars.ch[i];
    return chars.ch[i++];
  };
  // Reads a balanced $( ... ) / ${ ... } / `...` into value+raw, starting after the opener.
  const readBalanced = (open: string, close: string) => {
    let depth = 1;
    while (i < n && depth > 0) {
      const ch = chars.ch[i];
      if (ch === '\\' && i + 1 < n) {
        value += take();
        value += take();
        continue;
      }
      if (ch === "'" && open !== '`') {
        value += take();
        while (i < n && chars.ch[i] !== "'") value += take();
        if (i < n) value += take();
        continue;
      }
      if (ch === open && open !== close) depth++;
      else if (ch === close) depth--;
      value += take();
    }
    if (depth > 0) problems.push({ message: `unterminated '${open === '`' ? '`' : '$' + open}'`, start: chars.at[start], end: chars.at[n - 1] + 1 });
  };

  // `$(...)`, `${...}`, backticks (kept as written, marked as expansions) or one plain character:
  // the same inside double quotes and outside.
  const readExpansionOrChar = () => {
    const ch = chars.ch[i];
    if (ch === '$' && i + 1 < n && (chars.ch[i + 1] === '(' || chars.ch[i + 1] === '{')) {
      hasExpansion = true;
      const open = chars.ch[i + 1];
      value += take();
      value += take();
      readBalanced(open, open === '(' ? ')' : '}');
      return;
    }
    if (ch === '`') {
      hasExpansion = true;
      value += take();
      readBalanced('`', '`');
      return;
    }
    if (ch === '$') hasExpansion = true;
    value += take();
  };

  while (i < n) {
    const c = chars.ch[i];
    if (WORD_BREAK.has(c)) {
      // `2>&1`-style fd numbers stay with the redirect operator; plain words end here.
      break;
    }
    if (c === '\\') {
      take();
      if (i < n) {
        if (chars.ch[i] === '\n') {
          take();
          continue;
        }
        value += take();
      }
      quoted = true;
      continue;
    }
    if (c === "'") {
      quoted = true;
      take();
      while (i < n && chars.ch[i] !== "'") value += take();
      if (i < n) take();
      else problems.push({ message: 'unterminated single quote', start: chars.at[start], end: chars.at[n - 1] + 1 });
      continue;
    }
    if (c === '"') {
      quoted = true;
      take();
      while (i < n && chars.ch[i] !== '"') {
        const ch = chars.ch[i];
        if (ch === '\\' && i + 1 < n && '"\\$`\n'.includes(chars.ch[i + 1])) {
          take();
          if (chars.ch[i] === '\n') {
            take();
            continue;
          }
          value += take();
          continue;
        }
        readExpansionOrChar();
      }
      if (i < n) take();
      else problems.push({ message: 'unterminated double quote', start: chars.at[start], end: chars.at[n - 1] + 1 });
      continue;
    }
    if (c === '$' && i + 1 < n && chars.ch[i + 1] === "'") {
      // ANSI-C quoting $'...'
      quoted = true;
      take();
      take();
      while (i < n && chars.ch[i] !== "'") {
        if (chars.ch[i] === '\\' && i + 1 < n) {
          take();
          const e = take();
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          continue;
        }
        value += take();
      }
      if (i < n) take();
      continue;
    }
    readExpansionOrChar();
  }
  if (i === start) return { word: null, next: i };
  return {
    word: { value, raw, start: chars.at[start], end: chars.at[i - 1] + 1, quoted, hasExpansion },
    next: i,
  };
}

const SEPARATORS = new Set(['&&', '||', ';', '|', '&', '\n', ';;']);
const REDIRECT_OPS = new Set(['<', '>', '>>', '>&', '<&', '&>', '&>>', '>|', '<>', '<<<']);

export interface ParseShellOptions {
  /** Dockerfile escape character for continuations; null when parsing a heredoc body or `sh -c` string. */
  escapeChar?: string | null;
  /** Parse the arguments of `sh -c '...'` / `bash -c "..."` as a nested script. Default true. */
  nested?: boolean;
  /** Numbers `if`/`case` groups across a script and the `sh -c` scripts nested in it (internal). */
  groupCounter?: { n: number };
}

/** Parses the shell text between document offsets [start, end). */
/**
 * If tokens[t] starts a case pattern (`a)`, `a|b)`, `a | b )`), the index of its last token;
 * else undefined. Alternatives are words joined by `|`, ended by a word ending in `)` or a `)` op.
 */
function casePatternEnd(tokens: readonly Token[], t: number): number | undefined {
  for (let i = t; i < tokens.length; i += 2) {
    const w = tokens[i];
    if (!w || w.kind !== 'word') return undefined;
    if (/\)$/.test(w.word.raw)) return i;
    const next = tokens[i + 1];
    if (next?.kind !== 'op') return undefined;
    if (next.op === ')') return i + 1;
    if (next.op !== '|') return undefined;
  }
  return undefined;
}

export function parseShell(text: string, start = 0, end = text.length, options: ParseShellOptions = {}): ShellScript {
  const problems: ShellScript['problems'] = [];
  const heredocs: ShellHeredoc[] = [];
  const chars = logicalChars(text, start, end, options.escapeChar === undefined ? '\\' : options.escapeChar);
  const tokens = tokenize(chars, text, problems, heredocs);
  const groups = options.groupCounter ?? { n: 0 };
  const commands = splitCommands(tokens, 0, groups, problems);
  const script: ShellScript = { commands, heredocs, problems };
  if (options.nested !== false) {
    expandNested(script, groups, text, options.escapeChar === undefined ? '\\' : options.escapeChar);
    // No `sh -c` string was expanded: the script is what `nested: false` makes of the same input.
    if (!options.groupCounter && script.commands.length === commands.length && script.commands.every((c, k) => c === commands[k])) {
      FLAT.set(script, { text, start, end, escapeChar: options.escapeChar === undefined ? '\\' : options.escapeChar });
    }
  }
  return script;
}

/** Scripts from parseShell that equal its `nested: false` parse of the same input, with that input. */
const FLAT = new WeakMap<ShellScript, { text: string; start: number; end: number; escapeChar: string | null }>();

/**
 * Is `script` exactly what parseShell(text, start, end, { escapeChar, nested: false }) returns? True for a RUN's
 * own parse when no `sh -c` string was expanded in it and nothing changed it since (a fix check then need not parse it again).
 */
export function isFlatParseOf(script: ShellScript, text: string, start: number, end: number, escapeChar: string | null): boolean {
  const input = FLAT.get(script);
  return !!input && input.text === text && input.start === start && input.end === end && input.escapeChar === escapeChar;
}

/** A script changed after parseShell made it (heredoc bodies added) is no longer its flat parse. */
export function changedAfterParse(script: ShellScript): void {
  FLAT.delete(script);
}

/** An open compound command: where its commands start (for a redirect of the whole group) and its arms. */
interface Frame {
  kind: 'if' | 'case' | 'loop' | 'brace' | 'paren';
  firstCommand: number;
  /** blockDepth when the `if` opened: `fi` returns to it however many `elif` arms there were. */
  blockDepthAtOpen: number;
  group?: number;
  /** The arm being read (-1 before the first), and whether commands now belong to it (not a condition). */
  arm: number;
  inArm: boolean;
  hasDefault: boolean;
  caseWord?: string;
  branches: ShellBranch[];
  patternsList: string[][];
}

function splitCommands(tokens: Token[], depth: number, groups: { n: number }, problems: ShellScript['problems']): ShellCommand[] {
  const commands: ShellCommand[] = [];
  const frames: Frame[] = [];
  // The commands of a group that just closed: a redirect right after `}`/`done`/`fi`/`)` takes their output.
  let closedGroup: ShellCommand[] | null = null;
  const open = (kind: Frame['kind']) => {
    const f: Frame = { kind, firstCommand: commands.length, blockDepthAtOpen: blockDepth, arm: -1, inArm: false, hasDefault: false, branches: [], patternsList: [] };
    if (kind === 'if' || kind === 'case') f.group = groups.n++;
    frames.push(f);
    return f;
  };
  const close = (kinds: Frame['kind'][]) => {
    let k = frames.length - 1;
    while (k >= 0 && !kinds.includes(frames[k]!.kind)) k--;
    if (k < 0) return;
    const f = frames[k]!;
    frames.length = k;
    // An `if` without `else` (a `case` without `*)`) may run no arm at all: an implicit empty one.
    const arms = f.arm + 1 + (f.hasDefault ? 0 : 1);
    for (const b of f.branches) b.arms = arms;
    closedGroup = commands.slice(f.firstCommand);
  };
  const startArm = (f: Frame | undefined, patterns?: string[]) => {
    if (!f || f.group === undefined) return;
    f.arm++;
    f.inArm = true;
    const branch: ShellBranch = { group: f.group, arm: f.arm, arms: 0, kind: f.kind as 'if' | 'case' };
    if (f.kind === 'case') {
      f.patternsList.push(patterns ?? []);
      Object.assign(branch, { caseWord: f.caseWord, patterns, groupPatterns: f.patternsList });
    }
    f.branches.push(branch);
  };
  const top = (kind: Frame['kind']) => {
    for (let k = frames.length - 1; k >= 0; k--) if (frames[k]!.kind === kind) return frames[k];
    return undefined;
  };
  const currentBranches = (): ShellBranch[] | undefined => {
    const out: ShellBranch[] = [];
    for (const f of frames) if (f.group !== undefined && f.inArm && f.branches.length) out.push(f.branches[f.branches.length - 1]!);
    return out.length ? out : undefined;
  };
  let connector: ShellConnector = null;
  let current: ShellCommand | null = null;
  let conditionDepth = 0; // > 0 while inside `if`/`while`/`until` ... `then`/`do`
  let blockDepth = 0; // > 0 inside if/for/while/case bodies
  let parenDepth = 0;
  let negateNext = false;
  let caseState: 'none' | 'word' | 'patterns' = 'none';
  let expectWordsUntilDo = false; // after `for NAME`: words until `do` are the list, not commands

  const finish = () => {
    if (current && (current.argv.length || current.assignments.length || current.groupOutput)) {
      commands.push(unwrapCommand(current));
    }
    current = null;
  };
  const begin = (at: number) => {
    current = {
      name: '',
      argv: [],
      assignments: [],
      redirects: [],
      connector,
      start: at,
      end: at,
      depth: depth + parenDepth,
      inCondition: conditionDepth > 0 || negateNext,
      conditional: blockDepth > 0,
    };
    const branches = currentBranches();
    if (branches) current.branches = branches;
    if (negateNext) current.negated = true;
    const last = frames[frames.length - 1];
    if (last?.kind === 'if' && !last.inArm && conditionDepth > 0 && last.group !== undefined) current.condition = { group: last.group, arm: last.arm + 1 };
    negateNext = false;
  };

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    const groupJustClosed = closedGroup;
    closedGroup = null;
    if (tok.kind === 'op') {
      if (SEPARATORS.has(tok.op)) {
        finish();
        if (caseState === 'patterns' && tok.op === ';;') continue;
        // A newline right after `&&`, `||` or `|` continues that list: keep the operator.
        const afterOperator = connector === '&&' || connector === '||' || connector === '|';
        const prev = tokens[t - 1];
        if (tok.op === '\n' && afterOperator && prev?.kind === 'op') continue;
        connector = commands.length === 0 && tok.op === '\n' ? null : ((tok.op === ';;' ? ';' : tok.op) as ShellConnector);
        continue;
      }
      if (tok.op === '(') {
        finish();
        parenDepth++;
        open('paren');
        continue;
      }
      if (tok.op === ')') {
        finish();
        if (parenDepth > 0) parenDepth--;
        close(['paren']);
        continue;
      }
      if (REDIRECT_OPS.has(tok.op)) {
        const next = tokens[t + 1];
        if (!current) {
          begin(tok.start);
          if (groupJustClosed) (current as unknown as ShellCommand).groupOutput = groupJustClosed;
        }
        const cmd = current as unknown as ShellCommand;
        if (next && next.kind === 'word') {
          cmd.redirects.push({ op: tok.op, target: next.word });
          cmd.end = next.word.end;
          t++;
        } else {
          cmd.redirects.push({ op: tok.op });
        }
        continue;
      }
      continue;
    }
    if (tok.kind === 'heredoc') {
      if (!current) begin(tok.start);
      const cmd = current as unknown as ShellCommand;
      cmd.redirects.push({ op: tok.op, target: { value: tok.delimiter, raw: tok.delimiter, start: tok.start, end: tok.end, quoted: tok.quoted, hasExpansion: false } });
      cmd.end = tok.end;
      continue;
    }
    const w = tok.word;
    const atCommandStart = !current || (current as ShellCommand).argv.length === 0;
    if (caseState === 'word') {
      // `case WORD in`: the word is not a command.
      if (w.value === 'in' && !w.quoted) caseState = 'patterns';
      else {
        const f = top('case');
        if (f && f.caseWord === undefined) f.caseWord = w.value;
      }
      continue;
    }
    if (expectWordsUntilDo) {
      // `for NAME in WORDS; do`: the list is not a command.
      if (w.value === 'do' && !w.quoted) {
        expectWordsUntilDo = false;
        blockDepth++;
        open('loop');
      }
      continue;
    }
    if (atCommandStart && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(w.raw)) {
      if (!current) begin(w.start);
      const cmd = current as unknown as ShellCommand;
      cmd.assignments.push(w);
      cmd.end = w.end;
      continue;
    }
    if (atCommandStart && !w.quoted) {
      // Compound-command keywords are only keywords in command position.
      if (caseState === 'patterns' && (!current || (current as ShellCommand).assignments.length === 0)) {
        if (w.value === 'esac') {
          finish();
          caseState = 'none';
          blockDepth = Math.max(0, blockDepth - 1);
          close(['case']);
          continue;
        }
        // A case pattern like `amd64)`, `x|y)` or `arm64 | aarch64 )`: skip its words, `|`s and the `)`.
        const patternEnd = casePatternEnd(tokens, t);
        if (patternEnd !== undefined) {
          const patterns: string[] = [];
          for (let k = t; k <= patternEnd; k++) {
            const pt = tokens[k];
            if (pt?.kind === 'word') patterns.push(pt.word.value.replace(/\)$/, '').replace(/^\(/, ''));
          }
          const f = top('case');
          if (f) {
            finish();
            if (patterns.includes('*')) f.hasDefault = true;
            startArm(f, patterns.filter(Boolean));
          }
          t = patternEnd;
          continue;
        }
      }
      if (COMPOUND_START.has(w.value) && (!current || (current as ShellCommand).assignments.length === 0)) {
        finish();
        switch (w.value) {
          case 'if':
            conditionDepth++;
            open('if');
            break;
          case 'while':
          case 'until':
            conditionDepth++;
            break;
          case 'elif': {
            conditionDepth++;
            const f = top('if');
            if (f) f.inArm = false;
            break;
          }
          case 'then':
            if (conditionDepth > 0) conditionDepth--;
            blockDepth++;
            startArm(top('if'));
            break;
          case 'do':
            if (conditionDepth > 0) conditionDepth--;
            blockDepth++;
            open('loop');
            break;
          case 'else': {
            const f = top('if');
            if (f) {
              f.hasDefault = true;
              startArm(f);
            }
            break;
          }
          case 'fi': {
            const f = top('if');
            blockDepth = f ? f.blockDepthAtOpen : Math.max(0, blockDepth - 1);
            close(['if']);
            break;
          }
            break;
          case 'done':
            if (blockDepth > 0) blockDepth--;
            close(['loop']);
            break;
          case '{':
            open('brace');
            break;
          case '}':
            close(['brace']);
            break;
          case 'for':
            expectWordsUntilDo = true;
            break;
          case 'case':
            caseState = 'word';
            blockDepth++;
            open('case');
            break;
          case '!':
            negateNext = true;
            break;
          case 'function':
            // `function name {`: skip the name
            t++;
            break;
        }
        continue;
      }
      // `name() {` function definitions: skip the name and parens.
      const nextTok = tokens[t + 1];
      if (nextTok && nextTok.kind === 'op' && nextTok.op === '(' && tokens[t + 2]?.kind === 'op' && (tokens[t + 2] as { op: string }).op === ')') {
        t += 2;
        continue;
      }
    }
    // `2>&1`, `1>/dev/null`: a file-descriptor number glued to a redirect is not an argument.
    const after = tokens[t + 1];
    if (/^\d+$/.test(w.raw) && after?.kind === 'op' && REDIRECT_OPS.has(after.op) && after.start === w.end) continue;
    if (!current) begin(w.start);
    const cmd = current as unknown as ShellCommand;
    cmd.argv.push(w);
    if (cmd.argv.length === 1) cmd.name = baseName(w.value);
    cmd.end = w.end;
  }
  finish();
  // A compound command still open where the script ends (a file cut short, an edit in progress):
  // whatever a fix appends would land inside it.
  if (frames.length) {
    const last = tokens[tokens.length - 1];
    const end = !last ? 0 : last.kind === 'word' ? last.word.end : last.end;
    const first = commands[frames[0]!.firstCommand];
    problems.push({ message: `unclosed ${frames.map((f) => UNCLOSED[f.kind]).join(', ')}`, start: first?.start ?? end, end });
  }
  for (const f of frames) close([f.kind]);
  return commands;
}

const UNCLOSED: Record<Frame['kind'], string> = { if: "'if' (no 'fi')", case: "'case' (no 'esac')", loop: "loop (no 'done')", brace: "'{' (no '}')", paren: "'(' (no ')')" };

const SUDO_VALUE_FLAGS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T']);
const XARGS_VALUE_FLAGS = new Set(['-n', '-P', '-d', '-L', '-E', '-s', '-a', '--max-args', '--max-procs', '--delimiter', '--arg-file']);

/**
 * `sudo -E apt-get …`, `gosu app npm ci`, `su-exec app …`, `env PIP_NO_CACHE_DIR=1 pip …`,
 * `timeout 600 make`, `nice -n 10 …`, `xargs -r apt-mark manual`: the command they run (env's
 * assignments kept), with the wrapper's words in `wrapper`. Anything else is returned as is.
 * (`su -c '…'` is a nested script: see expandNested.)
 */
export function unwrapCommand(cmd: ShellCommand): ShellCommand {
  let argv = cmd.argv;
  const assignments = [...cmd.assignments];
  const wrapper: ShellWord[] = [...(cmd.wrapper ?? [])];
  for (let hops = 0; hops < 4; hops++) {
    const name = baseName(argv[0]?.value ?? '');
    let i: number;
    switch (name) {
      case 'sudo':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += SUDO_VALUE_FLAGS.has(argv[i]!.value) ? 2 : 1;
        break;
      case 'gosu':
      case 'su-exec':
        i = 2;
        break;
      case 'runuser':
        // `runuser -u app -- cmd`
        i = 1;
        while (argv[i]?.value.startsWith('-') && argv[i]!.value !== '--') i += argv[i]!.value === '-u' || argv[i]!.value === '-g' ? 2 : 1;
        if (argv[i]?.value === '--') i++;
        else return hops === 0 ? cmd : { ...cmd, name, argv, assignments, wrapper };
        break;
      case 'env':
        i = 1;
        while (argv[i] && (argv[i]!.value.startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]!.value))) {
          if (!argv[i]!.value.startsWith('-')) assignments.push(argv[i]!);
          i++;
        }
        break;
      case 'timeout':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += argv[i]!.value === '-s' || argv[i]!.value === '-k' ? 2 : 1;
        i++;
        break;
      case 'xargs':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += XARGS_VALUE_FLAGS.has(argv[i]!.value) || (argv[i]!.value === '-I' ) ? 2 : 1;
        break;
      case 'nice':
      case 'nohup':
      case 'time':
      case 'stdbuf':
      case 'ionice':
        i = 1;
        while (argv[i]?.value.startsWith('-')) i += argv[i]!.value === '-n' ? 2 : 1;
        break;
      default:
        return hops === 0 ? cmd : { ...cmd, name, argv, assignments, wrapper };
    }
    if (!argv[i]) return hops === 0 ? cmd : { ...cmd, name: baseName(argv[0]!.value), argv, assignments, wrapper };
    wrapper.push(...argv.slice(0, i));
    argv = argv.slice(i);
  }
  return { ...cmd, name: baseName(argv[0]?.value ?? ''), argv, assignments, wrapper };
}

/** `/usr/bin/apt-get` → `apt-get`: how a command is named. */
export function baseName(v: string): string {
  const slash = v.lastIndexOf('/');
  return slash >= 0 ? v.slice(slash + 1) : v;
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

/** Replaces `sh -c 'script'` commands by the commands of the inner script (nested one level deeper). */
/**
 * For each character of a word's value (quotes removed), its offset in the document: `raw` is the
 * word's characters as `logicalChars` gives them. Undefined when the value cannot be rebuilt this way
 * (ANSI-C `$'…'`, anything this reading gets wrong): then no exact offsets are known.
 */
function valueOffsets(raw: Chars, value: string): number[] | undefined {
  const at: number[] = [];
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let k = 0; k < raw.ch.length; k++) {
    const ch = raw.ch[k]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else (out += ch), at.push(raw.at[k]);
      continue;
    }
    if (ch === '\\' && k + 1 < raw.ch.length) {
      const next = raw.ch[k + 1];
      if (next === '\n') {
        k++;
        continue;
      }
      if (quote !== '"' || '"\\$`'.includes(next)) {
        k++;
        out += next;
        at.push(raw.at[k]);
        continue;
      }
    }
    if (quote === '"' && ch === '"') quote = null;
    else if (!quote && (ch === '"' || ch === "'")) {
      if (ch === "'" && raw.ch[k - 1] === '$') return undefined;
      quote = ch;
    } else (out += ch), at.push(raw.at[k]);
  }
  return out === value ? at : undefined;
}

function expandNested(script: ShellScript, groups: { n: number }, text: string, escapeChar: string | null): void {
  const out: ShellCommand[] = [];
  for (const cmd of script.commands) {
    // `sh -c '…'`, `bash -lc "…"`, and `su [-] [user] -c '…'` (su runs the string with the user's shell).
    const cIndex = SHELLS.has(cmd.name) || cmd.name === 'su' ? cmd.argv.findIndex((w, k) => k > 0 && /^-[a-z]*c[a-z]*$/.test(w.value)) : -1;
    const inner = cIndex > 0 ? cmd.argv[cIndex + 1] : undefined;
    if (!inner) {
      out.push(cmd);
      continue;
    }
    // Each character of the string's value mapped to its document offset (quotes, escapes and
    // continuations skipped), so fixes edit the right place; where the value cannot be mapped, spans
    // are approximate but inside the word, and a word's document text is then not its `raw` (fixes
    // that anchor on a word check that: see insertAfter).
    const map = valueOffsets(logicalChars(text, inner.start, inner.end, escapeChar), inner.value);
    const quoteOffset = /^['"]/.test(inner.raw) ? 1 : 0;
    const sub = parseShell(inner.value, 0, inner.value.length, { escapeChar: null, nested: true, groupCounter: groups });
    const base = inner.start + quoteOffset;
    const clamp = (o: number) => (map ? (o < map.length ? map[o]! : (map[map.length - 1] ?? inner.start) + 1) : Math.min(inner.end, base + o));
    const clampEnd = (o: number) => (map && o > 0 && o <= map.length ? map[o - 1]! + 1 : clamp(o));
    sub.commands.forEach((c, k) => {
      const shift = (w: ShellWord): ShellWord => ({ ...w, start: clamp(w.start), end: clampEnd(w.end), ...(map ? {} : { approximate: true }) });
      out.push({
        ...c,
        argv: c.argv.map(shift),
        assignments: c.assignments.map(shift),
        redirects: c.redirects.map((r) => ({ op: r.op, target: r.target && shift(r.target) })),
        start: clamp(c.start),
        end: clampEnd(c.end),
        depth: c.depth + cmd.depth + 1,
        connector: k === 0 ? cmd.connector : c.connector,
        inCondition: c.inCondition || cmd.inCondition,
        conditional: c.conditional || cmd.conditional,
        ...(cmd.branches || c.branches ? { branches: [...(cmd.branches ?? []), ...(c.branches ?? [])] } : {}),
        ...(cmd.wrapper || c.wrapper || cmd.name === 'su' ? { wrapper: [...(cmd.wrapper ?? []), ...(cmd.name === 'su' ? cmd.argv.slice(0, cIndex + 2) : []), ...(c.wrapper ?? [])] } : {}),
      });
    });
  }
  script.commands = out;
}

/** Splits argv into flags and operands, understanding `--flag=value`, `-abc` clusters and `--`. */
export interface ParsedArgs {
  /** Long flags (`--no-cache`) and single short flags (`y` from `-qqy`), as written without dashes. */
  flags: Set<string>;
  /** Values of `--flag=value` and `-o value` where known to take a value. */
  values: Map<string, string[]>;
  /** Non-flag words (the first of which is usually the subcommand). */
  operands: ShellWord[];
}

const NO_VALUE_FLAGS: ReadonlySet<string> = new Set();

export function parseArgs(argv: ShellWord[], takesValue: ReadonlySet<string> = NO_VALUE_FLAGS): ParsedArgs {
  const flags = new Set<string>();
  const values = new Map<string, string[]>();
  const operands: ShellWord[] = [];
  let onlyOperands = false;
  const addValue = (k: string, v: string) => {
    const list = values.get(k) ?? [];
    list.push(v);
    values.set(k, list);
  };
  for (let k = 1; k < argv.length; k++) {
    const v = argv[k].value;
    if (onlyOperands || v === '-' || !v.startsWith('-')) {
      operands.push(argv[k]);
      continue;
    }
    if (v === '--') {
      onlyOperands = true;
      continue;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      const name = eq >= 0 ? v.slice(2, eq) : v.slice(2);
      flags.add(name);
      if (eq >= 0) addValue(name, v.slice(eq + 1));
      else if (takesValue.has(name) && k + 1 < argv.length) addValue(name, argv[++k].value);
      continue;
    }
    // Short cluster: -qqy, -o Foo=bar, -oFoo=bar
    const cluster = v.slice(1);
    for (let c = 0; c < cluster.length; c++) {
      const f = cluster[c];
      flags.add(f);
      if (takesValue.has(f)) {
        const rest = cluster.slice(c + 1);
        if (rest) addValue(f, rest);
        else if (k + 1 < argv.length) addValue(f, argv[++k].value);
        break;
      }
    }
  }
  return { flags, values, operands };
}
