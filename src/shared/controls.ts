/** The state of the panel's controls: options in force, who plays each role, and the matrices to choose from. */
import type { RoleOverrides, RoleSet } from '../core/attention/roles';
import { roleForName, roleTitle } from '../core/attention/roles';
import { SCORE_INFO } from '../core/attention/scores';
import { headAxisSize } from '../core/attention/batched';
import { headCountChoices, scoreAllowsHeads } from '../core/attention/heads';
import { ROLES, SCORE_FUNCTIONS, type AttentionOptions, type Role, type RoleBinding } from '../core/attention/types';
import { DEFAULT_OPTIONS } from '../core/attention/pipeline';
import { visibleDefinitions } from '../core/parse/definitions';
import type { Extraction } from '../core/parse/types';
import type { ControlsState, WireCandidate, WireOptions } from './protocol';

/** Controls for a computation: `roles` when the roles could be assigned, otherwise the user's overrides only. */
export function controlsState(options: AttentionOptions, overrides: RoleOverrides, extraction: Extraction | undefined, roles: RoleSet | undefined, multiSource: boolean): ControlsState {
  const bound = new Map<Role, { name: string; source: 'inferred' | 'given' }>();
  if (roles) {
    const main: RoleBinding[] = roles.mode === 'projection' ? [roles.x, roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
    for (const b of [...main, ...Object.values(roles.extras ?? {})]) if (b) bound.set(b.role, b);
  } else {
    // The roles could not all be assigned: still show what the names suggest, so the user sees what is missing.
    for (const m of extraction?.matrices ?? []) {
      const role = m.name === null ? undefined : roleForName(m.name);
      if (role && m.name !== null) bound.set(role, { name: m.name, source: 'inferred' });
    }
  }
  const wireRoles = ROLES.map((role) => {
    const given = overrides[role];
    const b = given ? { name: given, source: 'given' as const } : bound.get(role);
    if (b) return { role, title: roleTitle(role), name: b.name, source: b.source };
    if (given) return { role, title: roleTitle(role), name: given, source: 'given' as const };
    return { role, title: roleTitle(role), name: null, source: 'none' as const };
  });
  const candidates: WireCandidate[] = (extraction ? visibleDefinitions(extraction) : [])
    .filter((m) => m.name !== null)
    .map((m) => ({ name: m.name as string, rows: m.matrix.rows, cols: m.matrix.cols, ...(multiSource ? { cell: m.source } : {}) }));
  const o: WireOptions = { ...DEFAULT_OPTIONS, ...options };
  return {
    options: o,
    roles: wireRoles,
    candidates,
    scores: SCORE_FUNCTIONS.map((id) => ({ id, title: SCORE_INFO[id].title, source: SCORE_INFO[id].source, params: [...SCORE_INFO[id].params], multiHead: scoreAllowsHeads(id) })),
    heads: headCountChoices(roles ? splitWidths(roles) : boundWidths(wireRoles, candidates), o.score, o.heads, roles ? headAxisSize(roles) : undefined),
  };
}

/** The widths heads split: the columns of Q, K and V (of W_Q, W_K, W_V when projected from X). */
function splitWidths(roles: RoleSet): number[] {
  const bs = roles.mode === 'projection' ? [roles.wq, roles.wk, roles.wv] : [roles.q, roles.k, roles.v];
  return bs.map((b) => b.matrix.cols);
}

/** The widths of the matrices the roles name, when the roles could not all be assigned (the error state). */
function boundWidths(roles: readonly { role: Role; name: string | null }[], candidates: readonly WireCandidate[]): number[] {
  const cols = (role: Role): number | undefined => {
    const name = roles.find((r) => r.role === role)?.name;
    return name ? candidates.find((c) => c.name === name)?.cols : undefined;
  };
  return (['q', 'k', 'v'] as const).map((r) => cols(`w${r}`) ?? cols(r)).filter((w): w is number => w !== undefined);
}
