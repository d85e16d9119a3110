/** What every renderer needs from the outside world. */
import type { ColorScaleMode, WebviewMessage } from '../../src/shared/protocol';
import type { Theme } from '../theme';
import type { ControlsBar } from './controls';
import type { LazyBlocks } from './lazy';

export interface RenderContext {
  readonly post: (message: WebviewMessage) => void;
  readonly theme: Theme;
  /** Sections the user collapsed (by step id, `inputs` for the inputs section). */
  readonly isCollapsed: (id: string) => boolean;
  readonly setCollapsed: (id: string, collapsed: boolean) => void;
  /** The selected tab of the heads view: -1 = the mean, h = head h. */
  readonly headTab: number;
  readonly setHeadTab: (tab: number) => void;
  /** How real entry (row, col) of a step that arrived sampled was computed (the host explains it on the whole matrices). */
  readonly explainReal: (step: string, head: number | undefined, row: number, col: number) => Promise<string | undefined>;
  /**
   * The element `make` builds, or the one built for the same `key` by the previous render (moved, not rebuilt):
   * the roles editor's selects force layouts when built, and a re-render with the same roles need not pay that.
   */
  readonly reuse: (slot: string, key: string, make: () => HTMLElement) => HTMLElement;
  /** The controls bar, kept in the page across renders. */
  readonly controls: ControlsBar;
  /** How attention matrices are coloured (the panel's choice, persisted). */
  readonly colorScale: ColorScaleMode;
  /** Chooses the colour scale: persisted, and the view is drawn again. */
  readonly setColorScale: (mode: ColorScaleMode) => void;
  /** Blocks of this render that are built when they near the viewport. */
  readonly lazy: LazyBlocks;
}
