/** Inlay hints with the shape after each matrix assignment (`W_Q = random.randint(3, size=(3, 3))  ⟨3×3⟩`). */
import * as vscode from 'vscode';
import { featureEnabled } from '../config';
import { foundShapeText } from '../../core/parse/shapeText';
import type { IndexService } from '../index/indexService';

export class ShapeInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly index: IndexService) {}

  /** Asks VS Code for hints again (after the index was rebuilt or the setting changed). */
  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(doc: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    if (!featureEnabled('inlayHints')) return [];
    const location = this.index.locate(doc);
    if (!location) return [];
    const hints: vscode.InlayHint[] = [];
    for (const m of location.entry.extraction.matrices) {
      if (m.source !== location.source || m.name === null) continue;
      const end = m.range.end;
      if (end.line < range.start.line || end.line > range.end.line) continue;
      // After the statement, at the end of its last line (never inside the user's text).
      const line = doc.lineAt(Math.min(end.line, doc.lineCount - 1));
      const position = new vscode.Position(line.lineNumber, Math.max(end.character, line.range.end.character));
      const hint = new vscode.InlayHint(position, m.ndShape ? `⟨${m.ndShape.join('×')}⟩` : `⟨${m.matrix.rows}×${m.matrix.cols}⟩`, vscode.InlayHintKind.Type);
      hint.paddingLeft = true;
      hint.tooltip = `${m.name}: ${foundShapeText(m)}`;
      hints.push(hint);
    }
    return hints;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
