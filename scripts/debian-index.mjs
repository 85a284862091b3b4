// Reads Debian's Packages indexes from /var/lib/apt/lists (after `apt-get update`), archive data only:
// `apt-cache dumpavail` would mix in locally installed versions (e.g. a NodeSource nodejs), and per-package
// `apt-cache show` calls are slow because Docker's debian images disable apt's binary cache (docker-clean).
// Later suites override earlier ones: bookworm, then bookworm-updates, then bookworm-security.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const LISTS = '/var/lib/apt/lists';

function suiteRank(file) {
  if (/-security_/.test(file)) return 2;
  if (/-updates_/.test(file)) return 1;
  return 0;
}

/** name → { version, installedKiB, debBytes, depends (first alternative of Pre-Depends + Depends), suiteFile } */
export function readDebianIndex(arch = 'amd64') {
  const files = readdirSync(LISTS)
    .filter((f) => new RegExp(`_binary-${arch}_Packages(\\.lz4|\\.gz|\\.xz)?$`).test(f))
    .sort((a, b) => suiteRank(a) - suiteRank(b));
  if (!files.length) throw new Error(`no Packages lists in ${LISTS}: run apt-get update first`);
  const index = new Map();
  for (const file of files) {
    const full = path.join(LISTS, file);
    const text = file.endsWith('.lz4')
      ? execFileSync('lz4', ['-dc', full], { encoding: 'utf8', maxBuffer: 1 << 30 })
      : file.endsWith('.gz')
        ? execFileSync('gzip', ['-dc', full], { encoding: 'utf8', maxBuffer: 1 << 30 })
        : file.endsWith('.xz')
          ? execFileSync('xz', ['-dc', full], { encoding: 'utf8', maxBuffer: 1 << 30 })
          : readFileSync(full, 'utf8');
    for (const stanza of text.split('\n\n')) {
      const field = (name) => new RegExp(`^${name}: (.*)$`, 'm').exec(stanza)?.[1];
      const name = field('Package');
      if (!name || !field('Installed-Size')) continue;
      const depends = [field('Pre-Depends'), field('Depends')]
        .filter(Boolean)
        .flatMap((d) => d.split(','))
        .map((alt) => alt.split('|')[0].trim().replace(/\s*\(.*$/, '').replace(/:any$/, ''))
        .filter(Boolean);
      index.set(name, { version: field('Version'), installedKiB: Number(field('Installed-Size')), debBytes: Number(field('Size')), depends, suiteFile: file });
    }
  }
  return index;
}
