/** COPY / ADD: measured build-context bytes, another stage's files, heredocs, URLs and archives. */
import type { ParsedInstruction } from '../../parse/dockerfile';
import type { BuildContext } from '../../context/buildContext';
import { part, unknownPart } from '../estimate';
import { covers, isInside, resolvePath } from '../paths';
import type { FsEntry, ModelOptions, SizePart } from '../types';
import type { LayerEntry, StageState } from './runContext';
import { homeOf } from './runContext';
import { ARCHIVE, remoteDownloadSize, type RemoteEnvironment } from './downloads';
import { substituteArgs } from '../../parse/dockerfile';
import { smallTextGzip } from '../tarFraming';

/** Gzip bytes of a few small files (scripts, configs): measured per size; undefined when they are not all small. */
function smallFilesGzip(sizes: number[]): number | undefined {
  if (!sizes.length || sizes.length > 200) return undefined;
  let total = 0;
  for (const b of sizes) {
    const gz = smallTextGzip(b);
    if (!gz) return undefined;
    total += gz.bytes;
  }
  return total;
}
import { OverlayMap } from '../persistentMap';

export interface CopyResult {
  parts: SizePart[];
  created: LayerEntry[];
  /** Image path → context-relative source, so later `pip install -r x` can read the copied file. */
  mappings: { dest: string; src: string }[];
  fromStage?: number;
  fromImage?: string;
  sources: string[];
  dest: string;
  /** Image paths of the context files this COPY writes (to tell which earlier single files it overwrites). */
  destFiles: Set<string>;
  /** Files of the layer tar with their sizes (model/tarFraming.ts); `uncounted` when some are not known. */
  tarFiles: { path: string; bytes: number }[];
  uncounted: boolean;
}

export interface CopyEnvironment extends RemoteEnvironment {
  context?: BuildContext;
  /** Stage name or index → that stage's file-system picture. */
  stageFs: (ref: string) => { index: number; fs: FsEntry[] } | undefined;
}

/** Splits COPY/ADD arguments into sources and destination (shell and exec form). */
export function copySourcesAndDest(instr: ParsedInstruction): { sources: string[]; dest: string } {
  const args = instr.execForm && instr.execArgs ? instr.execArgs : instr.args.filter((a) => !/^<<-?/.test(a));
  if (instr.heredocs.length) {
    const dest = args[args.length - 1] ?? '';
    return { sources: instr.heredocs.map((h) => `<<${h.delimiter}`), dest };
  }
  if (args.length < 2) return { sources: [], dest: args[0] ?? '' };
  return { sources: args.slice(0, -1), dest: args[args.length - 1] };
}

export function estimateCopy(instr: ParsedInstruction, state: StageState, options: ModelOptions, env: CopyEnvironment): CopyResult {
  const { sources, dest } = copySourcesAndDest(instr);
  const home = homeOf(state);
  const destAbs = resolvePath(dest || '.', state.workdir, home);
  const fromFlag = instr.flags.find((f) => f.name === 'from')?.value ?? undefined;
  const excludes = instr.flags.filter((f) => f.name === 'exclude' && f.value).map((f) => f.value as string);
  const result: CopyResult = { parts: [], created: [], mappings: [], sources, dest: destAbs, destFiles: new Set(), tarFiles: [], uncounted: false };
  const add = (p: SizePart, path: string, kind: FsEntry['kind'], file?: boolean) => {
    result.parts.push(p);
    result.created.push({ path, bytes: p.bytes, low: p.low, high: p.high, kind, label: p.label, createdBy: instr.index, unknown: p.unknown, part: p, ...(file ? { file } : {}) });
  };
  const destIsDir = sources.length > 1 || dest.endsWith('/') || dest === '.' || dest === '..';
  // A source written with a trailing slash is a directory: its contents land in the destination.
  const destFor = (src: string) => (destIsDir && !src.endsWith('/') ? resolvePath(`${destAbs}/${src.replace(/\/+$/, '').split('/').pop()}`, '/', home) : destAbs);

  if (instr.heredocs.length) {
    for (const h of instr.heredocs) {
      const bytes = Buffer.byteLength(h.body, 'utf8');
      add(part({ label: `heredoc ${h.delimiter} → ${destAbs}`, bytes, confidence: 'exact', source: 'heredoc text', kind: 'text', compressedBytes: smallFilesGzip([bytes]) }), destAbs, 'heredoc');
      result.tarFiles.push({ path: destAbs, bytes });
    }
    return result;
  }

  if (fromFlag) {
    const stage = env.stageFs(fromFlag);
    result.uncounted = true;
    if (!stage) {
      result.fromImage = fromFlag;
      for (const s of sources) add(unknownPart(`${s} from image ${fromFlag}`, 'files inside another image are not known'), destFor(s), 'context');
      return result;
    }
    result.fromStage = stage.index;
    for (const s of sources) {
      const srcAbs = resolvePath(s, '/', '/root');
      const inside = stage.fs.filter((e) => covers(srcAbs, e.path));
      const partial = stage.fs.filter((e) => isInside(srcAbs, e.path));
      const known = inside.filter((e) => !e.unknown);
      const bytes = known.reduce((a, e) => a + e.bytes, 0);
      const low = known.reduce((a, e) => a + e.low, 0);
      const high = known.reduce((a, e) => a + e.high, 0);
      const label = `${s} from stage ${fromFlag}`;
      // A directory's contents land in the destination, not the directory itself (`COPY --from=b /out/conf /etc/app/`
      // makes /etc/app/a.conf): isDir when the stage filled the source with files below it; a source written with a
      // trailing slash is one whatever the stage holds (destFor). One entry at the source path alone may be a file (a
      // built binary): the name is kept then.
      const isDir = inside.some((e) => e.path !== srcAbs);
      const target = isDir ? destAbs : destFor(s);
      if (!inside.length || inside.some((e) => e.unknown) || partial.length) {
        if (bytes > 0) add(part({ label, bytes, low, high, confidence: 'low', source: `estimated size of what stage ${fromFlag} put in ${s}` }), target, 'context');
        add(unknownPart(bytes > 0 ? `${label}: rest (build output)` : label, `stage ${fromFlag} creates ${s} with steps of unknown size`), target, 'build-output');
      } else {
        const conf = known.every((e) => e.low === e.high) ? 'exact' : 'medium';
        add(part({ label, bytes, low, high, confidence: conf, source: `stage ${fromFlag}'s estimate for ${s}` }), target, 'context');
      }
    }
    return result;
  }

  for (const s of sources) {
    if (/^(https?|ftp):\/\//.test(s) || /^git@|\.git(#.*)?$/.test(s)) {
      result.uncounted = true;
      if (instr.keyword === 'ADD') {
        const name = s.split('/').pop()?.split('?')[0] ?? 'download';
        const path = dest.endsWith('/') ? `${destAbs}/${name}` : destAbs;
        const isGit = /^git@|\.git(#.*)?$/.test(s);
        const size = isGit ? { unknown: 'repository size is not known before the build' } : remoteDownloadSize(expandKnown(s, state), options, env);
        // ADD extracts only local archives: a remote one lands as the archive file itself.
        add(
          'unknown' in size
            ? unknownPart(`ADD ${s}`, size.unknown)
            : part({ label: `ADD ${s}`, bytes: size.bytes, low: size.bytes, high: size.bytes, confidence: 'high', source: size.source, kind: ARCHIVE.test(name) ? 'archive' : 'mixed' }),
          path,
          'download',
        );
      }
      continue;
    }
    if (!env.context) {
      result.uncounted = true;
      add(unknownPart(`${s} from the build context`, 'build context not read (untrusted workspace or no context)'), destFor(s), 'context');
      continue;
    }
    const m = env.context.measure([s], excludes);
    if (m.missing.length) {
      result.uncounted = true;
      add(unknownPart(`${s} (not found in the build context)`, `no such file in ${env.context.root}`), destFor(s), 'context');
      continue;
    }
    const isLocalArchive = instr.keyword === 'ADD' && m.files === 1 && /\.(tar(\.(gz|xz|bz2|zst))?|tgz|txz|tbz2?)$/i.test(s);
    if (isLocalArchive) {
      result.uncounted = true;
      // ADD extracts local tar archives: the layer holds the extracted files, typically 2–5× the archive.
      add(part({ label: `${s} (extracted by ADD)`, bytes: m.bytes * 3, low: m.bytes, high: m.bytes * 6, confidence: 'low', source: `archive is ${m.bytes} bytes; extracted size estimated at 1–6×` }), destFor(s), 'context');
      continue;
    }
    const caveats = env.context.caveats();
    const conf = caveats.length ? 'medium' : 'exact';
    const label = `${s === '.' ? 'build context' : s} (${m.files} file${m.files === 1 ? '' : 's'})`;
    // COPY of a directory copies its contents into the destination; a file lands as dest/name.
    const norm = s.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
    const isFile = !/[*?[]/.test(s) && m.files === 1 && m.matched[0]?.rel === norm;
    const glob = /[*?[]/.test(s);
    const isDir = !glob && (norm === '' || m.matched.some((f) => f.rel.startsWith(norm + '/')));
    // A glob (`COPY package*.json ./`) puts each match in the destination directory.
    const target = isDir || (glob && destIsDir) ? destAbs : destFor(s);
    if (m.matched.length > 20_000) result.uncounted = true;
    for (const f of m.matched.slice(0, 20_000)) {
      const inSource = isDir ? (norm ? f.rel.slice(norm.length + 1) : f.rel) : f.rel.split('/').pop() ?? f.rel;
      const destPath = isFile ? target : resolvePath(`${target}/${inSource}`, '/', home);
      result.destFiles.add(destPath);
      result.tarFiles.push({ path: destPath, bytes: f.bytes });
    }
    // A few small files (entrypoints, configs) compress far less than big ones: measured per size.
    const smallGz = smallFilesGzip(m.matched.map((f) => f.bytes));
    const copied = part({ label, bytes: m.bytes, confidence: conf, source: `measured in ${env.context.root}${env.context.hasDockerignore ? ' honouring .dockerignore' : ' (no .dockerignore)'}${caveats.length ? `; ${caveats.join('; ')}` : ''}`, kind: 'mixed', compressedBytes: smallGz });
    if (glob && destIsDir && m.files <= 50) {
      // A few files from a glob (`package*.json`): one entry each, so a later COPY or rm of one is seen.
      result.parts.push(copied);
      for (const f of m.matched) {
        const p = part({ label: f.rel, bytes: f.bytes, confidence: conf, source: copied.source, kind: 'mixed' });
        result.created.push({ path: resolvePath(`${target}/${f.rel.split('/').pop()}`, '/', home), bytes: f.bytes, low: f.bytes, high: f.bytes, kind: 'context', label: f.rel, createdBy: instr.index, part: p, file: true });
      }
    } else add(copied, target, 'context', isFile);
    result.mappings.push({ dest: target, src: s });
  }
  return result;
}

/** ARG/ENV values in an ADD source; a variable without a value stays as written (`$V`). */
function expandKnown(value: string, state: StageState): string {
  if (!value.includes('$')) return value;
  const vars = new OverlayMap<string | undefined>(state.env, state.args);
  const unset = '\u0000';
  const marks = new Map<string, string | undefined>();
  // `${V:-default}` / `${V+alt}` of an unset V are fine: only a bare unset variable leaves the URL unknown.
  for (const m of value.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+])?|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    const name = m[1] ?? m[3];
    if (!m[2] && vars.get(name) === undefined) marks.set(name, unset);
  }
  const out = substituteArgs(value, new OverlayMap(marks, vars));
  return out.includes(unset) ? value : out;
}
