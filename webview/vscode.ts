/** The webview's side of the VS Code API: typed posting to the host and the persisted UI state. */
import * as v from 'valibot';
import { COLOR_SCALE_MODES, type ColorScaleMode, type ViewState, ViewStateSchema, type WebviewMessage } from '../src/shared/protocol';
import { parse, type WireOf } from '../src/shared/schema';
import { hostChannel } from '../webview-common/bridge';

/** The colour scale of a panel the user has not set: per query, which keeps flat rows of weights (≈ 1/S) readable. */
export const DEFAULT_COLOR_SCALE: ColorScaleMode = 'row';

/**
 * What survives the panel being hidden or reloaded (`getState`/`setState`); an older build may have stored
 * something else, so each field falls back to its default on its own (a malformed view is dropped: the host
 * sends a fresh one).
 */
const PersistedStateSchema = v.object({
  /** The last view shown, so the panel can paint at once before the host answers `ready`. */
  view: v.fallback(v.optional(ViewStateSchema), undefined),
  /** Steps the user collapsed, by step id (`inputs` for the inputs section). */
  collapsed: v.fallback(
    v.pipe(
      v.record(v.string(), v.unknown()),
      v.transform((r): Record<string, boolean> => Object.fromEntries(Object.keys(r).filter((k) => r[k] === true).map((k) => [k, true]))),
    ),
    {},
  ),
  /** The selected tab of the heads view: -1 = the mean, h = head h. */
  headTab: v.fallback(v.pipe(v.number(), v.integer(), v.minValue(-1)), -1),
  /** How attention matrices are coloured; `row` (per query) unless the user chose otherwise. */
  colorScale: v.fallback(v.picklist(COLOR_SCALE_MODES), DEFAULT_COLOR_SCALE),
});
export type PersistedState = WireOf<typeof PersistedStateSchema>;


/** Views larger than this many matrix entries are not persisted (setState serialises to JSON). */
const PERSIST_LIMIT = 200_000;

export class HostBridge {
  private readonly api = hostChannel<WebviewMessage, PersistedState>();
  private state: PersistedState;
  private storing = 0;

  constructor() {
    this.state = readPersisted(this.api.getState());
  }

  post(message: WebviewMessage): void {
    this.api.post(message);
  }

  get persisted(): PersistedState {
    return this.state;
  }

  /**
   * Remembers the view shown, after the frame that shows it (`setState` serialises the whole view: done at
   * once it would delay the paint); a newer view replaces one not yet stored.
   */
  rememberView(view: ViewState): void {
    this.state = { ...this.state, view: entryCount(view) <= PERSIST_LIMIT ? view : undefined };
    if (this.storing) return;
    this.storing = requestIdleCallback(() => {
      this.storing = 0;
      this.api.setState(this.state);
    }, { timeout: 500 });
  }

  setHeadTab(tab: number): void {
    this.update({ ...this.state, headTab: tab });
  }

  setColorScale(mode: ColorScaleMode): void {
    this.update({ ...this.state, colorScale: mode });
  }

  setCollapsed(id: string, collapsed: boolean): void {
    const next = { ...this.state.collapsed };
    if (collapsed) next[id] = true;
    else delete next[id];
    this.update({ ...this.state, collapsed: next });
  }

  private update(state: PersistedState): void {
    if (this.storing) cancelIdleCallback(this.storing);
    this.storing = 0;
    this.state = state;
    this.api.setState(state);
  }
}

/** What `getState` returned, each field checked (see {@link PersistedStateSchema}). */
function readPersisted(raw: unknown): PersistedState {
  return parse(PersistedStateSchema, raw) ?? { view: undefined, collapsed: {}, headTab: -1, colorScale: DEFAULT_COLOR_SCALE };
}

/** Entries of a view's matrices, by their shapes (reading `values` would decode packed matrices). */
function entryCount(view: ViewState): number {
  if (view.kind !== 'data') return 0;
  let n = 0;
  for (const s of view.result.steps) n += s.matrix.rows * s.matrix.cols;
  for (const h of view.result.heads ?? []) for (const s of h.steps) n += s.matrix.rows * s.matrix.cols;
  for (const i of view.result.inputs) n += i.matrix.rows * i.matrix.cols;
  return n;
}
