/** What a library function receives: the program's random state and limits; the signature of an implementation. */
import type { ArrayLimits } from '../../ndarray/ndarray';
import type { NumpyRandomState } from '../../random/numpyLegacy';
import type { Kwargs, PyValue } from './values';

/** What a library call can use: the program's random state and the limits. */
export interface CallContext {
  readonly rng: NumpyRandomState;
  readonly limits: ArrayLimits;
  /** The last seed given to `np.random.seed` (null before any), to say how random matrices were made. */
  readonly random: { seed: number | null };
}

/** A library function: positional and keyword arguments in, a Python value out; `fn` is its name for messages. */
export type Impl = (args: readonly PyValue[], kwargs: Kwargs, ctx: CallContext, fn: string) => PyValue;
