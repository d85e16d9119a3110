/** What every library call receives, and the exception for constructs the evaluator does not model. */
import type { ArrayLimits } from '../../ndarray/ndarray';
import type { NumpyRandomState } from '../../random/numpyLegacy';
import type { RandomWorld } from '../../random/world';
import type { Kwargs, PyValue } from './values';

/** What a library call can use: the program's random generators and the limits. */
export interface CallContext {
  /** NumPy's global legacy generator (`random.global`'s implementation). */
  readonly rng: NumpyRandomState;
  readonly limits: ArrayLimits;
  /** Every generator of the program, with the last `np.random.seed` (`random.seed`). */
  readonly random: RandomWorld;
}

/** Thrown for a construct the evaluator does not model; the statement is skipped, not reported as wrong. */
export class NotEvaluable extends Error {
  override readonly name: string = 'NotEvaluable';
}

/** A library function: positional and keyword arguments, the context, and its short name for messages (`np.zeros`). */
export type Impl = (args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string) => PyValue;
