/**
 * How an unknown name is explained to people, composed once from its structured record (the CLI's warnings,
 * hovers): `W is unknown from line 12: name 'tokenizer' is not defined`, and for a name that depends on an
 * unknown one, the chain down to the first cause.
 */
import type { UnknownCause, UnknownName } from './types';

/** The first cause of an unknown name: the statement that could not be evaluated. */
export function rootCause(u: UnknownName | UnknownCause): UnknownName | UnknownCause {
  let cur: UnknownName | UnknownCause = u;
  while (cur.cause) cur = cur.cause;
  return cur;
}

/** `x is unknown from line 12: …` (lines 1-based). */
export function describeUnknown(u: UnknownName | UnknownCause): string {
  const line = u.range.start.line + 1;
  if (!u.cause) return `${u.name} is unknown from line ${line}: ${u.reason}`;
  const root = rootCause(u);
  const via = u.cause.name === root.name ? '' : ` (through ${u.cause.name})`;
  const passed = 'passedTo' in u && u.passedTo !== undefined ? `${u.reason}: ` : '';
  return `${u.name} is unknown from line ${line}: ${passed}it depends on ${root.name}${via}, unknown from line ${root.range.start.line + 1}: ${root.reason}`;
}
