// A private Docker Engine (and podman storage) for tests that build real images. See README.md here.
//   const engine = await startEngine();          // installs what is missing, starts dockerd, imports the bases
//   await engine.docker(['build', '--network', 'host', '-t', 'x', dir]);
//   await engine.stop();                         // also done on exit, SIGINT and SIGTERM
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The local stand-ins for the official images (built by setup.sh from debootstrap). */
export const BASE_IMAGES = { 'debian:bookworm': 'localhost/debian:bookworm', 'debian:bookworm-slim': 'localhost/debian:bookworm-slim' };

/** Where base tarballs (and, by default, nothing else) are cached between runs: outside the repository. */
export function cacheDir() {
  return process.env.DSH_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dockerfile-size-hints');
}

/**
 * The local stand-in for the rpm distributions' images (Fedora, Rocky, Alma, openSUSE): bookworm with Debian's
 * dnf 4 (yum is dnf, as on RHEL 8+) and zypper, and a local repository of stand-in packages (setup.sh rpmbase).
 */
export const RPM_TOOLS_IMAGE = 'localhost/rpm-tools:bookworm';
const RPM_FROM = /^(\s*FROM\s+(?:--platform=\S+\s+)?)(?:docker\.io\/)?(?:library\/)?(?:fedora|rockylinux|almalinux|opensuse\/leap|opensuse\/tumbleweed)(?::[\w.-]+)?(?=\s|$)/gim;

/**
 * The Dockerfile with every `FROM debian:bookworm[-slim]` pointing at the local image, and every FROM of
 * fedora, rockylinux, almalinux or opensuse/leap|tumbleweed at RPM_TOOLS_IMAGE (other FROMs unchanged).
 */
export function localFrom(text) {
  return text
    .replace(/^(\s*FROM\s+(?:--platform=\S+\s+)?)(?:docker\.io\/)?(?:library\/)?(debian:bookworm(?:-slim)?)(?=\s|$)/gim, (_, pre, img) => pre + BASE_IMAGES[img.toLowerCase()])
    .replace(RPM_FROM, (_, pre) => pre + RPM_TOOLS_IMAGE);
}

/** Does the built copy of this Dockerfile start from the rpm tools image? */
export function usesRpmTools(text) {
  return localFrom(text).includes(RPM_TOOLS_IMAGE);
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

const TICK = 100; // USER_HZ: /proc/<pid>/stat counts clock ticks of 1/100 s on Linux

/** CPU seconds of a process and of its children alive now (and what they reaped), from /proc. */
function treeCpu(pid) {
  let total = 0;
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICK; // utime stime cutime cstime
      for (const t of readdirSync(`/proc/${p}/task`)) {
        for (const c of readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(c));
      }
    } catch { /* gone */ }
  };
  visit(pid);
  return total;
}

function readCpuacct(cgroup) {
  try { return Number(readFileSync(`/sys/fs/cgroup/cpuacct${cgroup}/cpuacct.usage`, 'utf8')) / 1e9; } catch { return undefined; }
}

/** The cgroup folders dockerd's runc made for --cgroup-parent, once empty. */
function removeCgroup(cgroup) {
  let ctrls = [];
  try { ctrls = readdirSync('/sys/fs/cgroup'); } catch { return; }
  for (const c of ctrls) {
    const d = `/sys/fs/cgroup/${c}${cgroup}`;
    if (!existsSync(d)) continue;
    // Children first (podman/…); rmdir only works on empty cgroups, which is all we want.
    const sub = readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name));
    for (const s of [...sub, d]) spawnSync('rmdir', [s]);
  }
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

/** The folder of today's base tarballs: keyed by date and by this machine's extra CAs (setup.sh copies them into the bases). */
function basesDir() {
  const caDir = '/usr/local/share/ca-certificates';
  const cas = existsSync(caDir) ? readdirSync(caDir).filter((f) => f.endsWith('.crt')).sort().map((f) => readFileSync(join(caDir, f), 'utf8')).join('') : '';
  return join(cacheDir(), `bases-${new Date().toISOString().slice(0, 10)}-${createHash('sha1').update(cas).digest('hex').slice(0, 8)}`);
}

/**
 * The day folders (`bases-<YYYY-MM-DD>-<hash>`) among `names` that are older than yesterday: a day's folder holds
 * ≈ 0.56 GB (two Debian tarballs and the rpm tools image) and a new one is made every day. Yesterday's is kept so
 * that a run started before midnight can still read it.
 */
export function staleBaseDirs(names, today = new Date()) {
  const yesterday = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
  return names.filter((n) => {
    const m = /^bases-(\d{4}-\d{2}-\d{2})-[0-9a-f]+$/.exec(n);
    return m !== null && m[1] < yesterday;
  });
}

/** Makes (once per day, cached in cacheDir()) bookworm.tar and bookworm-slim.tar; returns their folder. */
export function baseTarballs() {
  const dir = basesDir();
  if (existsSync(cacheDir())) for (const old of staleBaseDirs(readdirSync(cacheDir()))) rmSync(join(cacheDir(), old), { recursive: true, force: true });
  const r = spawnSync('bash', [join(here, 'setup.sh'), 'base', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error('test/docker/setup.sh base failed');
  return dir;
}

/**
 * Makes (once per day and rpm/stand-in.spec, beside the bases) the rpm tools tarball; returns its path.
 * `aptProxy` (an engine's apt cache): the apt-get of dnf and zypper into the chroot goes through it.
 */
export async function rpmToolsTarball({ aptProxy } = {}) {
  // Asynchronous: making it (≈ 1 min, once a day) can overlap other builds.
  const r = await run('bash', [join(here, 'setup.sh'), 'rpmbase', basesDir()], { env: aptProxy ? { http_proxy: aptProxy } : {} });
  if (r.code !== 0) throw new Error(`test/docker/setup.sh rpmbase failed:\n${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return r.stdout.trim().split('\n').pop();
}

/**
 * The dockerd of Debian trixie's docker.io (26.x, BuildKit with the Dockerfile 1.x frontend built in: heredocs,
 * RUN --mount, COPY --chmod), for the BuildKit-only texts that bookworm's classic builder and buildah 1.28
 * cannot build. Downloaded once from deb.debian.org (checked against the SHA256 of trixie's Packages index)
 * and unpacked under cacheDir(); it runs on bookworm (its libraries are bookworm's). Returns its path.
 */
export function buildKitDockerd() {
  const r = spawnSync('bash', [join(here, 'setup.sh'), 'buildkit', join(cacheDir(), 'dockerd-trixie')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error('test/docker/setup.sh buildkit failed');
  return r.stdout.trim().split('\n').pop();
}

/**
 * Starts dockerd under `root` (default: a new temporary folder, removed by stop()) with its own socket,
 * overlay2 storage (vfs where overlayfs is unavailable), no iptables and no bridge; builds must use
 * `--network host`. Imports the base images unless `bases: false`. With `podman: true` also prepares
 * podman storage under root (engine.podman). With `aptCache: true` starts
 * the apt cache (aptcache.mjs): pass engine.buildArgs to docker build, engine.podmanBuildEnv to podman.
 * With `buildkit: true` the daemon is trixie's dockerd (buildKitDockerd) and engine.docker builds with BuildKit;
 * `aptProxy` (another engine's aptProxy) then sends its builds through that apt cache without starting one.
 */
export async function startEngine({ root, bases = true, podman = false, keep = false, aptCache = false, storageDriver = process.env.DSH_STORAGE_DRIVER || 'auto', buildkit = false, aptProxy } = {}) {
  installTools();
  const dockerd = buildkit ? buildKitDockerd() : 'dockerd';
  const own = !root;
  root ??= mkdtempSync(join(tmpdir(), 'dsh-docker-'));
  mkdirSync(root, { recursive: true });
  // overlay2 copies nothing per layer; vfs (a full copy per layer) works everywhere: try overlay2 first.
  const drivers = storageDriver === 'auto' ? ['overlay2', 'vfs'] : [storageDriver];
  let lastError;
  for (const driver of drivers) {
    try {
      return await startDaemon({ root, own, keep, driver, bases, podman, aptCache, dockerd, buildkit, aptProxy });
    } catch (e) {
      lastError = e;
      rmSync(join(root, 'data'), { recursive: true, force: true });
    }
  }
  if (own && !keep) rmSync(root, { recursive: true, force: true });
  throw lastError;
}

async function startDaemon({ root, own, keep, driver, bases, podman, aptCache, dockerd, buildkit, aptProxy }) {
  const sock = join(root, 'docker.sock');
  const log = join(root, 'dockerd.log');
  // Containers in a cgroup of their own (cgroup v1 cpuacct here): engine.cpuSeconds() reads what the
  // builds used, which other engines on the machine do not blur.
  const cgroup = `/dsh-${root.split('/').pop().replace(/[^\w.-]/g, '')}`;
  const args = ['--storage-driver', driver, '--iptables=false', '--ip-masq=false', '--bridge=none', '--cgroup-parent', cgroup,
    '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '-H', `unix://${sock}`, '--pidfile', join(root, 'dockerd.pid')];
  rmSync(sock, { force: true });
  const out = openSync(log, 'a');
  const daemon = spawn(dockerd, args, { stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  // After dockerd's spawn: it starts while the caller goes on (the proxy is ready in a few ms).
  const proxy = aptCache ? await startAptCache(join(cacheDir(), 'apt-cache')) : undefined;
  const env = { DOCKER_HOST: `unix://${sock}`, DOCKER_BUILDKIT: buildkit ? '1' : '0' };
  const podmanDriver = driver === 'overlay2' ? 'overlay' : 'vfs';
  // Its own --tmpdir too: the default /run/libpod is shared with every podman on the machine, and two
  // first podman calls at once race creating it ("creating runtime status file: …/alive").
  const podmanArgs = ['--root', join(root, `podman-${podmanDriver}`), '--runroot', join(root, 'podman-run'), '--tmpdir', join(root, 'podman-tmp'), '--storage-driver', podmanDriver, '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
  let stopped = false;

  const engine = {
    root,
    socket: sock,
    storageDriver: driver,
    env,
    /** podman's global storage options for this engine (for a wrapper that other programs run as podman). */
    podmanArgs,
    // BuildKit: Debian's docker.io client (20.10) has the BuildKit client built in; a newer docker CLI elsewhere
    // on PATH would need the buildx plugin, which Debian bookworm does not package.
    docker: (a, o = {}) => run(buildkit && existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker', a, { ...o, env: { ...env, ...o.env } }),
    podman: (a, o = {}) => run('podman', [...podmanArgs, ...a], o),
    /** The apt cache's URL (http://127.0.0.1:port), or undefined when off (DSH_APT_CACHE=0). */
    aptProxy: proxy?.url ?? aptProxy,
    /**
     * `docker build` arguments that send the build's plain-http downloads through the apt cache: the
     * predefined http_proxy build argument, which the classic builder keeps out of the image's history,
     * config and cache key. (podman: engine.podmanBuildEnv, passed to the RUN steps by --http-proxy.)
     */
    buildArgs: proxy || aptProxy ? ['--build-arg', `http_proxy=${proxy?.url ?? aptProxy}`] : [],
    podmanBuildEnv: proxy ? { http_proxy: proxy.url } : {},
    /** More `podman build` arguments (importRpmTools: `--add-host` of the stand-in rpm repository). */
    podmanBuildArgs: [],
    /** The stand-in rpm repository's server, once importRpmTools started it. */
    rpmRepo: undefined,
    cgroup,
    /**
     * CPU seconds used so far: `containers` (docker build and probe containers, from the cgroup; 0 where
     * cgroup v1 cpuacct is not mounted), `daemons` (dockerd + containerd), `proxy` (apt cache) and
     * `clients` (this process and what it ran and waited for: docker CLI, podman builds with their RUN
     * steps, debootstrap). Independent of what else the machine runs, unlike wall time.
     */
    cpuSeconds() {
      const containers = readCpuacct(cgroup) ?? 0;
      const daemons = treeCpu(daemon.pid);
      const proxyCpu = proxy ? treeCpu(proxy.pid) : 0;
      const clients = treeCpu(process.pid) - daemons - proxyCpu;
      return { containers, daemons, proxy: proxyCpu, clients, total: containers + daemons + proxyCpu + clients };
    },
    /** Hits and misses of the apt cache, once stopped. */
    aptCacheStats: undefined,
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
      removeCgroup(cgroup);
      await engine.rpmRepo?.close();
      if (proxy) engine.aptCacheStats = await proxy.stop();
    },
  };
  // A test that dies must not leave a daemon behind: the exit hook can only kill synchronously.
  const onExit = () => {
    try { process.kill(-daemon.pid, 'SIGKILL'); } catch { /* gone */ }
    proxy?.kill();
    unmountUnder(root);
    if (own && !keep) rmSync(root, { recursive: true, force: true });
    removeCgroup(cgroup);
  };
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
  // One podman call before any parallel ones: podman sets up its storage and tmpdir on first use.
  if (podman) await engine.podman(['info', '--format', '{{.Store.GraphDriverName}}']);
  if (bases) await importBases(engine, { podman });
  return engine;
}

/**
 * Starts aptcache.mjs (a caching forward proxy for Debian archive files, cached in `dir` across runs) as a
 * child process on a free port of 127.0.0.1; builds with `--network host` reach it there.
 */
export async function startAptCache(dir) {
  const child = spawn(process.execPath, [join(here, 'aptcache.mjs'), dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`aptcache.mjs exited (${code}) before listening`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    kill: () => { try { child.kill('SIGKILL'); } catch { /* gone */ } },
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(undefined); return; }
      child.on('exit', () => {
        try { resolve(JSON.parse(/stats (.*)/.exec(out)?.[1] ?? 'null') ?? undefined); } catch { resolve(undefined); }
      });
      child.kill('SIGTERM');
    }),
  };
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

/**
 * The rpm tools image's repositories (setup.sh rpmbase) are `http://rpm-stand-in.test:8080/`, as a real distribution's
 * mirror is http(s): zypper and dnf download its metadata into their caches (from a `file://` repository zypper hardlinks
 * it instead, and overlayfs then copies the linked repository file up into the layer, where no clean reaches it).
 */
export const RPM_REPO_HOST = 'rpm-stand-in.test';
const RPM_REPO_PORT = 8080;

/**
 * Serves the files of `dir` (GET and HEAD, no listing) on port 8080 of a random loopback address (127.x.y.z: no other
 * run's server or anything else on the machine holds it). Builds reach it as RPM_REPO_HOST through `--add-host`.
 */
export async function startRpmRepo(dir) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path);
    let st;
    try { st = statSync(file); } catch { /* missing */ }
    if (!file.startsWith(dir) || !st?.isFile() || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-length': st.size, 'content-type': 'application/octet-stream', 'last-modified': st.mtime.toUTCString() });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  for (let i = 0; ; i++) {
    const ip = `127.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    try {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(RPM_REPO_PORT, ip, () => { server.off('error', reject); resolve(); });
      });
      return { ip, host: RPM_REPO_HOST, close: () => new Promise((resolve) => server.close(() => resolve())) };
    } catch (e) {
      if (i >= 20) throw e;
    }
  }
}

/**
 * Imports RPM_TOOLS_IMAGE (setup.sh rpmbase, ≈ 360 MB) where missing: only runs that build an rpm case need it. Starts the
 * stand-in repository's server (startRpmRepo, stopped by engine.stop()) and adds what reaches it to the engine's build
 * arguments: `--add-host rpm-stand-in.test:<its address>`, and `no_proxy` so that dnf and zypper go there directly, not
 * through the apt cache's `http_proxy`.
 */
export async function importRpmTools(engine, { podman = false } = {}) {
  let tar;
  if (!engine.rpmRepo) {
    tar = await rpmToolsTarball({ aptProxy: engine.aptProxy });
    const repoDir = join(dirname(tar), basename(tar).replace(/^rpm-tools-(.*)\.tar$/, 'rpm-repo-$1'));
    engine.rpmRepo = await startRpmRepo(repoDir);
    const { host, ip } = engine.rpmRepo;
    engine.buildArgs.push('--add-host', `${host}:${ip}`, '--build-arg', `no_proxy=${host}`);
    engine.podmanBuildArgs.push('--add-host', `${host}:${ip}`);
    engine.podmanBuildEnv.no_proxy = host;
  }
  for (const tool of podman ? ['docker', 'podman'] : ['docker']) {
    if ((await engine.imageSize(RPM_TOOLS_IMAGE, tool)) !== undefined) continue;
    tar ??= await rpmToolsTarball({ aptProxy: engine.aptProxy });
    const r = tool === 'podman'
      ? await engine.podman(['import', '--change', 'CMD ["bash"]', tar, RPM_TOOLS_IMAGE])
      : await engine.docker(['import', '--change', 'CMD ["bash"]', tar, RPM_TOOLS_IMAGE]);
    if (r.code !== 0) throw new Error(`${tool} import ${RPM_TOOLS_IMAGE}: ${r.stderr.trim().split('\n').pop()}`);
  }
}
