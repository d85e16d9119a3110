import { twoProd, twoSum } from './log';

/**
 * `a·b + c` rounded once to double, as a contracted multiply-add (`vfmadd…sd`, which C/C++ and XLA
 * kernels built with FMA use for `a * b + c`): the product exactly (TwoProd), the sum with its error
 * (TwoSum), then one addition of the two error terms. Exact except when that last sum lands on a rounding
 * tie (probability ~2^−50). With `b = 1, c = 0` it is exactly `a`.
 */
export function fma64(a: number, b: number, c: number): number {
  if (b === 1 && c === 0) return a;
  const [p, e] = twoProd(a, b);
  const [s, t] = twoSum(p, c);
  return s + (t + e);
}
