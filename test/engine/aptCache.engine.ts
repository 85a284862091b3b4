/**
 * The apt cache of the real-build tests (test/docker/aptcache.mjs, reached through the predefined
 * `http_proxy` build argument) must not change what is built: same history, same config, same files,
 * same layer cache key, and nothing in the image names the proxy; and it must actually serve repeated
 * downloads. Checked with docker (classic builder) and podman. `npm run test:engine`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestEngine, type TestEngine } from './dockerd';

let engine: TestEngine;
let dir: string;

// A real install from Debian's archive (lists, a .deb, dpkg and apt logs), small enough to build quickly.
const FILE = `FROM localhost/debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends hello && hello --version
RUN test -x /usr/bin/hello && echo done > /done
`;

before(async () => {
  engine = await startTestEngine({ aptCache: true, podman: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aptcache-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), FILE);
});

after(async () => {
  await engine?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const proxyArgs = () => engine.engine.buildArgs;

async function docker(args: string[]): Promise<string> {
  const r = await engine.engine.docker(args, { cwd: dir });
  assert.equal(r.code, 0, `docker ${args.join(' ')}:\n${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/** path → size of every regular file, symlink target or directory of the image's file system. */
function files(tool: 'docker' | 'podman', image: string): Map<string, string> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aptcache-fs-'));
  try {
    const cli = tool === 'docker' ? ['docker'] : ['podman', ...engine.engine.podmanArgs];
    const id = execFileSync(cli[0], [...cli.slice(1), 'create', image, 'true'], { env: engine.env, encoding: 'utf8' }).trim();
    const tar = path.join(work, 'fs.tar');
    execFileSync(cli[0], [...cli.slice(1), 'export', '-o', tar, id], { env: engine.env });
    execFileSync(cli[0], [...cli.slice(1), 'rm', id], { env: engine.env, stdio: 'ignore' });
    const listing = execFileSync('tar', ['-tvf', tar, '--numeric-owner'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const out = new Map<string, string>();
    for (const line of listing.split('\n').filter(Boolean)) {
      // mode owner/group size date time name[ -> target]
      const m = /^(\S+)\s+(\S+)\s+(\d+)\s+\S+\s+\S+\s+(.*)$/.exec(line);
      if (m) out.set(m[4], `${m[1]} ${m[2]} ${m[3]}`);
    }
    const content = execFileSync('tar', ['-xOf', tar, '--wildcards', 'etc/*', 'var/lib/apt/*', 'var/log/*', 'root/*'], { maxBuffer: 512 * 1024 * 1024 });
    out.set('(proxy named in /etc, /var/lib/apt, /var/log or /root)', String(content.includes(Buffer.from(engine.engine.aptProxy!))));
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Differences between two file listings, ignoring the logs and caches that differ between any two builds. */
function fileDiff(a: Map<string, string>, b: Map<string, string>): string[] {
  // apt/dpkg logs carry times (same lengths, but a build crossing a second can differ); debconf's
  // caches are rewritten per run. Their sizes may differ by a few bytes; their presence may not.
  const volatile = /^\.\/(var\/log\/|var\/cache\/debconf\/|var\/cache\/ldconfig\/)/;
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (x === y) continue;
    if (x && y && volatile.test(k)) continue;
    out.push(`${k}: ${x ?? '(missing)'} vs ${y ?? '(missing)'}`);
  }
  return out;
}

test('docker: http_proxy through the apt cache changes neither config, files, sizes nor the cache key between runs', async () => {
  const proxy = engine.engine.aptProxy!;
  assert.match(proxy, /^http:\/\/127\.0\.0\.1:\d+$/);
  await docker(['build', '--no-cache', '--network', 'host', '-t', 'dsh-test/direct', '.']);
  await docker(['build', '--no-cache', '--network', 'host', ...proxyArgs(), '-t', 'dsh-test/proxied', '.']);
  // Another proxy address (the next run's port; this one answers nothing): the value of a predefined
  // proxy argument is not part of the cache key, so the layers of the proxied build are reused.
  const again = await docker(['build', '--network', 'host', '--build-arg', 'http_proxy=http://127.0.0.1:9', '-t', 'dsh-test/again', '.']);
  assert.equal((again.match(/Using cache/g) ?? []).length, 2, again);
  // A second proxied build: the .deb and the by-hash lists now come from the cache.
  await docker(['build', '--no-cache', '--network', 'host', ...proxyArgs(), '-t', 'dsh-test/proxied2', '.']);

  const history = async (img: string) => (await docker(['history', '--no-trunc', '--human=false', '--format', '{{.CreatedBy}}\t{{.Size}}', img])).trim().split('\n');
  const [h1, h2] = [await history('dsh-test/direct'), await history('dsh-test/proxied')];
  // Any --build-arg makes the classic builder record RUN as `|<n> <args> cmd` with only the declared (or
  // non-predefined) arguments: `|0 /bin/sh -c …`. The proxy itself is never recorded.
  assert.deepEqual(h2.map((l) => l.split('\t')[0].replace(/^\|0 /, '')), h1.map((l) => l.split('\t')[0]));
  for (const [i, l] of h2.entries()) {
    const d = Math.abs(Number(l.split('\t')[1]) - Number(h1[i].split('\t')[1]));
    assert.ok(d <= 4096, `layer ${i}: sizes differ by ${d} B (${h1[i]} / ${l})`);
  }
  assert.ok(!h2.join('\n').includes('proxy'), 'the history names the proxy');
  const inspect = async (img: string) => JSON.parse(await docker(['image', 'inspect', img]))[0];
  const [i1, i2] = [await inspect('dsh-test/direct'), await inspect('dsh-test/proxied')];
  // Config.Image is the parent layer's id, which differs between any two builds from scratch.
  assert.deepEqual({ ...i2.Config, Image: '' }, { ...i1.Config, Image: '' });
  assert.ok(!JSON.stringify(i2).includes(proxy), 'the image metadata names the proxy');
  assert.deepEqual(fileDiff(files('docker', 'dsh-test/direct'), files('docker', 'dsh-test/proxied')), []);
});

test('podman: http_proxy in the environment of podman build changes neither history, config nor files', async () => {
  const p = engine.engine;
  const build = async (tag: string, env: Record<string, string>) => {
    const r = await p.podman(['build', '--no-cache', '--network', 'host', '-t', tag, '-f', path.join(dir, 'Dockerfile'), dir], { env });
    assert.equal(r.code, 0, r.stderr.slice(-2000));
  };
  await build('dsh-test/pdirect', {});
  await build('dsh-test/pproxied', p.podmanBuildEnv);
  const inspect = async (img: string) => JSON.parse((await p.podman(['image', 'inspect', img])).stdout)[0];
  const [i1, i2] = [await inspect('dsh-test/pdirect'), await inspect('dsh-test/pproxied')];
  // Config.Image is the parent layer's id, which differs between any two builds from scratch.
  assert.deepEqual({ ...i2.Config, Image: '' }, { ...i1.Config, Image: '' });
  assert.ok(!JSON.stringify(i2).includes(p.aptProxy!), 'the image metadata names the proxy');
  const history = async (img: string) => (await p.podman(['history', '--no-trunc', '--format', '{{.CreatedBy}}', img])).stdout.trim();
  assert.equal(await history('dsh-test/pproxied'), await history('dsh-test/pdirect'));
  assert.deepEqual(fileDiff(files('podman', 'dsh-test/pdirect'), files('podman', 'dsh-test/pproxied')), []);
});

test('the apt cache served the repeated downloads', async () => {
  await engine.stop();
  const s = engine.engine.aptCacheStats;
  assert.ok(s, 'no statistics from the apt cache');
  assert.equal(s.errors, 0);
  // The proxied builds fetched the same lists and the same hello .deb: the second one was a hit.
  assert.ok(s.hits >= 2, JSON.stringify(s));
  assert.ok(s.hitBytes > 100_000, JSON.stringify(s));
});
