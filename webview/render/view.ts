/**
 * Renders a whole `ViewState` (loading, error or data: never a mix) into the root element: the header, the
 * controls bar (kept in place across renders) and the body. The error state keeps the controls and the
 * roles editor when the host sends them, so the user can fix what the error names (e.g. choose W_a).
 */
import { h } from '../../webview-common/dom';
import type { ViewState } from '../../src/shared/protocol';
import type { RenderContext } from './context';
import { header, type HeaderStatus } from './header';
import { colorScaleSwitch } from './colorScale';
import { headsView } from './heads';
import { sliceSection } from './headGrid';
import { inputsSection } from './inputs';
import { notesCallout } from './notes';
import { rolesEditor } from './roles';
import { errorBody, loadingBody } from './status';
import { stepSection } from './step';

export function renderView(root: HTMLElement, state: ViewState, ctx: RenderContext): void {
  root.dataset.state = state.kind;
  const status = headerStatus(root, state);
  root.classList.toggle('hc', ctx.theme.highContrast);
  root.setAttribute('aria-busy', String(state.kind === 'loading'));
  switch (state.kind) {
    case 'loading':
      ctx.controls.update(undefined);
      place(root, header(ctx, state.title, undefined, true), ctx.controls.element, loadingBody());
      return;
    case 'error': {
      const { controls } = state;
      ctx.controls.update(controls);
      const body: Node[] = [errorBody(ctx, state.message, state.range, state.cell)];
      if (controls) body.push(h('section', { className: 'roles', attrs: { 'aria-label': 'Roles' } }, [ctx.reuse('roles', JSON.stringify([controls, null]), () => rolesEditor(ctx, controls, undefined))]));
      place(root, header(ctx, state.title, undefined, false, status), ctx.controls.element, h('div', { className: 'view-body' }, body));
      return;
    }
    case 'data': {
      // Checked on arrival (parseHostMessage): a malformed result arrives as an error state that names the problem.
      const { result, settings } = state;
      ctx.controls.update(state.controls, { dk: result.dk });
      const body: Node[] = [];
      const notes = notesCallout(result.notes);
      if (notes) {
        body.push(notes);
        ctx.lazy.skip(40 + 20 * result.notes.length);
      }
      body.push(colorScaleSwitch(ctx));
      ctx.lazy.skip(36);
      const slices = sliceSection(ctx, result);
      if (slices) body.push(slices);
      body.push(
        h('div', { className: 'sections' }, [
          inputsSection(ctx, result, settings, state.controls),
          ...result.steps.map((step, i) =>
            step.role === 'head_mean'
              ? headsView(ctx, result, step, i + 1, settings)
              : stepSection(ctx, step, { number: `${i + 1}.`, result }, settings),
          ),
        ]),
      );
      place(root, header(ctx, state.title, result, false, status), ctx.controls.element, h('div', { className: 'view-body' }, body));
      return;
    }
  }
}

/**
 * Shows a new computation whose view is the same as the one on screen (a re-run with unchanged input, a pin):
 * only the header changes (its "updated" time flashes); the body, its focus and scroll stay. Returns false
 * when the page does not hold a rendered view to keep (then render it whole).
 */
export function refreshHeader(root: HTMLElement, state: ViewState, ctx: RenderContext): boolean {
  const top = root.children[0];
  if (state.kind === 'loading' || root.dataset.state !== state.kind || root.children.length !== 3 || !(top instanceof HTMLElement)) return false;
  const result = state.kind === 'data' ? state.result : undefined;
  top.replaceWith(header(ctx, state.title, result, false, headerStatus(root, state)));
  return true;
}

/** The header's status; a new computation (even with the same numbers) flashes the "updated" time once. */
function headerStatus(root: HTMLElement, state: ViewState): HeaderStatus {
  const fresh = state.run !== undefined && root.dataset.run !== String(state.run);
  if (state.run !== undefined) root.dataset.run = String(state.run);
  return { updatedAt: state.updatedAt, run: state.run, fresh, pinned: state.pinned === true };
}

/** Header, controls bar and body; the bar is moved only when it is not already in place (keeps focus and drags). */
function place(root: HTMLElement, top: HTMLElement, bar: HTMLElement, body: HTMLElement): void {
  const [a, b, c] = [root.children[0], root.children[1], root.children[2]];
  if (root.children.length === 3 && b === bar && a && c) {
    a.replaceWith(top);
    c.replaceWith(body);
  } else {
    root.replaceChildren(top, bar, body);
  }
}

