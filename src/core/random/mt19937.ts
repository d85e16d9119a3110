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
 * A saved state of an {@link MT19937Stream}; immutable, so one snapshot may be shared by every record taken while
 * the stream did not move. `words`: the generator's whole state (stdlib's layout); absent when the stream was
 * seeded with `seed` and has not been drawn from since (no state made yet).
 */
export interface MTSnapshot {
  readonly seed: number;
  readonly words: Uint32Array | undefined;
}

/** True when two snapshots resume the same stream. */
export function sameMTState(a: MTSnapshot, b: MTSnapshot): boolean {
  if (a === b) return true;
  if (!a.words && !b.words) return a.seed === b.seed;
  const x = a.words ?? MT19937Stream.seededWords(a.seed);
  const y = b.words ?? MT19937Stream.seededWords(b.seed);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The raw MT19937 stream NumPy's legacy `RandomState` draws from, backed by `@stdlib/random-base-mt19937`
 * (same twist and tempering as NumPy's `mt19937_next32`). Seeding is `init_genrand`, exactly what
 * `np.random.seed(n)` does for an integer `n` (`MT19937._legacy_seeding` → `mt19937_seed`).
 *
 * Snapshots are cheap: the generator is made on the first draw, a snapshot is taken once per state (kept until the
 * next draw, seed or restore) and a restore only notes the state, copied in on the next draw.
 */
export class MT19937Stream {
  /** The generator, made from {@link seedValue} (or {@link pending}) on first use. */
  private generator: StdlibGenerator | undefined;
  private seedValue: number;
  /** A state restored and not yet copied into the generator (on the next draw). */
  private pending: Uint32Array | undefined;
  /** How many times the stream advanced or was reset (to tell whether a statement used it). */
  private count = 0;
  /** The snapshot of the current state, when taken or restored since {@link count} last moved. */
  private saved: MTSnapshot | undefined;
  private savedAt = -1;

  /** `seed`: integer in [0, 2^32 − 1] (not checked here; {@link NumpyRandomState.seed} validates). */
  constructor(seed: number) {
    this.seedValue = seed;
  }

  private get gen(): StdlibGenerator {
    if (this.pending) {
      // stdlib copies a state it is given: the snapshot stays as it was
      if (this.generator) this.generator.state = this.pending;
      else this.generator = mt19937().factory({ state: this.pending });
      this.pending = undefined;
    }
    return (this.generator ??= MT19937Stream.create(this.seedValue));
  }

  /** Re-initialises the stream with `init_genrand(seed)`. */
  seed(seed: number): void {
    this.seedValue = seed;
    this.generator = undefined;
    this.pending = undefined;
    this.count++;
  }

  /** Advances on every output, seed and restore. */
  get draws(): number {
    return this.count;
  }

  /** The generator's whole state (to resume from it later with {@link restore}). */
  snapshot(): MTSnapshot {
    if (this.saved && this.savedAt === this.count) return this.saved;
    const words = this.pending ?? this.generator?.state; // stdlib's getter returns a copy
    this.saved = { seed: this.seedValue, words };
    this.savedAt = this.count;
    return this.saved;
  }

  /** Resumes from a state taken by {@link snapshot}. */
  restore(s: MTSnapshot): void {
    this.count++;
    this.seedValue = s.seed;
    this.pending = s.words;
    if (!s.words) this.generator = undefined; // seeded, not drawn from: made from the seed on the next draw
    this.saved = s;
    this.savedAt = this.count;
  }

  /** Next tempered 32-bit output, an integer in [0, 2^32 − 1] (`mt19937_next32`). */
  nextUint32(): number {
    this.count++;
    return this.gen();
  }

  /** A double in [0, 1) with 53 random bits (`mt19937_next_double`): two outputs, high 27 and 26 bits. */
  nextDouble(): number {
    this.count += 2;
    const g = this.gen;
    const a = g() >>> 5;
    const b = g() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** The state words of a stream just seeded with `seed` (to compare with a drawn-from one). */
  static seededWords(seed: number): Uint32Array {
    return MT19937Stream.create(seed).state;
  }

  private static create(seed: number): StdlibGenerator {
    // stdlib's integer seeding is init_genrand, but it refuses 0 (not a "positive integer"): pass a state instead.
    return seed === 0 ? mt19937().factory({ state: stdlibStateFor(0), copy: false }) : mt19937().factory({ seed });
  }
}
