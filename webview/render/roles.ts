/**
 * The roles editor: which matrix plays each role, whether that was inferred from its name or given, and a
 * select (`#role-<role>`) listing the matrices found, plus "(inferred)" to give the role back to inference.
 * A choice posts `setRole`; the host recomputes. The roles of the mode in use (X, W_Q, W_K, W_V, or Q, K, V)
 * and the optional roles that are bound or needed (W_O with several heads, W_a/U_a/v_a for their score, the
 * mask matrix) are listed; the others are behind "More roles".
 */
import { roleSymbol } from '../../src/core/attention/formulas';
import { rolesCalledFor } from '../../src/core/attention/optionRoles';
import type { Role } from '../../src/core/attention/types';
import { toText } from '../../src/core/formula/text';
import { type ControlsState, MATRIX_NAME, type WireCandidate, type WireRole } from '../../src/shared/protocol';
import { h } from '../../webview-common/dom';
import { shapeText } from '../../webview-common/format';
import type { RenderContext } from './context';
import { type Choice, setChoices, singleSelect } from './fields';
import { badge } from './section';

/** The value of the "(inferred)" choice (parentheses cannot occur in a matrix name). */
export const INFERRED = '(inferred)';

const PROJECTION: readonly Role[] = ['x', 'wq', 'wk', 'wv'];
const DIRECT: readonly Role[] = ['q', 'k', 'v'];

/**
 * @param used the roles the computation used (the result's inputs), when there is a result.
 */
export function rolesEditor(ctx: RenderContext, controls: ControlsState, used: ReadonlySet<string> | undefined): HTMLElement {
  const { shown, more } = partition(controls, used);
  const grid = h('div', { className: 'role-grid' }, shown.map((r) => roleRow(ctx, r, controls.candidates)));
  const children: Node[] = [h('h3', { className: 'roles-heading', text: 'Roles' }), grid];
  if (more.length) {
    const details = h('details', { className: 'more-roles' }, [
      h('summary', { text: `More roles (${more.map((r) => r.title).join(', ')})` }),
      h('div', { className: 'role-grid' }, more.map((r) => roleRow(ctx, r, controls.candidates))),
    ]);
    // Remembered with the collapsed sections (the key records "open").
    details.open = ctx.isCollapsed('more-roles-open');
    details.addEventListener('toggle', () => ctx.setCollapsed('more-roles-open', details.open));
    children.push(details);
  }
  return h('div', { className: 'roles-editor', attrs: { role: 'group', 'aria-label': 'Roles' } }, children);
}

/** The roles to list at once and those behind "More roles". */
export function partition(controls: ControlsState, used: ReadonlySet<string> | undefined): { shown: WireRole[]; more: WireRole[] } {
  const o = controls.options;
  const named = (r: Role): boolean => !!controls.roles.find((x) => x.role === r)?.name;
  let main: readonly Role[];
  if (used?.has('x')) main = PROJECTION;
  else if (used?.has('q')) main = DIRECT;
  else {
    const p = PROJECTION.filter(named).length;
    const d = DIRECT.filter(named).length;
    main = p > d ? PROJECTION : d > p ? DIRECT : [...PROJECTION, ...DIRECT];
  }
  // The optional roles the options call for (W_O with several heads, the score's parameters, the mask matrix): the engine's rule.
  const calledFor = rolesCalledFor(o);
  const relevant = (r: Role): boolean =>
    main.includes(r) ||
    (named(r) && !PROJECTION.includes(r) && !DIRECT.includes(r)) ||
    calledFor.includes(r);
  const shown = controls.roles.filter((r) => relevant(r.role));
  const more = controls.roles.filter((r) => !relevant(r.role));
  return { shown, more };
}

function roleRow(ctx: RenderContext, role: WireRole, candidates: readonly WireCandidate[]): HTMLElement {
  const select = singleSelect(`role-${role.role}`, `Matrix for ${role.title}`);
  select.classList.add('role-select');
  const value = role.source === 'given' && role.name ? role.name : INFERRED;
  const choices: Choice[] = [
    {
      value: INFERRED,
      label: role.source === 'inferred' && role.name ? `${role.name} (inferred)` : role.source === 'given' ? '(infer from the names)' : '(none)',
      description: role.source === 'given' ? 'Give the role back to inference from the matrix names.' : 'Inferred from the matrix names.',
    },
    ...candidates.map((c) => ({
      value: c.name,
      label: `${c.name} (${shapeText(c.rows, c.cols)})`,
      ...(MATRIX_NAME.test(c.name)
        ? c.cell !== undefined ? { description: `Defined in cell ${c.cell + 1}.` } : {}
        : { description: 'This name cannot be chosen.', disabled: true }),
    })),
  ];
  if (role.source === 'given' && role.name && !candidates.some((c) => c.name === role.name)) {
    choices.push({ value: role.name, label: `${role.name} (not found)`, description: 'No matrix of this name was found.' });
  }
  setChoices(select, choices, value);
  select.addEventListener('change', () => {
    const v = select.value;
    if (v === value) return;
    if (v === INFERRED) ctx.post({ type: 'setRole', role: role.role, name: null });
    else ctx.post({ type: 'setRole', role: role.role, name: v });
  });
  const label = h('label', { className: 'role-title', title: role.title, attrs: { for: select.id } }, symbol(role.role));
  const state = role.source === 'none' ? 'not set' : role.source;
  const title = role.source === 'inferred' ? `Inferred from the name '${role.name}'` : role.source === 'given' ? 'Chosen by you' : 'No matrix plays this role';
  return h('div', { className: `role-row ${role.source}`, dataset: { role: role.role } }, [label, select, badge(state, title)]);
}

/** The role's symbol as the formulas write it (the engine's roleSymbol): W<sub>Q</sub>; `key padding` for the padding mask. */
function symbol(role: Role): (Node | string)[] {
  if (role === 'padding') return ['key padding'];
  const s = roleSymbol(role);
  return s.sub ? [s.base, h('sub', { text: s.sub.map(toText).join('') })] : [s.base];
}
