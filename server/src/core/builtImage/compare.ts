/**
 * The real image beside the estimate: per instruction of the shipped image, the bytes its layer
 * really holds (the engine's history), whether the estimate's stated range holds them, and, when the
 * layer tars were read, which lines created bytes that a later line deleted or rewrote (dive-style,
 * but attributed to Dockerfile lines). Pure: the engine adapter (../../engine) collects the inputs.
 */
import type { Analysis } from '../analyze';
import type { LayerModel } from '../model/types';
import { mapHistory, shippedChain, type HistoryEntry, type MatchQuality } from './historyMap';
import type { LayerWaste } from './layerWaste';

export interface BuiltImage {
  /** What the user named (`app:dev`, an ID). */
  ref: string;
  id: string;
  tags: string[];
  engine: 'docker' | 'podman';
  /** The image's size as the engine reports it (uncompressed, all layers). */
  bytes: number;
  /** Oldest first. */
  history: HistoryEntry[];
  /** From the layer tars, when they were read: layer i of `waste` is history entry `layerHistory[i]`. */
  waste?: LayerWaste;
  layerHistory?: number[];
  /** When it was looked at (ISO time). */
  inspectedAt: string;
}

export interface BuiltLayer {
  instructionIndex: number;
  /** 0-based line of the instruction. */
  line: number;
  builtBytes: number;
  createdBy: string;
  match: MatchQuality;
  estimate: { bytes: number; low: number; high: number };
  /** The built size is outside the estimate's stated range (low–high, with 5 % slack for metadata). */
  outsideRange: boolean;
}

export interface BuiltWaste {
  /** Instruction that created the bytes (undefined: the base image). */
  createdBy?: number;
  createdLine?: number;
  /** Instruction that deleted or rewrote them (undefined: the base image's own history). */
  removedBy?: number;
  removedLine?: number;
  action: 'deleted' | 'rewritten';
  bytes: number;
  files: number;
  examples: { path: string; bytes: number }[];
}

export interface BuiltComparison {
  image: {
    ref: string;
    id: string;
    engine: 'docker' | 'podman';
    builtBytes: number;
    /** dive's efficiency score, when the layer tars were read. */
    efficiency?: number;
    /** dive's wasted bytes, when the layer tars were read. */
    builtWastedBytes?: number;
    inspectedAt: string;
  };
  /** Bytes of the base image's own history entries. */
  baseBytes: number;
  layers: BuiltLayer[];
  waste: BuiltWaste[];
  /** Why the numbers may not belong to this file. */
  mismatch?: string;
}

const SLACK = 0.05;

export function compareWithBuilt(analysis: Analysis, built: BuiltImage): BuiltComparison {
  const { parsed, model } = analysis;
  const chain = shippedChain(parsed, model.image.stageIndex);
  const mapping = mapHistory(chain, built.history);
  const layers: BuiltLayer[] = [];
  for (const m of mapping.mapped) {
    const layer: LayerModel | undefined = model.layers.get(m.instruction.index);
    const est = layer?.estimate ?? { bytes: 0, low: 0, high: 0, hasUnknown: true };
    const low = est.low * (1 - SLACK);
    const high = est.high * (1 + SLACK) + 4096;
    layers.push({
      instructionIndex: m.instruction.index,
      line: m.instruction.line,
      builtBytes: m.entry.size,
      createdBy: m.entry.createdBy,
      match: m.match,
      estimate: { bytes: est.bytes, low: est.low, high: est.high },
      // An estimate with unknown parts only bounds from below.
      outsideRange: m.entry.size < low || (!est.hasUnknown && m.entry.size > high),
    });
  }
  const byHistory = new Map(mapping.mapped.map((m) => [m.historyIndex, m.instruction]));
  const waste: BuiltWaste[] = [];
  if (built.waste && built.layerHistory) {
    for (const s of built.waste.shadowed) {
      const created = byHistory.get(built.layerHistory[s.createdIn] ?? -1);
      const removed = byHistory.get(built.layerHistory[s.removedIn] ?? -1);
      waste.push({
        createdBy: created?.index,
        createdLine: created?.line,
        removedBy: removed?.index,
        removedLine: removed?.line,
        action: s.action,
        bytes: s.bytes,
        files: s.files,
        examples: s.examples,
      });
    }
  }
  return {
    image: {
      ref: built.ref,
      id: built.id,
      engine: built.engine,
      builtBytes: built.bytes,
      efficiency: built.waste?.efficiency,
      builtWastedBytes: built.waste?.wastedBytes,
      inspectedAt: built.inspectedAt,
    },
    baseBytes: mapping.baseEntries.reduce((a, e) => a + e.size, 0),
    layers,
    waste,
    mismatch: mapping.mismatch,
  };
}
