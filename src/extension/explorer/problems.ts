/** Which of the parser's problems the explorer lists. */
import type { Problem } from '../../core/parse/types';

/**
 * The problems worth listing. Each problem is a mistake of its own: a statement that only depends on a wrong
 * one is not a problem but an unknown name (Extraction.unknowns, with its cause), so no problem needs to be
 * filtered out by reading its text.
 */
export function rootProblems(problems: readonly Problem[]): Problem[] {
  return [...problems];
}
