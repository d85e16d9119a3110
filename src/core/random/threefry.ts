/**
 * The Threefry-2x32 block cipher with 20 rounds (Salmon et al., "Parallel random numbers: as easy as
 * 1, 2, 3", SC 2011), exactly as JAX's `threefry2x32_p` computes it (`jax/_src/prng.py`,
 * `_threefry2x32_lowering` / `threefry2x32`): key words k0, k1, a third key word
 * `k0 ^ k1 ^ 0x1BD11BDA`, rotations (13, 15, 26, 6) and (17, 29, 16, 24) alternating over five groups of
 * four rounds, with a key injection (plus the group number) after each group.
 *
 * All words are unsigned 32-bit integers held in JavaScript numbers.
 */

const ROTATIONS: readonly (readonly number[])[] = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];

function rotl(v: number, r: number): number {
  return ((v << r) | (v >>> (32 - r))) >>> 0;
}

/**
 * Threefry-2x32 of the counter pair (x0, x1) under key (k0, k1): returns the two output words.
 * Inputs: unsigned 32-bit integers (not checked).
 */
export function threefry2x32(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let a = (x0 + ks[0]) >>> 0;
  let b = (x1 + ks[1]) >>> 0;
  for (let group = 0; group < 5; group++) {
    for (const r of ROTATIONS[group % 2]) {
      a = (a + b) >>> 0;
      b = rotl(b, r);
      b = (b ^ a) >>> 0;
    }
    a = (a + ks[(group + 1) % 3]) >>> 0;
    b = (b + ks[(group + 2) % 3] + group + 1) >>> 0;
  }
  return [a, b];
}
