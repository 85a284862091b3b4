/**
 * busybox `adduser` / `addgroup` (Alpine, busybox images), sized from what they write rather than from
 * Debian's shadow `useradd` measurement: /etc/passwd, /etc/shadow and /etc/group rewritten whole (no
 * `-` backups, no gshadow/subuid), plus the home directory unless -H. The files start as
 * alpine-baselayout's (server/data/apk/baselayout-users.json); the compressed size is the gzip of the
 * layer tar those entries make (512-byte headers, padding, end blocks), computed here.
 */
import * as zlib from 'node:zlib';
import { loadDataJson } from '../../data/dataDir';
import type { ShellCommand } from '../../parse/shell';
import type { LayerEntry, RunContext } from './runContext';

interface UserFiles {
  passwd: string;
  group: string;
  shadow: string;
  source: string;
}
interface RunUsers extends UserFiles {
  homes: Set<string>;
  changed: Set<'passwd' | 'group' | 'shadow'>;
  entry?: LayerEntry;
}

const perRun = new WeakMap<RunContext, RunUsers>();

/** busybox's user tools are the ones on Alpine and busybox images; Debian's adduser is a different program. */
export function isBusyboxUserCommand(cmd: ShellCommand, ctx: RunContext): boolean {
  return (cmd.name === 'adduser' || cmd.name === 'addgroup') && (ctx.state.family === 'alpine' || ctx.state.family === 'busybox');
}

// busybox 1.37 loginutils: adduser -h DIR -g GECOS -s SHELL -G GRP -S -D -H -u UID -k SKEL; addgroup -g GID -S.
const VALUE_FLAGS = new Set(['h', 'home', 'g', 'gecos', 's', 'shell', 'G', 'ingroup', 'u', 'uid', 'k', 'gid']);

function parse(cmd: ShellCommand): { flags: Set<string>; values: Map<string, string>; operands: string[] } {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  const words = cmd.argv.slice(1).map((w) => w.value);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('--')) {
      const [name, inline] = w.slice(2).split('=', 2) as [string, string | undefined];
      if (VALUE_FLAGS.has(name)) values.set(name, inline ?? words[++i] ?? '');
      else flags.add(name);
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const f = w[j]!;
        if (VALUE_FLAGS.has(f)) {
          values.set(f, w.slice(j + 1) || words[++i] || '');
          break;
        }
        flags.add(f);
      }
    } else operands.push(w);
  }
  return { flags, values, operands };
}

function addMember(group: string, name: string, member: string): string {
  return group.replace(new RegExp(`^(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[^:]*:[^:]*:)(.*)$`, 'm'), (_m, head: string, members: string) => `${head}${members ? `${members},` : ''}${member}`);
}

function hasGroup(group: string, name: string): boolean {
  return group.split('\n').some((l) => l.split(':')[0] === name);
}

/** One ustar entry: a 512-byte header, the content padded to 512. */
function tarEntry(name: string, content: string | undefined): Buffer[] {
  const h = Buffer.alloc(512);
  const body = content === undefined ? Buffer.alloc(0) : Buffer.from(content);
  h.write(name, 0);
  h.write(`${(content === undefined ? 0o755 : 0o644).toString(8).padStart(7, '0')}\0`, 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(content === undefined ? '5' : '0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return [h, body, Buffer.alloc((512 - (body.length % 512)) % 512)];
}

export function estimateBusyboxUser(cmd: ShellCommand, ctx: RunContext): void {
  let run = perRun.get(ctx);
  if (!run) {
    let base: UserFiles;
    try {
      base = loadDataJson<UserFiles>('apk/baselayout-users.json');
    } catch {
      ctx.create({ path: '/etc/passwd', kind: 'other', label: `${cmd.name} (user and group files)`, bytes: 0, confidence: 'unknown', source: 'no alpine-baselayout user files in the data', unknown: true });
      return;
    }
    run = { ...base, homes: new Set(), changed: new Set() };
    perRun.set(ctx, run);
  }
  const { flags, values, operands } = parse(cmd);
  const system = flags.has('S') || flags.has('system');
  if (cmd.name === 'addgroup') {
    const [first, second] = operands;
    if (!first) return;
    if (second) {
      // `addgroup USER GROUP`: USER becomes a member of GROUP.
      run.group = addMember(run.group, second, first);
    } else if (!hasGroup(run.group, first)) {
      run.group += `${first}:x:${values.get('g') ?? values.get('gid') ?? (system ? '101' : '1000')}:\n`;
    }
    run.changed.add('group');
  } else {
    const name = operands[0];
    if (!name) return;
    const uid = values.get('u') ?? values.get('uid') ?? (system ? '100' : '1000');
    const home = values.get('h') ?? values.get('home') ?? `/home/${name}`;
    const shell = values.get('s') ?? values.get('shell') ?? (system ? '/sbin/nologin' : '/bin/sh');
    const gecos = values.get('g') ?? values.get('gecos') ?? 'Linux User,,,';
    const ingroup = values.get('G') ?? values.get('ingroup') ?? operands[1];
    let gid = '65533';
    if (ingroup) {
      gid = run.group.split('\n').find((l) => l.split(':')[0] === ingroup)?.split(':')[2] ?? uid;
      run.group = addMember(run.group, ingroup, name);
    } else if (!system) {
      // Without -G a regular user gets a group of its own name.
      gid = uid;
      if (!hasGroup(run.group, name)) run.group += `${name}:x:${gid}:${name}\n`;
    }
    run.passwd += `${name}:x:${uid}:${gid}:${gecos}:${home}:${shell}\n`;
    run.shadow += `${name}:!:20000:0:99999:7:::\n`;
    run.changed.add('passwd').add('shadow').add('group');
    if (!flags.has('H') && !flags.has('no-create-home')) run.homes.add(home.replace(/^\/+|\/+$/g, ''));
  }
  update(ctx, run);
}

/** One entry for all the user/group changes of this RUN: each file is in the layer once, whole. */
function update(ctx: RunContext, run: RunUsers): void {
  if (run.entry) {
    const i = ctx.entries.indexOf(run.entry);
    if (i >= 0) ctx.entries.splice(i, 1);
  }
  const files = (['group', 'passwd', 'shadow'] as const).filter((f) => run.changed.has(f));
  const tar: Buffer[] = [...tarEntry('etc/', undefined)];
  for (const f of files) tar.push(...tarEntry(`etc/${f}`, run[f]));
  const dirs = new Set<string>();
  for (const h of run.homes) {
    const parts = h.split('/');
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/') + '/');
  }
  for (const d of [...dirs].sort()) tar.push(...tarEntry(d, undefined));
  tar.push(Buffer.alloc(1024));
  const layerTar = Buffer.concat(tar);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(run[f]), 0);
  // The end-of-archive blocks are the layer's (model/tarFraming.ts counts them once); the headers are counted here.
  const compressed = zlib.gzipSync(layerTar, { level: 6 }).length - zlib.gzipSync(Buffer.alloc(1024), { level: 6 }).length;
  for (const f of files) ctx.framed.add(`/etc/${f}`);
  ctx.framed.add('/etc');
  for (const d of dirs) ctx.framed.add('/' + d.replace(/\/$/, ''));
  run.entry = ctx.create({
    path: '/etc/passwd',
    kind: 'other',
    label: `busybox ${files.length === 1 && files[0] === 'group' ? 'addgroup' : 'adduser'}: /etc/${files.join(', /etc/')}${dirs.size ? ` and ${[...run.homes].map((h) => `/${h}`).join(', ')}` : ''}`,
    bytes,
    low: Math.round(bytes * 0.7),
    high: Math.round(bytes * 1.6),
    compressedBytes: compressed,
    confidence: 'medium',
    source: `the files busybox rewrites, from alpine-baselayout's (${run.source}); compressed: gzip of the layer tar they make`,
    contentKind: 'text',
    file: true,
  });
}
