/**
 * Multi-head attention: tabs "Mean" and "Head 0 … H−1" (`vscode-tabs`). The Mean tab holds the top-level
 * weights step (the mean of the heads' weights); a head's tab holds that head's steps (scores, scaled,
 * masked, weights, head output), rendered when the tab is first opened. With a head grid (the host's choice of
 * head, `headGrid.current`) the tab shown is that head's, and choosing a tab chooses the head there too
 * (`selectSlice`); without one the selected tab is remembered in the webview state.
 */
import type { VscodeTabs } from '@vscode-elements/elements/dist/vscode-tabs/vscode-tabs.js';
import type { ViewSettings, WireResult, WireStep } from '../../src/shared/protocol';
import { h } from '../../webview-common/dom';
import type { RenderContext } from './context';
import { stepSection } from './step';

/**
 * @param mean the top-level weights step (mean of the heads), shown in the Mean tab
 * @param number the number of the weights step in the headings (`4`): head steps are `4.1`, `4.2`…
 */
export function headsView(ctx: RenderContext, result: WireResult, mean: WireStep, number: number, settings: ViewSettings): HTMLElement {
  const heads = result.heads ?? [];
  const tabs = document.createElement('vscode-tabs') as VscodeTabs;
  tabs.className = 'head-tabs';
  const panels: HTMLElement[] = [];
  const filled = new Set<number>();

  const fill = (tab: number): void => {
    if (filled.has(tab)) return;
    filled.add(tab);
    const panel = panels[tab + 1];
    if (tab < 0) {
      panel.append(stepSection(ctx, mean, { number: `${number}.`, result }, settings));
      return;
    }
    panel.append(...heads[tab].steps.map((s, k) => stepSection(ctx, s, { number: `${number}.${k + 1}`, head: tab, result }, settings)));
  };

  const headers = [-1, ...heads.keys()].map((tab) => {
    const header = document.createElement('vscode-tab-header');
    header.slot = 'header';
    header.textContent = tab < 0 ? 'Mean' : `Head ${tab}`;
    header.dataset.tab = String(tab);
    header.title = tab < 0 ? `The mean of the ${heads.length} heads' attention weights` : `Head ${tab}: its scores, weights and output`;
    const panel = document.createElement('vscode-tab-panel');
    panel.dataset.tab = String(tab);
    panels.push(panel);
    return header;
  });
  tabs.append(...headers, ...panels);

  const grid = result.headGrid;
  const chosen = grid ? grid.current ?? -1 : ctx.headTab;
  const initial = chosen >= 0 && chosen < heads.length ? chosen : -1;
  tabs.selectedIndex = initial + 1;
  fill(initial);
  tabs.addEventListener('vsc-tabs-select', (e) => {
    const tab = e.detail.selectedIndex - 1;
    fill(tab);
    ctx.setHeadTab(tab);
    if (grid && (grid.current ?? -1) !== tab) ctx.post({ type: 'selectSlice', batch: [...(result.batch?.index ?? [])], head: tab < 0 ? null : tab });
  });

  const dk = result.dk;
  const intro = h('p', {
    className: 'heads-intro',
    text: `${heads.length} heads, each attending on its own ${dk}-column slice of Q, K and V (contiguous blocks, as torch.nn.MultiheadAttention splits them). Mean: what nn.MultiheadAttention returns with average_attn_weights=True.`,
  });
  return h('section', { className: 'heads', attrs: { 'aria-label': 'Attention per head' } }, [intro, tabs]);
}
