/**
 * The heatmap colour scale. With the `theme` colour map its weak end is the editor background itself and
 * its strong end a colour of a d3-scale-chromatic sequential scheme (blues; oranges for negative values), so
 * it follows light and dark themes; high-contrast themes then get no fills at all: a bar under the number
 * shows the magnitude instead. The other colour maps (`blues`, `viridis`, `magma`, `cividis`) are the
 * d3-scale-chromatic schemes themselves, the same in every theme (diverging data centred on the middle of
 * the scheme), with black or white text, whichever contrasts more.
 */
import { interpolateBlues, interpolateCividis, interpolateMagma, interpolateOranges, interpolateViridis } from 'd3-scale-chromatic';
import { contrast, mix, parseColor, toCss, type Rgb } from './color';
import { finiteRange } from './matrix';
import type { Theme } from './theme';
import type { ColorMapName, ColorScaleMode, WireMatrix } from '../src/shared/protocol';

/**
 * Which values map to which colour: `sequential` min…max, `diverging` −m…0…m around zero, `rows` each row
 * min…max of its own (row i: `mins[i]` … `maxs[i]`; a softmax is unchanged by a shift of its row, so this shows
 * where each query looks, however flat its weights), or `log` log10 of the value from `lo` to `hi` (decades of
 * small weights apart; entries ≤ 0 get the weak end).
 */
export type HeatDomain =
  | { readonly kind: 'sequential'; readonly min: number; readonly max: number }
  | { readonly kind: 'diverging'; readonly extent: number }
  | { readonly kind: 'rows'; readonly mins: Float64Array; readonly maxs: Float64Array }
  | { readonly kind: 'log'; readonly lo: number; readonly hi: number };

/** How one cell is painted. */
export interface CellPaint {
  /** Strength 0…1 of the colour (used for the high-contrast bars). */
  readonly t: number;
  readonly negative: boolean;
  readonly masked: boolean;
  /** CSS colours for a fill and for the text on it; absent in high contrast with the theme map (the stylesheet decides). */
  readonly background?: string;
  readonly foreground?: string;
}

/** How one matrix is coloured: `paint`, `rgb` and `ink` take the entry and its row (the `rows` domain needs it). */
export interface HeatScale {
  readonly domain: HeatDomain;
  paint(v: number | null, row?: number): CellPaint;
  /** The fill as RGB, for canvas heatmaps and saved images (also in high contrast, where it is the only cue). */
  rgb(v: number | null, row?: number): Rgb;
  /** A readable text colour on `rgb(v)` (for saved images). */
  ink(v: number | null, row?: number): Rgb;
  /** The colour at strength `t` (0…1) of the positive ramp, for legends. */
  at(t: number): Rgb;
}

/** Attention weights always use 0…1 so rows and steps compare; other matrices their own range. */
export function heatDomain(m: WireMatrix, probabilities: boolean): HeatDomain {
  if (probabilities) return { kind: 'sequential', min: 0, max: 1 };
  const r = finiteRange(m) ?? { min: 0, max: 0 };
  if (r.min < 0 && r.max > 0) return { kind: 'diverging', extent: Math.max(-r.min, r.max) };
  return { kind: 'sequential', min: r.min, max: r.max };
}

/**
 * The domain of an attention-shaped matrix (rows = queries) under a colour scale: `global` is
 * {@link heatDomain}; `row` each query's own min…max; `log` log10 of the positive entries (signed matrices keep
 * the global diverging domain: a logarithm has no sign).
 */
export function scaledDomain(m: WireMatrix, probabilities: boolean, mode: ColorScaleMode): HeatDomain {
  if (mode === 'row') return rowDomain(m);
  if (mode === 'log') {
    const r = finiteRange(m);
    if (r && r.min >= 0) {
      let lo = Infinity;
      for (const v of m.values) if (v !== null && v > 0 && v < lo) lo = v;
      const hi = probabilities ? 1 : r.max;
      if (lo < Infinity && hi > 0) return { kind: 'log', lo: Math.log10(Math.min(lo, hi)), hi: Math.log10(hi) };
    }
  }
  return heatDomain(m, probabilities);
}

/** Each row's smallest and largest finite entries (a row with none: 0…0). */
function rowDomain(m: WireMatrix): HeatDomain {
  const mins = new Float64Array(m.rows);
  const maxs = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = i * m.cols, end = j + m.cols; j < end; j++) {
      const v = m.values[j];
      if (v === null || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    mins[i] = lo <= hi ? lo : 0;
    maxs[i] = lo <= hi ? hi : 0;
  }
  return { kind: 'rows', mins, maxs };
}

/** Where `v` (in row `row`) lies in the domain: `position` 0…1 along the scheme, `t` its strength, its sign. */
function locateIn(domain: HeatDomain, v: number, row: number): { t: number; negative: boolean } {
  switch (domain.kind) {
    case 'diverging': {
      const t = domain.extent > 0 ? Math.min(1, Math.abs(v) / domain.extent) : 0;
      return { t, negative: v < 0 };
    }
    case 'sequential':
      return { t: unit(v, domain.min, domain.max), negative: false };
    case 'rows':
      return { t: unit(v, domain.mins[row] ?? 0, domain.maxs[row] ?? 0), negative: false };
    case 'log':
      return { t: v > 0 ? (domain.hi > domain.lo ? unit(Math.log10(v), domain.lo, domain.hi) : 1) : 0, negative: false };
  }
}

function unit(v: number, min: number, max: number): number {
  const span = max - min;
  return span > 0 ? Math.min(1, Math.max(0, (v - min) / span)) : 0;
}

const STEPS = 256;

const SCHEMES: Readonly<Record<Exclude<ColorMapName, 'theme'>, (t: number) => string>> = {
  blues: interpolateBlues,
  viridis: interpolateViridis,
  magma: interpolateMagma,
  cividis: interpolateCividis,
};

export function makeHeatScale(domain: HeatDomain, theme: Theme, colorMap: ColorMapName = 'theme'): HeatScale {
  if (colorMap !== 'theme' && SCHEMES[colorMap]) return schemeScale(domain, theme, SCHEMES[colorMap]);
  const positive = ramp(theme, interpolateBlues);
  const negative = ramp(theme, interpolateOranges);
  const maskedFill = mix(theme.background, theme.foreground, 0.08);
  const textOn = positive.map((c) => toCss(textColor(c, theme)));
  const textOnNegative = negative.map((c) => toCss(textColor(c, theme)));

  return {
    domain,
    paint(v, row = 0) {
      if (v === null || v === -Infinity) return { t: 0, negative: false, masked: true };
      const { t, negative: neg } = locateIn(domain, v, row);
      if (theme.highContrast) return { t, negative: neg, masked: false };
      const k = Math.round(t * (STEPS - 1));
      return {
        t,
        negative: neg,
        masked: false,
        background: toCss((neg ? negative : positive)[k]),
        foreground: (neg ? textOnNegative : textOn)[k],
      };
    },
    rgb(v, row = 0) {
      if (v === null || v === -Infinity) return maskedFill;
      const { t, negative: neg } = locateIn(domain, v, row);
      return (neg ? negative : positive)[Math.round(t * (STEPS - 1))];
    },
    ink(v, row = 0) {
      return v === null || v === -Infinity ? mix(theme.background, theme.foreground, 0.6) : textColor(this.rgb(v, row), theme);
    },
    at: (t) => positive[Math.round(Math.min(1, Math.max(0, t)) * (STEPS - 1))],
  };
}

/** A fixed scheme: `t` 0…1 over the whole scheme (diverging data: −m at 0, 0 at ½, m at 1). */
function schemeScale(domain: HeatDomain, theme: Theme, scheme: (t: number) => string): HeatScale {
  const colours = memo(scheme, 'scheme', () => {
    const out: Rgb[] = [];
    for (let k = 0; k < STEPS; k++) out.push(parseColor(scheme(k / (STEPS - 1))) ?? theme.foreground);
    return out;
  });
  const text = colours.map((c) => toCss(blackOrWhite(c)));
  const maskedFill = mix(theme.background, theme.foreground, 0.08);
  const locate = (v: number, row: number): { t: number; position: number; negative: boolean } => {
    if (domain.kind === 'diverging') {
      const x = domain.extent > 0 ? Math.max(-1, Math.min(1, v / domain.extent)) : 0;
      return { t: Math.abs(x), position: 0.5 + x / 2, negative: v < 0 };
    }
    const { t } = locateIn(domain, v, row);
    return { t, position: t, negative: false };
  };
  return {
    domain,
    paint(v, row = 0) {
      if (v === null || v === -Infinity) return { t: 0, negative: false, masked: true };
      const { t, position, negative } = locate(v, row);
      const k = Math.round(position * (STEPS - 1));
      return { t, negative, masked: false, background: toCss(colours[k]), foreground: text[k] };
    },
    rgb(v, row = 0) {
      if (v === null || v === -Infinity) return maskedFill;
      return colours[Math.round(locate(v, row).position * (STEPS - 1))];
    },
    ink(v, row = 0) {
      return v === null || v === -Infinity ? mix(theme.background, theme.foreground, 0.6) : blackOrWhite(this.rgb(v, row));
    },
    at: (t) => colours[Math.round(Math.min(1, Math.max(0, t)) * (STEPS - 1))],
  };
}

/** Black or white, whichever contrasts more with `fill` (WCAG relative luminance). */
export function blackOrWhite(fill: Rgb): Rgb {
  const white: Rgb = { r: 255, g: 255, b: 255 };
  const black: Rgb = { r: 0, g: 0, b: 0 };
  return contrast(white, fill) >= contrast(black, fill) ? white : black;
}

/**
 * `STEPS` colours from the editor background (t = 0) to the scheme's strong colour (t = 1). Light
 * backgrounds go up to a deep shade of the scheme, dark backgrounds to a mid shade, so the strong end
 * stands out without glaring.
 */
function ramp(theme: Theme, scheme: (t: number) => string): Rgb[] {
  const { r, g, b } = theme.background;
  return memo(scheme, `${r},${g},${b},${theme.lightBackground},${toCss(theme.foreground)}`, () => makeRamp(theme, scheme));
}

/**
 * Colour ramps by scheme and theme: every heatmap of a render (and of the next) uses the same few, so each is
 * computed once (a memo of pure results, not state: a theme change gives another key).
 */
const ramps = new WeakMap<(t: number) => string, Map<string, Rgb[]>>();

function memo(scheme: (t: number) => string, key: string, make: () => Rgb[]): Rgb[] {
  let byKey = ramps.get(scheme);
  if (!byKey) ramps.set(scheme, (byKey = new Map()));
  let out = byKey.get(key);
  if (!out) {
    if (byKey.size > 16) byKey.clear();
    byKey.set(key, (out = make()));
  }
  return out;
}

function makeRamp(theme: Theme, scheme: (t: number) => string): Rgb[] {
  const [from, to] = theme.lightBackground ? [0.3, 0.85] : [0.45, 0.72];
  const out: Rgb[] = [];
  for (let k = 0; k < STEPS; k++) {
    const t = k / (STEPS - 1);
    const target = parseColor(scheme(from + (to - from) * t)) ?? theme.foreground;
    out.push(mix(theme.background, target, Math.sqrt(t)));
  }
  return out;
}

/** The theme's own text colour when it is readable on `fill` (WCAG AA), else black or white. */
function textColor(fill: Rgb, theme: Theme): Rgb {
  if (contrast(theme.foreground, fill) >= 4.5) return theme.foreground;
  return blackOrWhite(fill);
}
