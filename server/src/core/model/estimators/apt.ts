/**
 * apt-get / apt: install (closure from Debian's real index, minus what the stage has), update
 * (lists kept in the layer), remove/purge/autoremove, clean/dist-clean, and apt config that turns
 * recommends off. Sizes: Installed-Size × the measured share dpkg keeps on -slim bases, plus the
 * byte-code Python packages compile in postinst.
 */
import { part } from '../estimate';
import { compressionRatio } from '../../data/compression';
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { aptBareName, type AptArch, type AptResolvedPackage, type AptSuite } from '../../data/aptDb';
import { compareDebVersions } from '../../data/debVersion';
import { basePackageList } from '../../data/baseImages';
import { aptArchFor, aptBaseSources, aptCalibration, aptDatabase, aptMeasurements, aptSuiteFor, debianStandInFor, nearestListedUbuntu, ubuntuCodename, ubuntuStandIn } from '../dataAccess';
import { scalePart, type LayerEntry, type RunContext } from './runContext';
import type { FsEntry } from '../types';

const APT_VALUE_FLAGS = new Set(['o', 'c', 't', 'target-release', 'option', 'config-file']);
const LISTS = '/var/lib/apt/lists';

export function isApt(cmd: ShellCommand): boolean {
  return cmd.name === 'apt-get' || cmd.name === 'apt' || cmd.name === 'aptitude';
}

/** The apt subcommand and its parsed arguments: read once per command (the model and a dozen rules ask). Shared: do not change it. */
export function aptSubcommand(cmd: ShellCommand): { sub: string; args: ReturnType<typeof parseArgs> } {
  const memo = APT_ARGS.get(cmd);
  if (memo && memo.argv === cmd.argv && memo.length === cmd.argv.length) return memo.parsed;
  const args = parseArgs(cmd.argv, APT_VALUE_FLAGS);
  const parsed = { sub: args.operands[0]?.value ?? '', args };
  APT_ARGS.set(cmd, { argv: cmd.argv, length: cmd.argv.length, parsed });
  return parsed;
}

const APT_ARGS = new WeakMap<ShellCommand, { argv: ShellCommand['argv']; length: number; parsed: { sub: string; args: ReturnType<typeof parseArgs> } }>();

/** `-o APT::Install-Recommends=false` / `=0`, `--no-install-recommends`. */
export function recommendsDisabledByFlags(args: ReturnType<typeof parseArgs>): boolean {
  if (args.flags.has('no-install-recommends')) return true;
  const opts = [...(args.values.get('o') ?? []), ...(args.values.get('option') ?? [])];
  return opts.some((o) => /^APT::Install-Recommends\s*=\s*("?)(false|0|no|off)\1$/i.test(o.trim()));
}

/** `echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/x` in an earlier layer. */
export function writesNoRecommendsConfig(cmd: ShellCommand): boolean {
  const toAptConf = cmd.redirects.some((r) => r.target && /^\/etc\/apt\/apt\.conf(\.d\/|$)/.test(r.target.value));
  // Asked of every command that is not apt's: the words are joined only for a write to apt's config.
  if (!toAptConf) return false;
  const text = cmd.argv.map((w) => w.value).join(' ');
  return /APT::Install-Recommends\s*"?(0|false)"?/i.test(text);
}

const APT_STATE = "apt's lock and state files";

export function estimateApt(cmd: ShellCommand, ctx: RunContext): void {
  const { sub, args } = aptSubcommand(cmd);
  switch (sub) {
    case 'update':
      aptUpdate(ctx);
      // What stays after the lists are removed: lists/partial, archives/partial, lock files and apt's state
      // files (extended_states when an install marks packages): tar entries, a few kB at most.
      for (const d of ['/var/lib/apt/lists/partial', '/var/cache/apt/archives/partial']) ctx.tarDirs.add(d);
      if (!ctx.extraParts.some((p) => p.label === APT_STATE))
        ctx.extraParts.push(part({ label: APT_STATE, bytes: 0, low: 0, high: 8192, confidence: 'low', source: 'apt-get update and install leave lock files and may rewrite /var/lib/apt/extended_states; their size varies', kind: 'text' }));
      return;
    case 'install':
    case 'reinstall':
      aptInstall(cmd, ctx, args);
      return;
    case 'remove':
    case 'purge':
    case 'autoremove':
    case 'autopurge':
      aptRemove(cmd, ctx, args);
      return;
    case 'clean':
    case 'autoclean':
      // docker-clean already keeps no .debs in official Debian/Ubuntu images.
      return;
    case 'dist-clean':
      ctx.remove(LISTS + '/*', cmd);
      return;
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
      // `apt-get upgrade pkg`: only the named ones (an install that never installs new names).
      if (args.operands.length > 1) {
        aptInstall(cmd, ctx, args);
        return;
      }
      if (aptUpgradeAll(ctx, sub)) return;
      ctx.create({
        path: '/usr',
        kind: 'packages',
        label: `apt ${sub}: updated packages`,
        bytes: 0,
        confidence: 'unknown',
        source: 'depends on how stale the base image is',
        unknown: true,
      });
      return;
  }
}

function aptUpdate(ctx: RunContext): void {
  if (ctx.isMounted(LISTS)) return;
  const measured = aptMeasurements();
  const suite = aptSuiteFor(ctx.state.family, ctx.state.suite);
  const bytes = suite && measured ? measured.listsBytes[suite.suite] : undefined;
  // Already downloaded by an earlier RUN and still there: update refreshes the same files.
  if (ctx.entries.some((e) => e.kind === 'apt-lists')) return;
  if (bytes === undefined) {
    ctx.create({ path: LISTS, kind: 'apt-lists', label: 'apt lists (/var/lib/apt/lists)', bytes: 0, confidence: 'unknown', source: 'no measurement for this distribution', unknown: true });
    return;
  }
  // Ubuntu's lists were measured against archive.ubuntu.com (amd64); other arches fetch ports.ubuntu.com's.
  const arch = aptArchFor(ctx.state.platform, suite?.suite);
  const proxy = [suite?.proxy, ctx.state.family === 'ubuntu' && arch?.proxy ? `${ctx.state.platform}: lists measured for amd64 (ports.ubuntu.com not reachable here)` : undefined, ctx.state.releaseGuess].filter(Boolean).join('; ');
  ctx.create({
    path: LISTS,
    kind: 'apt-lists',
    label: 'apt lists (/var/lib/apt/lists)',
    bytes,
    // Another release's lists when the release is a guess (buster's are not trixie's).
    confidence: suite?.proxy || ctx.state.releaseGuess ? 'low' : proxy ? 'medium' : 'high',
    source: `${measured?.source ?? 'measured'}${proxy ? `; ${proxy}` : ''}`,
    contentKind: 'apt-lists',
  });
}

/** Strips `=version`, `/suite`, `:arch` and skips variables, flags and local .deb paths. */
export function aptPackageNames(operands: { value: string; hasExpansion?: boolean }[]): { names: string[]; dynamic: string[] } {
  const names: string[] = [];
  const dynamic: string[] = [];
  for (const w of operands) {
    const v = w.value;
    // `nodejs=$NODE_VERSION`, `jq/${SUITE}`: the variable is only the version or suite; the name is known.
    const pinned = /^([a-z0-9][a-z0-9+.-]+)(:[a-z0-9]+)?[=/]/.exec(v);
    if ((w.hasExpansion || v.includes('$')) && !(pinned && !pinned[1]!.includes('$'))) {
      dynamic.push(v);
      continue;
    }
    if (v.endsWith('.deb') || v.startsWith('/') || v.startsWith('./')) {
      dynamic.push(v);
      continue;
    }
    const name = v.replace(/[=/].*$/, '').replace(/:[a-z0-9]+$/, '').toLowerCase();
    if (name) names.push(name);
  }
  return { names, dynamic };
}

/** The packages of a resolved install that only a Recommends brought in (directly, or as a dependency of one). */
function recommendedOnly(packages: AptResolvedPackage[]): AptResolvedPackage[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const memo = new Map<string, boolean>();
  const viaRecommends = (p: AptResolvedPackage, depth = 0): boolean => {
    if (p.via === 'recommends') return true;
    if (p.via === 'requested' || !p.requiredBy || depth > 64) return false;
    const known = memo.get(p.name);
    if (known !== undefined) return known;
    const parent = byName.get(p.requiredBy);
    const r = !!parent && viaRecommends(parent, depth + 1);
    memo.set(p.name, r);
    return r;
  };
  return packages.filter((p) => viaRecommends(p));
}

function aptInstall(cmd: ShellCommand, ctx: RunContext, args: ReturnType<typeof parseArgs>): void {
  const { names, dynamic } = aptPackageNames(args.operands.slice(1));
  const installRecommends = !(recommendsDisabledByFlags(args) || ctx.state.aptRecommendsOff);
  let suite = aptSuiteFor(ctx.state.family, ctx.state.suite);
  let arch = aptArchFor(ctx.state.platform, suite?.suite);
  const db = aptDatabase();
  if (!names.length && !dynamic.length) return;
  if (!suite || !arch || !db) {
    const why = !db ? 'package data not available' : !suite ? `base is not Debian/Ubuntu (${ctx.state.family})` : `no package data for ${ctx.state.platform}`;
    ctx.create({ path: '/usr', kind: 'packages', label: `apt: ${names.join(' ')}`, bytes: 0, confidence: 'unknown', source: why, unknown: true });
    ctx.facts.apt.push({ command: cmd, packages: names, installRecommends, recommendsBytes: 0, bytes: 0, unknownPackages: names });
    return;
  }
  // Base upgrades compare the base's recorded versions with its own archive: an Ubuntu stage is checked against
  // its release's index even when the Debian stand-in prices the install, and not at all on another release's index.
  const upgradeOn = ctx.state.family !== 'ubuntu' ? undefined : suite.proxy || suite.debianStandIn ? null : { suite: suite.suite, arch: arch.arch };
  let ubuntu = ctx.state.family === 'ubuntu' ? ubuntuInstallBasis(ctx, suite, arch) : undefined;
  let res = db.resolve({ suite: suite.suite, arch: arch.arch, packages: names, installRecommends, installed: ubuntu?.installed ?? ctx.state.installed });
  // Packages outside the components the Ubuntu index ships (universe of the older releases, left out for
  // size): the Debian stand-in prices the whole install, stated, when it knows more of the names.
  const cut = ctx.state.family === 'ubuntu' && !suite.debianStandIn && (res.unknown.length || ctx.state.aptStandIn) ? db.ubuntuComponentsLeftOut(suite.suite) : [];
  if (cut.length) {
    const standIn = debianStandInFor(ctx.state.suite);
    const standInArch = aptArchFor(ctx.state.platform);
    const basis = standInArch && ubuntuInstallBasis(ctx, standIn, standInArch);
    const alt = standInArch && db.resolve({ suite: standIn.suite, arch: standInArch.arch, packages: names, installRecommends, installed: basis?.installed ?? ctx.state.installed });
    const stays = !!ctx.state.aptStandIn && alt !== undefined && alt.unknown.length <= res.unknown.length;
    if (alt && standInArch && (alt.unknown.length < res.unknown.length || stays)) {
      const missing = res.unknown.slice(0, 3).join(', ') + (res.unknown.length > 3 ? ', …' : '');
      const why = res.unknown.length
        ? `${missing}: not in the shipped Ubuntu ${suite.suite} index (${cut.join(' and ')} left out for size)`
        : `an earlier install of this stage took the stand-in, so this one does too (one index's package names)`;
      suite = { ...standIn, proxy: `${why}; ${standIn.proxy}` };
      ctx.state.aptStandIn = true;
      arch = standInArch;
      ubuntu = basis;
      res = alt;
    }
  }
  const up = upgradeOn === undefined ? { suite: suite.suite, arch: arch.arch } : upgradeOn;
  const upgrades = up ? baseUpgrades(ctx, up.suite, up.arch, res.packages.map((p) => p.name), names, upgradesBySource(args)) : [];
  const measured = aptMeasurements();
  const keptShare = genericKeptShare(ctx);
  const cal = aptCalibration();
  let usesDebconf = false;
  let pycBytes = 0;
  const members = new Map<string, number>();
  for (const p of res.packages) {
    const own = packageBytes(ctx, p.name, p.bytes);
    if (cal && !usesDebconf) {
      const info = db.info(suite.suite, arch.arch, p.name);
      usesDebconf = !!info && [...info.depends, ...info.preDepends].some((g) => g.includes('debconf'));
    }
    const pyc = measured ? pythonBytecodeBytes(p.name, p.bytes, measured) : 0;
    pycBytes += pyc;
    members.set(p.name, Math.round((own + pyc) * (ubuntu?.factor ?? 1)));
    ctx.state.installed.add(p.name);
  }
  // dpkg's status (+ status-old) and debconf's caches are rewritten whole by the install: in this layer.
  const dbBytes = cal && res.packages.length ? cal.dpkgStatusBytes + (usesDebconf ? cal.debconfCacheBytes : 0) : 0;
  const bytes = [...members.values()].reduce((a, b) => a + b, 0) + dbBytes;
  const recommendsBytes = Math.round(res.recommendsBytes * keptShare * (ubuntu?.factor ?? 1));
  // Ubuntu's own index is real, but unlike Debian's no real Ubuntu build has checked what the model makes of
  // it (certificates written by postinst, dpkg files, compression): low until such a check exists.
  const uncalibrated = ctx.state.family === 'ubuntu' && !ubuntu?.note ? 'Ubuntu index not yet checked against real Ubuntu builds' : undefined;
  const proxies = [suite.proxy, ubuntu?.note, arch.proxy, ctx.state.releaseGuess].filter(Boolean);
  const confidence = proxies.length || uncalibrated || dynamic.length || res.unknown.length ? 'low' : 'medium';
  const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
  const source = [
    db.sourceOf(suite.suite),
    ubuntu?.basis,
    keptShare < 1 ? `× ${(keptShare * 100).toFixed(0)}% kept by dpkg path-exclude on this slim base` : '',
    cal ? '+ dpkg/debconf database, per-package slim shares (calibration.json)' : '',
    pycBytes ? `+ ${Math.round(pycBytes / 1e6)} MB Python byte-code compiled in postinst` : '',
    ...proxies,
    uncalibrated,
  ]
    .filter(Boolean)
    .join('; ');
  if (res.packages.length) {
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apt: ${shown} (${res.packages.length} packages${installRecommends && res.recommendsBytes ? ', with recommends' : ''})`,
      bytes,
      confidence,
      source,
      contentKind: 'binary',
      compressedBytes: aptCompressedBytes(members, dbBytes),
      members,
      // A stand-in's measured spread (Debian for Ubuntu, amd64 for another arch), not the generic low-confidence one.
      ...(ubuntu?.low !== undefined && ubuntu.high !== undefined ? { low: Math.round((bytes * ubuntu.low) / ubuntu.factor), high: Math.round((bytes * ubuntu.high) / ubuntu.factor) } : {}),
      manual: new Set(names),
      recommends: installRecommends,
    });
  }
  // Nothing to install by the installed set a stand-in gave (bookworm's OS list for bullseye, a guessed release): that
  // set may be wrong, so the layer is not exactly empty; at most the named packages' own Installed-Size.
  const alreadyThere = names.filter((n) => !res.unknown.includes(n));
  if (!res.packages.length && alreadyThere.length && proxies.length) {
    const own = alreadyThere.reduce((a, n) => a + (db.info(suite!.suite, arch!.arch, aptBareName(n))?.installedBytes ?? 0), 0);
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apt: ${shown} (installed already, by the stand-in's package list)`,
      bytes: 0,
      low: 0,
      high: Math.round(own * keptShare),
      confidence: 'low',
      source: `${source}; the base's installed packages come from a stand-in, so ${alreadyThere.length > 1 ? 'these may be' : 'this may be'} missing: up to ${alreadyThere.length > 1 ? 'their' : 'its'} own Installed-Size`,
    });
  }
  if (res.packages.length && !usesDebconf && cal?.debconfRewriteBytes) {
    // dpkg-preconfigure opens debconf's templates.dat and config.dat for writing on every install
    // without changing them: BuildKit's differ drops such copy-ups, the classic builder and podman
    // on overlay storage ship them (measured: scripts/measure-apt-debconf.mjs). The builder is not
    // known before the build: the range covers both.
    ctx.create({
      path: '/var/cache/debconf/templates.dat',
      kind: 'other',
      label: 'debconf caches copied up (classic builder, podman)',
      bytes: 0,
      low: 0,
      high: cal.debconfRewriteBytes,
      confidence: 'medium',
      source: `templates.dat + config.dat ${Math.round(cal.debconfRewriteBytes / 1000)} kB in overlay-storage layers of the classic builder and podman, none with BuildKit (calibration.json)`,
    });
  }
  if (upgrades.length) {
    const upMembers = new Map(upgrades.map((u) => [u.name, packageBytes(ctx, u.name, db.info(up!.suite, up!.arch, u.name)?.installedBytes ?? 0)]));
    const triggers = [...new Set(upgrades.filter((u) => u.trigger !== u.name).map((u) => u.trigger))];
    const why = triggers.length ? `same source as ${triggers.slice(0, 2).join(', ')}${triggers.length > 2 ? ', …' : ''}` : 'older than the archive';
    createUpgradeEntry(ctx, upgrades, upMembers, why);
  }
  for (const u of [...res.unknown, ...dynamic]) {
    ctx.create({ path: '/usr', kind: 'packages', label: `apt: ${u}`, bytes: 0, confidence: 'unknown', source: `not in the ${suite.suite} ${arch.arch} index`, unknown: true });
  }
  ctx.facts.apt.push({
    command: cmd,
    packages: names,
    installRecommends,
    recommendsBytes,
    recommended: recommendedOnly(res.packages).map((p) => ({ name: p.name, bytes: Math.round(p.bytes * keptShare), requiredBy: p.requiredBy })),
    bytes,
    unknownPackages: [...res.unknown, ...dynamic],
    suite: suite.suite,
    proxy: proxies.join('; ') || undefined,
    dependsWithin: dependsWithinInstall(db, suite.suite, arch.arch, res.packages, installRecommends),
  });
}

/** The dependency edges among one install's packages, computed once when a rule first asks. */
function dependsWithinInstall(
  db: NonNullable<ReturnType<typeof aptDatabase>>,
  suite: AptSuite,
  arch: AptArch,
  packages: AptResolvedPackage[],
  installRecommends: boolean,
): () => Map<string, string[]> {
  let edges: Map<string, string[]> | undefined;
  return () => {
    if (edges) return edges;
    const infos = packages.map((p) => db.info(suite, arch, p.name));
    const providers = new Map<string, string[]>();
    for (const info of infos) {
      if (!info) continue;
      for (const v of [info.name, ...info.provides]) providers.set(v, [...(providers.get(v) ?? []), info.name]);
    }
    edges = new Map();
    for (const info of infos) {
      if (!info) continue;
      const groups = [...info.preDepends, ...info.depends, ...(installRecommends ? info.recommends : [])];
      edges.set(info.name, [...new Set(groups.flatMap((g) => g.flatMap((alt) => providers.get(alt.replace(/:any$/, '')) ?? [])))]);
    }
    return edges;
  };
}

/** `-dev` packages: C headers, static libraries, pkg-config files (libc6-dev, linux-libc-dev, libssl-dev). */
export const isDevPackage = (name: string) => name.endsWith('-dev');

/**
 * Pulled (gzip) bytes of an install's files: `-dev` packages' headers and static libraries compress to about
 * two thirds of what ELF binaries do (compression.json `dev-packages`, measured on Debian's .debs), the rest
 * and dpkg's database at the binary ratio.
 */
export function aptCompressedBytes(members: Map<string, number>, otherBytes = 0): number {
  const bin = compressionRatio('binary');
  const dev = compressionRatio('dev-packages');
  let out = otherBytes * bin;
  for (const [name, bytes] of members) out += bytes * (isDevPackage(name) ? dev : bin);
  return Math.round(out);
}

/** Debian names with the soname/version digits and the t64 suffix taken out: libssl1.1 ~ libssl3, gcc-10-base ~ gcc-12-base. */
const libraryStem = (name: string) => name.replace(/t64$/, '').replace(/\d+(\.\d+)*/g, '#');

/**
 * What an install on an Ubuntu base resolves against: the base's own installed packages (the stage's, or
 * the repo-info list of the release, or of the nearest listed release when the data has none). With Ubuntu's
 * own index that is all; sizes are scaled only when another arch reads the amd64 index. With the Debian
 * stand-in, the stand-in suite's base packages that are the same library under another soname (libffi7 on
 * focal stands for bookworm's libffi8) count as installed too, and the measured stand-in correction applies.
 * `note` is set only when something stands in (it lowers the confidence).
 */
function ubuntuInstallBasis(
  ctx: RunContext,
  suite: { suite: AptSuite; debianStandIn?: boolean },
  arch: { factor?: number; low?: number; high?: number },
): { installed: Set<string>; factor: number; low?: number; high?: number; note?: string; basis?: string } | undefined {
  const u = ubuntuStandIn();
  if (!u) return undefined;
  const codename = ubuntuCodename(ctx.state.suite);
  const installed = new Set(ctx.state.installed);
  let listNote: string | undefined;
  // An image built on Ubuntu whose own package list the data lacks: the release's base list.
  if (!installed.has('dpkg')) {
    const own = u.packageLists[codename] ? codename : undefined;
    const near = own ?? nearestListedUbuntu(codename);
    for (const p of (near ? basePackageList(u.packageLists[near]!) : undefined) ?? []) installed.add(p);
    if (!own) listNote = near ? `resolved against ubuntu ${near}'s installed packages standing in for ${codename || 'this release'}'s (not in the data)` : 'no Ubuntu package list';
  }
  if (!suite.debianStandIn) {
    const basis = listNote ? undefined : `resolved against ${codename || 'this Ubuntu release'}'s installed packages`;
    return { installed, factor: arch.factor ?? 1, ...(arch.low !== undefined ? { low: arch.low, high: arch.high } : {}), ...(listNote ? { note: listNote } : { basis }) };
  }
  const stems = new Set([...installed].map(libraryStem));
  for (const p of basePackageList(`debian:${suite.suite}-slim`) ?? []) if (stems.has(libraryStem(p))) installed.add(p);
  const c = u.correction;
  return {
    installed,
    factor: c.factor,
    low: c.low,
    high: c.high,
    note: `${listNote ?? `resolved against ${codename || 'this Ubuntu release'}'s installed packages`}; × ${c.factor} measured stand-in correction (${c.source})`,
  };
}

/** Share of Installed-Size dpkg writes: -slim/minimized bases skip docs, man pages and locales at unpack time. */
function genericKeptShare(ctx: RunContext): number {
  const measured = aptMeasurements();
  const excluded = ctx.state.family === 'ubuntu' ? measured?.ubuntuMinimizedExcludedShare : measured?.slimExcludedShare;
  return ctx.state.slimDpkg && excluded !== undefined ? 1 - excluded : 1;
}

/** What one installed (or upgraded) package puts in the layer, without its byte-code. */
function packageBytes(ctx: RunContext, name: string, installedBytes: number): number {
  const keptShare = genericKeptShare(ctx);
  const cal = aptCalibration();
  // Per-package shares were measured with Debian's slim rules; Ubuntu's minimized rules drop the same
  // man pages, docs and .mo catalogues but keep other locale files, and the Ubuntu correction absorbs the rest.
  const kept = ctx.state.slimDpkg && (ctx.state.family === 'debian' || ctx.state.family === 'ubuntu') ? (cal?.slimKeptShareByPackage[name] ?? keptShare) : keptShare;
  return cal ? Math.round(installedBytes * kept * cal.installedSizeFactor + cal.perPackageBytes) : Math.round(installedBytes * keptShare);
}

/**
 * Byte-code py3compile writes in postinst, which Installed-Size does not count: measured .py bytes
 * for the packages the measurement covered, else the measured .py share of a python3-* package.
 */
function pythonBytecodeBytes(name: string, installedBytes: number, measured: NonNullable<ReturnType<typeof aptMeasurements>>): number {
  const { pyc } = measured;
  const known = pyc.pyBytesByPackage[name];
  if (known !== undefined) return Math.round(known * pyc.pycPerPyByte);
  // Another Python version's interpreter or stdlib (trixie's libpython3.13-stdlib): the measured
  // version's .py share of its size and .pyc/.py ratio (the stdlib's make-up changes little).
  const shape = (n: string) => n.replace(/^(lib)?python3\.\d+/, '$1python3.X');
  if (/^(lib)?python3\.\d+(-|$)/.test(name)) {
    const sibling = Object.keys(pyc.pyShareByPackage).find((k) => shape(k) === shape(name));
    if (sibling) return Math.round(installedBytes * (pyc.pyShareByPackage[sibling] ?? 0) * (pyc.pycPerPyByPackage[sibling] || pyc.pycPerPyByte));
    return 0;
  }
  if (!/^python3-/.test(name)) return 0;
  return Math.round(installedBytes * pyc.pyShareOfInstalled * pyc.pycPerPyByte);
}

/** `-o APT::AutoRemove::RecommendsImportant=false`: autoremove no longer keeps what manual packages recommend. */
function recommendsImportant(args: ReturnType<typeof parseArgs>): boolean {
  const opts = [...(args.values.get('o') ?? []), ...(args.values.get('option') ?? [])];
  return !opts.some((o) => /^APT::AutoRemove::RecommendsImportant\s*=\s*("?)(false|0|no|off)\1$/i.test(o.trim()));
}

type PackageEntry = { members?: Map<string, number>; manual?: Set<string>; recommends?: boolean };

/**
 * What autoremove keeps: the closure of the manual packages (their Depends, and Recommends unless
 * RecommendsImportant is off), resolved on top of `base`. undefined when the index is not there.
 */
function neededBy(ctx: RunContext, manual: Iterable<string>, base: Iterable<string>, keepRecommends: boolean): Set<string> | undefined {
  const suite = aptSuiteFor(ctx.state.family, ctx.state.suite);
  const arch = aptArchFor(ctx.state.platform, suite?.suite);
  const db = aptDatabase();
  if (!suite || !arch || !db) return undefined;
  const names = [...manual];
  const res = db.resolve({ suite: suite.suite, arch: arch.arch, packages: names, installRecommends: keepRecommends, installed: base });
  return new Set([...names, ...res.packages.map((p) => p.name)]);
}

/**
 * remove / purge / autoremove. Same RUN: the named packages, and with --auto-remove (or autoremove)
 * every auto-installed package no manual one still needs, e.g. the official images'
 * `apt-mark auto '.*'; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove`, which keeps
 * only what is marked manual again (and, with the `ldd | xargs apt-mark manual` idiom, the libraries
 * the built files need: a range). Earlier layers' packages: their files stay (a touch of the whole
 * auto-installed closure), and this layer gets dpkg's rewritten database and a whiteout per file.
 */
function aptRemove(cmd: ShellCommand, ctx: RunContext, args: ReturnType<typeof parseArgs>): void {
  const { names } = aptPackageNames(args.operands.slice(1));
  const named = new Set(names);
  const autoRemove = args.flags.has('auto-remove') || args.flags.has('autoremove') || /^auto/.test(args.operands[0]?.value ?? '');
  const keepRecommends = recommendsImportant(args);
  const own = ctx.entries.filter((e) => e.kind === 'packages' && e.members) as (LayerEntry & PackageEntry)[];
  const earlier = ctx.state.fs.filter((e) => e.kind === 'packages' && (e as PackageEntry).members) as (FsEntry & PackageEntry)[];

  // Manual packages after this command: what installs asked for (or, after `apt-mark auto '.*'`, only
  // what was marked manual again), minus what is removed now.
  const manual = new Set<string>();
  const marks = ctx.aptMarks;
  for (const e of earlier) for (const n of e.manual ?? []) manual.add(n);
  if (!marks.allAuto) for (const e of own) for (const n of e.manual ?? []) manual.add(n);
  for (const n of marks.manual) manual.add(n);
  for (const n of named) manual.delete(n);

  const inEntries = (list: PackageEntry[]) => new Set(list.flatMap((e) => [...(e.members?.keys() ?? [])]));
  const ownMembers = inEntries(own);
  const earlierMembers = inEntries(earlier);
  // The base's packages (never in an entry): autoremove leaves them, they satisfy dependencies.
  const base = [...ctx.state.installed].filter((n) => !ownMembers.has(n) && !earlierMembers.has(n));
  let keep: Set<string> | undefined;
  if (autoRemove) keep = neededBy(ctx, [...manual].filter((n) => ownMembers.has(n) || earlierMembers.has(n)), base, keepRecommends);
  const removes = (pkg: string) => named.has(pkg) || (autoRemove && keep !== undefined && !keep.has(pkg));

  // `… | xargs -r apt-mark manual` after ldd: some runtime libraries of this RUN's installs stay.
  const lddMaybe = new Map<string, number>();
  for (const e of own) {
    const before = e.bytes;
    let cycled = 0;
    for (const [pkg, bytes] of [...e.members!]) {
      if (!removes(pkg)) continue;
      if (autoRemove && marks.lddKeep && isRuntimeLibrary(pkg)) lddMaybe.set(pkg, bytes);
      e.members!.delete(pkg);
      e.bytes -= bytes;
      ctx.state.installed.delete(pkg);
      cycled++;
    }
    if (e.bytes !== before) scalePart(e.part, before > 0 ? Math.max(0, e.bytes) / before : 0);
    if (e.members!.size === 0) {
      ctx.dropOwn(e);
      // What is left is what dpkg and apt wrote while installing and removing: it stays in the layer.
      if (e.bytes > 0) {
        const left = installAndPurgeResidue(ctx.state.installed.size, cycled, aptCalibration()?.debconfRewriteBytes ?? 0);
        ctx.create({ path: '/var/lib/dpkg/status', kind: 'other', label: `dpkg database and logs after installing and purging ${cycled} packages in this RUN`, bytes: left.bytes, low: Math.round(left.bytes * 0.5), high: Math.round(left.bytes * 1.5), compressedBytes: left.compressedBytes, confidence: 'low', source: left.source, contentKind: 'text' });
      }
    }
  }
  if (lddMaybe.size) {
    const high = [...lddMaybe.values()].reduce((a, b) => a + b, 0);
    const shown = [...lddMaybe.keys()].slice(0, 3).join(', ') + (lddMaybe.size > 3 ? ', …' : '');
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apt: runtime libraries \`ldd … | xargs apt-mark manual\` may keep (${shown})`,
      bytes: Math.round(high / 2),
      low: 0,
      high,
      confidence: 'low',
      source: 'which libraries the built files link to is known only after the build: between none and all the libraries the build dependencies pulled in',
      contentKind: 'binary',
    });
  }

  // Packages from earlier layers: their files stay in those layers; this layer records the removal.
  let removedEarlier = 0;
  let debconf = false;
  const suite = aptSuiteFor(ctx.state.family, ctx.state.suite);
  const arch = aptArchFor(ctx.state.platform, suite?.suite);
  const db = aptDatabase();
  // An earlier install whose manual packages all stay manual keeps its whole closure through autoremove: its members
  // were resolved as what those packages need (or recommend, when autoremove still keeps recommends). Re-resolving
  // them here can disagree with the install's own resolution (a Debian stand-in priced an Ubuntu install: swift's and
  // odoo's `apt-get purge --auto-remove curl` of their own RUN's curl then "removed" 144 earlier packages).
  const intact = (e: PackageEntry) => !marks.allAuto && ![...(e.manual ?? [])].some((n) => named.has(n)) && (keepRecommends || !e.recommends);
  for (const e of earlier) {
    const keepsAll = intact(e);
    const hit = [...e.members!.keys()].filter((n) => ctx.state.installed.has(n) && (keepsAll ? named.has(n) : removes(n)));
    if (!hit.length) continue;
    const bytes = hit.reduce((a, n) => a + (e.members!.get(n) ?? 0), 0);
    ctx.touched.push({ entry: e, command: cmd, action: 'delete', bytes, low: Math.round(bytes * 0.75), high: Math.round(bytes * 1.35), partial: true });
    for (const n of hit) {
      ctx.state.installed.delete(n);
      const info = suite && arch ? db?.info(suite.suite, arch.arch, n) : undefined;
      if (info && [...info.depends, ...info.preDepends].some((g) => g.includes('debconf'))) debconf = true;
    }
    removedEarlier += hit.length;
  }
  const cal = aptCalibration();
  if (removedEarlier && cal) {
    // dpkg rewrites status (+ status-old), debconf its caches; every removed file becomes a whiteout (a 512 B tar header).
    const whiteouts = Math.round(removedEarlier * ((cal.filesPerPackage ?? 64) + 3));
    const dbBytes = cal.dpkgStatusBytes + (debconf ? cal.debconfCacheBytes : 0);
    ctx.create({
      path: '/var/lib/dpkg/status',
      kind: 'other',
      label: `dpkg database and ${whiteouts} whiteouts for ${removedEarlier} removed packages`,
      bytes: dbBytes + whiteouts * 512,
      low: Math.round(cal.dpkgStatusBytes * 0.75 + whiteouts * 256),
      high: Math.round(dbBytes * 1.5 + whiteouts * 1024),
      compressedBytes: Math.round(dbBytes * 0.25 + whiteouts * 40),
      confidence: 'low',
      source: `status + status-old ${Math.round(cal.dpkgStatusBytes / 1000)} kB${debconf ? ` + debconf caches ${Math.round(cal.debconfCacheBytes / 1e6 * 10) / 10} MB` : ''} + ${cal.filesPerPackage ?? 64} files per package as whiteouts (calibration.json)`,
    });
  }
}

/**
 * What installing and then purging packages in one RUN leaves in the layer besides the packages' files, measured in
 * BuildKit layers (Docker 26.1.5) on Ubuntu noble (bench/accuracy/apt-install-purge-residue.json,
 * scripts/measure-apt-install-purge.sh): dpkg rewrites status and status-old whole (≈ 982 B per package installed
 * after the RUN, each) and its log is copied up whole (≈ 545 B of earlier lines per installed package) with ≈ 948 B
 * more per package it installed and removed; apt adds ≈ 91 B per such package to history.log and ≈ 282 B to
 * term.log and rewrites eipp.log.xz; debconf's templates.dat and config.dat, opened for writing, are copied up
 * unchanged and were shipped in every one of those layers (the odoo layers on repo-info agree).
 */
export const INSTALL_PURGE_RESIDUE = {
  statusBytesPerPackage: 982,
  statusGzip: 0.257,
  earlierLogBytesPerPackage: 545,
  logBytesPerCycledPackage: 948,
  logGzip: 0.1,
  historyBytesPerCycledPackage: 91,
  historyGzip: 0.21,
  termLogBytesPerCycledPackage: 282,
  termLogGzip: 0.15,
  eippBytes: 9396,
  eippBytesPerCycledPackage: 33,
  debconfGzip: 0.249,
};

/**
 * `installedAfter`: packages installed when the RUN ends; `cycled`: packages it installed and removed again;
 * `debconfBytes`: templates.dat + config.dat of the image (calibration.json's debconfRewriteBytes).
 */
export function installAndPurgeResidue(installedAfter: number, cycled: number, debconfBytes = 0): { bytes: number; compressedBytes: number; source: string } {
  const r = INSTALL_PURGE_RESIDUE;
  const status = 2 * r.statusBytesPerPackage * installedAfter;
  const log = r.earlierLogBytesPerPackage * installedAfter + r.logBytesPerCycledPackage * cycled;
  const history = r.historyBytesPerCycledPackage * cycled;
  const term = r.termLogBytesPerCycledPackage * cycled;
  const eipp = r.eippBytes + r.eippBytesPerCycledPackage * cycled;
  return {
    bytes: status + log + history + term + eipp + debconfBytes,
    compressedBytes: Math.round(status * r.statusGzip + log * r.logGzip + history * r.historyGzip + term * r.termLogGzip + eipp + debconfBytes * r.debconfGzip),
    source:
      `dpkg status + status-old for ${installedAfter} installed packages, dpkg.log, apt's history.log and term.log for ${cycled} packages installed and removed, eipp.log.xz` +
      `${debconfBytes ? `, debconf's caches copied up (${Math.round(debconfBytes / 1000)} kB)` : ''} (measured in BuildKit layers on Ubuntu noble: bench/accuracy/apt-install-purge-residue.json)`,
  };
}

/** A shared library package (`libssl3`, `libpq5`, not `-dev`/`-doc`/`-bin`): what ldd can find the built files need. */
function isRuntimeLibrary(name: string): boolean {
  return /^lib/.test(name) && !/-(dev|doc|bin|tools|utils|common|data)$/.test(name) && !/^libc6?-dev/.test(name);
}

interface BaseUpgrade {
  name: string;
  from: string;
  to: string;
  /** The installed or named package that pulls the upgrade in. */
  trigger: string;
}

/** `-o APT::Get::Upgrade-By-Source-Package=false` turns apt's same-source upgrades off. */
function upgradesBySource(args: ReturnType<typeof parseArgs>): boolean {
  const opts = [...(args.values.get('o') ?? []), ...(args.values.get('option') ?? [])];
  return !opts.some((o) => /^APT::Get::Upgrade-By-Source-Package\s*=\s*("?)(false|0|no|off)\1$/i.test(o.trim()));
}

/**
 * Whether the base's apt upgrades same-source binaries (APT::Get::Upgrade-By-Source-Package, apt >= 2.6):
 * read from its recorded apt version; a base without one (versions given by the caller) is taken as current.
 */
function baseAptUpgradesBySource(ctx: RunContext): boolean {
  const apt = ctx.state.versions.get('apt');
  return !apt || compareDebVersions(apt, '2.6~') >= 0;
}

/** The archive's version of a base binary: the caller's record of an old build's archive, else the shipped index. */
function archiveVersion(ctx: RunContext, suite: AptSuite, arch: AptArch, name: string): string | undefined {
  return ctx.options.aptArchiveVersions?.[name] ?? aptBaseSources()?.archiveVersion(suite, arch, name);
}

/**
 * Base binaries an install also upgrades: a named package that is installed but older than the
 * archive, and (apt >= 2.6, APT::Get::Upgrade-By-Source-Package) installed binaries of the same
 * source as anything it installs or upgrades: installing openssl on a base with an older libssl3t64
 * rewrites libssl3t64 in this layer. Needs the base's versions (state.versions).
 */
function baseUpgrades(ctx: RunContext, suite: AptSuite, arch: AptArch, installs: string[], named: string[], bySource: boolean): BaseUpgrade[] {
  const table = aptBaseSources();
  if (!table || !ctx.state.versions.size) return [];
  const candidates = new Map<string, string>();
  for (const n of named) if (ctx.state.installed.has(n)) candidates.set(n, n);
  if (bySource) {
    // apt < 2.6 (jammy's 2.4, focal's 2.0) has no Upgrade-By-Source-Package: a same-source base binary is
    // upgraded only when an installed package depends on it (binaries of one source mostly pin each other's
    // version, libc6-dev -> libc6 (= ...)). Version constraints are not in the index, so a dependency counts.
    const db = baseAptUpgradesBySource(ctx) ? undefined : aptDatabase();
    for (const t of [...installs, ...candidates.keys()]) {
      const src = table.sourceOf(suite, t);
      if (!src) continue;
      const info = db?.info(suite, arch, t);
      const deps = info && new Set([...info.depends, ...info.preDepends].flat());
      for (const b of table.baseBinaries(suite, src)) if (!candidates.has(b) && (!db || deps?.has(b))) candidates.set(b, t);
    }
  }
  const out: BaseUpgrade[] = [];
  for (const [name, trigger] of candidates) {
    if (!ctx.state.installed.has(name)) continue;
    const from = ctx.state.versions.get(name);
    const to = from && archiveVersion(ctx, suite, arch, name);
    if (!from || !to || compareDebVersions(to, from) <= 0) continue;
    out.push({ name, from, to, trigger });
  }
  return out;
}

/**
 * The upgraded packages' files land whole in this layer (overlayfs keeps the old ones below). With the
 * base's real versions ('given') that is part of the estimate; with the data's one recorded build of
 * the tag ('snapshot') a newer pull may already have them, so they only raise the range's high end.
 */
function createUpgradeEntry(ctx: RunContext, upgrades: BaseUpgrade[], members: Map<string, number>, why: string): void {
  const bytes = [...members.values()].reduce((a, b) => a + b, 0);
  const list = upgrades.map((u) => `${u.name} ${u.from} → ${u.to}`).join(', ');
  const names = upgrades.slice(0, 3).map((u) => u.name).join(', ') + (upgrades.length > 3 ? ', …' : '');
  for (const u of upgrades) ctx.state.versions.set(u.name, u.to);
  if (ctx.state.versionsFrom === 'given') {
    ctx.create({
      path: '/usr',
      kind: 'packages',
      label: `apt: upgrades base ${names} (${why})`,
      bytes,
      confidence: 'medium',
      source: `${list}; apt rewrites upgraded packages whole in the new layer; ${ctx.state.versionsSource ?? ''}`,
      contentKind: 'binary',
      members,
    });
    return;
  }
  ctx.create({
    path: '/usr',
    kind: 'packages',
    label: `apt: may upgrade base ${names} (${why})`,
    bytes: 0,
    low: 0,
    high: bytes,
    confidence: 'low',
    source: `only if your base is as old as ${ctx.state.versionsSource ?? 'the recorded build'}: ${list}; a newer pull of the tag may already have them`,
    contentKind: 'binary',
  });
}

/** `apt-get upgrade` / `dist-upgrade`: the base binaries older than the archive, when the base's versions are known. */
function aptUpgradeAll(ctx: RunContext, sub: string): boolean {
  const suite = aptSuiteFor(ctx.state.family, ctx.state.suite);
  const arch = aptArchFor(ctx.state.platform, suite?.suite);
  const table = aptBaseSources();
  const db = aptDatabase();
  if (!suite || !arch || !table || !db || suite.proxy || !ctx.state.versionsFrom) return false;
  const upgrades: BaseUpgrade[] = [];
  for (const name of table.allBaseBinaries(suite.suite)) {
    const from = ctx.state.versions.get(name);
    const to = from && ctx.state.installed.has(name) ? archiveVersion(ctx, suite.suite, arch.arch, name) : undefined;
    if (from && to && compareDebVersions(to, from) > 0) upgrades.push({ name, from, to, trigger: sub });
  }
  if (!upgrades.length) {
    if (ctx.state.versionsFrom === 'given') return true;
    ctx.create({ path: '/usr', kind: 'packages', label: `apt ${sub}: nothing newer than the recorded base`, bytes: 0, confidence: 'low', source: `${ctx.state.versionsSource ?? ''}; packages newer than that build are not known` });
    return true;
  }
  const members = new Map(upgrades.map((u) => [u.name, packageBytes(ctx, u.name, db.info(suite.suite, arch.arch, u.name)?.installedBytes ?? 0)]));
  createUpgradeEntry(ctx, upgrades, members, `apt-get ${sub}`);
  return true;
}
