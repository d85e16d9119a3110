/** How numbers and shapes are written in the panel. */

const MINUS = '\u2212';

/**
 * `x` with `digits` significant digits, trailing zeros trimmed (`6`, `3.464`, `0.00739`, `1.235e6`), a
 * typographic minus (`−0.5`), and `−∞` for a masked entry (`null` on the wire, or `-Infinity`).
 */
export function formatNumber(x: number | null, digits: number): string {
  if (x === null || x === -Infinity) return `${MINUS}∞`;
  if (x === Infinity) return '∞';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const p = Math.min(21, Math.max(1, Math.round(digits)));
  const [mantissa, exponent] = x.toPrecision(p).split('e');
  const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  const s = exponent === undefined ? m : `${m}e${Number(exponent)}`;
  return s.replace('-', MINUS);
}

/** The full-precision value as stored in `data-value`: `String(x)`, and `-Infinity` for a masked entry. */
export function fullValue(x: number | null): string {
  return x === null ? '-Infinity' : String(x);
}

/** `4 × 3`. */
export function shapeText(rows: number, cols: number): string {
  return `${rows} × ${cols}`;
}

/** A divisor for people: `√3` when it is the square root of a whole number, else the number. */
export function divisorText(d: number, digits: number): string {
  const sq = Math.round(d * d);
  return sq >= 1 && Math.abs(Math.sqrt(sq) - d) <= 1e-9 * d ? `√${sq}` : formatNumber(d, digits);
}
