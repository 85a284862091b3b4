/**
 * Dead weight ("reclaimable bytes"): bytes one layer created that a later layer deleted, moved or
 * overwrote. They still ship in the creating layer; only doing the delete in that layer, a
 * multi-stage build or squashing gets them back. Shared by the hover, hints, summary and code lens.
 */
import type { Analysis } from '../analyze';
import { formatBytes } from '../model/format';
import type { FsTouch, SizeModel } from '../model/types';
import { groupBy } from './byInstruction';

export interface DeadWeightItem {
  stageIndex: number;
  /** Instruction (index, 0-based line, keyword) whose layer created the bytes; -1/undefined when not known. */
  createdIndex: number;
  createdLine?: number;
  createdKeyword?: string;
  /** Instruction that deleted, moved or rewrote them. */
  touchedIndex: number;
  touchedLine: number;
  action: FsTouch['action'];
  path: string;
  label: string;
  bytes: number;
  /** How many bytes is not known (unknown entry, or a sub-path of it). */
  unknown: boolean;
  /** The stage ends up in the shipped image. */
  shipped: boolean;
}

export interface DeadWeight {
  /** Shipped image's reclaimable bytes: the model's own figure (what the CLI prints). */
  bytes: number;
  /** Some dead weight in the shipped image is of unknown size. */
  hasUnknown: boolean;
  items: DeadWeightItem[];
  /** What the user can do about the shipped image's dead weight, most direct first. */
  remedies: string[];
}

const ITEMS = new WeakMap<SizeModel, DeadWeightItem[]>();
const BY_INSTRUCTION = new WeakMap<SizeModel, { touched: Map<number, DeadWeightItem[]>; created: Map<number, DeadWeightItem[]> }>();
const WEIGHT = new WeakMap<SizeModel, DeadWeight>();

/**
 * Every dead-weight item of a model, found once per model (shared, not to be changed): a hover called it twice
 * per request over the whole file, 40 ms a hover on a 1 MB Dockerfile.
 */
export function deadWeightItems(model: SizeModel): DeadWeightItem[] {
  let items = ITEMS.get(model);
  if (!items) ITEMS.set(model, (items = findDeadWeightItems(model)));
  return items;
}

/** The dead-weight items an instruction deleted or rewrote (`touched`) and those its layer created (`created`), in deadWeightItems' order. */
export function deadWeightByInstruction(model: SizeModel): { touched: Map<number, DeadWeightItem[]>; created: Map<number, DeadWeightItem[]> } {
  let index = BY_INSTRUCTION.get(model);
  if (!index) {
    const items = deadWeightItems(model);
    index = { touched: groupBy(items, (d) => d.touchedIndex), created: groupBy(items, (d) => d.createdIndex) };
    BY_INSTRUCTION.set(model, index);
  }
  return index;
}

function findDeadWeightItems(model: SizeModel): DeadWeightItem[] {
  const items: DeadWeightItem[] = [];
  /** Several entries at one path (a clone, then `make` output in it) read as one item. */
  const byKey = new Map<string, DeadWeightItem>();
  const byIndex = new Map(model.parsed.instructions.map((i) => [i.index, i]));
  for (const stage of model.stages) {
    for (const layer of stage.layers) {
      for (const t of layer.touchedEarlier) {
        const unknown = !!t.entry.unknown || (t.partial && t.bytes === 0);
        const key = `${layer.instruction.index}\u0000${t.entry.createdBy}\u0000${t.action}\u0000${t.entry.path}`;
        const same = byKey.get(key);
        if (same) {
          same.bytes += t.bytes;
          same.unknown ||= unknown;
          continue;
        }
        const creator = byIndex.get(t.entry.createdBy);
        const item: DeadWeightItem = {
          stageIndex: stage.index,
          createdIndex: t.entry.createdBy,
          createdLine: creator?.line,
          createdKeyword: creator?.keyword,
          touchedIndex: layer.instruction.index,
          touchedLine: layer.instruction.line,
          action: t.action,
          path: t.entry.path,
          label: t.entry.label,
          bytes: t.bytes,
          unknown,
          shipped: stage.ships,
        };
        byKey.set(key, item);
        items.push(item);
      }
    }
  }
  return items;
}

/** The shipped image's dead weight and which of the three remedies apply. */
export function deadWeight(analysis: Analysis): DeadWeight {
  const cached = WEIGHT.get(analysis.model);
  if (cached) return cached;
  const items = deadWeightItems(analysis.model);
  const shipped = items.filter((i) => i.shipped);
  const dw = {
    bytes: analysis.model.image.reclaimableBytes,
    hasUnknown: shipped.some((i) => i.unknown),
    items,
    remedies: remediesFor(shipped),
  };
  WEIGHT.set(analysis.model, dw);
  return dw;
}

export const SQUASH_REMEDY =
  'squash the layers: `docker build --squash` (legacy builder with experimental features) or `docker export` | `docker import` (drops CMD, ENV and the other image settings)';
export const MULTISTAGE_REMEDY = 'a multi-stage build: create the files in a build stage and `COPY --from` only what the image needs';

export function remediesFor(items: DeadWeightItem[]): string[] {
  if (!items.length) return [];
  const out: string[] = [];
  const lines = (xs: DeadWeightItem[]) => [...new Set(xs.map((x) => (x.createdLine ?? -1) + 1).filter((l) => l > 0))].sort((a, b) => a - b).join(', ');
  const runDeletes = items.filter((i) => i.createdKeyword === 'RUN' && i.action !== 'rewrite');
  const runRewrites = items.filter((i) => i.createdKeyword === 'RUN' && i.action === 'rewrite');
  const copied = items.filter((i) => i.createdKeyword === 'COPY' || i.createdKeyword === 'ADD');
  if (runDeletes.length) out.push(`move the delete into the RUN that creates the files (line ${lines(runDeletes)})`);
  if (runRewrites.length) out.push(`change owner/mode/content in the RUN that creates the files (line ${lines(runRewrites)})`);
  if (copied.length) {
    out.push(
      `files from COPY/ADD (line ${lines(copied)}) cannot be deleted in the same layer: copy only what stays (narrower COPY, .dockerignore, \`COPY --chown/--chmod\`)`,
    );
  }
  out.push(MULTISTAGE_REMEDY, SQUASH_REMEDY);
  return out;
}

/** "120 MB", "unknown", "120 MB + unknown", "0 B". */
export function formatDeadWeight(bytes: number, hasUnknown: boolean): string {
  if (hasUnknown) return bytes > 0 ? `${formatBytes(bytes)} + unknown` : 'unknown amount';
  return formatBytes(bytes);
}
