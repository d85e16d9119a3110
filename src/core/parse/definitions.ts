/** Which definitions a computation sees. */
import type { Extraction, FoundMatrix } from './types';

/**
 * The last definition of each name and every anonymous literal, in source order: what a program run to its
 * end would have (a name redefined later counts with its last value).
 */
export function visibleDefinitions(extraction: Extraction): FoundMatrix[] {
  const latest = new Map<string, FoundMatrix>();
  const anonymous: FoundMatrix[] = [];
  for (const m of extraction.matrices) {
    if (m.name === null) anonymous.push(m);
    else {
      latest.delete(m.name);
      latest.set(m.name, m);
    }
  }
  return [...latest.values(), ...anonymous].sort(
    (a, b) => a.source - b.source || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}
