/**
 * The controls bar under the header: score function, scale, temperature, mask (and what a 1 in a mask
 * means), number of heads and hard attention. Every change posts `setOptions` at once (the temperature
 * slider debounced); the host recomputes and sends a new state, which `update` shows.
 *
 * The bar is created once and kept in the page across renders (the rest of the panel is rebuilt), so a
 * slider being dragged, a number being typed or an open list survive the states that arrive meanwhile.
 *
 * Hooks (the elements that carry the values): `#control-score`, `#control-scale-mode` (`default` = 1/√d_k,
 * `custom`), `#control-scale` (the custom factor), `#control-temperature` (range input, value = log10 T),
 * `#control-temperature-value` (T itself), `#control-temperature-reset`, `#control-mask`,
 * `#control-mask-convention` (`keep` = 1 means attend, `block` = 1 means blocked), `#control-heads`,
 * `#control-hard`.
 */
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { optionProblem } from '../../src/core/attention/options';
import { SCORE_INFO, defaultScale } from '../../src/core/attention/scoreInfo';
import { MASK_CONVENTION_INFO, MASK_INFO, conventionLabel } from '../../src/core/attention/maskInfo';
import { MASK_CONVENTIONS, MASK_KINDS, type MaskKind, type Role, type ScoreFunction } from '../../src/core/attention/types';
import { toText } from '../../src/core/formula/text';
import type { ControlsState, WebviewMessage, WireOptions } from '../../src/shared/protocol';
import { codicon, h } from '../../webview-common/dom';
import { formatNumber } from '../../webview-common/format';
import { type Choice, setChoices, singleSelect } from './fields';

/** What the controls need to know beyond `ControlsState`. */
export interface ControlsInfo {
  /** d_k (of one head), for the 1/√d_k the scale defaults to. */
  readonly dk?: number;
}

/** The temperature slider's range (log scale). */
export const T_MIN = 0.05;
export const T_MAX = 20;
const SLIDER_DEBOUNCE_MS = 150;

const PARAM_TITLES: Readonly<Record<string, string>> = { wa: 'W_a', ua: 'U_a', va: 'v_a' };

const MASK_CHOICES: readonly { readonly value: MaskKind; readonly label: string; readonly description: string }[] = MASK_KINDS.map((value) => ({
  value, label: MASK_INFO[value].title, description: MASK_INFO[value].description,
}));

const CONVENTION_CHOICES: readonly Choice[] = MASK_CONVENTIONS.map((value) => ({
  value, label: conventionLabel(value), description: MASK_CONVENTION_INFO[value].description,
}));

export class ControlsBar {
  readonly element: HTMLElement;
  private controls: ControlsState | undefined;
  private info: ControlsInfo = {};

  private readonly score = singleSelect('control-score', 'Score function');
  private readonly scoreHint = h('div', { className: 'control-hint', attrs: { id: 'control-score-hint', role: 'status' } });
  private readonly scaleGroup: HTMLElement;
  private readonly scaleMode = singleSelect('control-scale-mode', 'Scale of the scores');
  private readonly scale = textField('control-scale', 'Scale factor');
  private readonly temperature = h('input', {
    className: 'slider',
    attrs: { id: 'control-temperature', type: 'range', min: String(Math.log10(T_MIN)), max: String(Math.log10(T_MAX)), step: '0.001', 'aria-label': 'Temperature (log scale)' },
  });
  private readonly temperatureValue = textField('control-temperature-value', 'Temperature T');
  private readonly temperatureReset = iconButton('control-temperature-reset', 'discard', 'Reset the temperature to T = 1');
  private readonly mask = singleSelect('control-mask', 'Mask');
  private readonly conventionGroup: HTMLElement;
  private readonly convention = singleSelect('control-mask-convention', 'What a 1 in the mask matrix or key padding means');
  private readonly heads = singleSelect('control-heads', 'Number of heads');
  private readonly hard = document.createElement('vscode-checkbox') as VscodeCheckbox;

  private sliderTimer: ReturnType<typeof setTimeout> | undefined;
  private dragging = false;

  constructor(private readonly post: (message: WebviewMessage) => void) {
    // Text fields (not type=number, whose value reads empty while "0." is being typed), committed on Enter or
    // when focus leaves, never rewritten while the user types in them.
    for (const f of [this.scale, this.temperatureValue]) f.setAttribute('inputmode', 'decimal');
    this.hard.id = 'control-hard';
    this.hard.label = 'Hard (argmax)';
    this.hard.title = 'Hard attention: each query puts all its weight on its best-scoring key';
    setChoices(this.scaleMode, [{ value: 'default', label: '1/√d_k' }, { value: 'custom', label: 'Custom' }], 'default');
    setChoices(this.convention, CONVENTION_CHOICES, 'keep');

    this.scaleGroup = control('Scale', this.scaleMode, [this.scaleMode, this.scale], 'scale');
    this.conventionGroup = control('Mask values', this.convention, [this.convention], 'convention');
    this.element = h('div', { className: 'controls', attrs: { role: 'group', 'aria-label': 'Attention options' } }, [
      control('Score', this.score, [this.score], 'score'),
      this.scaleGroup,
      control('Temperature', this.temperature, [this.temperature, this.temperatureValue, this.temperatureReset], 'temperature'),
      control('Mask', this.mask, [this.mask], 'mask'),
      this.conventionGroup,
      control('Heads', this.heads, [this.heads], 'heads'),
      h('div', { className: 'control hard' }, [this.hard]),
      this.scoreHint,
    ]);
    this.element.hidden = true;
    this.listen();
  }

  /** Shows `controls` (hides the bar when undefined, e.g. while loading). */
  update(controls: ControlsState | undefined, info: ControlsInfo = {}): void {
    this.controls = controls;
    this.info = info;
    this.element.hidden = !controls;
    if (!controls) return;
    const o = controls.options;
    const info0 = controls.scores.find((s) => s.id === o.score);

    setChoices(
      this.score,
      controls.scores.map((s) => ({
        value: s.id,
        label: s.title,
        description: `${scoreFormula(s.id)} (${s.source})${s.params.length ? `; needs ${s.params.map((p) => PARAM_TITLES[p] ?? p).join(', ')}` : ''}${!s.multiHead && o.heads > 1 ? '; one head only' : ''}`,
      })),
      o.score,
    );
    this.score.title = info0 ? `${info0.title}: ${scoreFormula(info0.id)} (${info0.source})` : '';
    this.updateScoreHint(controls);

    this.scaleGroup.hidden = o.score !== 'scaled_dot';
    const dk = info.dk;
    setChoices(this.scaleMode, [
      { value: 'default', label: dk ? `1/√d_k = ${formatNumber(defaultScale(dk), 4)}` : '1/√d_k', description: 'Vaswani et al. 2017: divide the scores by √d_k.' },
      { value: 'custom', label: 'Custom', description: 'Multiply the scores by a number of your choice.' },
    ], o.scale === null ? 'default' : 'custom');
    this.scale.hidden = o.scale === null;
    if (o.scale !== null && !isEditing(this.scale)) {
      this.scale.value = String(o.scale);
      this.scale.invalid = false;
    }

    if (!this.dragging && this.sliderTimer === undefined) this.temperature.value = String(Math.log10(clamp(o.temperature, T_MIN, T_MAX)));
    this.temperature.setAttribute('aria-valuetext', `T = ${formatNumber(o.temperature, 4)}`);
    if (!isEditing(this.temperatureValue) && this.sliderTimer === undefined) {
      this.temperatureValue.value = formatNumber(o.temperature, 4).replace('\u2212', '-');
      this.temperatureValue.invalid = false;
    }
    this.temperatureReset.disabled = o.temperature === 1;

    const maskRole = controls.roles.find((r) => r.role === 'mask');
    const paddingRole = controls.roles.find((r) => r.role === 'padding');
    setChoices(
      this.mask,
      MASK_CHOICES.map((m) =>
        m.value === 'matrix'
          ? maskRole?.name
            ? { value: m.value, label: `Mask matrix ${maskRole.name}`, description: m.description }
            : { value: m.value, label: 'Mask matrix', description: 'No matrix has the mask role: name one mask or attn_mask, or assign it under Roles.', disabled: o.mask !== 'matrix' }
          : m,
      ),
      o.mask,
    );
    this.conventionGroup.hidden = !(o.mask === 'matrix' || paddingRole?.name);
    setChoices(this.convention, CONVENTION_CHOICES, o.maskConvention);

    setChoices(this.heads, headChoices(o, controls), String(o.heads));
    this.heads.title = `${o.heads} ${o.heads === 1 ? 'head' : 'heads'}`;
    if (this.hard.checked !== o.hard) this.hard.checked = o.hard;
  }

  private updateScoreHint(controls: ControlsState): void {
    const s = controls.scores.find((x) => x.id === controls.options.score);
    const missing = (s?.params ?? []).filter((p) => !controls.roles.find((r) => r.role === p)?.name);
    this.scoreHint.hidden = missing.length === 0;
    if (!missing.length || !s) {
      this.scoreHint.replaceChildren();
      return;
    }
    const links = missing.flatMap((p, k) => {
      const a = h('a', { className: 'assign-role', text: PARAM_TITLES[p] ?? p, attrs: { href: '#', 'data-role': p }, title: `Choose the matrix for ${PARAM_TITLES[p] ?? p} under Roles` });
      a.addEventListener('click', (e) => {
        e.preventDefault();
        revealRole(p as Role);
      });
      return k === 0 ? [a] : [', ', a];
    });
    this.scoreHint.replaceChildren(codicon('warning'), ` The ${s.title.toLowerCase()} score needs `, ...links, ': assign ', missing.length === 1 ? 'it' : 'them', ' under Roles.');
  }

  private set(options: Partial<WireOptions>): void {
    const o = this.controls?.options;
    if (o && (Object.keys(options) as (keyof WireOptions)[]).every((k) => o[k] === options[k])) return;
    if (this.controls) this.controls = { ...this.controls, options: { ...this.controls.options, ...options } };
    this.post({ type: 'setOptions', options });
  }

  private listen(): void {
    this.score.addEventListener('change', () => {
      const score = this.score.value as ScoreFunction;
      const multiHead = this.controls?.scores.find((s) => s.id === score)?.multiHead ?? true;
      // A score with parameters (general, additive, concat) works with one head only.
      this.set(!multiHead && (this.controls?.options.heads ?? 1) > 1 ? { score, heads: 1 } : { score });
    });
    this.scaleMode.addEventListener('change', () => {
      if (this.scaleMode.value === 'default') this.set({ scale: null });
      else this.set({ scale: Number(defaultScale(this.info.dk ?? 1).toPrecision(6)) });
    });
    onCommit(this.scale, () => {
      const v = parseNumber(this.scale.value);
      this.scale.invalid = v === undefined;
      if (v !== undefined) this.set({ scale: v });
    });

    const flush = (): void => {
      if (this.sliderTimer !== undefined) clearTimeout(this.sliderTimer);
      this.sliderTimer = undefined;
      this.set({ temperature: sliderTemperature(Number(this.temperature.value)) });
    };
    this.temperature.addEventListener('input', () => {
      const T = sliderTemperature(Number(this.temperature.value));
      this.temperatureValue.value = formatNumber(T, 4);
      this.temperatureValue.invalid = false;
      this.temperature.setAttribute('aria-valuetext', `T = ${formatNumber(T, 4)}`);
      if (this.sliderTimer !== undefined) clearTimeout(this.sliderTimer);
      this.sliderTimer = setTimeout(flush, SLIDER_DEBOUNCE_MS);
    });
    this.temperature.addEventListener('change', flush);
    this.temperature.addEventListener('pointerdown', () => (this.dragging = true));
    const release = (): void => {
      this.dragging = false;
    };
    this.temperature.addEventListener('pointerup', release);
    this.temperature.addEventListener('pointercancel', release);
    this.temperature.addEventListener('lostpointercapture', release);
    onCommit(this.temperatureValue, () => {
      const v = parseNumber(this.temperatureValue.value);
      const ok = v !== undefined && optionProblem('temperature', v) === undefined;
      this.temperatureValue.invalid = !ok;
      if (ok) {
        this.temperature.value = String(Math.log10(clamp(v, T_MIN, T_MAX)));
        this.set({ temperature: v });
      }
    });
    this.temperatureReset.addEventListener('click', () => {
      this.temperature.value = '0';
      this.temperatureValue.value = '1';
      this.set({ temperature: 1 });
    });
    this.mask.addEventListener('change', () => this.set({ mask: this.mask.value as MaskKind }));
    this.convention.addEventListener('change', () => this.set({ maskConvention: this.convention.value === 'block' ? 'block' : 'keep' }));
    this.heads.addEventListener('change', () => {
      const n = Number(this.heads.value);
      if (optionProblem('heads', n) === undefined) this.set({ heads: n });
    });
    this.hard.addEventListener('change', () => this.set({ hard: this.hard.checked }));
  }
}

/** T for a slider position (log10 T), rounded to 3 significant digits and snapped to 1 near it. */
export function sliderTemperature(position: number): number {
  const T = 10 ** position;
  if (Math.abs(position) < 0.01) return 1;
  return Number(clamp(T, T_MIN, T_MAX).toPrecision(3));
}

/** The numbers of heads the engine offers for the inputs; a refused one is disabled unless it is in force. */
function headChoices(o: WireOptions, controls: ControlsState): Choice[] {
  return controls.heads.map((c) => ({
    value: String(c.heads),
    label: String(c.heads),
    description: sentence(c.description),
    disabled: !c.valid && c.heads !== o.heads,
  }));
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** A finite number typed by the user (accepts the typographic minus), or undefined. */
function parseNumber(text: string): number | undefined {
  const t = text.trim().replace('\u2212', '-');
  if (!t) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** True while the user has focus in the field (a custom element: its shadow input has the real focus). */
function isEditing(field: HTMLElement): boolean {
  return document.activeElement === field || field.matches(':focus-within');
}

/** Calls `commit` when the user presses Enter in the field or leaves it (not on every keystroke). */
function onCommit(field: HTMLElement, commit: () => void): void {
  let last: string | undefined;
  const fire = (): void => {
    const value = (field as VscodeTextfield).value;
    if (value === last) return;
    last = value;
    commit();
  };
  field.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') fire();
  });
  field.addEventListener('focusout', fire);
}

function textField(id: string, label: string): VscodeTextfield {
  const t = document.createElement('vscode-textfield');
  t.id = id;
  t.label = label;
  t.setAttribute('aria-label', label);
  return t;
}

function iconButton(id: string, icon: string, title: string): HTMLButtonElement {
  const b = h('button', { className: 'icon-button', title, attrs: { id, type: 'button', 'aria-label': title } }, [codicon(icon)]);
  return b;
}

/** A labelled control: `<label>` naming the first field, then the fields. */
function control(label: string, labelled: HTMLElement, fields: readonly HTMLElement[], kind: string): HTMLElement {
  const l = h('label', { className: 'control-label', text: label, attrs: { for: labelled.id } });
  return h('div', { className: `control ${kind}` }, [l, ...fields]);
}

/** Scrolls to the select of `role` (opening the sections around it) and focuses it. */
export function revealRole(role: Role): void {
  const el = document.getElementById(`role-${role}`);
  if (!el) return;
  for (let p: HTMLElement | null = el.parentElement; p; p = p.parentElement) {
    if (p instanceof HTMLDetailsElement) p.open = true;
    if (p.tagName === 'VSCODE-COLLAPSIBLE') (p as HTMLElement & { open: boolean }).open = true;
  }
  el.scrollIntoView({ block: 'center' });
  el.focus();
}

/** The score function's formula as text, from the score table (`S = Q Kᵀ`). */
function scoreFormula(score: ScoreFunction): string {
  return toText(SCORE_INFO[score].formula());
}
