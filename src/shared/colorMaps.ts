/**
 * The colour maps a user can choose (`attentionExplorer.display.colorMap`), as d3-scale-chromatic's sequential
 * schemes: one table for the panel, the Live view and the hovers. `theme` is not here: each surface derives it
 * from the editor's theme (the webviews) or uses blues (hover images cannot read the theme).
 */
import { interpolateBlues, interpolateCividis, interpolateMagma, interpolateViridis } from 'd3-scale-chromatic';

/** The colour maps of the setting: `theme` follows the VS Code theme's colours. */
export type ColorMapName = 'theme' | 'blues' | 'viridis' | 'magma' | 'cividis';
export const COLOR_MAPS: readonly ColorMapName[] = ['theme', 'blues', 'viridis', 'magma', 'cividis'];

/** t ∈ [0, 1] → a CSS colour (`rgb(…)`), weak to strong. */
export type ColorScheme = (t: number) => string;

export const COLOR_SCHEMES: Readonly<Record<Exclude<ColorMapName, 'theme'>, ColorScheme>> = {
  blues: interpolateBlues,
  viridis: interpolateViridis,
  magma: interpolateMagma,
  cividis: interpolateCividis,
};
