/** Command-line parsing: `--flag value`, `--flag=value`, `-f value`, `--` ends the options. */
import { PLATFORM_RE, type FailOn } from '../core/config/config';
import { parseBandwidth, parseSize } from '../core/config/units';

export type Format = 'text' | 'json' | 'sarif' | 'github' | 'gitlab';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'github', 'gitlab'];

export class UsageError extends Error {}

export interface CliOptions {
  inputs: string[];
  format: Format;
  /** Explicit flags only (undefined: take the config file's value, then the default). */
  context?: string;
  target?: string;
  platform?: string;
  buildArgs: Record<string, string>;
  bandwidth?: number;
  maxSize?: number;
  maxPullSize?: number;
  maxWasted?: number;
  failOn?: FailOn;
  fix: boolean;
  fixDryRun: boolean;
  /** `--network` / `--no-network` (undefined: the config file's `network`, else off). */
  network?: boolean;
  config?: string;
  noConfig: boolean;
  noColor: boolean;
  stdinFilename?: string;
  /** `--image`: compare with this locally built image (name[:tag] or ID). */
  image?: string;
  engine?: 'docker' | 'podman';
  enginePath?: string;
  /** `--no-image-layers`: history sizes only, no layer tars (no efficiency, no waste on the lines). */
  imageLayers: boolean;
  /** 0–1. */
  minEfficiency?: number;
  maxBuiltWasted?: number;
  help: boolean;
  version: boolean;
}

const WITH_VALUE = new Set(['--format', '--context', '--target', '--platform', '--build-arg', '--bandwidth', '--max-size', '--max-pull-size', '--max-wasted', '--fail-on', '--config', '--stdin-filename', '--image', '--engine', '--engine-path', '--min-efficiency', '--max-built-wasted']);
const BOOLEAN = new Set(['--fix', '--fix-dry-run', '--network', '--no-network', '--no-config', '--no-color', '--no-image-layers', '--help', '--version']);
const SHORT: Record<string, string> = { '-f': '--format', '-c': '--config', '-h': '--help', '-V': '--version', '-v': '--version' };
const FAIL_ON = ['error', 'warning', 'info', 'hint', 'none'];

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const o: CliOptions = { inputs: [], format: 'text', buildArgs: {}, fix: false, fixDryRun: false, noConfig: false, noColor: false, imageLayers: true, help: false, version: false };
  let formatGiven = false;
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === '--') {
      o.inputs.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-' || !arg.startsWith('-')) {
      o.inputs.push(arg);
      continue;
    }
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    arg = SHORT[arg] ?? arg;
    if (BOOLEAN.has(arg)) {
      if (value !== undefined) throw new UsageError(`option ${arg} takes no value`);
    } else if (WITH_VALUE.has(arg)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`option ${arg} needs a value`);
        value = argv[++i];
      }
    } else {
      throw new UsageError(`unknown option '${arg}'`);
    }
    const v = value as string;
    switch (arg) {
      case '--help':
        o.help = true;
        break;
      case '--version':
        o.version = true;
        break;
      case '--fix':
        o.fix = true;
        break;
      case '--fix-dry-run':
        o.fixDryRun = true;
        break;
      case '--network':
      case '--no-network':
        if (o.network !== undefined && o.network !== (arg === '--network')) throw new UsageError('--network and --no-network cannot be used together');
        o.network = arg === '--network';
        break;
      case '--no-config':
        o.noConfig = true;
        break;
      case '--no-color':
        o.noColor = true;
        break;
      case '--format':
        if (!FORMATS.includes(v as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${v}'`);
        if (formatGiven && o.format !== v) throw new UsageError('--format given twice');
        o.format = v as Format;
        formatGiven = true;
        break;
      case '--context':
        if (!v) throw new UsageError('--context needs a folder');
        o.context = v;
        break;
      case '--target':
        if (!v.trim()) throw new UsageError('--target needs a stage name or index');
        o.target = v.trim();
        break;
      case '--platform':
        if (!PLATFORM_RE.test(v)) throw new UsageError(`--platform must look like linux/amd64 or linux/arm/v7, got '${v}'`);
        o.platform = v;
        break;
      case '--build-arg': {
        const k = v.indexOf('=');
        const name = k >= 0 ? v.slice(0, k) : v;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`--build-arg needs NAME=VALUE, got '${v}'`);
        // Like docker build: `--build-arg NAME` takes the value from the environment (skipped when unset).
        if (k >= 0) o.buildArgs[name] = v.slice(k + 1);
        else if (env[name] !== undefined) o.buildArgs[name] = env[name] as string;
        break;
      }
      case '--bandwidth': {
        const b = parseBandwidth(v);
        if (b === undefined) throw new UsageError(`--bandwidth must be a positive number of Mbit/s (e.g. 50, 1Gbit/s), got '${v}'`);
        o.bandwidth = b;
        break;
      }
      case '--max-size':
      case '--max-pull-size':
      case '--max-wasted': {
        const n = parseSize(v);
        if (n === undefined) throw new UsageError(`${arg} must be a size like 500MB, 1.2GB or 20MiB, got '${v}'`);
        if (arg === '--max-size') o.maxSize = n;
        else if (arg === '--max-pull-size') o.maxPullSize = n;
        else o.maxWasted = n;
        break;
      }
      case '--fail-on':
        if (!FAIL_ON.includes(v)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, got '${v}'`);
        o.failOn = v as FailOn;
        break;
      case '--config':
        o.config = v;
        break;
      case '--stdin-filename':
        o.stdinFilename = v;
        break;
      case '--image':
        if (!v.trim() || v.startsWith('-')) throw new UsageError(`--image needs an image name, name:tag or ID, got '${v}'`);
        o.image = v.trim();
        break;
      case '--engine':
        if (v !== 'docker' && v !== 'podman') throw new UsageError(`--engine must be docker or podman, got '${v}'`);
        o.engine = v;
        break;
      case '--engine-path':
        if (!v) throw new UsageError('--engine-path needs the path of the docker or podman program');
        o.enginePath = v;
        break;
      case '--no-image-layers':
        o.imageLayers = false;
        break;
      case '--min-efficiency': {
        const pct = /^(\d+(?:\.\d+)?)%$/.exec(v);
        const n = pct ? Number(pct[1]) / 100 : Number(v);
        if (!Number.isFinite(n) || n < 0 || n > 1 || v.trim() === '') throw new UsageError(`--min-efficiency must be a ratio from 0 to 1 or a percentage (0.9, 90%), got '${v}'`);
        o.minEfficiency = n;
        break;
      }
      case '--max-built-wasted': {
        const n = parseSize(v);
        if (n === undefined) throw new UsageError(`--max-built-wasted must be a size like 20MB, got '${v}'`);
        o.maxBuiltWasted = n;
        break;
      }
    }
  }
  if (o.fix && o.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (o.config && o.noConfig) throw new UsageError('--config and --no-config cannot be used together');
  if (o.inputs.filter((x) => x === '-').length > 1) throw new UsageError("standard input ('-') can be read only once");
  if (!o.image && (o.engine || o.enginePath || o.minEfficiency !== undefined || o.maxBuiltWasted !== undefined || !o.imageLayers)) {
    throw new UsageError('--engine, --engine-path, --no-image-layers, --min-efficiency and --max-built-wasted go with --image');
  }
  if (o.image && (o.minEfficiency !== undefined || o.maxBuiltWasted !== undefined) && !o.imageLayers) {
    throw new UsageError('--min-efficiency and --max-built-wasted need the layer tars: drop --no-image-layers');
  }
  return o;
}

export const HELP = `Usage: dockerfile-size-hints [options] <Dockerfile|dir|glob|->...

Estimates the size of every layer of a Dockerfile before the build and reports the lines that
waste space. With no argument it reports on ./examples.

Inputs
  <file>                 a Dockerfile (any name)
  <dir>                  every Dockerfile, Containerfile, *.dockerfile, Dockerfile.* under it
                         (not under node_modules or .git)
  <glob>                 'docker/**/Dockerfile*' — expanded here, so quote it
  -                      read the Dockerfile from standard input

Build options (like docker build)
  --context DIR          build context (default: the Dockerfile's folder)
  --target STAGE         the stage that is shipped (default: the last one)
  --platform OS/ARCH     linux/amd64 (default), linux/arm64, linux/arm/v7, ...
  --build-arg K=V        a build argument (repeatable; K alone takes it from the environment)
  --network              look up the sizes of ADD <url> and curl/wget downloads (HTTP HEAD;
                         off by default: nothing leaves the machine); --no-network: off

Output
  -f, --format FORMAT    text (default), json, sarif, github, gitlab
  --bandwidth MBPS       link speed for the pull-time estimate, Mbit/s (default 50)
  --no-color             no colours (also NO_COLOR=1; colours are only used on a terminal)
  --stdin-filename NAME  the name to report (and find the config from) for '-'

Built image (compare the estimate with a local build; nothing is built or pulled)
  --image REF            a locally built image of this Dockerfile (name[:tag] or ID): real
                         layer sizes beside the estimates, dive's efficiency and the bytes
                         deleted or rewritten later, attributed to lines (one Dockerfile only)
  --engine NAME          docker or podman (default: the first that answers; DOCKER_HOST,
                         DOCKER_CONTEXT and CONTAINER_HOST are honoured)
  --engine-path PATH     the engine program to run
  --no-image-layers      history sizes only: do not stream the layer tars (faster)

Fixes
  --fix                  rewrite the files with every safe fix (the editor's "fix all")
  --fix-dry-run          print the fixes as a unified diff, change nothing

Gates (exit 1 when exceeded)
  --max-size SIZE        shipped image on disk, low bound of the estimate (e.g. 500MB)
  --max-pull-size SIZE   shipped image to pull (compressed), low bound
  --max-wasted SIZE      reclaimable bytes: created by a layer, deleted/overwritten later
  --fail-on LEVEL        error (default), warning, info, hint or none
  --min-efficiency R     with --image: dive's efficiency score at least R (0.9 or 90%)
  --max-built-wasted SIZE  with --image: dive's wasted bytes at most SIZE

Configuration
  -c, --config FILE      use this config file instead of the nearest
                         .dockerfile-size-hints.json / .yaml found upward from each Dockerfile
  --no-config            use no config file

  -h, --help             this help
  -V, --version          the version

Exit codes: 0 ok, 1 findings at or above --fail-on or a budget exceeded, 2 usage or input error.
Docs: https://github.com/dockerfile-size-hints/dockerfile-size-hints/blob/main/docs/cli.md
`;
