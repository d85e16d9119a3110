/** Form fields from @vscode-elements: single selects whose options are replaced only when they change. */
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';

export interface Choice {
  readonly value: string;
  readonly label: string;
  /** Shown under the list while the option is active (the score's source, a candidate's cell). */
  readonly description?: string;
  readonly disabled?: boolean;
}

export function singleSelect(id: string, label: string): VscodeSingleSelect {
  const s = document.createElement('vscode-single-select');
  s.id = id;
  s.label = label;
  s.setAttribute('aria-label', label);
  s.position = 'below';
  return s;
}

/**
 * Gives `select` these choices with `value` selected. The option elements are rebuilt only when the choices
 * differ from the current ones (so an open list or the keyboard focus survives an update that changes
 * nothing); otherwise only the value is set. Setting the value never fires `change`.
 */
export function setChoices(select: VscodeSingleSelect, choices: readonly Choice[], value: string): void {
  const signature = JSON.stringify(choices);
  if (select.dataset.choices !== signature) {
    select.dataset.choices = signature;
    select.replaceChildren(
      ...choices.map((c) => {
        const o = document.createElement('vscode-option');
        o.value = c.value;
        o.textContent = c.label;
        if (c.description) o.description = c.description;
        o.disabled = c.disabled === true;
        o.selected = c.value === value;
        return o;
      }),
    );
  }
  if (select.value !== value) select.value = value;
}
