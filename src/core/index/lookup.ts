/**
 * Finding the matrix under the cursor in an extraction, without parsing: the definition whose name is under
 * the cursor, else the latest definition before it of the identifier under the cursor (in this cell or an
 * earlier one), else an anonymous literal that holds the position. Used by hovers and the explorer.
 */
import type { SourcePosition, SourceRange } from '../range';
import type { Extraction, FoundMatrix, UnknownName } from '../parse/types';

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

/**
 * The record that makes the identifier under the cursor unknown at this position: its latest unknown record
 * (in this cell or an earlier one) when no value was bound after it. Undefined when the name has a value
 * here (a hover then shows it, from {@link matrixAt}), also when the cursor is on a definition with a value.
 */
export function unknownAt(extraction: Extraction, source: number, position: SourcePosition, lineText: string): UnknownName | undefined {
  const word = identifierAt(lineText, position.character);
  if (!word) return undefined;
  const reaches = (x: { source: number; range: SourceRange }): boolean => x.source < source || (x.source === source && !before(position, x.range.start));
  let latestValue: FoundMatrix | undefined;
  for (const m of extraction.matrices) {
    if (m.source === source && m.nameRange && contains(m.nameRange, position)) return undefined;
    if (m.name === word.name && reaches(m)) latestValue = m;
  }
  let latest: UnknownName | undefined;
  for (const u of extraction.unknowns ?? []) if (u.name === word.name && reaches(u)) latest = u;
  if (!latest) return undefined;
  if (latestValue && (latestValue.source > latest.source || (latestValue.source === latest.source && before(latest.range.start, latestValue.range.start)))) return undefined;
  return latest;
}

function contains(r: SourceRange, p: SourcePosition): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

/** a < b */
function before(a: SourcePosition, b: SourcePosition): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
