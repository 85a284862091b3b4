// The Dockerfiles of the repository's corpora, for equivalence tests that check a shortcut against what it replaces.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** Every Dockerfile of examples, official images, the build corpus, bench/rules and the grammar tests; `name` relative to the repository. */
export function repositoryDockerfiles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string, keep: (f: string) => boolean) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, keep);
      else if (keep(e.name)) out.push({ name: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(ROOT, 'examples'), (f) => f === 'Dockerfile');
  walk(path.join(ROOT, 'test/fixtures/official'), (f) => f.endsWith('.Dockerfile'));
  walk(path.join(ROOT, 'test/builds/corpus'), (f) => f === 'Dockerfile');
  walk(path.join(ROOT, 'bench/rules'), (f) => f.endsWith('.Dockerfile'));
  walk(path.join(ROOT, 'test/grammar'), (f) => f.endsWith('.dockerfile'));
  return out;
}
