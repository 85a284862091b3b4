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
  stop(): Promise<void>;
}
export const BASE_IMAGES: Record<'debian:bookworm' | 'debian:bookworm-slim', string>;
export function cacheDir(): string;
export function localFrom(text: string): string;
export function run(cmd: string, args: string[], opts?: RunOptions): Promise<RunResult>;
export function installTools(): void;
export function baseTarballs(): string;
export function startEngine(opts?: { root?: string; bases?: boolean; podman?: boolean; keep?: boolean; storageDriver?: 'auto' | 'overlay2' | 'vfs' }): Promise<Engine>;
export function importBases(engine: Engine, opts?: { podman?: boolean }): Promise<void>;
