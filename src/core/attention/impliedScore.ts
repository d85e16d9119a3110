/**
 * The score function the found roles imply, for a computation whose score nobody chose: a file that defines
 * the parameters of a score was written for that score.
 * - `W_a`, `U_a` and `v_a`: additive, `e_ij = v_aᵀ tanh(W_a s_i + U_a h_j)` (Bahdanau et al. 2014, eq. 6).
 * - `W_a` and `v_a`, no `U_a`: concat, `v_aᵀ tanh(W_a [h_t; h̄_s])` (Luong et al. 2015, eq. 8).
 * - `W_a` alone: general, `h_tᵀ W_a h̄_s` (Luong et al. 2015, eq. 8).
 */
import type { RoleSet } from './roles';
import type { ScoreFunction } from './types';

export interface ImpliedScore {
  readonly score: ScoreFunction;
  /** Why, for people: `the file defines W_a, U_a and v_a (Bahdanau et al. 2014)`. */
  readonly because: string;
}

/** The score `roles` imply, or undefined when they imply none (no `W_a`). */
export function impliedScore(roles: RoleSet): ImpliedScore | undefined {
  const { wa, ua, va } = roles.extras ?? {};
  if (!wa) return undefined;
  const names = [wa, ua, va].filter((b) => b !== undefined).map((b) => b.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  if (ua && va) return { score: 'additive', because: `the file defines ${list}, the parameters of the additive score (Bahdanau et al. 2014)` };
  if (va) return { score: 'concat', because: `the file defines ${list}, the parameters of the concat score (Luong et al. 2015)` };
  return { score: 'general', because: `the file defines ${list}, the parameter of the general score (Luong et al. 2015)` };
}
