/** Which of the parser's problems the explorer lists. */
import type { Problem } from '../../core/parse/types';

/**
 * The problems worth listing: those that are not only the consequence of an earlier one
 * (`Q is not available: words is not available: …` after a ragged `words`).
 */
export function rootProblems(problems: readonly Problem[]): Problem[] {
  const roots = problems.filter((p) => !/ is not available: /.test(p.message));
  return roots.length ? roots : problems.slice(0, 1);
}
