/**
 * Hovers over matrices: the shape, how the matrix was obtained, its values (up to 8 × 8) and a small heatmap,
 * read from the document index (no parsing on hover). When the matrix took part in the last computation:
 * its role, and for a token (a row of X or of Q) the keys it attends to, sorted, with bars.
 */
import * as vscode from 'vscode';
import { roleTitle } from '../../core/attention/roles';
import { displayedSlice, foundShapeText } from '../../core/parse/shapeText';
import { UNSEEDED_NOTE } from '../../core/parse/types';
import { describeUnknown } from '../../core/parse/unknowns';
import { featureEnabled } from '../config';
import type { AttentionController } from '../controller';
import type { IndexService } from '../index/indexService';
import { bar, escapeMarkdown as escape, formatHoverNumber, heatmapDataUri, matrixTable } from './markdown';

export class MatrixHoverProvider implements vscode.HoverProvider {
  constructor(private readonly index: IndexService, private readonly controller: AttentionController) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!featureEnabled('hover')) return undefined;
    const unknown = this.index.unknownAt(doc, position);
    if (unknown) {
      // No value is shown where it could be wrong: say why instead.
      const md = new vscode.MarkdownString(undefined, false);
      md.appendMarkdown(`**${escape(unknown.name)}**: unknown here\n\n`);
      md.appendText(describeUnknown(unknown));
      const word = doc.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
      return new vscode.Hover(md, word);
    }
    const hit = this.index.matrixAt(doc, position);
    if (!hit) return stoppedHover(this.index, doc, position);
    const { matrix: found, location } = hit;
    const m = found.matrix;
    const name = found.name ?? 'literal';
    const md = new vscode.MarkdownString(undefined, true);
    md.supportHtml = false;
    md.appendMarkdown(`**${escape(name)}**: ${escape(foundShapeText(found))}${found.array && found.array.dtype !== 'float64' ? ` ${found.array.dtype}` : ''}`);
    const origin = found.origin ?? 'literal';
    md.appendMarkdown(origin === 'literal' ? ' · literal' : ' · ');
    if (origin !== 'literal') md.appendMarkdown(`\`${origin.replace(/`/g, "'")}\``);
    md.appendMarkdown('\n\n');
    if (found.unseeded) md.appendMarkdown(`$(warning) ${escape(UNSEEDED_NOTE[0].toUpperCase() + UNSEEDED_NOTE.slice(1))}.\n\n`);
    if (found.precision) md.appendMarkdown(`${escape(found.precision)}\n\n`);

    const shown = this.controller.shownResult(location.entry.uri);
    if (shown) {
      // The batch element and head the panel shows (head null: the mean over heads).
      const { result: r, head } = shown;
      const headWeights = head !== null ? r.heads?.[head]?.weights : undefined;
      const weights = headWeights ?? r.weights;
      const binding = r.roles.find((b) => b.name === found.name && b.range && sameRange(b.range, found.range));
      if (binding) md.appendMarkdown(`Role in the last computation: **${roleTitle(binding.role)}** (${binding.source === 'inferred' ? 'inferred from the name' : 'given'})\n\n`);
      // A token: a row label of the queries (e.g. `word_1` stacked into `words`).
      const q = found.name ? r.queryLabels.indexOf(found.name) : -1;
      if (q >= 0) {
        const row = Array.from(weights.data.subarray(q * weights.cols, (q + 1) * weights.cols));
        const order = row.map((w, j) => ({ w, j })).sort((a, b) => b.w - a.w);
        const o = r.options;
        const how = [o.score.replace('_', ' '), o.mask !== 'none' ? `${o.mask.replace(/_/g, ' ')} mask` : '', o.temperature !== 1 ? `T = ${o.temperature}` : '', o.heads > 1 ? (headWeights ? `head ${head}` : `mean of ${o.heads} heads`) : '', r.batch ? `batch element [${r.batch.index.join(', ')}]` : '', o.hard ? 'hard' : '']
          .filter(Boolean).join(', ');
        md.appendMarkdown(`As query ${q}, **${escape(found.name ?? '')}** attends to (${how}):\n\n`);
        md.appendCodeblock(order.map(({ w, j }) => `${r.keyLabels[j].replace(/`/g, "'").padEnd(12)} ${formatHoverNumber(w).padStart(7)}  ${bar(w)}`).join('\n'), 'text');
      }
    }
    const slice = displayedSlice(found);
    if (slice) md.appendMarkdown(`\n\nShowing the 2-D slice \`${slice}\` (${m.rows} × ${m.cols}):`);
    md.appendMarkdown(`\n\n${matrixTable(m, found.rowLabels)}\n`);
    md.appendMarkdown(`\n\n![heatmap of ${escape(name)}](${heatmapDataUri(m)})`);
    const word = doc.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
    if (word && found.name !== null && doc.getText(word) === found.name) return new vscode.Hover(md, word);
    const range = found.range;
    return new vscode.Hover(md, new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character));
  }
}

/** A word of a document whose analysis stopped (time or memory budget, or an error): the hover says why. */
function stoppedHover(index: IndexService, doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const error = index.locate(doc)?.entry.error;
  const word = doc.getWordRangeAtPosition(position, /[A-Za-z_][A-Za-z0-9_]*/);
  if (!error || !word) return undefined;
  const md = new vscode.MarkdownString(undefined, true);
  md.supportHtml = false;
  md.appendMarkdown(`$(warning) Attention Explorer: ${escape(error)}`);
  return new vscode.Hover(md, word);
}

function sameRange(a: { start: { line: number; character: number } }, b: { start: { line: number; character: number } }): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
