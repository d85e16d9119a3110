/**
 * Finding the matrix under the cursor in an extraction, without parsing: the definition whose name is under
 * the cursor, else the latest definition before it of the identifier under the cursor (in this cell or an
 * earlier one), else an anonymous literal that holds the position. Used by hovers and the explorer.
 */
import type { SourcePosition, SourceRange } from '../range';
import type { Extraction, FoundMatrix } from '../parse/types';

/** The identifier that covers `character` in `lineText`, with its start and end, if any. */
export function identifierAt(lineText: string, character: number): { name: string; start: number; end: number } | undefined {
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (let m = re.exec(lineText); m; m = re.exec(lineText)) {
    if (m.index <= character && character <= m.index + m[0].length) return { name: m[0], start: m.index, end: m.index + m[0].length };
    if (m.index > character) break;
  }
  return undefined;
}

export function matrixAt(extraction: Extraction, source: number, position: SourcePosition, lineText: string): FoundMatrix | undefined {
  const word = identifierAt(lineText, position.character);
  let latest: FoundMatrix | undefined;
  let literal: FoundMatrix | undefined;
  for (const m of extraction.matrices) {
    if (m.source === source && m.nameRange && contains(m.nameRange, position)) return m;
    if (word && m.name === word.name && (m.source < source || (m.source === source && !before(position, m.range.start)))) latest = m;
    if (!literal && m.name === null && m.source === source && contains(m.range, position)) literal = m;
  }
  return latest ?? literal;
}

function contains(r: SourceRange, p: SourcePosition): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

/** a < b */
function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
