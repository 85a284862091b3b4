/**
 * Code actions for a range: the quick fixes and refactors of the findings it touches, the refactors
 * of its RUNs, and (when asked for by kind) fix all. Linear in the file: each fix is looked up by
 * key, never by scanning the actions offered so far (a 1 MB file has thousands).
 */
import { CodeAction, CodeActionKind, Range, TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../core/analyze';
import type { FixAllResult } from '../core/fixes/fixAll';
import { refactorsAt } from '../core/refactors';
import { isSafeFix, type TextEdit } from '../core/rules/types';
import { FIX_ALL_KIND, toDiagnostic } from './handlers';

export function codeActions(doc: TextDocument, analysis: Analysis, range: Range, only: string[] | undefined, fixAll: () => FixAllResult): CodeAction[] {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  const toEdits = (edits: TextEdit[]) => edits.map((e) => LspTextEdit.replace(Range.create(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText));
  const offered = new Set<string>();
  /** The first action of each kind and title (a repeated fix adds its diagnostic there). */
  const firstOf = new Map<string, CodeAction>();
  if (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.Refactor)) {
    for (const f of analysis.findings) {
      if (f.end < start || f.start > end) continue;
      const diagnostic = toDiagnostic(doc, f);
      for (const fix of f.fixes) {
        const kind = fix.kind === 'refactor' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix;
        if (!wants(kind)) continue;
        const edits = JSON.stringify(fix.edits);
        const key = `${kind}\u0000${edits}`;
        // One merge fixes every RUN of its group: offer it once per request.
        const same = offered.has(key) ? firstOf.get(`${kind}\u0000${fix.title}`) : undefined;
        if (same) {
          if (kind === CodeActionKind.QuickFix) (same.diagnostics ??= []).push(diagnostic);
          continue;
        }
        offered.add(key);
        offered.add(edits);
        const action: CodeAction = {
          title: fix.title,
          kind,
          diagnostics: kind === CodeActionKind.QuickFix ? [diagnostic] : undefined,
          // Only a safe fix is preferred: editors apply the preferred one without asking (auto fix).
          isPreferred: isSafeFix(fix) || undefined,
          edit: { changes: { [doc.uri]: toEdits(fix.edits) } },
        };
        if (!firstOf.has(`${kind}\u0000${fix.title}`)) firstOf.set(`${kind}\u0000${fix.title}`, action);
        actions.push(action);
      }
    }
  }
  if (wants(CodeActionKind.RefactorRewrite)) {
    // Refactors on any RUN range, with or without a finding (not repeated when a quick fix already does the same).
    for (const fix of refactorsAt(analysis, start, end)) {
      const edits = JSON.stringify(fix.edits);
      if (!only && offered.has(edits)) continue;
      offered.add(edits);
      actions.push({ title: fix.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [doc.uri]: toEdits(fix.edits) } } });
    }
  }
  if (only && (wants(FIX_ALL_KIND) || only.includes(CodeActionKind.SourceFixAll) || only.includes(CodeActionKind.Source))) {
    const text = doc.getText();
    const fixed = fixAll();
    if (fixed.text !== text) {
      // One minimal edit (common prefix and suffix kept), so the cursor and folding survive a save.
      let a = 0;
      while (a < text.length && a < fixed.text.length && text[a] === fixed.text[a]) a++;
      let b = 0;
      while (b < text.length - a && b < fixed.text.length - a && text[text.length - 1 - b] === fixed.text[fixed.text.length - 1 - b]) b++;
      actions.push({
        title: `Fix all size problems in this file (${fixed.applied.length} fixes)`,
        kind: FIX_ALL_KIND,
        edit: { changes: { [doc.uri]: toEdits([{ start: a, end: text.length - b, newText: fixed.text.slice(a, fixed.text.length - b) }]) } },
      });
    }
  }
  return actions;
}
