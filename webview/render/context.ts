/** What every renderer needs from the outside world. */
import type { WebviewMessage } from '../../src/shared/protocol';
import type { Theme } from '../theme';

export interface RenderContext {
  readonly post: (message: WebviewMessage) => void;
  readonly theme: Theme;
  /** Sections the user collapsed (by step id, `inputs` for the inputs section). */
  readonly isCollapsed: (id: string) => boolean;
  readonly setCollapsed: (id: string, collapsed: boolean) => void;
}
