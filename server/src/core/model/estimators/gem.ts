/**
 * `gem install NAME…` (RubyGems): no gem registry is reachable here, so a pure-Ruby gem is sized
 * from Debian's packaging of it as a stand-in: `ruby-NAME` (or `NAME`, as `rake`) in the apt index
 * the model already reads, its Installed-Size, with the ruby-* packages it depends on (each once).
 * A gem with a native extension (its Debian package links libc6 / libruby) stays unknown: Debian
 * builds against shared system libraries, while `gem install` compiles or unpacks what the gem
 * vendors (nokogiri: libxml2 and libxslt), so Debian's size says little. The .gem files RubyGems
 * keeps in GEM_HOME/cache are an unknown part. Low confidence, a wide range: a gem also installs
 * its tests and README, and ri documentation unless `--no-document`.
 */
import type { ShellCommand } from '../../parse/shell';
import { parseArgs } from '../../parse/shell';
import { aptArchFor, aptDatabase, aptSuiteFor } from '../dataAccess';
import type { RunContext } from './runContext';

const VALUE_FLAGS = new Set(['v', 'version', 'i', 'install-dir', 'n', 'bindir', 's', 'source', 'platform', 'g', 'file', 'build-root', 'document']);

/** gem install ÷ Debian Installed-Size: a gem ships what Debian's package strips (tests, docs) and, without --no-document, ri docs. */
const RANGE = { low: 0.8, high: 3 };

export function isGemInstall(cmd: ShellCommand): boolean {
  return cmd.name === 'gem' && cmd.argv[1]?.value === 'install';
}

/**
 * Is this a ruby image (`ruby`, `ruby:3.3-slim`, `ruby@sha256:…`, `docker.io/library/ruby:3`, a mirror's `…/ruby:3`)?
 * Those set GEM_HOME=/usr/local/bundle, where gem and bundler install and cache.
 */
export function isRubyImage(image: string): boolean {
  return /(?:^|\/)ruby(?:$|[:@])/.test(image);
}

export function estimateGem(cmd: ShellCommand, ctx: RunContext): void {
  const args = parseArgs(cmd.argv, VALUE_FLAGS);
  const names = args.operands.slice(1).map((w) => ctx.expand(w.value));
  // The official ruby images set GEM_HOME=/usr/local/bundle; Debian's ruby installs under /var/lib/gems.
  const target = args.values.get('i')?.[0] ?? args.values.get('install-dir')?.[0] ?? ctx.env.get('GEM_HOME') ?? (isRubyImage(ctx.state.image ?? '') ? '/usr/local/bundle' : '/var/lib/gems');
  const path = ctx.resolve(target);
  const known = debianStandIn(names, ctx);
  if (known.bytes > 0)
    ctx.create({
      path,
      kind: 'packages',
      label: `gem: ${known.gems.slice(0, 4).join(', ')}${known.gems.length > 4 ? ', …' : ''} (${known.packages.length} Debian packages as a stand-in)`,
      bytes: known.bytes,
      low: Math.round(known.bytes * RANGE.low),
      high: Math.round(known.bytes * RANGE.high),
      confidence: 'low',
      source: `stand-in: Debian ${known.suite} ${known.packages.slice(0, 3).join(', ')}${known.packages.length > 3 ? ' …' : ''} Installed-Size (rubygems.org is not reachable here); a gem also installs its tests and docs (x${RANGE.low}–x${RANGE.high})`,
      contentKind: 'text',
    });
  // Each unknown gem at its own path (GEM_HOME/gems/NAME-VERSION): unknown entries of one path fold into one.
  for (const [name, why] of known.unknown) ctx.create({ path: `${path}/gems/${name.split(' ')[0]}`, kind: 'packages', label: `gem: ${name}`, bytes: 0, confidence: 'unknown', source: why, unknown: true });
  if (names.length && !args.flags.has('local'))
    ctx.create({ path: `${path}/cache`, kind: 'package-cache', label: `gem cache (${path}/cache/*.gem)`, bytes: 0, confidence: 'unknown', source: 'RubyGems keeps each downloaded .gem; its size is not known without rubygems.org', unknown: true });
}

function debianStandIn(names: string[], ctx: RunContext): { bytes: number; gems: string[]; packages: string[]; unknown: [string, string][]; suite: string } {
  const out = { bytes: 0, gems: [] as string[], packages: [] as string[], unknown: [] as [string, string][], suite: '' };
  const db = aptDatabase();
  const arch = aptArchFor(ctx.state.platform)?.arch ?? 'amd64';
  const suite = aptSuiteFor(ctx.state.family === 'ubuntu' || ctx.state.family === 'debian' ? ctx.state.family : 'debian', ctx.state.family === 'debian' ? ctx.state.suite : undefined)?.suite ?? 'bookworm';
  out.suite = suite;
  if (!db) {
    for (const n of names) out.unknown.push([n, 'no package data']);
    return out;
  }
  const info = (name: string) => db.info(suite, arch, name);
  // ruby-NAME, or a bare Debian name (rake, racc) only when that package depends on ruby.
  const debianName = (gem: string) => {
    const g = gem.toLowerCase().replace(/_/g, '-');
    if (info(`ruby-${g}`)) return `ruby-${g}`;
    const bare = info(gem.toLowerCase());
    return bare && bare.depends.some((alts) => alts.some((d) => d === 'ruby' || d.startsWith('ruby-') || d.startsWith('libruby'))) ? bare.name : undefined;
  };
  const native = (deps: string[][]) => deps.some((alts) => alts.some((d) => d === 'libc6' || d.startsWith('libruby')));
  const seen = new Set<string>();
  for (const gem of names) {
    if (gem.includes('$') || gem.endsWith('.gem') || gem.includes('/')) {
      out.unknown.push([gem, 'a local .gem file or a name not known before the build']);
      continue;
    }
    const root = debianName(gem);
    const rootInfo = root ? info(root) : undefined;
    if (!root || !rootInfo) {
      out.unknown.push([gem, `no Debian ${suite} package of this gem to stand in (rubygems.org is not reachable here)`]);
      continue;
    }
    if (native(rootInfo.depends)) {
      out.unknown.push([gem, `a native extension (Debian's ${root} links system libraries the gem vendors or compiles): not sized`]);
      continue;
    }
    const closure: string[] = [];
    const queue = [root];
    let nativeDep: string | undefined;
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name) || ctx.state.installed.has(`gem:${name}`)) continue;
      seen.add(name);
      const i = info(name);
      if (!i) continue;
      if (native(i.depends)) {
        nativeDep ??= name;
        continue;
      }
      closure.push(name);
      for (const alts of i.depends) {
        const dep = alts.find((d) => d.startsWith('ruby-') && info(d));
        if (dep) queue.push(dep);
      }
    }
    for (const name of closure) {
      out.bytes += info(name)!.installedBytes;
      out.packages.push(name);
      ctx.state.installed.add(`gem:${name}`);
    }
    out.gems.push(gem);
    if (nativeDep) out.unknown.push([`${gem} (dependency ${nativeDep})`, `a native extension (Debian's ${nativeDep} links system libraries): not sized`]);
  }
  return out;
}
