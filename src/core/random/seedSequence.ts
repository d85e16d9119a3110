/**
 * NumPy's `SeedSequence` (numpy/random/bit_generator.pyx), reproduced for the seeds a program writes: an int
 * or a sequence of ints, no spawn key, the default pool of 4 words. The seed is split into 32-bit words
 * (lowest first), hashed into the pool (`mix_entropy`), and `generate_state` stretches the pool into as many
 * words as the bit generator needs. All arithmetic is on unsigned 32-bit words (Math.imul, `>>> 0`).
 */
import { InputError } from '../errors';

const POOL_SIZE = 4;
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;

/** A seed as NumPy accepts it for SeedSequence: a non-negative integer, or a list of them. */
export type SeedEntropy = bigint | number | readonly (bigint | number)[];

/**
 * The 32-bit words of a seed (`_coerce_to_uint32_array`): each integer lowest word first (0 → one word 0),
 * a sequence concatenated.
 * @throws InputError for a negative or non-integer seed (NumPy: ValueError / TypeError).
 */
export function seedWords(entropy: SeedEntropy): number[] {
  if (typeof entropy === 'bigint' || typeof entropy === 'number') return intWords(entropy);
  return entropy.flatMap((v) => intWords(v));
}

function intWords(v: bigint | number): number[] {
  if (typeof v === 'number' && !Number.isInteger(v)) throw new InputError(`SeedSequence: seed must be an integer, not the float ${v} (NumPy raises TypeError)`);
  let n = BigInt(v);
  if (n < 0n) throw new InputError(`SeedSequence: seed must be non-negative (got ${v}; NumPy raises ValueError)`);
  if (n === 0n) return [0];
  const words: number[] = [];
  while (n > 0n) {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return words;
}

/** The hash state `hashmix` updates as it goes (the multiplier changes on every call). */
class HashConst {
  constructor(public value: number) {}
}

function hashmix(value: number, hc: HashConst): number {
  let v = (value ^ hc.value) >>> 0;
  hc.value = Math.imul(hc.value, MULT_A) >>> 0;
  v = Math.imul(v, hc.value) >>> 0;
  return (v ^ (v >>> XSHIFT)) >>> 0;
}

function mix(x: number, y: number): number {
  const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
  return (r ^ (r >>> XSHIFT)) >>> 0;
}

/** The entropy pool after `mix_entropy` (4 words). */
export function seedPool(entropy: SeedEntropy): Uint32Array {
  const words = seedWords(entropy);
  const pool = new Uint32Array(POOL_SIZE);
  const hc = new HashConst(INIT_A);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < words.length ? words[i] : 0, hc);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src], hc));
  }
  for (let src = POOL_SIZE; src < words.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(words[src], hc));
  }
  return pool;
}

/** `SeedSequence(entropy).generate_state(n, np.uint32)`: `n` 32-bit words. */
export function generateState32(entropy: SeedEntropy, n: number): Uint32Array {
  const pool = seedPool(entropy);
  const out = new Uint32Array(n);
  let hc = INIT_B;
  for (let i = 0; i < n; i++) {
    let v = (pool[i % POOL_SIZE] ^ hc) >>> 0;
    hc = Math.imul(hc, MULT_B) >>> 0;
    v = Math.imul(v, hc) >>> 0;
    out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  return out;
}

/** `SeedSequence(entropy).generate_state(n, np.uint64)`: `n` 64-bit words, each from two 32-bit words, low first. */
export function generateState64(entropy: SeedEntropy, n: number): bigint[] {
  const w = generateState32(entropy, 2 * n);
  return Array.from({ length: n }, (_, i) => (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i]));
}
