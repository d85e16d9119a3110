/**
 * Which optional roles the options call for: W_O with several heads (Vaswani et al. 2017, §3.2.2), the score's
 * parameter matrices (W_a, U_a, v_a; the score table, scoreInfo.ts) and the mask matrix with `mask: 'matrix'`.
 * The engine binds such a role only when its options call for it; the panel's roles editor lists the roles
 * called for at once. Dependency-free apart from the score table, so the webview bundle imports it as it is.
 */
import { SCORE_INFO } from './scoreInfo';
import type { AttentionOptions, Role } from './types';

/** The roles that take part only when the options call for them (the others take part whenever they are bound). */
export const OPTION_ROLES: readonly Role[] = ['wo', 'wa', 'ua', 'va', 'mask'];

/**
 * The optional roles `options` call for, in {@link OPTION_ROLES} order: `wo` when `heads > 1`, the parameters of
 * `score`, `mask` when `mask` is `'matrix'`. Options left out count as the defaults (one head, no mask).
 */
export function rolesCalledFor(options: Pick<AttentionOptions, 'score' | 'mask' | 'heads'>): Role[] {
  const params: readonly Role[] = options.score ? SCORE_INFO[options.score].params : [];
  return OPTION_ROLES.filter((r) =>
    (r === 'wo' && (options.heads ?? 1) > 1) || params.includes(r) || (r === 'mask' && options.mask === 'matrix'));
}

/** Whether a bound role takes part in a computation under `options` (always, unless it is one of {@link OPTION_ROLES}). */
export function roleTakesPart(role: Role, options: Pick<AttentionOptions, 'score' | 'mask' | 'heads'>): boolean {
  return !OPTION_ROLES.includes(role) || rolesCalledFor(options).includes(role);
}
