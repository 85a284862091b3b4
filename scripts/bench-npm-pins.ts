// npm with network look-ups on, checked on real layers: a pin the table's version does not satisfy
// (`ghost-cli@1.29.3` while 1.32.5 was measured) is priced by the registry's closure of the pin. This
// answers the npm queries the model asks for the held-out set's npm layers (bench/accuracy/heldout-layers.json)
// the way server/src/net/registryLookups.ts answers them (installed = the members' files, as dist.unpackedSize;
// tarballs = the bundled table's measured ones where it has the name@version, else the tarball's Content-Length as
// the run-time HEAD reads it, else files ÷ 3.4), from closures resolved on the registry now (server/src/net/npmClosure.ts) and
// every member's tarball measured (scripts/gen-npm-sizes.mjs's cache). This registry mirror serves no
// dist.unpackedSize, so the files are summed from the tarballs instead: the same number on registry.npmjs.org.
// The packuments (npm-packuments: the closure's distinct names, bytes as served, versions listed) are read here
// with the run-time look-up's Accept header and measured the same way (registryLookups.ts, packumentServed).
// Writes bench/accuracy/npm-pin-answers.json (dated); scripts/bench-heldout.ts reads it for its
// "npm, look-ups on" lines.
//   node --import tsx scripts/bench-npm-pins.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runHeldOut } from './bench-heldout';
import { parseRegistryQuery } from '../server/src/core/model/registryQueries';
import { resolveNpmClosure } from '../server/src/net/npmClosure';
import { NPM_UNPACKED_PER_TARBALL_BYTE, packumentServed } from '../server/src/net/registryLookups';
import type { Packument } from '../server/src/net/npmClosure';
import type { RemoteSize } from '../server/src/core/model/types';
import { measuredNpmMember } from '../server/src/core/data/npmSizes';
// @ts-expect-error plain ESM script without type declarations
import { measureTarball, saveTarballCache } from './gen-npm-sizes.mjs';

// Packuments as the run-time look-up asks for them (same Accept header), each name once, with its body's bytes.
const served = new Map<string, { bytes: number; versions: number }>();
const packuments = new Map<string, Promise<Packument | undefined>>();
function getPackument(registry: string, name: string): Promise<Packument | undefined> {
  let p = packuments.get(name);
  if (!p) {
    p = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${registry}${name.replace('/', '%2f')}`, { headers: { accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8' }, signal: AbortSignal.timeout(120_000) });
          if (res.status === 404) return undefined;
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          const body = Buffer.from(await res.arrayBuffer());
          const doc = JSON.parse(body.toString('utf8')) as Packument;
          served.set(name, packumentServed(doc, body.length));
          return doc;
        } catch (e) {
          if (attempt >= 3) throw e;
          await new Promise((r) => setTimeout(r, 1000 * attempt));
        }
      }
    })();
    packuments.set(name, p);
  }
  return p;
}

const OUT = path.resolve(__dirname, '..', 'bench', 'accuracy', 'npm-pin-answers.json');

async function main(): Promise<void> {
  const asked = new Set<string>();
  runHeldOut({
    network: true,
    remoteSize: (url) => {
      const q = parseRegistryQuery(url);
      if (q && q.kind === 'npm-installed') asked.add(url);
      return undefined;
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  const answers: Record<string, RemoteSize> = {};
  for (const url of [...asked].sort()) {
    const q = parseRegistryQuery(url);
    if (!q || q.kind !== 'npm-installed') continue;
    const closure = await resolveNpmClosure(q.name, q.range, (n) => getPackument(q.registry, n));
    if (!closure) {
      answers[url] = { source: `${q.name}@${q.range} not resolvable on ${q.registry} (${date})` };
      continue;
    }
    const sizes = await Promise.all(closure.members.map((m) => measureTarball(m) as Promise<{ bytes: number; tgz?: number } | undefined>));
    const missing = sizes.filter((s) => !s).length;
    const installed = sizes.reduce((s, x) => s + (x?.bytes ?? 0), 0);
    const of = `${q.name}@${closure.root.version}, ${closure.members.length} packages`;
    answers[url] = { bytes: installed, source: `files of ${of} (every tarball measured, ${date}${missing ? `; ${missing} not measured` : ''})` };
    // As the run-time look-up: the bundled table's measured tarball where it has the name@version, else the tarball's
    // Content-Length (this download's; the run-time look-up HEADs the same URL), else unpacked ÷ the ratio.
    let tarballs = 0;
    let fromTable = 0;
    let byLength = 0;
    closure.members.forEach((m, i) => {
      const known = measuredNpmMember(m.name, m.version);
      if (known) fromTable++;
      else if (sizes[i]?.tgz) byLength++;
      tarballs += known ? known.tarballBytes : (sizes[i]?.tgz ?? (sizes[i]?.bytes ?? 0) / NPM_UNPACKED_PER_TARBALL_BYTE);
    });
    answers[url.replace('npm-installed', 'npm-tarballs')] = {
      bytes: Math.round(tarballs),
      source: `tarballs of ${of}: ${fromTable} measured in the table, ${byLength} by their Content-Length, ${closure.members.length - fromTable - byLength} unpacked ÷ ${NPM_UNPACKED_PER_TARBALL_BYTE}, as the run-time look-up answers (${date})`,
    };
    const names = [...new Set(closure.members.map((m) => m.name))];
    const packumentBytes = names.reduce((sum, n) => sum + (served.get(n)?.bytes ?? 0), 0);
    const versions = names.reduce((sum, n) => sum + (served.get(n)?.versions ?? 0), 0);
    const unread = names.filter((n) => !served.has(n)).length;
    answers[url.replace('npm-installed', 'npm-packuments')] = unread
      ? { source: `packuments of ${of}: ${unread} not read (${date})` }
      : { bytes: packumentBytes, count: versions, source: `packuments of ${of}: ${names.length} documents as served (${date}), ${versions} versions listed, as the run-time look-up answers` };
    process.stderr.write(`${of}: ${installed} B; packuments ${packumentBytes} B, ${versions} versions\n`);
  }
  saveTarballCache();
  fs.writeFileSync(
    OUT,
    JSON.stringify(
      {
        what: 'Answers to the npm registry queries the size model asks for the npm layers of bench/accuracy/heldout-layers.json with network look-ups on, made by scripts/bench-npm-pins.ts the way the run-time look-up answers them. Read by scripts/bench-heldout.ts.',
        date,
        answers,
      },
      null,
      1,
    ) + '\n',
  );
  process.stderr.write(`wrote ${OUT}: ${asked.size} queries\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
