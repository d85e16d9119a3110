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
import type { ColorMapName, WireMatrix } from '../src/shared/protocol';

/** Which values map to which colour: `sequential` min…max, or `diverging` −m…0…m around zero. */
export type HeatDomain =
  | { readonly kind: 'sequential'; readonly min: number; readonly max: number }
  | { readonly kind: 'diverging'; readonly extent: number };

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

export interface HeatScale {
  paint(v: number | null): CellPaint;
  /** The fill as RGB, for canvas heatmaps and saved images (also in high contrast, where it is the only cue). */
  rgb(v: number | null): Rgb;
  /** A readable text colour on `rgb(v)` (for saved images). */
  ink(v: number | null): Rgb;
}

/** Attention weights always use 0…1 so rows and steps compare; other matrices their own range. */
export function heatDomain(m: WireMatrix, probabilities: boolean): HeatDomain {
  if (probabilities) return { kind: 'sequential', min: 0, max: 1 };
  const r = finiteRange(m) ?? { min: 0, max: 0 };
  if (r.min < 0 && r.max > 0) return { kind: 'diverging', extent: Math.max(-r.min, r.max) };
  return { kind: 'sequential', min: r.min, max: r.max };
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

  const locate = (v: number): { t: number; negative: boolean } => {
    if (domain.kind === 'diverging') {
      const t = domain.extent > 0 ? Math.min(1, Math.abs(v) / domain.extent) : 0;
      return { t, negative: v < 0 };
    }
    const span = domain.max - domain.min;
    const t = span > 0 ? Math.min(1, Math.max(0, (v - domain.min) / span)) : 0;
    return { t, negative: false };
  };

  return {
    paint(v) {
      if (v === null || v === -Infinity) return { t: 0, negative: false, masked: true };
      const { t, negative: neg } = locate(v);
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
    rgb(v) {
      if (v === null || v === -Infinity) return maskedFill;
      const { t, negative: neg } = locate(v);
      return (neg ? negative : positive)[Math.round(t * (STEPS - 1))];
    },
    ink(v) {
      return v === null || v === -Infinity ? mix(theme.background, theme.foreground, 0.6) : textColor(this.rgb(v), theme);
    },
  };
}

/** A fixed scheme: `t` 0…1 over the whole scheme (diverging data: −m at 0, 0 at ½, m at 1). */
function schemeScale(domain: HeatDomain, theme: Theme, scheme: (t: number) => string): HeatScale {
  const colours: Rgb[] = [];
  for (let k = 0; k < STEPS; k++) colours.push(parseColor(scheme(k / (STEPS - 1))) ?? theme.foreground);
  const text = colours.map((c) => toCss(blackOrWhite(c)));
  const maskedFill = mix(theme.background, theme.foreground, 0.08);
  const locate = (v: number): { t: number; position: number; negative: boolean } => {
    if (domain.kind === 'diverging') {
      const x = domain.extent > 0 ? Math.max(-1, Math.min(1, v / domain.extent)) : 0;
      return { t: Math.abs(x), position: 0.5 + x / 2, negative: v < 0 };
    }
    const span = domain.max - domain.min;
    const t = span > 0 ? Math.min(1, Math.max(0, (v - domain.min) / span)) : 0;
    return { t, position: t, negative: false };
  };
  return {
    paint(v) {
      if (v === null || v === -Infinity) return { t: 0, negative: false, masked: true };
      const { t, position, negative } = locate(v);
      const k = Math.round(position * (STEPS - 1));
      return { t, negative, masked: false, background: toCss(colours[k]), foreground: text[k] };
    },
    rgb(v) {
      if (v === null || v === -Infinity) return maskedFill;
      return colours[Math.round(locate(v).position * (STEPS - 1))];
    },
    ink(v) {
      return v === null || v === -Infinity ? mix(theme.background, theme.foreground, 0.6) : blackOrWhite(this.rgb(v));
    },
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
