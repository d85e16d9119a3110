/** Renders a whole `ViewState` (loading, error or data: never a mix) into the root element. */
import { h } from '../dom';
import type { ViewState } from '../../src/shared/protocol';
import type { RenderContext } from './context';
import { header } from './header';
import { inputsSection } from './inputs';
import { errorBody, loadingBody } from './status';
import { stepSection } from './step';
import { normalizeSettings, resultProblem } from '../validate';

export function renderView(root: HTMLElement, state: ViewState, ctx: RenderContext): void {
  root.dataset.state = state.kind;
  root.classList.toggle('hc', ctx.theme.highContrast);
  root.setAttribute('aria-busy', String(state.kind === 'loading'));
  switch (state.kind) {
    case 'loading':
      root.replaceChildren(header(ctx, state.title, undefined, true), loadingBody());
      return;
    case 'error':
      root.replaceChildren(header(ctx, state.title, undefined, false), errorBody(ctx, state.message, state.range, state.cell));
      return;
    case 'data': {
      const { result } = state;
      const problem = resultProblem(result);
      if (problem) {
        root.replaceChildren(header(ctx, state.title, undefined, false), errorBody(ctx, `The extension sent a result the panel cannot show: ${problem}.`, undefined));
        return;
      }
      const settings = normalizeSettings(state.settings);
      root.replaceChildren(
        header(ctx, state.title, result, false),
        h('div', { className: 'sections' }, [
          inputsSection(ctx, result, settings),
          ...result.steps.map((step, i) => stepSection(ctx, step, i, result, settings)),
        ]),
      );
      return;
    }
  }
}
