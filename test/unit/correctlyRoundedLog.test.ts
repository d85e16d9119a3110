/**
 * correctlyRoundedLog's polynomial runs in scalars (no double-double arrays): it must give the same bits as the
 * double-double helpers it spells out (ddMul, ddAdd), on the inputs the samplers give it and on edge cases.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DD, correctlyRoundedLog, ddAdd, ddDiv, ddMul, twoSum } from '../../src/core/random/log';

/** The same method with the double-double helpers (what log.ts computed before its loop was written in scalars). */
function reference(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  // x = m · 2^e with m in [1, 2), read from the bits (subnormals scaled up first)
  const bits = new DataView(new ArrayBuffer(8));
  const sub = x < 2 ** -1022;
  bits.setFloat64(0, sub ? x * 2 ** 64 : x);
  const high = bits.getUint32(0);
  let e = (high >>> 20) - 1023 - (sub ? 64 : 0);
  bits.setUint32(0, (high & 0x000fffff) | 0x3ff00000);
  let m = bits.getFloat64(0);
  if (m > Math.SQRT2) { m /= 2; e += 1; }
  const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
  if (m === 1) return e === 0 ? 0 : ddMul([e, 0], LN2)[0];
  const coeffs: DD[] = Array.from({ length: 24 }, (_, k) => ddDiv([1, 0], [2 * k + 1, 0]));
  const s = ddDiv([m - 1, 0], twoSum(m, 1));
  const t = ddMul(s, s);
  let p = coeffs[coeffs.length - 1];
  for (let k = coeffs.length - 2; k >= 0; k--) p = ddAdd(ddMul(p, t), coeffs[k]);
  const logM = ddMul(ddMul(s, p), [2, 0]);
  const r = e === 0 ? logM : ddAdd(ddMul([e, 0], LN2), logM);
  return r[0] + r[1];
}

describe('correctlyRoundedLog', () => {
  test('the scalar polynomial gives the bits of the double-double one', () => {
    let seed = 12345;
    const next = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const xs = [1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -52, 1 - 2 ** -53, 1e-300, 5e-324, 1.7976931348623157e308, 3, 10, 0.1];
    for (let i = 0; i < 20000; i++) xs.push(next(), next() * next(), 1 - next() * 1e-6, 1 + next() * 1e-3, next() * 2 ** (next() * 200 - 100));
    for (const x of xs) assert.ok(Object.is(correctlyRoundedLog(x), reference(x)), `log(${x})`);
  });
  test('NaN, zero, negatives and infinity behave like Math.log', () => {
    for (const x of [NaN, 0, -0, -1, Infinity, -Infinity]) assert.ok(Object.is(correctlyRoundedLog(x), Math.log(x)));
  });
});
