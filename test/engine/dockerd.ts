/**
 * A real Docker Engine for tests: Debian's docker.io started as root on its own socket, data root
 * and exec root under a temporary folder (vfs storage, no iptables, no bridge: builds use
 * --network host), with a debootstrapped Debian bookworm minbase imported as
 * localhost/debian:bookworm (the rootfs tarball is cached between runs). Installs docker.io and
 * debootstrap with apt when they are missing (CI starts clean). `stop()` ends dockerd and removes
 * everything it made but the cached tarball.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestEngine {
  /** DOCKER_HOST value (unix://…). */
  host: string;
  /** process.env plus DOCKER_HOST: pass it to every docker, CLI or server process. */
  env: NodeJS.ProcessEnv;
  baseImage: string;
  docker(args: string[], opts?: { cwd?: string; input?: string }): string;
  stop(): Promise<void>;
}

const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'dockerfile-size-hints');

function have(bin: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function ensureInstalled(): void {
  if (have('dockerd') && have('debootstrap') && have('docker') && have('docker-registry')) return;
  if (process.getuid?.() !== 0) throw new Error('the engine tests need root (dockerd) and docker.io + debootstrap installed');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'docker.io', 'debootstrap', 'docker-registry'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** The bookworm minbase rootfs as a tarball, made once a day and kept in the cache. */
function baseTarball(): string {
  fs.mkdirSync(CACHE, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  const tar = path.join(CACHE, `bookworm-minbase-${process.arch}.tar`);
  const stamp = `${tar}.date`;
  if (fs.existsSync(tar) && fs.existsSync(stamp) && Date.now() - fs.statSync(tar).mtimeMs < 7 * 86_400_000) return tar;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dsh-rootfs-'));
  try {
    execFileSync('debootstrap', ['--variant=minbase', 'bookworm', root, 'http://deb.debian.org/debian'], { stdio: 'ignore', timeout: 600_000 });
    execFileSync('tar', ['-C', root, '-cf', `${tar}.part`, '.'], { stdio: 'ignore' });
    fs.renameSync(`${tar}.part`, tar);
    fs.writeFileSync(stamp, day);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return tar;
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1, storing under a temporary folder. */
export async function startTestRegistry(): Promise<{ host: string; stop(): Promise<void> }> {
  ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dshr-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const host = `127.0.0.1:${port}`;
  const until = Date.now() + 30_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > until) throw new Error(`timed out waiting for docker-registry on ${host}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    host,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startTestEngine(): Promise<TestEngine> {
  ensureInstalled();
  const tar = baseTarball();
  // Short paths: the socket path must stay under 108 bytes.
  const dir = fs.mkdtempSync(path.join('/tmp', 'dshe-'));
  const sock = path.join(dir, 'docker.sock');
  const host = `unix://${sock}`;
  const log = fs.openSync(path.join(dir, 'dockerd.log'), 'w');
  const daemon: ChildProcess = spawn(
    'dockerd',
    ['--storage-driver', 'vfs', '--iptables=false', '--bridge=none', '--data-root', path.join(dir, 'data'), '--exec-root', path.join(dir, 'exec'), '-H', host, '--pidfile', path.join(dir, 'docker.pid')],
    { stdio: ['ignore', log, log], detached: false },
  );
  const env = { ...process.env, DOCKER_HOST: host, DOCKER_BUILDKIT: '0' };
  const docker = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
    execFileSync('docker', args, { env, cwd: opts.cwd, input: opts.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  const stop = async () => {
    daemon.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => {
        daemon.kill('SIGKILL');
        r(undefined);
      }, 15_000);
      daemon.once('exit', () => {
        clearTimeout(t);
        r(undefined);
      });
    });
    try {
      fs.closeSync(log);
    } catch {
      // already closed
    }
    // dockerd leaves its network namespace mounted under exec/: unmount what is still mounted below dir.
    const mounts = fs.readFileSync('/proc/mounts', 'utf8').split('\n').map((l) => l.split(' ')[1] ?? '').filter((m) => m.startsWith(dir + '/'));
    for (const m of mounts.sort().reverse()) {
      try {
        execFileSync('umount', ['-l', m], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    await waitFor(() => {
      try {
        docker(['version', '--format', '{{.Server.Version}}']);
        return true;
      } catch {
        return false;
      }
    }, 60_000, `dockerd on ${host} (log: ${path.join(dir, 'dockerd.log')})`);
    execFileSync('sh', ['-c', `docker import - localhost/debian:bookworm < '${tar}'`], { env, stdio: 'ignore' });
  } catch (e) {
    await stop();
    throw e;
  }
  return { host, env, baseImage: 'localhost/debian:bookworm', docker, stop };
}
