/**
 * The layer view: a native tree in the Explorer (keyboard and screen-reader friendly, theme
 * colours for free) listing the shipped image's total and reclaimable bytes, then each stage with
 * its base image and layers — in file order or largest first — with a text bar proportional to
 * the size. Selecting a row goes to its line. All texts come formatted from the server's summary.
 */
import * as vscode from 'vscode';
import type { ImageSummary, LayerSummaryItem, ReclaimableItem, StageSummary } from '../../server/src/core/features/summary';

export type { ImageSummary, LayerSummaryItem, StageSummary };

export type LayerOrder = 'file' | 'size';

type Node =
  | { kind: 'image' }
  | { kind: 'reclaimable' }
  | { kind: 'reclaimItem'; item: ReclaimableItem; n: number }
  | { kind: 'remedy'; text: string; n: number }
  | { kind: 'stage'; stage: StageSummary }
  | { kind: 'layer'; stage: StageSummary; layer: LayerSummaryItem };

// Narrow: the Explorer sidebar is narrow and the size and line must stay visible beside the bar.
const BAR_WIDTH = 6;

/** A text bar: `████░░░░░░░░` for a fraction of the largest row. */
export function bar(fraction: number, width = BAR_WIDTH): string {
  const f = Number.isFinite(fraction) ? fraction : 0;
  const n = Math.max(0, Math.min(width, Math.round(f * width)));
  return '█'.repeat(n) + '░'.repeat(width - n);
}

/** Rows of a stage in the chosen order: the file's, or largest first (unknown sizes last). */
export function orderedLayers(stage: StageSummary, order: LayerOrder): LayerSummaryItem[] {
  if (order === 'file') return stage.layers;
  return [...stage.layers].sort((a, b) => b.bytes - a.bytes || Number(a.hasUnknown) - Number(b.hasUnknown) || a.line - b.line);
}

/** "line 8" / "lines 8–10". */
function lines(l: { line: number; endLine: number }): string {
  return l.endLine > l.line ? `lines ${l.line + 1}–${l.endLine + 1}` : `line ${l.line + 1}`;
}

export class LayerTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private uri?: vscode.Uri;
  private summary?: ImageSummary;
  private largest = 1;

  constructor(public order: LayerOrder = 'file') {}

  get current(): { uri?: vscode.Uri; summary?: ImageSummary } {
    return { uri: this.uri, summary: this.summary };
  }

  update(uri: vscode.Uri | undefined, summary: ImageSummary | undefined): void {
    this.uri = uri;
    this.summary = summary;
    this.largest = Math.max(1, ...(summary?.stages.flatMap((s) => s.layers.map((l) => l.bytes)) ?? []));
    this.changed.fire(undefined);
  }

  setOrder(order: LayerOrder): void {
    this.order = order;
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    const s = this.summary;
    if (!s) return [];
    if (!node) {
      const top: Node[] = [{ kind: 'image' }];
      if (s.reclaimableBytes > 0 || s.reclaimableHasUnknown) top.push({ kind: 'reclaimable' });
      return [...top, ...s.stages.map((stage): Node => ({ kind: 'stage', stage }))];
    }
    if (node.kind === 'reclaimable') {
      return [
        ...s.reclaimable.filter((i) => i.shipped).map((item, n): Node => ({ kind: 'reclaimItem', item, n })),
        ...s.remedies.map((text, n): Node => ({ kind: 'remedy', text, n })),
      ];
    }
    if (node.kind === 'stage') return orderedLayers(node.stage, this.order).map((layer): Node => ({ kind: 'layer', stage: node.stage, layer }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const s = this.summary!;
    switch (node.kind) {
      case 'image': {
        const item = new vscode.TreeItem(`Image ${s.totalText}`, vscode.TreeItemCollapsibleState.None);
        item.id = 'image';
        item.description = s.pullText + (s.built ? ` · ${s.built.text}` : '');
        item.tooltip = s.tooltip;
        item.iconPath = new vscode.ThemeIcon('package');
        item.accessibilityInformation = { label: `Shipped image: ${s.totalText} on disk, ${s.pullText}, confidence ${s.confidence}, ${s.reclaimableText} reclaimable` };
        return item;
      }
      case 'reclaimable': {
        const item = new vscode.TreeItem(`Reclaimable ${s.reclaimableText}`, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = 'reclaimable';
        item.description = 'deleted or overwritten by a later layer, still shipped';
        item.tooltip = `${s.reclaimableText} of the image is created by one layer and deleted or overwritten by a later one.\nTo get it back: ${s.remedies.join('; ')}.`;
        item.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.accessibilityInformation = { label: `Reclaimable: ${s.reclaimableText}, deleted or overwritten by a later layer but still shipped` };
        return item;
      }
      case 'reclaimItem': {
        const i = node.item;
        const created = i.createdLine !== undefined ? `line ${i.createdLine + 1}` : 'an earlier layer';
        const verb = i.action === 'delete' ? 'deleted' : i.action === 'move' ? 'moved' : 'overwritten';
        const item = new vscode.TreeItem(`${i.path} ${i.bytesText}`, vscode.TreeItemCollapsibleState.None);
        item.id = `reclaim:${node.n}`;
        item.description = `created on ${created}, ${verb} on line ${i.touchedLine + 1}`;
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.command = this.reveal(i.createdLine ?? i.touchedLine);
        item.accessibilityInformation = { label: `${i.path}, ${i.bytesText}, created on ${created}, ${verb} on line ${i.touchedLine + 1}` };
        return item;
      }
      case 'remedy': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.id = `remedy:${node.n}`;
        item.tooltip = node.text;
        item.iconPath = new vscode.ThemeIcon('lightbulb');
        item.accessibilityInformation = { label: `How to get it back: ${node.text}` };
        return item;
      }
      case 'stage': {
        const st = node.stage;
        const shipped = st.ships ? 'shipped' : 'build stage, not shipped';
        const item = new vscode.TreeItem(`stage ${st.label} (${st.base})`, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `stage:${st.index}`;
        item.description = `${st.totalText} · ${shipped}${st.reclaimableText ? ` · ${st.reclaimableText} reclaimable` : ''}`;
        item.tooltip = `Stage ${st.label} FROM ${st.base}, ${lines(st)}\n${st.totalText} on disk · ${shipped}`;
        item.iconPath = new vscode.ThemeIcon(st.ships ? 'package' : 'tools');
        item.command = this.reveal(st.line);
        item.accessibilityInformation = { label: `Stage ${st.label}, FROM ${st.base}, ${st.totalText}, ${shipped}` };
        return item;
      }
      case 'layer': {
        const l = node.layer;
        const what = l.kind === 'base' ? `base image: ${l.instruction}` : l.instruction;
        const waste = [l.wastedText && `wastes ${l.wastedText}`, l.reclaimableText && `${l.reclaimableText} deleted later`].filter(Boolean).join(' · ');
        const problems = `${l.findings} problem${l.findings === 1 ? '' : 's'}`;
        const built = l.builtText ? ` · built ${l.builtText}` : '';
        const item = new vscode.TreeItem(`${bar(l.bytes / this.largest)} ${l.sizeText}${built}`, vscode.TreeItemCollapsibleState.None);
        item.id = `stage:${node.stage.index}:line:${l.line}`;
        item.description = `line ${l.line + 1}: ${what}${waste ? ` · ${waste}` : ''}`;
        item.tooltip = `${what}\n${l.estimateText} on disk, ${l.pullText}; confidence ${l.confidence}${l.findings ? `\n${problems}` : ''}${waste ? `\n${waste}` : ''}`;
        item.iconPath =
          l.findings || l.reclaimableText
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
            : new vscode.ThemeIcon(l.kind === 'base' ? 'package' : 'layers');
        item.command = this.reveal(l.line);
        item.accessibilityInformation = {
          label: `Line ${l.line + 1}, ${what}, ${l.sizeText === 'unknown' ? 'size unknown' : l.sizeText}${built ? `, built ${l.builtText}` : ''}${node.stage.ships ? '' : ', not shipped'}, ${problems}${waste ? `, ${waste}` : ''}`,
        };
        return item;
      }
    }
  }

  private reveal(line: number): vscode.Command | undefined {
    return this.uri ? { command: 'dockerfileSizeHints.revealLine', title: 'Go to line', arguments: [this.uri, line] } : undefined;
  }
}
