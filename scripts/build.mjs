#!/usr/bin/env node
// Bundles the client, the server and the CLI with esbuild and copies the data they read at run time.
//   node scripts/build.mjs               development build (source maps beside the bundles, not in the VSIX)
//   node scripts/build.mjs --production  minified, no source maps (what `npm run package` ships)
//   node scripts/build.mjs --if-stale    skip when dist/ is newer than every source file
import * as esbuild from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const dist = join(root, 'dist');

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (args.has('--if-stale') && existsSync(join(dist, 'cli.js')) && existsSync(join(dist, 'server.js'))) {
  const built = Math.min(statSync(join(dist, 'cli.js')).mtimeMs, statSync(join(dist, 'server.js')).mtimeMs);
  const sources = Math.max(newestMtime(join(root, 'server')), newestMtime(join(root, 'client')));
  if (built >= sources) process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(dist, 'client.js'), external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(dist, 'server.js') }),
  esbuild.build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } }),
]);

// The data the core reads lazily at run time.
cpSync(join(root, 'server/data'), join(dist, 'data'), {
  recursive: true,
  filter: (src) => !/\.(md|txt)$/i.test(src) || src.endsWith('data'),
});
