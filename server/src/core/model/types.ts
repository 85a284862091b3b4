/** The estimated-layer-size model: what every adapter (LSP, CLI, hover, rules) reads. */
import type { ParsedDockerfile, ParsedInstruction, ParsedStage } from '../parse/dockerfile';
import type { ShellCommand } from '../parse/shell';

export type Confidence = 'exact' | 'high' | 'medium' | 'low' | 'unknown';

/** What a part's bytes are made of: picks the gzip ratio for the pull size. */
export type ContentKind = 'binary' | 'text' | 'archive' | 'node_modules' | 'python' | 'apt-lists' | 'mixed';

export interface SizePart {
  label: string;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  /** Where the number came from, for the hover and the JSON output. */
  source: string;
  kind: ContentKind;
  /** The size of this part is not known (`make` output, a download without network look-ups). */
  unknown?: boolean;
  /** The layer tar's own framing (headers, padding, end blocks): not content, so it never makes an unknown layer known. */
  framing?: boolean;
}

export interface SizeEstimate {
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  confidence: Confidence;
  parts: SizePart[];
  /** Some parts are of unknown size: `bytes`/`high` only count the known ones. */
  hasUnknown: boolean;
}

export type FsEntryKind =
  | 'packages'
  | 'apt-lists'
  | 'package-cache'
  | 'download'
  | 'source'
  | 'context'
  | 'build-output'
  | 'heredoc'
  | 'other';

/** One path a layer created, with its estimated bytes: the stage's file-system picture. */
export interface FsEntry {
  path: string;
  bytes: number;
  low: number;
  high: number;
  kind: FsEntryKind;
  label: string;
  /** Index of the instruction (ParsedInstruction.index) whose layer created it. */
  createdBy: number;
  /** Size unknown: deleting it later still wastes something, but we cannot say how much. */
  unknown?: boolean;
}

/** A later layer touching an earlier layer's files: the bytes stay in the image. */
export interface FsTouch {
  entry: FsEntry;
  /** The command that did it (`rm -rf /src`, `chown -R app /app`). */
  command?: ShellCommand;
  action: 'delete' | 'rewrite' | 'move';
  /** Bytes of `entry` this touch concerns (a delete of a sub-path covers part of it). */
  bytes: number;
  low: number;
  high: number;
  /** Only part of the entry (a sub-path): how many bytes is not known. */
  partial: boolean;
  /** The paths the command named that fell on the entry, resolved as the RUN saw them (variables the RUN set expanded). */
  targets?: string[];
}

export interface LayerModel {
  instruction: ParsedInstruction;
  stageIndex: number;
  /** RUN, COPY, ADD (and WORKDIR creating a new directory) make filesystem layers. */
  makesLayer: boolean;
  estimate: SizeEstimate;
  /** Paths this layer added and kept. */
  created: FsEntry[];
  /** Paths this layer created and removed again before it ended (good practice: nothing shipped). */
  cleanedOwn: FsEntry[];
  /** Earlier layers' paths this layer deleted, moved or rewrote: still shipped (or shipped twice). */
  touchedEarlier: FsTouch[];
  /** Directories a `mkdir` of this RUN made (its operands, and with -p the parents no earlier layer was known to have). */
  madeDirs?: string[];
  /** User, HOME and environment in effect when the instruction runs. */
  user: string;
  home: string;
  env: ReadonlyMap<string, string>;
  workdir: string;
  /** Facts estimators recorded for the rules (apt packages, recommends bytes, cache bytes...). */
  facts: LayerFacts;
  /** Running totals after this instruction (stage including its base; shipped image if this stage ships). */
  stageTotal: SizeEstimate;
}

export interface AptInstallFact {
  command: ShellCommand;
  packages: string[];
  installRecommends: boolean;
  /** Bytes that are there only because of Recommends: what --no-install-recommends saves. */
  recommendsBytes: number;
  /** The packages there only because of Recommends (what --no-install-recommends leaves out), with who pulled each in. */
  recommended?: { name: string; bytes: number; requiredBy?: string }[];
  bytes: number;
  unknownPackages: string[];
  suite?: string;
  proxy?: string;
  /**
   * Per package of this install, the packages of the same install it depends on (Depends, Pre-Depends, and
   * Recommends when they are installed; virtual names through Provides). Built on demand: only a rule that splits
   * an install by purpose (build tools from the rest) needs it.
   */
  dependsWithin?: () => Map<string, string[]>;
}

export interface CacheFact {
  manager: string;
  command: ShellCommand;
  path: string;
  /** Every folder the cache may be in when the base does not say which (yum on an unknown base: yum's or dnf's); `path` first. */
  paths?: string[];
  bytes: number;
  low: number;
  high: number;
  unknown: boolean;
  /** Cache cleaned or mounted in the same RUN. */
  avoided: boolean;
}

/** An npm/yarn/pnpm install from package.json: what its devDependencies add (for npm-dev-dependencies). */
export interface NodeInstallFact {
  manager: string;
  command: ShellCommand;
  /** devDependencies are left out (--omit=dev, --production, NODE_ENV=production). */
  omitDev: boolean;
  /** package.json was read. */
  packageJsonKnown: boolean;
  devPackages: string[];
  /** Bytes of the measured devDependencies (0 when none is in the table). */
  devBytes: number;
  /** devDependencies not in the measured table. */
  devUnknown: string[];
  /** package.json's dependencies (names). */
  prodPackages: string[];
  /** package.json's scripts (lifecycle scripts like prepare run during the install). */
  scripts: Record<string, string>;
}

export interface LayerFacts {
  apt: AptInstallFact[];
  caches: CacheFact[];
  /** Per npm/yarn/pnpm install from package.json (absent when the layer has none). */
  node?: NodeInstallFact[];
  /** Size of apt lists kept by this layer after `apt-get update` (0 if cleaned or mounted). */
  aptListsBytes?: number;
  notes: string[];
}

export interface BaseEstimate {
  /** `python:3.12-slim`, `scratch`, or the parent stage name. */
  image: string;
  key?: string;
  /** The reference the base-image data was asked for (ARGs resolved, `arm64v8/` namespaces dropped): a tag the data lacks has a stand-in `key`. */
  lookup?: string;
  estimate: SizeEstimate;
  family: OsFamily;
  suite?: string;
  known: boolean;
  parentStage?: number;
  source: string;
}

export type OsFamily = 'debian' | 'ubuntu' | 'alpine' | 'fedora' | 'rhel' | 'amazonlinux' | 'busybox' | 'scratch' | 'unknown';

export interface StageModel {
  index: number;
  name?: string;
  parsed: ParsedStage;
  base: BaseEstimate;
  /** Its layers end up in the shipped image (the target stage and the stages it is built FROM). */
  ships: boolean;
  /** Other stages copy from it (`COPY --from`, `RUN --mount=from=`). */
  copiedBy: number[];
  layers: LayerModel[];
  /** Base + all layers. */
  total: SizeEstimate;
  /** Only the layers this stage adds (without its base). */
  added: SizeEstimate;
  /** Bytes created by one layer and deleted or rewritten by a later one (still shipped). */
  reclaimableBytes: number;
  /** The stage's file-system picture after its last instruction (survivors of deletes). */
  fs: FsEntry[];
}

export interface ImageTotal {
  stageIndex: number;
  bytes: number;
  low: number;
  high: number;
  compressedBytes: number;
  pullSeconds: number;
  confidence: Confidence;
  hasUnknown: boolean;
  reclaimableBytes: number;
  /** The shipped image's root base when the data does not know it: the image's size is then unknown, whatever its own layers add. */
  unknownBase?: string;
}

export interface ModelOptions {
  /** linux/amd64 (default), linux/arm64, linux/arm/v7 ... */
  platform: string;
  /** Stage name or index that counts as the shipped image; default the last stage. */
  target?: string;
  buildArgs?: Record<string, string>;
  /** Link speed for the pull-time estimate, in Mbit/s (default 50). */
  bandwidthMbps: number;
  /** Build context folder to measure COPY/ADD sources in; undefined = do not read (untrusted workspace). */
  contextDir?: string;
  /** Network look-ups (sizes of ADD <url> and curl/wget downloads, from ModelEnvironment.remoteSize); off by default. */
  network: boolean;
  /**
   * The base image's installed dpkg versions when known (read from the built base, or a benchmark's
   * record of it), or 'archive' when the base is as new as the package index (a chroot made from it).
   * apt's same-source upgrades then count in the estimate; without it they only widen its range.
   */
  aptBaseVersions?: Record<string, string> | 'archive';
  /** The archive's versions when the layer was built, where they differ from the shipped index (measuring an old build). */
  aptArchiveVersions?: Record<string, string>;
}

/**
 * What a network look-up knows about a URL (the server's fetcher fills it; the core only reads it).
 * `bytes` undefined: the server was asked but did not say (`source` says why).
 */
export interface RemoteSize {
  bytes?: number;
  /** A range when `bytes` is itself an estimate (PyPI installed size: wheel × a measured ratio). */
  low?: number;
  high?: number;
  /** What the answer counts beside its bytes (npm-packuments: the versions the packuments list). */
  count?: number;
  /** `Content-Length from example.com`, or why there is no size (`server gave no Content-Length`). */
  source: string;
}

export interface SizeModel {
  parsed: ParsedDockerfile;
  options: ModelOptions;
  stages: StageModel[];
  /** By ParsedInstruction.index. */
  layers: Map<number, LayerModel>;
  image: ImageTotal;
  notes: string[];
  /** The download URLs the estimators asked the remote-size look-up about (network look-ups on). */
  remoteUrls: string[];
}
