/** What every library call receives, and the exception for constructs the evaluator does not model. */
import { type ArrayLimits, NotReproduced } from '../../ndarray/ndarray';
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
  /**
   * Where a library module that computes attention itself (`nn.MultiheadAttention`) reports its inner arrays —
   * its projected `q`, `k`, `v` by head, its mask and its weights — as a call of the program's functions does
   * (CallFrame), so that the panel can show that attention. Set by the evaluator.
   */
  readonly frames?: { report(fn: string, arrays: readonly (readonly [string, PyValue])[]): void };
}

/**
 * Thrown for a construct the evaluator does not model (or a result it does not reproduce exactly); the statement
 * is skipped, not reported as wrong. It is the array core's {@link NotReproduced} (src/core/ndarray/ufunc.ts),
 * so that what the core leaves unknown is caught like everything else that is not modelled.
 */
export const NotEvaluable = NotReproduced;
export type NotEvaluable = NotReproduced;

/** A library function: positional and keyword arguments, the context, and its short name for messages (`np.zeros`). */
export type Impl = (args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string) => PyValue;
