/**
 * Parses a Dockerfile once per document version into stages and instructions, with a parsed shell
 * structure for every RUN. Instruction splitting, flags, directives and escape handling come from
 * dockerfile-ast (the parser behind VS Code's Docker language service); shell is ours (./shell.ts).
 */
import { DockerfileParser, Instruction, ModifiableInstruction, Onbuild } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';
import { Dockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Util } from 'dockerfile-ast/lib/util';
import { Argument } from 'dockerfile-ast/lib/argument';
import { changedAfterParse, parseShell, ShellCommand, ShellScript } from './shell';

/**
 * dockerfile-ast builds every instruction with arguments twice: once to look for its heredocs, then again, with
 * the same arguments, for the Dockerfile it returns (each build scans the arguments: a tenth of a 1 MB file's
 * analysis). The second build of the same instruction (same parser, Dockerfile, keyword and offsets) gets the
 * first one back; an instruction whose heredocs moved its end is built anew, as before.
 */
type CreateArgs = [dockerfile: unknown, instruction: string, start: number, instructionEnd: number, end: number];
const parserProto = Parser.prototype as unknown as { createInstruction(this: Parser, ...a: CreateArgs): Instruction; instructionBuiltOnce?: true };
let lastBuilt: { parser: Parser; args: CreateArgs; made: Instruction } | undefined;
if (!parserProto.instructionBuiltOnce) {
  const build = parserProto.createInstruction;
  parserProto.createInstruction = function (this: Parser, ...args: CreateArgs) {
    const last = lastBuilt;
    lastBuilt = undefined;
    if (last && last.parser === this && last.args.every((a, k) => a === args[k])) return last.made;
    const made = build.apply(this, args);
    lastBuilt = { parser: this, args, made };
    return made;
  };
  parserProto.instructionBuiltOnce = true;
}

/**
 * dockerfile-ast scans an instruction's text again on every getArguments(), getArgumentsContent()
 * and JSON-form check (six or seven times per RUN while it parses and we read it): a third of a
 * 1 MB file's analysis. The scan's result depends only on the instruction, which never changes
 * after parsing, so it is kept per instruction; callers get a copy (ModifiableInstruction's
 * getArguments shifts the flags off the array it receives).
 */
type KeepsRawArguments = Instruction & { keptRawArguments?: unknown[] };
const proto = Instruction.prototype as unknown as { getRawArguments(this: KeepsRawArguments): unknown[]; rawArgumentsKept?: true; libraryRawArguments?: (this: Instruction) => Argument[] };
if (!proto.rawArgumentsKept) {
  proto.libraryRawArguments = proto.getRawArguments as unknown as (this: Instruction) => Argument[];
  const scan = scanRawArguments;
  // Kept on the instruction itself (a WeakMap of ten thousand instructions cost more to look up, and to collect, than the scan it saved).
  proto.getRawArguments = function (this: KeepsRawArguments) {
    let args = this.keptRawArguments;
    if (!args) this.keptRawArguments = args = scan.call(this);
    return args.slice();
  };
  proto.rawArgumentsKept = true;
}

/** dockerfile-ast's own getRawArguments (the scan scanRawArguments replaces), for the equivalence test. */
export function libraryRawArguments(instr: Instruction): Argument[] {
  return (Instruction.prototype as unknown as { libraryRawArguments: (this: Instruction) => Argument[] }).libraryRawArguments.call(instr);
}

type ScannedInstruction = Instruction & {
  document: { offsetAt(p: Position): number; positionAt(offset: number): Position; getLineOffsets?(): number[]; getText(): string };
  escapeChar: string;
  getInstructionRange(): { start: Position; end: Position };
  getTextContent(): string;
};
type Position = { line: number; character: number };

/**
 * dockerfile-ast's Instruction.getRawArguments (0.7.1) step for step, with one difference: an argument's value is
 * taken as slices of the text, not grown a character at a time (`escapedArg + char`), which made every argument of
 * 13 characters or more a chain of concatenations — `--no-install-recommends` eleven of them, `PATH=/x/bin:$PATH`
 * in every ENV: 150,000 string pieces that live as long as the parsed file for 1 MB of RUN/ENV lines. Same values
 * (the same characters appended in the same order), same ranges (test/parse-equivalence.test.ts: corpus and
 * random texts against the library's own scan).
 */
export function scanRawArguments(this: Instruction): Argument[] {
  const self = this as ScannedInstruction;
  const document = self.document;
  const escapeChar = self.escapeChar;
  const args: Argument[] = [];
  const range = self.getInstructionRange();
  const extra = document.offsetAt(range.end) - document.offsetAt(range.start);
  const content = self.getTextContent();
  const fullArgs = content.substring(extra);
  const offset = document.offsetAt(range.start) + extra;
  const n = fullArgs.length;
  let start = false;
  let comment = false;
  let found = -1;
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  // The value so far: `done` + fullArgs[runStart, runEnd) (what the library's escapedArg holds).
  let done = '';
  let runStart = 0;
  let runEnd = 0;
  const append = (from: number, to: number) => {
    if (runEnd === runStart) {
      runStart = from;
      runEnd = to;
    } else if (runEnd === from) runEnd = to;
    else {
      done += fullArgs.slice(runStart, runEnd);
      runStart = from;
      runEnd = to;
    }
  };
  const value = () => (runEnd === runStart ? done : done === '' ? fullArgs.slice(runStart, runEnd) : done + fullArgs.slice(runStart, runEnd));
  const reset = () => {
    done = '';
    runStart = runEnd = 0;
  };
  // Positions as document.positionAt makes them, found by walking forward from the instruction's first line: the
  // arguments come in order, and a binary search over every line of the file per position was 40 % of the scan.
  const lineOffsets = document.getLineOffsets?.();
  const docText = lineOffsets ? document.getText() : '';
  let line = range.start.line;
  const positionAt = (at: number): Position => {
    if (!lineOffsets || !lineOffsets.length) return document.positionAt(at);
    at = Math.max(Math.min(at, docText.length), 0);
    if (!(line >= 0 && line < lineOffsets.length && lineOffsets[line]! <= at)) line = 0;
    while (line + 1 < lineOffsets.length && lineOffsets[line + 1]! <= at) line++;
    const lineStart = lineOffsets[line]!;
    // FullTextDocument.ensureBeforeEOL: an offset inside a line break belongs before it.
    while (at > lineStart && (docText.charCodeAt(at - 1) === 13 || docText.charCodeAt(at - 1) === 10)) at--;
    return { line, character: at - lineStart };
  };
  const push = (from: number, to: number) => {
    args.push(new Argument(value(), { start: positionAt(offset + from), end: positionAt(offset + to) }));
  };
  for (let i = 0; i < n; i++) {
    const char = fullArgs[i];
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === '\r' || char === '\n') {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        reset();
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = i + 1 < n ? fullArgs[i + 1] : '';
      if (next === ' ' || next === '\t') {
        for (let j = i + 2; j < n; j++) {
          const c = fullArgs[j];
          if (c === ' ' || c === '\t') continue;
          if (c === '\r' || c === '\n') {
            // The library's `case '\r': j++;` falls through to the newline case.
            if (c === '\r') j++;
            comment = false;
            escaping = true;
            start = true;
            if (found !== -1) escapeMarker = i;
            i = j;
            break;
          }
          escapeMarker = i;
          if (found === -1) i = j - 1;
          break;
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(found, escapeMarker);
          reset();
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '$') append(i, i + 2);
        else if (next === '') break;
        else append(i + 1, i + 2);
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') comment = true;
      else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          push(found, escapeMarker);
          reset();
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        append(i, i + 1);
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) push(found, escapeMarker === -1 ? n : escapeMarker);
  return args;
}

/**
 * dockerfile-ast files each comment under its build stage by comparing it with every stage's range, a range
 * built anew for each comparison: comments × stages ranges (a 1 MB file of official Dockerfiles: hundreds of
 * stages, thousands of comments). The ranges do not change while comments are filed: built once here, and
 * each comment filed as before.
 */
type Ranged = { getRange(): Range };
type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Template = Ranged & { addComment(c: unknown): void };
const dockerfileProto = Dockerfile.prototype as unknown as {
  organizeComments(this: { getComments(): Ranged[]; initialInstructions: Template; buildStages: Template[] }): void;
  commentsFiledOnce?: true;
};
if (!dockerfileProto.commentsFiledOnce) {
  dockerfileProto.organizeComments = function () {
    const comments = this.getComments();
    if (!comments.length) return;
    const initial = this.initialInstructions.getRange();
    const stages = this.buildStages.map((s) => s.getRange());
    for (const c of comments) {
      const range = c.getRange();
      if (Util.isInsideRange(range.end, initial)) this.initialInstructions.addComment(c);
      else for (let k = 0; k < stages.length; k++) if (Util.isInsideRange(range.start, stages[k])) this.buildStages[k].addComment(c);
    }
  };
  dockerfileProto.commentsFiledOnce = true;
}

export interface ParsedFlag {
  name: string;
  value: string | null;
  /** `--mount=type=cache,target=/x` → { type: 'cache', target: '/x' } */
  options: Record<string, string>;
  start: number;
  end: number;
}

export type HeredocUse = 'shell' | 'data';

export interface ParsedHeredoc {
  delimiter: string;
  body: string;
  bodyStart: number;
  bodyEnd: number;
  use: HeredocUse;
}

export interface ParsedInstruction {
  index: number;
  /** Upper-case keyword. For `ONBUILD RUN x` this is `RUN` with `onbuild` set. */
  keyword: string;
  onbuild: boolean;
  start: number;
  end: number;
  /** 0-based first and last line. */
  line: number;
  endLine: number;
  /** Offset where the arguments (after flags) begin; equals `end` when there are none. */
  argsStart: number;
  /** Arguments as Docker sees them (continuations joined). */
  argsText: string;
  args: string[];
  flags: ParsedFlag[];
  /** `RUN ["sh", "-c", "x"]`, `CMD [...]`. */
  execForm: boolean;
  execArgs?: string[];
  /** For RUN: every simple command, including heredoc scripts and `sh -c` strings. */
  shell?: ShellScript;
  heredocs: ParsedHeredoc[];
  /** -1 for ARGs before the first FROM. */
  stageIndex: number;
}

export interface ParsedStage {
  index: number;
  name?: string;
  from: ParsedInstruction;
  /** The image as written (`python:${PY}-slim`) and after ARG substitution (`python:3.12-slim`). */
  image: string;
  resolvedImage: string;
  /** Set when the image names an earlier stage. */
  parentStage?: number;
  platform?: string;
  instructions: ParsedInstruction[];
}

export interface ParsedComment {
  text: string;
  line: number;
  start: number;
  end: number;
}

export interface ParsedDockerfile {
  text: string;
  escapeChar: string;
  directives: { name: string; value: string; line: number }[];
  lineEnding: '\n' | '\r\n';
  lineStarts: number[];
  instructions: ParsedInstruction[];
  stages: ParsedStage[];
  /** ARGs declared before the first FROM, with their effective values (defaults or build args). */
  globalArgs: Map<string, string | undefined>;
  comments: ParsedComment[];
}

export interface ParseOptions {
  buildArgs?: Record<string, string>;
}

/**
 * The instructions before `instr` in its stage and in the stages it is built on (`FROM base AS app`), in file order:
 * a stage names only earlier stages, so those are the chain's instructions with a smaller index. ONBUILD ones included.
 */
export function earlierInStageChain(parsed: ParsedDockerfile, instr: ParsedInstruction): ParsedInstruction[] {
  const stages = new Set<number>();
  for (let s: number | undefined = instr.stageIndex; s !== undefined && s >= 0 && !stages.has(s); s = parsed.stages[s]?.parentStage) stages.add(s);
  return parsed.instructions.filter((i) => i.index < instr.index && stages.has(i.stageIndex));
}

/**
 * Where each line starts, with the line breaks dockerfile-ast and LSP text documents count: `\n`,
 * `\r\n` and a lone `\r`. dockerfile-ast's positions are converted to offsets with these: counting
 * only `\n` put every offset after a lone `\r` one line off (a fix then edited the wrong place, and
 * every fix-all pass inserted another copy).
 */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

export function offsetAt(lineStarts: number[], pos: { line: number; character: number }, textLength: number): number {
  if (pos.line >= lineStarts.length) return textLength;
  return Math.min(textLength, lineStarts[pos.line] + pos.character);
}

export function positionAt(lineStarts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - lineStarts[lo] };
}

/**
 * Longest value a variable expansion may produce (64 KiB). `ENV PATH=/x:$PATH` on every other line of
 * a 1 MB file, or `$A$A$A…`, would otherwise make values whose total is quadratic (or exponential,
 * `a=$a$a` in a loop) in the file's size. Past it the text stays as written, as for an unknown variable.
 */
export const MAX_EXPANSION = 64 * 1024;

/** `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`, `${VAR:+alt}` as Docker expands them (at most MAX_EXPANSION). */
export function substituteArgs(value: string, vars: ReadonlyMap<string, string | undefined>): string {
  if (!value.includes('$')) return value;
  let total = value.length;
  // Pieces joined with `+`, not String.replace: `+` makes a rope that points at the variable's value,
  // where replace copies it, and `ENV PATH=/x:$PATH` in every stage made the kept values quadratic.
  let out = '';
  let last = 0;
  const re = new RegExp(SUBSTITUTION);
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const r = expandOne(m[1], m[2], m[3], m[4], vars);
    total += r.length;
    if (total > MAX_EXPANSION) return value;
    out += value.slice(last, m.index) + r;
    last = m.index + m[0].length;
  }
  return out + value.slice(last);
}

const SUBSTITUTION = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

function expandOne(braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined, vars: ReadonlyMap<string, string | undefined>): string {
  const name = (braced ?? bare) as string;
  const v = vars.get(name);
  const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
  if (op === ':-' || op === '-') return set ? (v as string) : substituteArgs(word ?? '', vars);
  if (op === ':+' || op === '+') return set ? substituteArgs(word ?? '', vars) : '';
  return v ?? '';
}

/**
 * A FROM or ARG word as BuildKit's shell lexer reads it: `${VAR}` expanded outside single quotes,
 * quotes removed (`debian:"trixie-slim"` → `debian:trixie-slim`), `\x` → `x` outside quotes.
 */
export function expandWord(value: string, vars: ReadonlyMap<string, string | undefined>): string {
  if (!/["'\\]/.test(value)) return substituteArgs(value, vars);
  let out = '';
  let plain = '';
  const flush = () => {
    out += substituteArgs(plain, vars);
    plain = '';
  };
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === "'") {
      const end = value.indexOf("'", i + 1);
      if (end < 0) return substituteArgs(value, vars);
      flush();
      out += value.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      const end = value.indexOf('"', i + 1);
      if (end < 0) return substituteArgs(value, vars);
      flush();
      out += substituteArgs(value.slice(i + 1, end).replace(/\\([$"\\])/g, '$1'), vars);
      i = end;
    } else if (ch === '\\' && i + 1 < value.length) {
      flush();
      out += value[++i];
    } else plain += ch;
  }
  flush();
  return out;
}

export function parseDockerfile(text: string, options: ParseOptions = {}): ParsedDockerfile {
  const lineStarts = computeLineStarts(text);
  const df = DockerfileParser.parse(text);
  lastBuilt = undefined; // nothing of this parse is kept past it
  const escapeChar = df.getEscapeCharacter();
  const toOffset = (p: { line: number; character: number }) => offsetAt(lineStarts, p, text.length);

  const directives = df.getDirectives().map((d) => ({ name: d.getName().toLowerCase(), value: d.getValue(), line: d.getRange().start.line }));
  // dockerfile-ast reads any `# key=value` line at the top as a directive; our ignore comments there
  // (`# size-hints ignore-file=x` on line 1) are comments to us.
  const directiveComments: ParsedComment[] = df
    .getDirectives()
    .filter((d) => !['syntax', 'escape', 'check'].includes(d.getName().toLowerCase()))
    .map((d) => {
      const r = d.getRange();
      const start = lineStarts[r.start.line];
      const end = lineStarts[r.start.line + 1] !== undefined ? lineStarts[r.start.line + 1] - 1 : text.length;
      return { text: text.slice(start, end).replace(/\r$/, ''), line: r.start.line, start, end };
    });
  const comments: ParsedComment[] = [...directiveComments, ...df.getComments().map((c) => {
    const r = c.getRange();
    return { text: text.slice(toOffset(r.start), toOffset(r.end)), line: r.start.line, start: toOffset(r.start), end: toOffset(r.end) };
  })];

  const buildArgs = options.buildArgs ?? {};
  const globalArgs = new Map<string, string | undefined>();
  const instructions: ParsedInstruction[] = [];
  const stages: ParsedStage[] = [];

  for (const raw of df.getInstructions()) {
    const parsed = parseInstruction(raw, instructions.length, stages.length - 1, text, lineStarts, escapeChar);
    instructions.push(parsed);
    if (parsed.keyword === 'ARG' && stages.length === 0 && !parsed.onbuild) {
      for (const a of parsed.args) {
        const eq = a.indexOf('=');
        const name = eq >= 0 ? a.slice(0, eq) : a;
        // BuildKit expands earlier ARGs in a default: ARG BASE=python:${PY}-slim.
        const def = eq >= 0 ? expandWord(a.slice(eq + 1), globalArgs) : undefined;
        globalArgs.set(name, buildArgs[name] ?? def);
      }
    }
    if (parsed.keyword === 'FROM' && !parsed.onbuild) {
      const nonFlag = parsed.args;
      const image = nonFlag[0] ?? '';
      const asIndex = nonFlag.findIndex((a) => a.toLowerCase() === 'as');
      const name = asIndex >= 0 ? nonFlag[asIndex + 1] : undefined;
      const resolvedImage = expandWord(image, globalArgs);
      const parent = stages.find((s) => s.name && s.name.toLowerCase() === resolvedImage.toLowerCase());
      const platformFlag = parsed.flags.find((f) => f.name === 'platform');
      parsed.stageIndex = stages.length;
      stages.push({
        index: stages.length,
        name: name?.toLowerCase() === name ? name : name?.toLowerCase(),
        from: parsed,
        image,
        resolvedImage,
        parentStage: parent?.index,
        // Kept as written: $BUILDPLATFORM/$TARGETPLATFORM are resolved by the model, which knows the target platform.
        platform: platformFlag?.value ?? undefined,
        instructions: [parsed],
      });
      continue;
    }
    if (stages.length > 0) stages[stages.length - 1].instructions.push(parsed);
  }

  return {
    text,
    escapeChar,
    directives,
    lineEnding: text.includes('\r\n') ? '\r\n' : '\n',
    lineStarts,
    instructions,
    stages,
    globalArgs,
    comments,
  };
}

function parseInstruction(
  raw: Instruction,
  index: number,
  stageIndex: number,
  text: string,
  lineStarts: number[],
  escapeChar: string,
): ParsedInstruction {
  const toOffset = (p: { line: number; character: number }) => offsetAt(lineStarts, p, text.length);
  let instr: Instruction = raw;
  let onbuild = false;
  if (raw.getKeyword() === 'ONBUILD') {
    const trigger = (raw as Onbuild).getTriggerInstruction();
    if (trigger) {
      instr = trigger;
      onbuild = true;
    }
  }
  const range = raw.getRange();
  const start = toOffset(range.start);
  const end = toOffset(range.end);
  const keyword = instr.getKeyword().toUpperCase();

  const flags: ParsedFlag[] = [];
  if (instr instanceof ModifiableInstruction) {
    for (const f of instr.getFlags()) {
      const options: Record<string, string> = {};
      for (const o of f.getOptions()) options[o.getName().toLowerCase()] = o.getValue() ?? '';
      const fr = f.getRange();
      flags.push({ name: f.getName().toLowerCase(), value: f.getValue(), options, start: toOffset(fr.start), end: toOffset(fr.end) });
    }
  }
  // Arguments after the flags. dockerfile-ast's getArguments() on a ModifiableInstruction excludes flags.
  const argObjs = instr.getArguments();
  const args = argObjs.map((a) => a.getValue());
  const argsStart = argObjs.length ? toOffset(argObjs[0].getRange().start) : end;
  const argsText = (instr.getArgumentsContent() ?? '').trim();

  const parsed: ParsedInstruction = {
    index,
    keyword,
    onbuild,
    start,
    end,
    line: range.start.line,
    endLine: range.end.line,
    argsStart,
    argsText,
    args,
    flags,
    execForm: false,
    heredocs: [],
    stageIndex: Math.max(-1, stageIndex),
  };

  if (keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'SHELL' || keyword === 'COPY' || keyword === 'ADD') {
    const firstArg = text.slice(argsStart, end).trimStart();
    if (firstArg.startsWith('[')) {
      const json = tryParseJsonArray(instr.getArgumentsContent() ?? '');
      if (json) {
        parsed.execForm = true;
        parsed.execArgs = json;
      }
    }
  }
  if (keyword === 'RUN') {
    if (parsed.execForm && parsed.execArgs) {
      parsed.shell = shellFromExecForm(parsed.execArgs, argsStart, end);
    } else {
      parsed.shell = parseRunShell(text, argsStart, end, escapeChar, parsed.heredocs);
    }
  } else if ((keyword === 'COPY' || keyword === 'ADD') && /<<-?["']?[A-Za-z_]/.test(argsText)) {
    const script = parseShell(text, argsStart, end, { escapeChar, nested: false });
    for (const h of script.heredocs) parsed.heredocs.push({ ...h, use: 'data' });
  }
  return parsed;
}

function tryParseJsonArray(s: string): string[] | undefined {
  try {
    const v = JSON.parse(s.replace(/\\\r?\n/g, ''));
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  } catch {
    // not exec form after all: Docker falls back to shell form too
  }
  return undefined;
}

/** `RUN ["sh","-c","apt-get update"]` runs the string through a shell; other exec forms are one command. */
function shellFromExecForm(argv: string[], start: number, end: number): ShellScript {
  const name = argv[0]?.split('/').pop() ?? '';
  if (['sh', 'bash', 'ash', 'dash'].includes(name) && argv[1] === '-c' && argv[2] !== undefined) {
    const inner = parseShell(argv[2], 0, argv[2].length, { escapeChar: null });
    changedAfterParse(inner); // its spans are moved to the instruction below
    // Offsets inside a JSON string are not document offsets: pin every span to the instruction.
    for (const c of inner.commands) {
      c.start = start;
      c.end = end;
      for (const w of [...c.argv, ...c.assignments]) {
        w.start = start;
        w.end = end;
      }
    }
    return inner;
  }
  const words = argv.map((v) => ({ value: v, raw: JSON.stringify(v), start, end, quoted: true, hasExpansion: false }));
  const cmd: ShellCommand = {
    name,
    argv: words,
    assignments: [],
    redirects: [],
    connector: null,
    start,
    end,
    depth: 0,
    inCondition: false,
    conditional: false,
  };
  return { commands: words.length ? [cmd] : [], heredocs: [], problems: [] };
}

const SHELL_NAMES = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh']);

/**
 * Shell-form RUN, with BuildKit heredocs: `RUN <<EOF` runs the body as a script, `RUN bash <<EOF`
 * feeds it to a shell, `RUN python3 <<EOF` (or `cat <<EOF > f`) makes it data for that command.
 */
function parseRunShell(text: string, start: number, end: number, escapeChar: string, heredocsOut: ParsedHeredoc[]): ShellScript {
  const script = parseShell(text, start, end, { escapeChar });
  if (!script.heredocs.length) return script;
  changedAfterParse(script);
  const commands = [...script.commands];
  for (const h of script.heredocs) {
    const owner = script.commands.find((c) => c.redirects.some((r) => (r.op === '<<' || r.op === '<<-') && r.target?.value === h.delimiter));
    const ownerIsShell = owner ? SHELL_NAMES.has(owner.name) && !owner.argv.some((w) => w.value === '-c') : false;
    const use: HeredocUse = !owner || ownerIsShell ? 'shell' : 'data';
    heredocsOut.push({ delimiter: h.delimiter, body: h.body, bodyStart: h.bodyStart, bodyEnd: h.bodyEnd, use });
    if (use === 'shell') {
      const body = parseShell(text, h.bodyStart, h.bodyEnd, { escapeChar: null });
      body.commands.forEach((c, k) => {
        if (k === 0) c.connector = commands.length ? ';' : null;
      });
      commands.push(...body.commands);
      script.problems.push(...body.problems);
    }
  }
  // Keep the shell command that merely runs the heredoc (`bash <<EOF`) out of the list: it is a shell, not work.
  script.commands = commands.filter((c) => !(SHELL_NAMES.has(c.name) && c.argv.length === 1 && c.redirects.some((r) => r.op.startsWith('<<'))));
  script.commands.sort((a, b) => a.start - b.start);
  return script;
}
