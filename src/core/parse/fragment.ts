/**
 * The text of a selection as a program of its own: whole lines when the selection starts after indentation,
 * dedented (like Python's `textwrap.dedent`), with a map from fragment positions back to the document.
 */
import type { SourcePosition, SourceRange } from '../range';

export interface Fragment {
  readonly text: string;
  /** Maps a 0-based (line, character) of the fragment to the document. */
  readonly toDocument: (p: { row: number; column: number }) => SourcePosition;
}

/** The whole text, unchanged. */
export function wholeText(text: string): Fragment {
  return { text, toDocument: (p) => ({ line: p.row, character: p.column }) };
}

/** The text inside `range` of `text`, dedented. Lines and characters are 0-based. */
export function selectionFragment(text: string, range: SourceRange): Fragment {
  const lines = text.split(/\r?\n/);
  const { start, end } = range;
  const out: string[] = [];
  for (let l = start.line; l <= Math.min(end.line, lines.length - 1); l++) {
    const line = lines[l] ?? '';
    const from = l === start.line ? start.character : 0;
    const to = l === end.line ? Math.min(end.character, line.length) : line.length;
    out.push(line.slice(from, Math.max(from, to)));
  }
  let firstOffset = start.character;
  const prefix = (lines[start.line] ?? '').slice(0, start.character);
  if (firstOffset > 0 && /^\s*$/.test(prefix) && out.length > 0) {
    out[0] = prefix + out[0];
    firstOffset = 0;
  }
  const indents = out.filter((l, i) => l.trim() !== '' && (i > 0 || firstOffset === 0)).map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  const dedented = out.map((l, i) => (i === 0 && firstOffset > 0 ? l.trimStart() : l.slice(Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0))));
  const removed = out.map((l, i) => (i === 0 && firstOffset > 0 ? l.length - l.trimStart().length : Math.min(cut, /^[ \t]*/.exec(l)?.[0].length ?? 0)));
  return {
    text: dedented.join('\n'),
    toDocument: (p) => ({
      line: start.line + p.row,
      character: p.column + (removed[p.row] ?? 0) + (p.row === 0 ? firstOffset : 0),
    }),
  };
}

/** True when `a` ends at or before `b` starts. */
export function endsBefore(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}
