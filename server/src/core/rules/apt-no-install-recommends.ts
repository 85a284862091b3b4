// Rule: apt-no-install-recommends
// `apt-get install` / `apt install` without `--no-install-recommends` pulls in every recommended package.
import { aptSubcommand, recommendsDisabledByFlags, isApt } from '../model/estimators/apt';
import { formatBytes } from '../model/format';
import type { AptInstallFact } from '../model/types';
import type { ParsedDockerfile, ParsedInstruction } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';
import { basePackageList, lookupBaseImage, onBuildpackDeps } from '../data/baseImages';
import { APT_SUITES, isUbuntuAptSuite, type AptSuite, type DebianAptSuite } from '../data/aptDb';
import { aptDatabase, nearestListedUbuntu, ubuntuCodename, ubuntuStandIn } from '../model/dataAccess';
import type { Fix, Rule, RuleContext, TextEdit } from './types';
import { waste } from './types';
import { BUILD_PACKAGE } from './build-tools-in-final-image';

/**
 * Recommended packages the tools installed with them need for their ordinary use: the fix keeps
 * them by name. Which package recommends which comes from the Recommends fields of the Debian
 * index (server/data/apt, bookworm: libcurl4, wget, git, nodejs, python3.11 → ca-certificates;
 * gcc-12 → libc6-dev; gpg → gnupg, which brings dirmngr and gpg-agent; git → openssh-client);
 * what breaks without them was seen in issue 13's builds (curl exits 77, wget 5 over https) and is
 * in the tools' manuals (gpg(1): --recv-keys goes through dirmngr; gcc needs libc's headers and crt files).
 */
const RUNTIME_NEEDS: { pkg: string; why: string; usedBy?: (c: ShellCommand) => boolean; toolLeaves?: (dropped: Set<string>, asked: string[]) => boolean }[] = [
  { pkg: 'ca-certificates', why: 'https needs it' },
  // Not when the fix leaves gcc out too (python3-pip recommends build-essential, which brings gcc and libc6-dev):
  // there is then no compiler to need it. Any compiler named in the install keeps it.
  { pkg: 'libc6-dev', why: 'gcc cannot build a program without it', toolLeaves: (dropped, asked) => [...dropped].some((n) => /^gcc(-\d+)?$/.test(n)) && !asked.some((n) => /^(gcc|g\+\+|cpp|clang|build-essential|cc|c\+\+)(-[\d.]+)?$/.test(n.replace(/[=:].*$/, ''))) },
  { pkg: 'dirmngr', why: 'gpg fetches keys through it', usedBy: (c) => c.name === 'gpg' && c.argv.some((w) => /^--(recv-keys?|receive-keys|keyserver|fetch-keys|locate-keys?|search-keys?|refresh-keys)\b/.test(w.value)) },
  { pkg: 'gpg-agent', why: 'gpg needs it for secret keys', usedBy: (c) => c.name === 'gpg' && c.argv.some((w) => /^(--(import|sign|clearsign|detach-sign|decrypt|gen-key|full-gen-key|quick-gen-key|generate-key|batch-sign)|-[a-zA-Z]*[sd])$/.test(w.value)) },
  { pkg: 'openssh-client', why: 'git over ssh needs it', usedBy: (c) => (c.name === 'git' || c.name === 'ssh') && c.argv.some((w) => /^(ssh:\/\/|git@|[\w.-]+@[\w.-]+:)/.test(w.value) || w.value === 'ssh') },
];

/** Recommends a later step may need: the fix keeps them by name and says why. */
const LATER_NEEDS: { pkgs: string[]; why: string; usedBy: (c: ShellCommand) => boolean }[] = [
  {
    pkgs: ['build-essential', 'python3-dev'],
    why: 'a later pip install of a package with C extensions needs build-essential and python3-dev, which python3-pip only recommends',
    usedBy: (c) => /^pip[0-9.]*$/.test(c.name) || (/^python[0-9.]*$/.test(c.name) && c.argv.some((w) => w.value === 'pip')),
  },
];

export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends',
    defaultSeverity: 'warning',
    description: 'apt installs recommended packages unless told not to; they are rarely needed in an image.',
    hadolint: 'DL3015',
    fixable: true,
    shippedOnly: false,
  },
  check(ctx) {
    for (const instr of ctx.parsed.instructions) {
      if (instr.keyword !== 'RUN' || !instr.shell) continue;
      const layer = ctx.layer(instr);
      for (const cmd of instr.shell.commands) {
        if (!isApt(cmd)) continue;
        const { sub, args } = aptSubcommand(cmd);
        if (sub !== 'install') continue;
        if (recommendsDisabledByFlags(args)) continue;
        // No package names (`apt-get install -y`, `-f`) or only local .deb files: nothing to be recommended here (issue 14).
        const names = args.operands.slice(1).map((w) => w.value).filter((v) => !v.startsWith('-'));
        if (!names.length || names.every((v) => v.includes('/') || v.endsWith('.deb'))) continue;
        // Purged again with --auto-remove later in the same RUN: the recommends go with the packages (issue 14: couchdb's
        // `apt-get install -y curl … apt purge -y --autoremove curl`), so the layer keeps none of them.
        if (purgedInSameRun(instr.shell.commands, cmd, names)) continue;
        const fact = layer?.facts.apt.find((f) => f.command === cmd);
        if (fact && !fact.installRecommends) continue; // an earlier apt config turned recommends off
        const bytes = fact?.recommendsBytes ?? 0;
        // A stand-in index (another distribution's or release's) saying 0 B of recommends proves nothing: report, size unknown.
        // Nor does an install of which some packages are not in the index (software-properties-common on trixie) when the
        // known ones recommend nothing: the others' recommends are not in `bytes`.
        const partial = !!fact && fact.unknownPackages.length > 0;
        let known = !!fact && fact.unknownPackages.length < fact.packages.length && !(fact.proxy && bytes === 0);
        if (known && bytes === 0) {
          if (!partial) continue; // nothing recommended that the image lacks: nothing to save
          known = false; // the known part recommends nothing: what the others recommend decides
        }
        // Priced on a stand-in index (debian:buster-slim on bookworm's) after the stage added a vendor's apt repository:
        // as with a stand-in below, apt takes the vendor's package of the name, so these sizes say nothing of it.
        const proxyShadowed = known && !!fact?.proxy && vendorSourceBefore(ctx, instr, cmd);
        if (proxyShadowed) known = false;
        // ruby:2.7 and the other 2023 builds on bullseye/buster, built on buildpack-deps: bookworm's index and OS list
        // stand in for theirs, so what they price is what the buildpack-deps rule below judges, not a known size.
        const rootImage = rootBaseImage(ctx, instr);
        if (known && fact?.proxy && rootImage && onBuildpackDepsOnce(ctx.parsed, rootImage) && lookupBaseImage(rootImage)?.packagesStandIn) known = false;
        // Unknown sizes on a full official image built FROM buildpack-deps (ruby:2.7, python:3.8): it already has
        // build-essential, the -dev packages and most of their recommends, so little is left to save: a hint.
        let fat = !known && !!rootImage && onBuildpackDepsOnce(ctx.parsed, rootImage);
        // Not in the index of the image's release (stretch, buster, an unknown image): the packages' Recommends in a
        // Debian index we have show whether there is anything to leave out; their sizes there are a stand-in.
        let standIn = known ? undefined : standInRecommends(fact, names, rootImage);
        if (fat && standIn && names.every((n) => !BUILD_PACKAGE.test(n.replace(/[=:].*$/, '')))) {
          // The hint is for build packages, whose closure buildpack-deps has. It installs them with
          // --no-install-recommends, though, and what a browser or a desktop library recommends (chromium: upower, mesa
          // drivers, fonts…) is not there: priced on buildpack-deps' packages, the stand-in decides for those.
          const onDeps = standInRecommends(fact, names, rootImage, true);
          if (onDeps && onDeps.bytes >= SMALL_RECOMMENDS) {
            fat = false;
            standIn = onDeps;
          }
        }
        const subWord = args.operands[0];
        const lastOperand = args.operands[args.operands.length - 1];
        const fixFact = standIn ? { ...(fact ?? { command: cmd, packages: names, installRecommends: true, recommendsBytes: 0, bytes: 0, unknownPackages: names }), recommended: standIn.recommended } : fact;
        const fix = subWord ? noRecommendsFix(ctx.parsed, instr, cmd, fixFact, subWord.end, lastOperand?.end ?? subWord.end, known ? bytes : standIn?.bytes) : undefined;
        const keeps = fix?.keeps.length ? ` Without them apt would also leave out ${fix.keeps.map((k) => `${k.pkg} (${k.why})`).join(', ')}: the fix keeps ${fix.keeps.length > 1 ? 'them' : 'it'} by name.` : '';
        // What the stand-in says the fix leaves out, net of what it keeps by name; and the recommends the tools do not
        // need to work (what decides between a warning and a hint).
        const standInNet = standIn && fix ? Math.max(0, standIn.bytes - fix.keptBytes) : undefined;
        const standInSpare = standIn && fix ? Math.max(0, standIn.bytes - fix.neededBytes) : undefined;
        if (standIn && standInNet === 0 && !standIn.recommended.length) continue; // no Recommends at all, in any release we know
        const small = standInSpare !== undefined && standInSpare < SMALL_RECOMMENDS;
        // Nothing known of these packages (no index has them, or only a stand-in that finds no recommends) while the same
        // file leaves recommends out elsewhere: the author knows the flag and left it off here, perhaps on purpose
        // (docker-library/mongo installs mongodb-org from MongoDB's repository this way). With no size and no sign of any
        // recommends, that is a hint (issue 14); known or stand-in sizes still decide on their own.
        // Priced by a stand-in after the stage added a vendor's apt repository (`echo "deb https://download.mono-project.com/…"
        // > /etc/apt/sources.list.d/…`): apt takes the vendor's newer package of that name, whose Recommends no index here
        // has, so the stand-in's Debian package says nothing of it; as unsized as a package no index has.
        const vendorShadowed = proxyShadowed || (!!standIn && vendorSourceBefore(ctx, instr, cmd));
        const unsized = !known && !fat && (!standIn || vendorShadowed);
        const onPurpose = unsized && fileLeavesOutRecommends(ctx.parsed, cmd);
        const keptToBeSafe = standInSpare !== undefined && standInNet !== undefined && standInSpare > standInNet ? ` (≈ ${formatBytes(standInSpare)} with what it keeps for a later step)` : '';
        // Known sizes: what the fix saves is net of what it keeps by name (python3-pip's build-essential for a later pip
        // install: 251 MB of recommends, 8 MB saved), and the finding's saving says so, as the stand-in's does.
        const knownNet = known && fix ? Math.max(0, bytes - fix.keptBytes) : bytes;
        const knownSpare = known && fix ? Math.max(0, bytes - fix.neededBytes) : bytes;
        const knownKept = knownNet < bytes ? `; what the fix keeps by name brings ≈ ${formatBytes(bytes - knownNet)} of it back, so the fix saves ≈ ${formatBytes(knownNet)}` : '';
        ctx.report({
          instruction: instr,
          start: cmd.start,
          end: cmd.end,
          message:
            (known
              ? `apt installs recommended packages too (≈ ${formatBytes(bytes)} that --no-install-recommends would leave out${knownKept}).`
              : fat
                ? `apt installs recommended packages too; add --no-install-recommends (size unknown, probably small: ${rootImage} is built on buildpack-deps, which already has most build packages and their recommends).`
                : standIn
                  ? `apt installs recommended packages too; add --no-install-recommends (${standIn.packages}: not in the package index of this image's release; by ${isUbuntuAptSuite(standIn.suite) ? `Ubuntu ${standIn.suite}'s index (the release the image name gives, on its base packages)` : `Debian ${standIn.suite}'s index, a stand-in${standIn.onBuildpack ? ", on buildpack-deps' packages" : ''}`}, the fix leaves out ${standIn.missing.length ? 'at least ' : ''}≈ ${formatBytes(standInNet ?? 0)}${keptToBeSafe}${small ? ', little' : ''}${standIn.missing.length ? `; ${standIn.missing.join(', ')} ${standIn.missing.length > 1 ? 'are' : 'is'} in no index we have` : ''}).`
                  : `apt installs recommended packages too; add --no-install-recommends (size unknown: ${fact?.proxy ? 'sized from a stand-in package index' : 'packages not in the index'}${onPurpose ? '; other installs in this file leave recommends out, so this one may keep them on purpose' : ''}).`) +
            keeps +
            (vendorShadowed
              ? ` The stage added a vendor's apt repository before this install: apt installs that vendor's package of the name, not Debian's, so this size is a guess${onPurpose && standIn ? '; other installs in this file leave recommends out, so this one may keep them on purpose' : ''}.`
              : ''),
          waste: known
            ? waste(knownNet, knownNet * 0.75, knownSpare * 1.35)
            : standInNet !== undefined && standInSpare !== undefined && !fat
              ? waste(standInNet, standInNet * 0.5, standInSpare * 2)
              : waste(0, 0, 0, true),
          ...(fat || small || onPurpose ? { severity: 'hint' as const } : {}),
          fixes: fix ? [fix.fix] : [],
        });
      }
    }
  },
};

/** onBuildpackDeps of an image, once per file and image: it reads every base image of the data, and is asked per apt install. */
function onBuildpackDepsOnce(parsed: ParsedDockerfile, image: string): boolean {
  let byImage = ON_BUILDPACK.get(parsed);
  if (!byImage) ON_BUILDPACK.set(parsed, (byImage = new Map()));
  let on = byImage.get(image);
  if (on === undefined) byImage.set(image, (on = onBuildpackDeps(image)));
  return on;
}
const ON_BUILDPACK = new WeakMap<ParsedDockerfile, Map<string, boolean>>();

/** What buildpack-deps (curl, scm and the full tag, docker-library/buildpack-deps) installs, all with --no-install-recommends. */
const BUILDPACK_DEPS = [
  'ca-certificates', 'curl', 'netbase', 'wget', 'gnupg', 'dirmngr', 'git', 'mercurial', 'openssh-client', 'subversion', 'procps',
  'autoconf', 'automake', 'bzip2', 'dpkg-dev', 'file', 'g++', 'gcc', 'imagemagick', 'libbz2-dev', 'libc6-dev', 'libcurl4-openssl-dev',
  'libdb-dev', 'libevent-dev', 'libffi-dev', 'libgdbm-dev', 'libglib2.0-dev', 'libgmp-dev', 'libjpeg-dev', 'libkrb5-dev', 'liblzma-dev',
  'libmagickcore-dev', 'libmagickwand-dev', 'libmaxminddb-dev', 'libncurses5-dev', 'libncursesw5-dev', 'libpng-dev', 'libpq-dev',
  'libreadline-dev', 'libsqlite3-dev', 'libssl-dev', 'libtool', 'libwebp-dev', 'libxml2-dev', 'libxslt-dev', 'libyaml-dev', 'make',
  'patch', 'unzip', 'xz-utils', 'zlib1g-dev', 'default-libmysqlclient-dev',
];

/**
 * Below this, what --no-install-recommends would leave out by a stand-in index is a hint, not a warning: the
 * stand-in's sizes are another release's, and a few MB of recommends (zip → unzip, gcc → manpages) are not worth a
 * warning on a file we cannot size (issue 14: php:7.2-apache `apt install zip`, python:3.7-slim-stretch gcc).
 */
const SMALL_RECOMMENDS = 5_000_000;

/**
 * The recommends of packages the image's own index lacks, from a Debian index that has them (the fact's suite first,
 * then the others), resolved on that release's slim image: packages and bytes there only because of Recommends.
 * undefined when some package is in no index (nothing is known then) or the package data is not there.
 */
function standInRecommends(
  fact: AptInstallFact | undefined,
  names: string[],
  rootImage: string | undefined,
  onBuildpack = false,
): { suite: AptSuite; packages: string; bytes: number; recommended: { name: string; bytes: number; requiredBy?: string }[]; missing: string[]; onBuildpack: boolean } | undefined {
  const db = aptDatabase();
  if (!db) return undefined;
  let wanted = (fact ? fact.unknownPackages : names).map((n) => n.replace(/[=:/].*$/, '')).filter((n) => n && !n.includes('$'));
  if (!wanted.length || (fact && wanted.length < fact.unknownPackages.length)) return undefined;
  // An image the data does not know whose name gives its Ubuntu release (nvidia/cuda:10.1-devel-ubuntu18.04):
  // that release's own index first, on the release's base packages (or the nearest listed release's).
  const ubuntu = ubuntuReleaseNamed(rootImage);
  const debian = [fact?.suite, ...APT_SUITES].filter((x): x is DebianAptSuite => APT_SUITES.includes(x as DebianAptSuite));
  const order: AptSuite[] = onBuildpack ? [...new Set<AptSuite>(debian)] : [...new Set<AptSuite>([...(ubuntu && db.hasIndex(ubuntu, 'amd64') ? [ubuntu] : []), ...debian])];
  // A virtual name (`libc-dev`) counts as known when the index has a provider.
  let suite = order.find((s) => db.knowsAll(s, 'amd64', wanted));
  let missing: string[] = [];
  // One name no index knows (knowsAll is unknownOf coming back empty): every index's unknown list is that name, more
  // than half of what is wanted, so none is asked again.
  if (!suite && wanted.length === 1) return undefined;
  if (!suite) {
    // No index has them all (gitpod's rocker/r-ver:3.6.1 install names stretch's libclang-3.8-dev beside python3-pip):
    // what the index that knows most of them says the known ones recommend is a lower bound, when it knows at least half.
    let best: { suite: AptSuite; unknown: string[] } | undefined;
    for (const s of order) {
      const unknown = db.unknownOf(s, 'amd64', wanted);
      if (!best || unknown.length < best.unknown.length) best = { suite: s, unknown };
    }
    if (!best || best.unknown.length * 2 > wanted.length) return undefined;
    suite = best.suite;
    missing = best.unknown;
    wanted = wanted.filter((n) => !missing.includes(n));
  }
  let installed = (isUbuntuAptSuite(suite) ? ubuntuBaseList(suite) : basePackageList(onBuildpack ? `debian:${suite}` : `debian:${suite}-slim`)) ?? [];
  if (onBuildpack) {
    const deps = db.resolve({ suite, arch: 'amd64', packages: BUILDPACK_DEPS.filter((n) => db.info(suite!, 'amd64', n)), installRecommends: false, installed });
    installed = [...installed, ...BUILDPACK_DEPS, ...deps.packages.map((p) => p.name)];
  }
  const res = db.resolve({ suite, arch: 'amd64', packages: wanted, installRecommends: true, installed });
  const byName = new Map(res.packages.map((p) => [p.name, p]));
  const viaRecommends = (name: string): boolean => {
    for (let p = byName.get(name), n = 0; p && n < 64; p = p.requiredBy ? byName.get(p.requiredBy) : undefined, n++) {
      if (p.via === 'recommends') return true;
      if (p.via === 'requested') return false;
    }
    return false;
  };
  const recommended = res.packages.filter((p) => viaRecommends(p.name)).map((p) => ({ name: p.name, bytes: p.bytes, requiredBy: p.requiredBy }));
  const known = fact && !fact.proxy ? fact.recommendsBytes : 0;
  return { suite, packages: wanted.join(', '), bytes: res.recommendsBytes + known, recommended: [...(fact?.recommended ?? []), ...recommended], missing, onBuildpack };
}

/**
 * Whether a later command of the same RUN removes what `install` added together with what it pulled in: an apt
 * purge/remove of every requested package with --auto-remove (or followed by `apt-get autoremove`), or docker-library's
 * `apt-mark auto '.*'` … `apt-get purge --auto-remove` (everything installed since is auto and unneeded: recommends too).
 */
function purgedInSameRun(commands: ShellCommand[], install: ShellCommand, names: string[]): boolean {
  const run = runRemovals(commands);
  const at = run.index.get(install) ?? -1;
  if (run.idiomStart > at) return true;
  const wanted = names.map((n) => n.replace(/[=:].*$/, ''));
  return wanted.length > 0 && wanted.every((n) => (run.autoRemoved.get(n) ?? -1) > at);
}

const RUN_REMOVALS = new WeakMap<ShellCommand[], { index: Map<ShellCommand, number>; autoRemoved: Map<string, number>; idiomStart: number }>();
/**
 * What a RUN's apt removals take away, found once per RUN (not per install: a file of many installs stays linear): for
 * each package name the last position where it is purged/removed with --auto-remove or before an `apt-get autoremove`,
 * and the last `apt-mark auto '.*'` that a purge/remove --auto-remove follows.
 */
function runRemovals(commands: ShellCommand[]): { index: Map<ShellCommand, number>; autoRemoved: Map<string, number>; idiomStart: number } {
  const cached = RUN_REMOVALS.get(commands);
  if (cached) return cached;
  const removals: { at: number; names: string[]; autoRemove: boolean }[] = [];
  let lastAutoremove = -1;
  let lastMarkAuto = -1;
  let idiomStart = -1;
  for (let k = 0; k < commands.length; k++) {
    const c = commands[k]!;
    if (c.inCondition || c.conditional) continue;
    if (c.name === 'apt-mark' && c.argv.some((w) => w.value === 'auto') && c.argv.some((w) => w.value === '.*' || w.value === '~i')) lastMarkAuto = k;
    if (!isApt(c)) continue;
    const { sub, args } = aptSubcommand(c);
    const autoRemove = args.flags.has('auto-remove') || args.flags.has('autoremove');
    if (sub === 'purge' || sub === 'remove') {
      removals.push({ at: k, names: args.operands.slice(1).map((w) => w.value), autoRemove });
      if (autoRemove && lastMarkAuto >= 0) idiomStart = lastMarkAuto;
    }
    if (sub === 'autoremove') lastAutoremove = k;
  }
  // No purge or remove (most RUNs, and then no idiom either): nothing is removed after any install, no maps to keep.
  if (!removals.length) {
    RUN_REMOVALS.set(commands, NO_REMOVALS);
    return NO_REMOVALS;
  }
  const index = new Map<ShellCommand, number>();
  commands.forEach((c, k) => index.set(c, k));
  const autoRemoved = new Map<string, number>();
  for (const r of removals) if (r.autoRemove || lastAutoremove > r.at) for (const n of r.names) autoRemoved.set(n, Math.max(autoRemoved.get(n) ?? -1, r.at));
  const result = { index, autoRemoved, idiomStart };
  RUN_REMOVALS.set(commands, result);
  return result;
}

/** runRemovals of a RUN without removals: purgedInSameRun finds no install there purged (its position reads as -1, and -1 > -1 is false). */
const NO_REMOVALS: { index: Map<ShellCommand, number>; autoRemoved: Map<string, number>; idiomStart: number } = { index: new Map(), autoRemoved: new Map(), idiomStart: -1 };

/** Distribution archives: a source line naming one of these adds no vendor's packages. */
const DISTRIBUTION_ARCHIVE = /^https?:\/\/([\w.-]*\.)?(debian\.org|ubuntu\.com|canonical\.com|launchpad(content)?\.net)\//;

/** Whether the stage, before `cmd`, wrote an apt source (sources.list.d) naming a repository other than the distribution's. */
function vendorSourceBefore(ctx: RuleContext, instr: ParsedInstruction, cmd: ShellCommand): boolean {
  // Only RUNs naming sources.list.d can write one: those are found once per parse (a walk over every instruction per
  // install was quadratic), then the earlier ones of this stage and this RUN up to the install are read.
  const vendorRuns = (pred: (text: string) => boolean) => {
    let runs = SOURCE_WRITERS.get(ctx.parsed);
    if (!runs) SOURCE_WRITERS.set(ctx.parsed, (runs = ctx.parsed.instructions.filter((i) => i.keyword === 'RUN' && /sources\.list\.d/.test(i.argsText))));
    return runs.some((other) => other.index < instr.index && other.stageIndex === instr.stageIndex && pred(other.argsText));
  };
  const namesVendor = (text: string) =>
    /sources\.list\.d/.test(text) && (text.match(/\bdeb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(https?:\/\/[^\s"']+)/g) ?? []).some((m) => !DISTRIBUTION_ARCHIVE.test(m.replace(/^deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?/, '')));
  return vendorRuns(namesVendor) || namesVendor(ctx.parsed.text.slice(instr.start, cmd.start));
}
const SOURCE_WRITERS = new WeakMap<ParsedDockerfile, ParsedInstruction[]>();

/** Whether another apt install of the file leaves recommends out by its flags (`--no-install-recommends`, `-o APT::Install-Recommends=false`). */
function fileLeavesOutRecommends(parsed: ParsedDockerfile, except: ShellCommand): boolean {
  const leaving = installsLeavingOutRecommends(parsed);
  return leaving.size > (leaving.has(except) ? 1 : 0);
}

const LEAVING_OUT = new WeakMap<ParsedDockerfile, Set<ShellCommand>>();

/** The file's apt installs that leave recommends out by their flags, found once per file (asked per install, a scan each time was quadratic). */
function installsLeavingOutRecommends(parsed: ParsedDockerfile): Set<ShellCommand> {
  let found = LEAVING_OUT.get(parsed);
  if (found) return found;
  found = new Set();
  for (const instr of parsed.instructions) {
    if (instr.keyword !== 'RUN' || !instr.shell) continue;
    for (const cmd of instr.shell.commands) {
      if (!isApt(cmd)) continue;
      const { sub, args } = aptSubcommand(cmd);
      if (sub === 'install' && recommendsDisabledByFlags(args)) found.add(cmd);
    }
  }
  LEAVING_OUT.set(parsed, found);
  return found;
}

/** The Ubuntu release an image name gives (`…-ubuntu18.04`, `ubuntu:jammy`), if the data has an index for such releases. */
function ubuntuReleaseNamed(image: string | undefined): AptSuite | undefined {
  const m = /ubuntu[:-]?(\d\d\.\d\d)\b|ubuntu[:-](bionic|focal|jammy|noble|resolute)\b/i.exec(image ?? '');
  const codename = m ? ubuntuCodename(m[1] ?? m[2]) : undefined;
  return isUbuntuAptSuite(codename) ? codename : undefined;
}

/** The installed packages of an Ubuntu release's base image, or of the nearest listed release. */
function ubuntuBaseList(release: string): string[] | undefined {
  const u = ubuntuStandIn();
  const near = nearestListedUbuntu(release);
  return u && near ? basePackageList(u.packageLists[near]!) : undefined;
}

/** The image the stage of `instr` is ultimately built FROM (through parent stages of this file). */
function rootBaseImage(ctx: RuleContext, instr: ParsedInstruction): string | undefined {
  let stage = ctx.stageOf(instr);
  for (let n = 0; stage && stage.base.parentStage !== undefined && n < 64; n++) stage = ctx.model.stages[stage.base.parentStage];
  return stage?.base.image;
}

/** The commands that run after `cmd`: the rest of its RUN, later RUNs of the stage and of stages built FROM it. */
function laterCommands(parsed: ParsedDockerfile, instr: ParsedInstruction, cmd: ShellCommand): { some(pred: (c: ShellCommand) => boolean): boolean } {
  const stages = new Set([instr.stageIndex]);
  for (const s of parsed.stages) if (s.parentStage !== undefined && stages.has(s.parentStage)) stages.add(s.index);
  const own = instr.shell?.commands ?? [];
  const rest = own.slice(own.indexOf(cmd) + 1);
  return {
    some(pred) {
      if (rest.some(pred)) return true;
      // The later RUNs with such a command, found once per file and question (not a list of every later command per install).
      const runs = runsWith(parsed, pred);
      let lo = 0;
      let hi = runs.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (runs[mid].index <= instr.index) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < runs.length; k++) if (stages.has(runs[k].stageIndex)) return true;
      return false;
    },
  };
}

const RUNS_WITH = new WeakMap<ParsedDockerfile, Map<(c: ShellCommand) => boolean, ParsedInstruction[]>>();
/** The RUNs of the file with a command `pred` holds for, in file order. */
function runsWith(parsed: ParsedDockerfile, pred: (c: ShellCommand) => boolean): ParsedInstruction[] {
  let byPred = RUNS_WITH.get(parsed);
  if (!byPred) RUNS_WITH.set(parsed, (byPred = new Map()));
  let runs = byPred.get(pred);
  if (!runs) {
    runs = parsed.instructions.filter((i) => i.keyword === 'RUN' && (i.shell?.commands ?? []).some(pred));
    byPred.set(pred, runs);
  }
  return runs;
}

/** What every --no-install-recommends fix assumes (one array for all of them). */
const NO_RECOMMENDS_ASSUMES = ['the recommended packages left out are not needed (the ones the installed tools or a later step need are kept by name)'];

/**
 * `--no-install-recommends`, keeping by name the recommended packages the installed tools need
 * (RUNTIME_NEEDS) and those a later step needs (LATER_NEEDS).
 */
function noRecommendsFix(
  parsed: ParsedDockerfile,
  instr: ParsedInstruction,
  cmd: ShellCommand,
  fact: AptInstallFact | undefined,
  flagAt: number,
  lastOperandEnd: number,
  bytes: number | undefined,
): { fix: Fix; keeps: { pkg: string; why: string }[]; keptBytes: number; neededBytes: number } | undefined {
  if (instr.execForm) return undefined;
  const recommended = fact?.recommended ?? [];
  const dropped = new Set(recommended.map((p) => p.name));
  const keeps: { pkg: string; why: string }[] = [];
  // Nothing recommended is left out (no package of the install is in an index): nothing to keep, no later step to look at.
  if (dropped.size) {
    const later = laterCommands(parsed, instr, cmd);
    const asked = fact?.packages ?? [];
    for (const n of RUNTIME_NEEDS) if (dropped.has(n.pkg) && (!n.usedBy || later.some(n.usedBy)) && !n.toolLeaves?.(dropped, asked)) keeps.push(n);
    // What a later step needs (a pip install that compiles) is kept by name too, and said so.
    for (const n of LATER_NEEDS) {
      if (!later.some(n.usedBy)) continue;
      for (const pkg of n.pkgs) if (dropped.has(pkg) && !keeps.some((k) => k.pkg === pkg)) keeps.push({ pkg, why: n.why });
    }
  }
  // What the kept packages bring with them is not saved.
  const byName = new Map(recommended.map((p) => [p.name, p]));
  const bytesKeptBy = (kept: Set<string>) =>
    recommended
      .filter((p) => {
        for (let q: typeof p | undefined = p, n = 0; q && n < 64; q = q.requiredBy ? byName.get(q.requiredBy) : undefined, n++) if (kept.has(q.name)) return true;
        return false;
      })
      .reduce((a, p) => a + p.bytes, 0);
  const keptBytes = bytesKeptBy(new Set(keeps.map((k) => k.pkg)));
  // Only what the installed tools cannot work without; a later step's needs (build-essential for a pip install that
  // may compile) are kept to be safe, but are recommends the image may well not need.
  const neededBytes = bytesKeptBy(new Set(keeps.filter((k) => RUNTIME_NEEDS.some((n) => n.pkg === k.pkg)).map((k) => k.pkg)));
  const saves = bytes !== undefined && bytes - keptBytes > 0 ? ` (saves ~${formatBytes(bytes - keptBytes)})` : '';
  const edits: TextEdit[] = [{ start: flagAt, end: flagAt, newText: ' --no-install-recommends' }];
  if (keeps.length) edits.push({ start: lastOperandEnd, end: lastOperandEnd, newText: ` ${keeps.map((k) => k.pkg).join(' ')}` });
  const keeping = keeps.length ? `, keeping ${keeps.map((k) => k.pkg).join(', ')}` : '';
  const fix: Fix = {
    title: `Add --no-install-recommends${keeping}${saves}`,
    edits,
    isPreferred: true,
    kind: 'quickfix',
    safety: 'safe',
    assumes: NO_RECOMMENDS_ASSUMES,
  };
  return { fix, keeps, keptBytes, neededBytes };
}
