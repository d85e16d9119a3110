/** A position in a text document: 0-based line and UTF-16 character offset (VS Code's convention). */
export interface SourcePosition {
  readonly line: number;
  readonly character: number;
}

/** A half-open range in a text document, 0-based (VS Code's convention). */
export interface SourceRange {
  readonly start: SourcePosition;
  readonly end: SourcePosition;
}

/** Formats a range for people: 1-based lines, as editors show them (`line 3` or `lines 3–5`). */
export function describeRange(range: SourceRange): string {
  const a = range.start.line + 1;
  const b = range.end.line + 1;
  return a === b ? `line ${a}` : `lines ${a}–${b}`;
}
