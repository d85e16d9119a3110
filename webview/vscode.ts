/** The webview's side of the VS Code API: typed posting to the host and the persisted UI state. */
import { COLOR_SCALE_MODES, parseHostMessage, type ColorScaleMode, type ViewState, type WebviewMessage } from '../src/shared/protocol';
import { controlsProblem, resultProblem } from './validate';

/** What survives the panel being hidden or reloaded (`getState`/`setState`). */
export interface PersistedState {
  /** The last view shown, so the panel can paint at once before the host answers `ready`. */
  readonly view?: ViewState;
  /** Steps the user collapsed, by step id (`inputs` for the inputs section). */
  readonly collapsed: Readonly<Record<string, boolean>>;
  /** The selected tab of the heads view: -1 = the mean, h = head h. */
  readonly headTab: number;
  /** How attention matrices are coloured; `row` (per query) unless the user chose otherwise. */
  readonly colorScale: ColorScaleMode;
}

/** The colour scale of a panel the user has not set: per query, which keeps flat rows of weights (≈ 1/S) readable. */
export const DEFAULT_COLOR_SCALE: ColorScaleMode = 'row';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PersistedState): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** Views larger than this many matrix entries are not persisted (setState serialises to JSON). */
const PERSIST_LIMIT = 200_000;

export class HostBridge {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private state: PersistedState;
  private storing = 0;

  constructor() {
    this.state = readPersisted(this.api.getState());
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
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

/** Validates what `getState` returned: an older build may have stored something else. */
function readPersisted(raw: unknown): PersistedState {
  if (typeof raw !== 'object' || raw === null) return { collapsed: {}, headTab: -1, colorScale: DEFAULT_COLOR_SCALE };
  const r = raw as { view?: unknown; collapsed?: unknown; headTab?: unknown; colorScale?: unknown };
  const parsed = parseHostMessage({ type: 'state', state: r.view });
  let view = parsed?.type === 'state' ? parsed.state : undefined;
  // A view stored by an older build (other options, no controls) is dropped: the host sends a fresh one.
  if (view?.kind === 'data' && (resultProblem(view.result) || controlsProblem(view.controls))) view = undefined;
  const collapsed: Record<string, boolean> = {};
  if (typeof r.collapsed === 'object' && r.collapsed !== null) {
    for (const [k, v] of Object.entries(r.collapsed)) if (v === true) collapsed[k] = true;
  }
  const headTab = typeof r.headTab === 'number' && Number.isInteger(r.headTab) && r.headTab >= -1 ? r.headTab : -1;
  const colorScale = (COLOR_SCALE_MODES as readonly unknown[]).includes(r.colorScale) ? (r.colorScale as ColorScaleMode) : DEFAULT_COLOR_SCALE;
  return { view, collapsed, headTab, colorScale };
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
