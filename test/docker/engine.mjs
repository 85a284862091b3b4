// A private Docker Engine (and podman storage) for tests that build real images. See README.md here.
//   const engine = await startEngine();          // installs what is missing, starts dockerd, imports the bases
//   await engine.docker(['build', '--network', 'host', '-t', 'x', dir]);
//   await engine.stop();                         // also done on exit, SIGINT and SIGTERM
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The local stand-ins for the official images (built by setup.sh from debootstrap). */
export const BASE_IMAGES = { 'debian:bookworm': 'localhost/debian:bookworm', 'debian:bookworm-slim': 'localhost/debian:bookworm-slim' };

/** Where base tarballs (and, by default, nothing else) are cached between runs: outside the repository. */
export function cacheDir() {
  return process.env.DSH_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dockerfile-size-hints');
}

/** The Dockerfile with every `FROM debian:bookworm[-slim]` pointing at the local image (other FROMs unchanged). */
export function localFrom(text) {
  return text.replace(/^(\s*FROM\s+(?:--platform=\S+\s+)?)(?:docker\.io\/)?(?:library\/)?(debian:bookworm(?:-slim)?)(?=\s|$)/gim, (_, pre, img) => pre + BASE_IMAGES[img.toLowerCase()]);
}

/** Runs a command; resolves { code, stdout, stderr, ms } (never rejects on a non-zero exit). */
export function run(cmd, args, { env, input, cwd, timeoutMs = 20 * 60_000 } = {}) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (stderr += String(e)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - t0 });
    });
    child.stdin.on('error', () => {}); // a command that exits before reading its input
    child.stdin.end(input ?? '');
  });
}

/** dockerd leaves its network namespace mounted under the exec root: unmount everything below root. */
function unmountUnder(root) {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1]).filter((m) => m && (m === root || m.startsWith(root + '/')));
  for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Installs docker.io, debootstrap, podman and buildah when missing (root; apt-get update first). */
export function installTools() {
  const r = spawnSync('bash', [join(here, 'setup.sh'), 'install'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('test/docker/setup.sh install failed');
}

/** Makes (once per day, cached in cacheDir()) bookworm.tar and bookworm-slim.tar; returns their folder. */
export function baseTarballs() {
  // Keyed by date and by this machine's extra CAs (setup.sh copies them into the bases).
  const caDir = '/usr/local/share/ca-certificates';
  const cas = existsSync(caDir) ? readdirSync(caDir).filter((f) => f.endsWith('.crt')).sort().map((f) => readFileSync(join(caDir, f), 'utf8')).join('') : '';
  const dir = join(cacheDir(), `bases-${new Date().toISOString().slice(0, 10)}-${createHash('sha1').update(cas).digest('hex').slice(0, 8)}`);
  const r = spawnSync('bash', [join(here, 'setup.sh'), 'base', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('test/docker/setup.sh base failed');
  return dir;
}

/**
 * Starts dockerd under `root` (default: a new temporary folder, removed by stop()) with its own socket,
 * vfs storage, no iptables and no bridge; builds must use `--network host`. Imports the base images
 * unless `bases: false`. With `podman: true` also prepares podman storage under root (engine.podman).
 */
export async function startEngine({ root, bases = true, podman = false, keep = false, storageDriver = process.env.DSH_STORAGE_DRIVER || 'auto' } = {}) {
  installTools();
  const own = !root;
  root ??= mkdtempSync(join(tmpdir(), 'dsh-docker-'));
  mkdirSync(root, { recursive: true });
  // overlay2 copies nothing per layer; vfs (a full copy per layer) works everywhere: try overlay2 first.
  const drivers = storageDriver === 'auto' ? ['overlay2', 'vfs'] : [storageDriver];
  let lastError;
  for (const driver of drivers) {
    try {
      return await startDaemon({ root, own, keep, driver, bases, podman });
    } catch (e) {
      lastError = e;
      rmSync(join(root, 'data'), { recursive: true, force: true });
    }
  }
  if (own && !keep) rmSync(root, { recursive: true, force: true });
  throw lastError;
}

async function startDaemon({ root, own, keep, driver, bases, podman }) {
  const sock = join(root, 'docker.sock');
  const log = join(root, 'dockerd.log');
  const args = ['--storage-driver', driver, '--iptables=false', '--ip-masq=false', '--bridge=none',
    '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '-H', `unix://${sock}`, '--pidfile', join(root, 'dockerd.pid')];
  rmSync(sock, { force: true });
  const out = openSync(log, 'a');
  const daemon = spawn('dockerd', args, { stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  const env = { DOCKER_HOST: `unix://${sock}`, DOCKER_BUILDKIT: '0' };
  const podmanDriver = driver === 'overlay2' ? 'overlay' : 'vfs';
  const podmanArgs = ['--root', join(root, `podman-${podmanDriver}`), '--runroot', join(root, 'podman-run'), '--storage-driver', podmanDriver, '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
  let stopped = false;

  const engine = {
    root,
    socket: sock,
    storageDriver: driver,
    env,
    /** podman's global storage options for this engine (for a wrapper that other programs run as podman). */
    podmanArgs,
    docker: (a, o = {}) => run('docker', a, { ...o, env: { ...env, ...o.env } }),
    podman: (a, o = {}) => run('podman', [...podmanArgs, ...a], o),
    /** Size in bytes of an image (docker image inspect .Size), or undefined. */
    async imageSize(ref, tool = 'docker') {
      const r = await (tool === 'podman' ? engine.podman(['image', 'inspect', '--format', '{{.Size}}', ref]) : engine.docker(['image', 'inspect', '--format', '{{.Size}}', ref]));
      return r.code === 0 ? Number(r.stdout.trim()) : undefined;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (daemon.exitCode === null && daemon.signalCode === null) {
        try { process.kill(-daemon.pid, 'SIGTERM'); } catch { /* already gone */ }
        for (let i = 0; i < 100 && daemon.exitCode === null && daemon.signalCode === null; i++) await sleep(100);
        try { process.kill(-daemon.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
      // podman keeps overlay mounts of its storage: drop them with the storage unless the caller keeps it.
      if (podman && own && !keep) await engine.podman(['system', 'reset', '--force'], { timeoutMs: 120_000 }).catch(() => {});
      unmountUnder(root);
      if (own && !keep) rmSync(root, { recursive: true, force: true });
    },
  };
  // A test that dies must not leave a daemon behind: the exit hook can only kill synchronously.
  const onExit = () => { try { process.kill(-daemon.pid, 'SIGKILL'); } catch { /* gone */ } unmountUnder(root); };
  const onSignal = (sig) => { engine.stop().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143)); };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (let i = 0; ; i++) {
    const r = await engine.docker(['version', '--format', '{{.Server.Version}}'], { timeoutMs: 5000 });
    if (r.code === 0) break;
    if (daemon.exitCode !== null || daemon.signalCode !== null || i > 120) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-5).join('\n') : '';
      const keepRoot = keep;
      keep = true; // the caller may retry with another driver in the same folder
      await engine.stop();
      keep = keepRoot;
      throw new Error(`dockerd (${driver}) did not start:\n${tail}`);
    }
    await sleep(500);
  }
  if (bases) await importBases(engine, { podman });
  return engine;
}

/** Imports localhost/debian:bookworm and :bookworm-slim (from the cached tarballs) where missing. */
export async function importBases(engine, { podman = false } = {}) {
  let dir;
  for (const tool of podman ? ['docker', 'podman'] : ['docker']) {
    for (const [name, local] of Object.entries(BASE_IMAGES)) {
      if ((await engine.imageSize(local, tool)) !== undefined) continue;
      dir ??= baseTarballs();
      const tar = join(dir, `${name.split(':')[1]}.tar`);
      const r = tool === 'podman'
        ? await engine.podman(['import', '--change', 'CMD ["bash"]', tar, local])
        : await engine.docker(['import', '--change', 'CMD ["bash"]', tar, local]);
      if (r.code !== 0) throw new Error(`${tool} import ${local}: ${r.stderr.trim().split('\n').pop()}`);
    }
  }
}
