type Stdlib = typeof import('@stdlib/random-base-mt19937');

/** A stdlib MT19937 generator: each call returns the next tempered 32-bit output as a number in [0, 2^32 − 1]. */
type StdlibGenerator = ReturnType<Stdlib['factory']>;

let stdlib: Stdlib | undefined;

/**
 * `@stdlib/random-base-mt19937`, loaded on the first draw: its module initialisation (≈ 9 ms of CPU) is not paid
 * by the extension's activation, nor by programs that draw no random numbers.
 */
function mt19937(): Stdlib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (stdlib ??= require('@stdlib/random-base-mt19937') as Stdlib);
}

/** Number of 32-bit words in the MT19937 state (`RK_STATE_LEN` / `N` in the reference code). */
const N = 624;
/** Largest seed `init_genrand` accepts: 2^32 − 1. */
export const MAX_SEED = 0xffffffff;

/**
 * Mersenne Twister state words for `init_genrand(seed)` (NumPy's `mt19937_seed` in `mt19937.c`):
 * `key[0] = seed`, `key[i] = 1812433253 · (key[i−1] ^ (key[i−1] >>> 30)) + i  (mod 2^32)`.
 * Returns the 624 words, not yet twisted. `seed` must be an integer in [0, 2^32 − 1] (not checked here).
 */
export function initGenrandKey(seed: number): Uint32Array {
  const key = new Uint32Array(N);
  key[0] = seed >>> 0;
  for (let i = 1; i < N; i++) {
    const s = key[i - 1] ^ (key[i - 1] >>> 30);
    key[i] = (Math.imul(s, 1812433253) >>> 0) + i;
  }
  return key;
}

/**
 * Builds a stdlib state array (schema version 1) for `init_genrand(seed)`; needed for seed 0, which
 * stdlib's `factory({ seed })` rejects because it only accepts *positive* integers.
 * Layout: `| version | num_sections | state_length | ...state(624) | other_length | state_index | seed_length | ...seed |`.
 */
function stdlibStateFor(seed: number): Uint32Array {
  // Start from a valid state produced by stdlib itself so the header words stay stdlib's own.
  const state = mt19937().factory({ seed: 1 }).state;
  if (state[0] !== 1 || state[2] !== N || state.length !== N + 7) {
    throw new Error('mt19937: unexpected @stdlib/random-base-mt19937 state layout');
  }
  state.set(initGenrandKey(seed), 3);
  state[N + 4] = N; // state index: twist before the first output
  state[N + 6] = seed >>> 0; // the recorded seed
  return state;
}

/**
 * The raw MT19937 stream NumPy's legacy `RandomState` draws from, backed by `@stdlib/random-base-mt19937`
 * (same twist and tempering as NumPy's `mt19937_next32`). Seeding is `init_genrand`, exactly what
 * `np.random.seed(n)` does for an integer `n` (`MT19937._legacy_seeding` → `mt19937_seed`).
 */
export class MT19937Stream {
  /** The generator, made from {@link seedValue} on first use. */
  private generator: StdlibGenerator | undefined;
  private seedValue: number;
  /** How many times the stream advanced or was reset (to tell whether a statement used it). */
  private count = 0;

  /** `seed`: integer in [0, 2^32 − 1] (not checked here; {@link NumpyRandomState.seed} validates). */
  constructor(seed: number) {
    this.seedValue = seed;
  }

  private get gen(): StdlibGenerator {
    return (this.generator ??= MT19937Stream.create(this.seedValue));
  }

  /** Re-initialises the stream with `init_genrand(seed)`. */
  seed(seed: number): void {
    this.seedValue = seed;
    this.generator = undefined;
    this.count++;
  }

  /** Advances on every output, seed and restore. */
  get draws(): number {
    return this.count;
  }

  /** A copy of the generator's whole state (to resume from it later with {@link restore}). */
  snapshot(): Uint32Array {
    return Uint32Array.from(this.gen.state);
  }

  /** Resumes from a state taken by {@link snapshot}. */
  restore(state: Uint32Array): void {
    this.gen.state = Uint32Array.from(state);
    this.count++;
  }

  /** Next tempered 32-bit output, an integer in [0, 2^32 − 1] (`mt19937_next32`). */
  nextUint32(): number {
    this.count++;
    return this.gen();
  }

  /** A double in [0, 1) with 53 random bits (`mt19937_next_double`): two outputs, high 27 and 26 bits. */
  nextDouble(): number {
    this.count += 2;
    const a = this.gen() >>> 5;
    const b = this.gen() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  private static create(seed: number): StdlibGenerator {
    // stdlib's integer seeding is init_genrand, but it refuses 0 (not a "positive integer"): pass a state instead.
    return seed === 0 ? mt19937().factory({ state: stdlibStateFor(0), copy: false }) : mt19937().factory({ seed });
  }
}
