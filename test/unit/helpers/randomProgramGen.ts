/**
 * Random NumPy programs over the random API the evaluator reproduces (legacy np.random, RandomState,
 * default_rng, Generator(PCG64)), for the differential test against real NumPy. Generated with fast-check
 * from a fixed seed, so a failure names a reproducible program.
 */
import fc from 'fast-check';

const LEGACY_TARGETS = ['np.random', 'rs'] as const;
const PCG_TARGETS = ['rng', 'g'] as const;

const small = fc.integer({ min: 1, max: 4 });
/** A `size` argument: a length or a 2-D shape. */
const size = fc.oneof(small.map(String), fc.tuple(small, small).map(([a, b]) => `(${a}, ${b})`));
const float = fc.constantFrom('0.0', '0.5', '-1.25', '2.0', '3', '-7.5', '1e-3', '100.0');
const positive = fc.constantFrom('0.5', '1.0', '2.0', '0.01', '3');
const seed = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(String),
  fc.constantFrom('0', '1', '42', '12345', '2**40', '2**52 + 7'),
);
const legacySeed = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 - 1 }).map(String), fc.constantFrom('0', '1', '42'));
const bounds = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 2 ** 40 })).map(([lo, span]) => [lo, lo + span] as const);
const smallBounds = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: 1, max: 40 })).map(([lo, span]) => [lo, lo + span] as const);

/** A draw expression on a legacy generator `t` that returns an array (scalar draws wrapped in np.array([...])). */
function legacyDraw(t: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(small, small).map(([a, b]) => `${t}.rand(${a}, ${b})`),
    fc.tuple(small, small).map(([a, b]) => `${t}.randn(${a}, ${b})`),
    small.map((a) => `${t}.randn(${a})`),
    fc.tuple(fc.oneof(bounds, smallBounds), size).map(([[lo, hi], s]) => `${t}.randint(${lo}, ${hi}, size=${s})`),
    size.map((s) => `${t}.random_sample(${s})`),
    fc.tuple(float, float, size).map(([a, b, s]) => `${t}.uniform(${a}, ${b}, ${s})`),
    fc.tuple(float, positive, size).map(([a, b, s]) => `${t}.normal(${a}, ${b}, size=${s})`),
    size.map((s) => `${t}.standard_normal(${s})`),
    fc.tuple(fc.integer({ min: 5, max: 30 }), small, fc.boolean()).map(([n, s, r]) => `${t}.choice(${n}, ${s}, replace=${r ? 'True' : 'False'})`),
    fc.integer({ min: 1, max: 12 }).map((n) => `${t}.permutation(${n})`),
    fc.constant(`np.array([${t}.rand()])`),
    fc.constant(`np.array([${t}.normal(1.5, 2.0)])`),
  );
}

/** A draw expression on a Generator `t`. */
function pcgDraw(t: string): fc.Arbitrary<string> {
  return fc.oneof(
    size.map((s) => `${t}.random(${s})`),
    size.map((s) => `${t}.standard_normal(${s})`),
    fc.tuple(small, small).map(([a, b]) => `${t}.standard_normal((${a * 7}, ${b * 9}))`),
    fc.tuple(float, positive, size).map(([a, b, s]) => `${t}.normal(${a}, ${b}, size=${s})`),
    fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 10 }), size).map(([lo, span, s]) => `${t}.uniform(${lo}, ${lo + span}, ${s})`),
    fc.tuple(fc.oneof(bounds, smallBounds), size, fc.boolean()).map(([[lo, hi], s, e]) => `${t}.integers(${lo}, ${hi}, size=${s}, endpoint=${e ? 'True' : 'False'})`),
    fc.tuple(fc.integer({ min: 1, max: 2 ** 31 }), size).map(([hi, s]) => `${t}.integers(${hi}, size=${s})`),
    fc.tuple(fc.integer({ min: 5, max: 30 }), small, fc.boolean()).map(([n, s, r]) => `${t}.choice(${n}, ${s}, replace=${r ? 'True' : 'False'})`),
    fc.tuple(fc.integer({ min: 12000, max: 20000 }), fc.integer({ min: 1, max: 600 })).map(([n, s]) => `${t}.choice(${n}, ${s}, replace=False)`),
    fc.integer({ min: 1, max: 12 }).map((n) => `${t}.permutation(${n})`),
    fc.constant(`np.array([${t}.random()])`),
    fc.constant(`np.array([${t}.integers(0, 1000)])`),
  );
}

/** A statement that only moves a generator: a shuffle, or a 3-D draw (drawn exactly, not shown). */
function advance(t: string, pcg: boolean): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: 2, max: 9 }).map((n) => `tmp = np.arange(${n})\n${t}.shuffle(tmp)`),
    fc.constant(pcg ? `Z = ${t}.random((2, 2, 3))` : `Z = ${t}.rand(2, 2, 3)`),
  );
}

/**
 * A statement NumPy runs but the evaluator does not model (an unsupported distribution, a size it cannot
 * compute): every later draw from that generator must be withheld, never shown wrong.
 */
const poison: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('rng', 'g').map((t) => `P = ${t}.exponential(1.0, size=3)`),
  fc.constantFrom('rng', 'g').map((t) => `P = ${t}.standard_normal(len({1: 2, 3: 4}))`),
  fc.constantFrom('np.random', 'rs').map((t) => `P = ${t}.binomial(5, 0.5, 4)`),
  fc.constantFrom('np.random', 'rs').map((t) => `P = ${t}.randn(sorted([3, 1])[0] + 1)`),
);

/** Statements that make the evaluator withhold later draws (see {@link poison}); programs with them are marked. */
export const POISON_MARK = '# poison';

/** One program: create the generators, then draw `A0, A1, …`, with shuffles and re-seeds in between. */
export const randomProgram: fc.Arbitrary<string> = fc
  .record({
    legacySeed,
    rsSeed: legacySeed,
    rngSeed: seed,
    gSeed: seed,
    steps: fc.array(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...LEGACY_TARGETS, ...PCG_TARGETS).chain((t) => (t === 'np.random' || t === 'rs' ? legacyDraw(t) : pcgDraw(t)).map((e) => ({ kind: 'draw' as const, text: e }))) },
        { weight: 1, arbitrary: fc.constantFrom(...LEGACY_TARGETS, ...PCG_TARGETS).chain((t) => advance(t, t === 'rng' || t === 'g').map((text) => ({ kind: 'other' as const, text }))) },
        { weight: 1, arbitrary: legacySeed.map((s) => ({ kind: 'other' as const, text: `np.random.seed(${s})` })) },
        { weight: 1, arbitrary: poison.map((text) => ({ kind: 'poison' as const, text })) },
      ),
      { minLength: 3, maxLength: 10 },
    ),
  })
  .map(({ legacySeed: ls, rsSeed, rngSeed, gSeed, steps }) => {
    const lines = [
      'import numpy as np',
      `np.random.seed(${ls})`,
      `rs = np.random.RandomState(${rsSeed})`,
      `rng = np.random.default_rng(${rngSeed})`,
      `g = np.random.Generator(np.random.PCG64(${gSeed}))`,
    ];
    let k = 0;
    for (const s of steps) lines.push(s.kind === 'draw' ? `A${k++} = ${s.text}` : s.kind === 'poison' ? `${s.text}  ${POISON_MARK}` : s.text);
    return `${lines.join('\n')}\n`;
  });
