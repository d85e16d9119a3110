/** Offsets in a text (UTF-16 code units, as JavaScript strings count) turned into 0-based line/character positions. */
import type { SourcePosition, SourceRange } from '../../range';

/** The start offset of every line of a text, for turning offsets into positions in O(log lines). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 0-based line and UTF-16 character of `offset` (lines end at `\n`). */
  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** The range from offset `start` to offset `end` (half-open). */
  range(start: number, end: number): SourceRange {
    return { start: this.position(start), end: this.position(end) };
  }
}
