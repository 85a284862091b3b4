/**
 * A real Docker Engine for the engine tests: the same private engine as the real-build tests
 * (test/docker/engine.mjs: Debian's docker.io started as root on its own socket, data root and exec
 * root under a temporary folder, overlay2 or vfs, no iptables, no bridge: builds use --network host),
 * with the cached debootstrap base imported as localhost/debian:bookworm. Installs what is missing
 * (CI starts clean). `stop()` ends dockerd and removes everything it made but the cached tarballs.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { installTools, startEngine, type Engine } from '../docker/engine.mjs';

export interface TestEngine {
  /** DOCKER_HOST value (unix://…). */
  host: string;
  /** process.env plus DOCKER_HOST: pass it to every docker, CLI or server process. */
  env: NodeJS.ProcessEnv;
  baseImage: string;
  docker(args: string[], opts?: { cwd?: string; input?: string }): string;
  /** The engine.mjs engine underneath (async docker/podman calls, the apt cache's build arguments). */
  engine: Engine;
  stop(): Promise<void>;
}

function ensureInstalled(): void {
  installTools();
}

/** Debian's docker-registry (the CNCF distribution registry) on 127.0.0.1, storing under a temporary folder. */
export async function startTestRegistry(): Promise<{ host: string; stop(): Promise<void> }> {
  ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dshr-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Its storage goes once it has exited, not while it may still write there.
  const stop = async () => {
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(kill);
    fs.rmSync(dir, { recursive: true, force: true });
  };
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
    if (Date.now() > until) {
      await stop();
      throw new Error(`timed out waiting for docker-registry on ${host}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { host, stop };
}

export async function startTestEngine(opts: { aptCache?: boolean; podman?: boolean } = {}): Promise<TestEngine> {
  const engine = await startEngine({ aptCache: opts.aptCache ?? false, podman: opts.podman ?? false });
  const host = engine.env.DOCKER_HOST;
  const env = { ...process.env, ...engine.env };
  const docker = (args: string[], o: { cwd?: string; input?: string } = {}) =>
    execFileSync('docker', args, { env, cwd: o.cwd, input: o.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
  return { host, env, baseImage: 'localhost/debian:bookworm', docker, engine, stop: () => engine.stop() };
}
