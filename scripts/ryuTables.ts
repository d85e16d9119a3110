/**
 * Generates assembly/ryuTables.ts, the 128-bit tables of powers of 5 used by the shortest float64 → decimal
 * conversion in assembly/format.ts (Ryū, Ulf Adams, "Ryū: fast float-to-string conversion", PLDI 2018, §3),
 * computed exactly with BigInt:
 *
 * - `POW5_INV[q]`, q = 0 … {@link POW5_INV_COUNT} − 1: ⌊2^(b(q) − 1 + {@link POW5_INV_BITS}) / 5^q⌋ + 1, where b(q) is the
 *   bit length of 5^q: 1/5^q scaled to 126 significant bits, rounded up (used when the binary exponent e2 ≥ 0).
 * - `POW5[i]`, i = 0 … {@link POW5_COUNT} − 1: 5^i scaled by a power of two to exactly {@link POW5_BITS} bits, rounded down
 *   (used when e2 < 0).
 *
 * Each entry is two u64 words, low word first. The script also checks, over every argument the conversion
 * uses, the integer approximations of logarithms that assembly/format.ts relies on (⌈log2 5^e⌉, ⌊log10 2^e⌋,
 * ⌊log10 5^e⌋), and for every exponent of a double that the table index and shift it computes are in range. Run from the repository root: `node --import tsx scripts/ryuTables.ts` (rewrites the file);
 * test/unit/numberFormat.test.ts checks that the committed file is this script's output.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Significant bits of the entries of `POW5_INV` (plus one). */
export const POW5_INV_BITS = 125;
/** Significant bits of the entries of `POW5`. */
export const POW5_BITS = 125;
/** q ≤ ⌊log10 2^969⌋ − 1 = 290 for the largest double's e2 = 2046 − 1023 − 52 − 2 = 969. */
export const POW5_INV_COUNT = 291;
/** i = −e2 − q ≤ 325 for the smallest e2 = 1 − 1023 − 52 − 2 = −1076 (q = ⌊log10 5^1076⌋ − 1 = 751). */
export const POW5_COUNT = 326;

export const OUTPUT_FILE = 'assembly/ryuTables.ts';

const MASK64 = (1n << 64n) - 1n;

function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** ⌊log10 x⌋ of a positive BigInt, exactly. */
function floorLog10(x: bigint): number {
  return x.toString(10).length - 1;
}

/** The approximations assembly/format.ts uses, checked exactly against BigInt over the ranges it calls them on. */
function checkApproximations(): void {
  for (let e = 0; e <= 1076; e++) {
    const p5 = 5n ** BigInt(e);
    // pow5bits(e) = ((e · 1217359) >> 19) + 1: the bit length of 5^e (⌈log2 5^e⌉, and 1 for e = 0).
    if (((e * 1217359) >>> 19) + 1 !== bitLength(p5)) throw new Error(`pow5bits(${e}) is wrong`);
    // log10Pow5(e) = (e · 732923) >> 20 = ⌊log10 5^e⌋.
    if ((e * 732923) >>> 20 !== floorLog10(p5)) throw new Error(`log10Pow5(${e}) is wrong`);
  }
  for (let e = 0; e <= 1076; e++) {
    // log10Pow2(e) = (e · 78913) >> 18 = ⌊log10 2^e⌋.
    if ((e * 78913) >>> 18 !== floorLog10(1n << BigInt(e))) throw new Error(`log10Pow2(${e}) is wrong`);
  }
}

/**
 * For every binary exponent of a finite positive double, the table index and the shift that assembly/format.ts
 * computes (the same formulas), checked: the index is inside its table, 64 < shift < 128 (its 192-bit shift
 * needs both), and the largest scaled value, ⌊(4·m2 + 2) · T / 2^shift⌋ for the largest m2, fits in 64 bits.
 */
function checkScaling(pow5Inv: bigint[], pow5: bigint[]): void {
  const pow5Bits = (e: number): number => ((e * 1217359) >>> 19) + 1;
  for (let exponent = 0; exponent < 2047; exponent++) {
    const e2 = (exponent === 0 ? 1 : exponent) - 1023 - 52 - 2;
    const m2 = (1n << 53n) - 1n;
    let table: bigint, shift: number, index: number;
    if (e2 >= 0) {
      const q = ((e2 * 78913) >>> 18) - (e2 > 3 ? 1 : 0);
      index = q;
      if (q >= pow5Inv.length) throw new Error(`exponent ${exponent}: q = ${q} is outside POW5_INV`);
      table = pow5Inv[q];
      shift = -e2 + q + POW5_INV_BITS + pow5Bits(q) - 1;
    } else {
      const q = ((-e2 * 732923) >>> 20) - (-e2 > 1 ? 1 : 0);
      const i = -e2 - q;
      index = i;
      if (i >= pow5.length) throw new Error(`exponent ${exponent}: i = ${i} is outside POW5`);
      table = pow5[i];
      shift = q - (pow5Bits(i) - POW5_BITS);
    }
    if (!(shift > 64 && shift < 128)) throw new Error(`exponent ${exponent} (index ${index}): shift ${shift} is outside (64, 128)`);
    if (((4n * m2 + 2n) * table) >> BigInt(shift) >= 1n << 64n) throw new Error(`exponent ${exponent}: the scaled value overflows 64 bits`);
  }
}

function words(x: bigint): [bigint, bigint] {
  if (x >> 128n) throw new Error('an entry does not fit in 128 bits');
  return [x & MASK64, x >> 64n];
}

/** The two tables as pairs of 64-bit words (low, high). */
export function ryuTables(): { pow5Inv: [bigint, bigint][]; pow5: [bigint, bigint][] } {
  checkApproximations();
  const inverse: bigint[] = [];
  for (let q = 0; q < POW5_INV_COUNT; q++) {
    const p = 5n ** BigInt(q);
    const shift = BigInt(bitLength(p) - 1 + POW5_INV_BITS);
    inverse.push((1n << shift) / p + 1n);
  }
  const direct: bigint[] = [];
  for (let i = 0; i < POW5_COUNT; i++) {
    const p = 5n ** BigInt(i);
    const excess = bitLength(p) - POW5_BITS;
    direct.push(excess > 0 ? p >> BigInt(excess) : p << BigInt(-excess));
  }
  checkScaling(inverse, direct);
  return { pow5Inv: inverse.map(words), pow5: direct.map(words) };
}

function table(name: string, doc: string, entries: [bigint, bigint][]): string {
  const lines = entries.map(([lo, hi]) => `  0x${lo.toString(16).padStart(16, '0')}, 0x${hi.toString(16).padStart(16, '0')},`);
  return `/** ${doc} */\nexport const ${name}: usize = memory.data<u64>([\n${lines.join('\n')}\n]);\n`;
}

/** The text of assembly/ryuTables.ts. */
export function ryuTablesSource(): string {
  const { pow5Inv, pow5 } = ryuTables();
  return `// Generated by scripts/ryuTables.ts (node --import tsx scripts/ryuTables.ts): do not edit.
// 128-bit powers of 5 for Ryū's shortest float64 → decimal conversion (assembly/format.ts); each entry is
// two u64 words, low word first, 16 bytes per entry.

/** Bits of precision of {@link POW5_INV}'s entries (as ⌊2^(bitlength(5^q) − 1 + this) / 5^q⌋ + 1). */
export const POW5_INV_BITS: i32 = ${POW5_INV_BITS};
/** Bit length of {@link POW5}'s entries. */
export const POW5_BITS: i32 = ${POW5_BITS};

${table('POW5_INV', `q = 0 … ${POW5_INV_COUNT - 1}: ⌊2^(bitlength(5^q) − 1 + ${POW5_INV_BITS}) / 5^q⌋ + 1.`, pow5Inv)}
${table('POW5', `i = 0 … ${POW5_COUNT - 1}: 5^i scaled by a power of two to exactly ${POW5_BITS} bits (rounded down).`, pow5)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT_FILE, ryuTablesSource());
  console.log(`wrote ${OUTPUT_FILE}`);
}
