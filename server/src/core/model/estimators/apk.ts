/**
 * apk (Alpine): add/del with --virtual groups, the /var/cache/apk index cache unless --no-cache.
 * Sizes and dependencies come from Alpine data only (../../data/apkDb.ts); a package no Alpine source
 * covers is unknown, never priced from another distribution.
 */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { apkDatabase, type ApkDatabase, type ApkPackage, type ApkResolution, type ApkSizeFrom } from '../../data/apkDb';
import type { RunContext } from './runContext';
import { compressionRatio } from '../../data/compression';

const APK_CACHE = '/var/cache/apk';
const APK_ETC_CACHE = '/etc/apk/cache';
const APK_DB = '/lib/apk/db';

export function apkArgs(cmd: ShellCommand) {
  return parseArgs(cmd.argv, new Set(['t', 'virtual', 'X', 'repository', 'p', 'root', 'cache-dir', 'arch']));
}

export function estimateApk(cmd: ShellCommand, ctx: RunContext): void {
  const args = apkArgs(cmd);
  const sub = args.operands[0]?.value;
  if (sub === 'del') {
    const names = args.operands.slice(1).map((w) => w.value);
    for (const e of [...ctx.entries]) {
      if (e.kind === 'packages' && e.group && names.includes(e.group)) ctx.dropOwn(e);
      else if (e.kind === 'packages' && e.members && e.path === '/usr' && !e.group) {
        for (const n of names) e.members.delete(n);
      }
    }
    // A group added by an earlier layer: its files stay shipped in that layer.
    for (const e of ctx.state.fs) {
      const group = (e as { group?: string }).group;
      if (e.kind === 'packages' && group && names.includes(group)) ctx.touched.push({ entry: e, command: cmd, action: 'delete', bytes: e.bytes, low: e.low, high: e.high, partial: false });
    }
    return;
  }
  if (sub === 'update' && !args.flags.has('no-cache')) {
    const db = apkDatabase();
    const release = db && knownAlpineRelease(ctx) ? stageRelease(ctx, db) : undefined;
    const live = release ? ctx.remote.apkIndex?.(release, ctx.state.platform) : undefined;
    const mounted = ctx.isCacheMounted(APK_CACHE) || ctx.isCacheMounted(APK_ETC_CACHE);
    addIndexCache(ctx, live, release);
    // The index `apk update` writes stays whatever later adds do (`--no-cache` only keeps them from writing one).
    const bytes = live?.archiveBytes;
    ctx.facts.caches.push(
      bytes
        ? { manager: 'apk', command: cmd, path: APK_CACHE, bytes, low: Math.round(bytes * 0.95), high: Math.round(bytes * 1.05), unknown: false, avoided: mounted }
        : { manager: 'apk', command: cmd, path: APK_CACHE, bytes: 0, low: 0, high: 0, unknown: true, avoided: mounted },
    );
    return;
  }
  if (sub !== 'add') return;
  // --no-network: apk resolves from what is installed (the official images' `apk add --no-network
  // --virtual .rundeps $runDeps` after a build), so it fetches no index and leaves none.
  const noCache = args.flags.has('no-cache') || args.flags.has('no-network');
  const group = args.values.get('t')?.[0] ?? args.values.get('virtual')?.[0];
  const names: string[] = [];
  const dynamic: string[] = [];
  for (const w of args.operands.slice(1)) {
    const v = ctx.expand(w.value);
    // Still a variable, a local .apk file or a world constraint with a path: not a name we can price.
    if (v.includes('$') || v.endsWith('.apk') || v.includes('/')) dynamic.push(w.value);
    else names.push(v.replace(/[=<>~].*$/, '').toLowerCase());
  }
  const db = apkDatabase();
  const release = db ? stageRelease(ctx, db) : undefined;
  // The live index (network look-ups on) only for a stage whose Alpine release is known: never another release's.
  const liveIndex = release && names.length && knownAlpineRelease(ctx) && !ctx.state.releaseGuess ? ctx.remote.apkIndex?.(release, ctx.state.platform) : undefined;
  const resolution = db && release && names.length ? db.resolve(names, release, ctx.state.installed, liveIndex) : undefined;
  if (resolution && resolution.packages.length) {
    const members = new Map<string, number>();
    let textBytes = 0;
    let fontBytes = 0;
    let bytes = 0;
    let low = 0;
    let high = 0;
    const age = db!.graphAge;
    let agedBytes = 0;
    for (const p of resolution.packages) {
      let [lo, hi] = SPREAD[p.from];
      // Dependencies from the 3.17 index on a newer release: the closure strays by the measured spread of such closures.
      if (p.olderGraph && age) {
        lo *= age.low;
        hi *= age.high;
        agedBytes += p.bytes;
      }
      bytes += p.bytes;
      if (TEXT_PACKAGE.test(p.name)) textBytes += p.bytes;
      else if (FONT_PACKAGE.test(p.name)) fontBytes += p.bytes;
      low += p.bytes * lo;
      high += p.bytes * hi;
      // Per requested name, with the dependencies it pulled in: what `apk del NAME` and the build-tool rules weigh.
      const key = p.root ?? p.name;
      members.set(key, (members.get(key) ?? 0) + p.bytes);
    }
    const exactRelease = resolution.packages.every((p) => (p.from === 'release' || p.from === 'live-index' || p.from === 'live-index-rounded') && !p.olderGraph);
    const complete = !resolution.unknown.length && !resolution.depsUnknown.length && !dynamic.length;
    const release = resolution.release;
    const live = resolution.packages.some((p) => p.from === 'live-index' || p.from === 'live-index-rounded');
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apk: ${names.filter((n) => !resolution.unknown.includes(n)).slice(0, 4).join(', ')}${names.length > 4 ? ', …' : ''}${group ? ` (--virtual ${group})` : ''} (${resolution.packages.length} packages)`,
      bytes,
      low: Math.round(low),
      high: Math.round(high),
      confidence: exactRelease && complete && ctx.state.family === 'alpine' && !ctx.state.releaseGuess ? 'medium' : 'low',
      source:
        apkSource(resolution.packages, release, live, ctx.state.family === 'alpine') +
        (ctx.state.releaseGuess ? `; ${ctx.state.releaseGuess}` : '') +
        (agedBytes && age
          ? `; dependencies of ${resolution.packages.filter((p) => p.olderGraph).map((p) => p.name).slice(0, 3).join(', ')}${resolution.packages.filter((p) => p.olderGraph).length > 3 ? ', …' : ''} are Alpine 3.17's on ${release}: range ×${age.low}–×${age.high} for them (closures observed on ${age.release} ÷ the 3.17 graph's, 10th–90th percentile of ${age.samples})`
          : ''),
      contentKind: 'binary',
      // Headers, docs, translations and Perl modules are text: they gzip about twice as well as libraries; fonts worse.
      compressedBytes: Math.round((bytes - textBytes - fontBytes) * compressionRatio('binary') + textBytes * compressionRatio('text') + fontBytes * FONT_GZIP_RATIO),
      members,
      group,
    });
    if (resolution.sameOrigin.length) sameOriginUpgrade(ctx, resolution.sameOrigin);
    for (const p of resolution.packages) ctx.state.installed.add(p.name);
    addApkDatabase(ctx, resolution.packages.length);
    if (resolution.packages.some((p) => p.name === 'ca-certificates')) caCertificatesTrigger(ctx, db!, resolution.release);
  }
  const unknown = [...dynamic, ...(resolution ? resolution.unknown : names)];
  if (unknown.length)
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apk: ${unknown.join(', ')}`,
      bytes: 0,
      confidence: 'unknown',
      source: dynamic.length && !resolution?.unknown.length ? 'package names not known before the build' : 'in no Alpine package data here (repo-info reports, the v3.17 main index)',
      unknown: true,
      group,
    });
  // A cache mount on /etc/apk/cache (apk's package cache, the Docker docs' idiom) holds the indexes too.
  const mounted = ctx.isCacheMounted(APK_CACHE) || ctx.isCacheMounted(APK_ETC_CACHE);
  if (!noCache && !mounted) addIndexCache(ctx, liveIndex, release);
  const indexBytes = liveIndex?.archiveBytes;
  ctx.facts.caches.push(
    indexBytes
      ? { manager: 'apk', command: cmd, path: APK_CACHE, bytes: indexBytes, low: Math.round(indexBytes * 0.95), high: Math.round(indexBytes * 1.05), unknown: false, avoided: noCache || mounted }
      : { manager: 'apk', command: cmd, path: APK_CACHE, bytes: 0, low: 0, high: 0, unknown: true, avoided: noCache || mounted },
  );
}

/** Packages made of text (C headers, docs, translations, Perl modules), priced with the text gzip ratio. */
const TEXT_PACKAGE = /-(dev|doc|lang|data)$|^linux-headers$|^perl(-|$)/;

/** Font packages (font-dejavu, ttf-*): TrueType data gzips worse than libraries. */
const FONT_PACKAGE = /^(font|ttf)-/;
/** gzip -6 of the DejaVu TrueType set (49 files, 16.8 MB → 8.99 MB) on the measuring machine, 2026-12-05. */
const FONT_GZIP_RATIO = 0.535;

/** Range factors per size source: a same-release report drifts a little with point releases; other releases and the other-arch index more. */
const SPREAD: Record<ApkSizeFrom, [number, number]> = {
  'live-index': [0.97, 1.03],
  // apk-tools 2's I: rounds every file up to 4 KiB: scaled by the measured file-byte share, as 'release'.
  'live-index-rounded': [0.9, 1.1],
  release: [0.9, 1.1],
  'nearest-release': [0.6, 1.6],
  'other-index': [0.5, 2],
};

function knownAlpineRelease(ctx: RunContext): boolean {
  // An image the data lacks is still 'alpine' on the release its tag names (sizeModel.ts, alpineReleaseOfName).
  return ctx.state.family === 'alpine' && /^(3\.\d+|edge)$/.test(ctx.state.suite ?? '');
}

/** The stage's Alpine release ('3.24'); the newest with data when the base is not a known Alpine. */
function stageRelease(ctx: RunContext, db: ApkDatabase): string {
  const suite = knownAlpineRelease(ctx) ? ctx.state.suite : undefined;
  if (suite && /^(3\.\d+|edge)$/.test(suite)) return suite;
  return db.releases[db.releases.length - 1] ?? 'edge';
}

function apkSource(packages: ApkPackage[], release: string, live: boolean, alpineBase: boolean): string {
  const count = (from: ApkSizeFrom) => packages.filter((p) => p.from === from).length;
  const bits: string[] = [];
  if (live) bits.push(`${count('live-index') + count('live-index-rounded')} from the live APKINDEX of Alpine ${release}${count('live-index-rounded') ? ' (apk-tools 2 sizes, every file rounded up to 4 KiB: scaled to file bytes by the measured share)' : ''}`);
  if (count('release')) bits.push(`${count('release')} sized from Alpine ${release} images (repo-info reports)`);
  const nearest = [...new Set(packages.filter((p) => p.from === 'nearest-release').map((p) => p.release))];
  if (nearest.length) bits.push(`${count('nearest-release')} from Alpine ${nearest.join('/')} reports (no ${release} report has them)`);
  if (count('other-index')) bits.push(`${count('other-index')} from the Alpine 3.17 aarch64 index scaled to amd64`);
  const base = alpineBase ? '' : '; the base is not a known Alpine release';
  const observed = [...new Set(packages.filter((p) => p.depsFrom === 'observed').map((p) => p.depsRelease))];
  const graph = live
    ? `that index (main + community), against the base image's packages closed over it`
    : observed.length
      ? `the Alpine ${observed.join('/')} dependencies observed in real images (Trivy package reports) where they have the package, else the Alpine 3.17 main index`
      : 'the Alpine 3.17 main index';
  return `installed sizes: ${bits.join(', ')}; dependencies from ${graph}${base}`;
}

/**
 * apk keeps the packages of one origin at one version: adding openssl moves the base's libcrypto3 and
 * libssl3 to the repository's version, and they land whole in the layer, when the base image is older than
 * the repository (an official image's php layer: 3.49 MB where the new packages alone are 1.7 MB). Whether
 * it is depends on the day of the build, so the range runs from none to all, and the estimate counts half.
 */
function sameOriginUpgrade(ctx: RunContext, upgrades: ApkResolution['sameOrigin']): void {
  const full = upgrades.reduce((n, p) => n + p.bytes, 0);
  const names = upgrades.map((p) => p.name);
  const withs = [...new Set(upgrades.map((p) => p.with))];
  ctx.create({
    path: '/usr/lib',
    kind: 'packages',
    label: `may upgrade base ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''} (same origin as ${withs.slice(0, 2).join(', ')})`,
    bytes: Math.round(full / 2),
    low: 0,
    high: full,
    confidence: 'low',
    source: `apk moves installed packages of the same origin to the repository's version; they are rewritten whole when the base is older than the repository (not known before the build: half of ${full} B counted, range 0–${full} B)`,
    contentKind: 'binary',
  });
}

/**
 * apk rewrites /lib/apk/db/installed (every package's file list) on each add: the whole file lands in the
 * layer again. About 600 B per package record plus the file lines; the base's database is ≈ 20 kB.
 */
function addApkDatabase(ctx: RunContext, added: number): void {
  const existing = ctx.entries.find((e) => e.path === APK_DB);
  if (existing) return;
  const bytes = 20_000 + 1_500 * (ctx.state.installed.size + added);
  ctx.create({ path: APK_DB, kind: 'packages', label: 'apk database (/lib/apk/db)', bytes, low: Math.round(bytes / 2), high: bytes * 2, confidence: 'low', source: 'apk rewrites its installed-package database on every add', contentKind: 'text' });
}

/**
 * ca-certificates' trigger (update-ca-certificates) writes the whole PEM bundle again
 * (/etc/ssl/certs/ca-certificates.crt, the size of ca-certificates-bundle, which the base already has)
 * and a symlink per certificate in /etc/ssl/certs: the layer holds both beside the package's own files.
 */
function caCertificatesTrigger(ctx: RunContext, db: ApkDatabase, release: string): void {
  const bundle = db.size('ca-certificates-bundle', release);
  if (!bundle) return;
  ctx.create({
    path: '/etc/ssl/certs/ca-certificates.crt',
    kind: 'packages',
    label: 'ca-certificates trigger: /etc/ssl/certs/ca-certificates.crt rewritten, a symlink per certificate',
    bytes: bundle.bytes,
    low: Math.round(bundle.bytes * 0.8),
    high: Math.round(bundle.bytes * 1.3),
    compressedBytes: Math.round(bundle.bytes * PEM_GZIP_RATIO),
    confidence: 'medium',
    source: `update-ca-certificates rewrites the bundle (ca-certificates-bundle: ${bundle.bytes} B, Alpine ${bundle.release ?? release} report); PEM gzips to ${PEM_GZIP_RATIO} (measured on a Mozilla CA bundle, 225 kB → 131 kB, gzip -6, 2026-12-05)`,
    file: true,
  });
  for (let i = 0; i < CERT_LINKS; i++) ctx.tarOthers.add(`/etc/ssl/certs/cert-${i}.pem`);
}

/** gzip -6 of /etc/ssl/certs/ca-certificates.crt (Mozilla set, 225079 B → 130792 B) on the measuring machine, 2026-12-05. */
const PEM_GZIP_RATIO = 0.58;
/** Certificates in Mozilla's set (≈ 145): one symlink each in /etc/ssl/certs. */
const CERT_LINKS = 145;

/**
 * /var/cache/apk after an index update: one APKINDEX.<hash>.tar.gz per repository, as downloaded. With the live
 * index of the stage's release (network look-ups on) their bytes are known (the mirror's files of that day);
 * offline no real size of a 3.x main + community index is at hand: unknown.
 */
function addIndexCache(ctx: RunContext, live?: { archiveBytes?: number }, release?: string): void {
  if (ctx.entries.some((e) => e.path === APK_CACHE)) return;
  const bytes = live?.archiveBytes;
  if (bytes)
    ctx.create({
      path: APK_CACHE,
      kind: 'package-cache',
      label: 'apk index cache (/var/cache/apk)',
      bytes,
      // The index is rebuilt as packages move: a build on another day holds a slightly different one.
      low: Math.round(bytes * 0.95),
      high: Math.round(bytes * 1.05),
      // Already gzip: stored as is in the layer's gzip.
      compressedBytes: bytes,
      confidence: 'medium',
      source: `the APKINDEX.tar.gz files (main + community) of Alpine ${release} as read from the mirror today: ${bytes} B`,
      contentKind: 'archive',
    });
  else ctx.create({ path: APK_CACHE, kind: 'package-cache', label: 'apk index cache (/var/cache/apk)', bytes: 0, confidence: 'unknown', source: 'APKINDEX size depends on the repositories (known with network look-ups on)', unknown: true });
}
