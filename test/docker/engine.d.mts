// Types of engine.mjs (see README.md here).
export interface RunResult { code: number; stdout: string; stderr: string; ms: number }
export interface RunOptions { env?: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number }
export interface Engine {
  root: string;
  socket: string;
  storageDriver: 'overlay2' | 'vfs' | string;
  env: { DOCKER_HOST: string; DOCKER_BUILDKIT: string };
  /** podman's global storage options for this engine's podman storage. */
  podmanArgs: string[];
  docker(args: string[], opts?: RunOptions): Promise<RunResult>;
  podman(args: string[], opts?: RunOptions): Promise<RunResult>;
  imageSize(ref: string, tool?: 'docker' | 'podman'): Promise<number | undefined>;
  /** http://127.0.0.1:port of the apt cache, undefined when it is off. */
  aptProxy: string | undefined;
  /** `--build-arg http_proxy=…` for docker build (empty when the apt cache is off). */
  buildArgs: string[];
  /** Environment for podman build (http_proxy), passed to RUN steps by podman's --http-proxy. */
  podmanBuildEnv: Record<string, string>;
  /** More podman build arguments (importRpmTools: `--add-host` of the stand-in rpm repository). */
  podmanBuildArgs: string[];
  /** The stand-in rpm repository's server, once importRpmTools started it. */
  rpmRepo: { ip: string; host: string; close(): Promise<void> } | undefined;
  /** The cgroup (cgroup v1) of the engine's containers. */
  cgroup: string;
  /** CPU seconds used so far (see engine.mjs). */
  cpuSeconds(): { containers: number; daemons: number; proxy: number; clients: number; total: number };
  /** Set by stop(). */
  aptCacheStats: AptCacheStats | undefined;
  stop(): Promise<void>;
}
export interface AptCacheStats { hits: number; hitBytes: number; misses: number; missBytes: number; passed: number; tunnels: number; errors: number }
export const BASE_IMAGES: Record<'debian:bookworm' | 'debian:bookworm-slim', string>;
export function cacheDir(): string;
export function localFrom(text: string): string;
export const RPM_TOOLS_IMAGE: string;
export function usesRpmTools(text: string): boolean;
export function staleBaseDirs(names: string[], today?: Date): string[];
export function rpmToolsTarball(opts?: { aptProxy?: string }): Promise<string>;
export const RPM_REPO_HOST: string;
export function startRpmRepo(dir: string): Promise<{ ip: string; host: string; close(): Promise<void> }>;
export function importRpmTools(engine: Engine, opts?: { podman?: boolean }): Promise<void>;
export function run(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
export function installTools(): void;
export function baseTarballs(): string;
export function startEngine(opts?: { root?: string; bases?: boolean; podman?: boolean; keep?: boolean; aptCache?: boolean; storageDriver?: 'auto' | 'overlay2' | 'vfs'; buildkit?: boolean; aptProxy?: string }): Promise<Engine>;
export function buildKitDockerd(): string;
export function startAptCache(dir: string): Promise<{ url: string; kill(): void; stop(): Promise<AptCacheStats | undefined> }>;
export function importBases(engine: Engine, opts?: { podman?: boolean }): Promise<void>;
