import { InputError } from '../errors';
import type { NamedMatrix, Role, RoleBinding } from './types';

/** Name patterns by which a role is inferred (see CLI-SPEC: `X`, `words`, `W_Q`, `Wq`, `query`…). */
const ROLE_PATTERNS: Readonly<Record<Role, RegExp>> = {
  x: /^(x|xs|words|embeddings?|inputs?|input_embeddings|h|hidden(_states)?|tokens|token_embeddings|emb|seq|sequence)$/i,
  wq: /^w_?q(uery)?$/i,
  wk: /^w_?k(ey)?$/i,
  wv: /^w_?v(alue)?$/i,
  wo: /^w_?o(ut(put)?)?$/i,
  q: /^(q|query|queries|decoder_?states?|decoder_?hidden|s_?prev|h_?t)$/i,
  k: /^(k|key|keys|encoder_?states|encoder_?outputs|encoder_?hidden|annotations|h_?s)$/i,
  v: /^(v|value|values)$/i,
  wa: /^w_?a(lpha)?$/i,
  ua: /^u_?a$/i,
  va: /^v_?a$/i,
  mask: /^(mask|attn_mask|attention_mask|causal_mask)$/i,
  padding: /^((src_|tgt_|memory_)?key_?padding_?mask|padding_?mask|pad_?mask)$/i,
};

/** Names the user gave for roles (command-line flags, panel choices); each must name a found matrix. */
export type RoleOverrides = Partial<Readonly<Record<Role, string>>>;

/** Optional roles: the output projection, the score parameters and the masks. */
export interface ExtraRoles {
  readonly wo?: RoleBinding;
  readonly wa?: RoleBinding;
  readonly ua?: RoleBinding;
  readonly va?: RoleBinding;
  readonly mask?: RoleBinding;
  readonly padding?: RoleBinding;
}

/** The roles chosen for a computation: self-attention through projections, or Q/K/V given directly. */
export type RoleSet = (
  | { readonly mode: 'projection'; readonly x: RoleBinding; readonly wq: RoleBinding; readonly wk: RoleBinding; readonly wv: RoleBinding }
  | { readonly mode: 'direct'; readonly q: RoleBinding; readonly k: RoleBinding; readonly v: RoleBinding }
) & { readonly extras?: ExtraRoles };

const EXTRA_ROLES = ['wo', 'wa', 'ua', 'va', 'mask', 'padding'] as const;

/** The role a name suggests, if any. */
export function roleForName(name: string): Role | undefined {
  for (const role of Object.keys(ROLE_PATTERNS) as Role[]) if (ROLE_PATTERNS[role].test(name)) return role;
  return undefined;
}

/**
 * Picks the matrices for each role. Explicit `overrides` win; otherwise roles are inferred from names
 * (the last definition of a name counts, as when the program runs). Without any role names, matrices are
 * taken by position: one matrix is used as Q = K = V, three as Q, K, V, four as X, W_Q, W_K, W_V.
 * @throws InputError naming the missing role or the unknown matrix name.
 */
export function assignRoles(found: readonly NamedMatrix[], overrides: RoleOverrides = {}): RoleSet {
  const { main, pick } = mainRoles(found, overrides);
  const extras: { -readonly [R in (typeof EXTRA_ROLES)[number]]?: RoleBinding } = {};
  for (const role of EXTRA_ROLES) {
    const b = pick(role);
    if (b) extras[role] = b;
  }
  return Object.keys(extras).length ? { ...main, extras } : main;
}

function mainRoles(found: readonly NamedMatrix[], overrides: RoleOverrides): { main: RoleSet; pick: (role: Role) => RoleBinding | undefined } {
  const byName = new Map<string, NamedMatrix>();
  for (const m of found) if (m.name !== null) byName.set(m.name, m);

  // An N-D array (rank ≥ 3) keeps its whole value: the batched engine computes on every slice. A mask keeps
  // its array too, for its dtype (a float mask holding −inf is additive).
  const bind = (role: Role, m: NamedMatrix, source: RoleBinding['source'], name = m.name ?? `matrix at line ${m.range.start.line + 1}`): RoleBinding => {
    const keepArray = m.array && (m.ndShape || role === 'mask' || role === 'padding');
    const dtype = m.array && m.array.dtype !== 'float64' ? { dtype: m.array.dtype } : {};
    return { role, name, matrix: m.matrix, range: m.range, rowLabels: m.rowLabels, source, ...(keepArray ? { array: m.array } : {}), ...dtype };
  };

  const given = new Map<Role, RoleBinding>();
  for (const [role, name] of Object.entries(overrides) as [Role, string | undefined][]) {
    if (name === undefined) continue;
    const m = byName.get(name);
    if (!m) {
      const known = [...byName.keys()];
      throw new InputError(`no matrix named '${name}' for role ${roleTitle(role)}` + (known.length ? ` (found: ${known.join(', ')})` : ' (no named matrices found)'));
    }
    given.set(role, bind(role, m, 'given', name));
  }

  const inferred = new Map<Role, RoleBinding>();
  for (const m of byName.values()) {
    const role = roleForName(m.name as string);
    if (!role) continue;
    // `X` (tokens × d) over a one-row `x` left by a loop over its rows (`for x in X:`, `x = embeddings[w]`).
    const before = inferred.get(role);
    if (role === 'x' && before && before.matrix.rows > 1 && m.matrix.rows === 1 && !m.ndShape) continue;
    inferred.set(role, bind(role, m, 'inferred'));
  }
  const pick = (role: Role): RoleBinding | undefined => given.get(role) ?? inferred.get(role);

  const wantsDirect = given.has('q') || given.has('k') || given.has('v');
  const wantsProjection = given.has('x') || given.has('wq') || given.has('wk') || given.has('wv');
  const proj = { x: pick('x'), wq: pick('wq'), wk: pick('wk'), wv: pick('wv') };
  const direct = { q: pick('q'), k: pick('k'), v: pick('v') };

  const done = (main: RoleSet) => ({ main, pick });
  // Q, K, V with a head axis ((B, H, L, d_head), rank ≥ 4) are what the program attends with, heads split: they
  // win over X and its projections (which the program used to make them).
  const headed = [direct.q, direct.k, direct.v].some((b) => (b?.array?.shape.length ?? 2) >= 4);
  if (!wantsProjection && headed && direct.q && direct.k && direct.v) {
    return done({ mode: 'direct', q: direct.q, k: direct.k, v: direct.v });
  }
  if (!wantsDirect && proj.x && proj.wq && proj.wk && proj.wv) {
    return done({ mode: 'projection', x: proj.x, wq: proj.wq, wk: proj.wk, wv: proj.wv });
  }
  if (!wantsProjection && direct.q && direct.k && direct.v) {
    return done({ mode: 'direct', q: direct.q, k: direct.k, v: direct.v });
  }
  if (!wantsDirect && proj.x && !proj.wq && !proj.wk && !proj.wv && !direct.q && !direct.k && !direct.v) {
    // Only X: the simplified self-attention of many tutorials, softmax(X·Xᵀ)·X, with Q = K = V = X.
    const x = proj.x;
    return done({ mode: 'direct', q: { ...x, role: 'q' }, k: { ...x, role: 'k' }, v: { ...x, role: 'v' } });
  }
  if (!wantsProjection && direct.q && direct.k && !direct.v) {
    // Keys double as values when no V is named (encoder states in Bahdanau/Luong tutorials).
    return done({ mode: 'direct', q: direct.q, k: direct.k, v: { ...direct.k, role: 'v' } });
  }

  const anyRoleNamed = given.size > 0 || inferred.size > 0;
  if (!anyRoleNamed) {
    const all = found;
    if (all.length === 1) {
      const m = all[0];
      return done({ mode: 'direct', q: bind('q', m, 'inferred'), k: bind('k', m, 'inferred'), v: bind('v', m, 'inferred') });
    }
    if (all.length === 3) {
      return done({ mode: 'direct', q: bind('q', all[0], 'inferred'), k: bind('k', all[1], 'inferred'), v: bind('v', all[2], 'inferred') });
    }
    if (all.length === 4) {
      return done({ mode: 'projection', x: bind('x', all[0], 'inferred'), wq: bind('wq', all[1], 'inferred'), wk: bind('wk', all[2], 'inferred'), wv: bind('wv', all[3], 'inferred') });
    }
    if (all.length === 0) throw new InputError('no matrices found: select code that defines matrices, such as X = np.array([[1, 0], [0, 1]])');
    throw new InputError(
      `found ${all.length} matrices but none is named like a role (X, W_Q, W_K, W_V or Q, K, V); choose the roles explicitly`,
    );
  }

  const missingProj = (['x', 'wq', 'wk', 'wv'] as const).filter((r) => !proj[r]);
  const missingDirect = (['q', 'k', 'v'] as const).filter((r) => !direct[r]);
  const useProjectionMessage = wantsProjection || (!wantsDirect && missingProj.length <= missingDirect.length && missingProj.length < 4);
  const missing = useProjectionMessage ? missingProj : missingDirect;
  throw new InputError(
    `cannot find ${missing.map(roleTitle).join(', ')}: ` +
      (useProjectionMessage
        ? 'self-attention needs X, W_Q, W_K and W_V'
        : 'attention needs a query Q, keys K and values V') +
      ` (found: ${[...byName.keys()].join(', ') || 'no named matrices'})`,
  );
}

/** The conventional symbol of a role: `X`, `W_Q`, `Q`… */
export function roleTitle(role: Role): string {
  switch (role) {
    case 'x': return 'X';
    case 'wq': return 'W_Q';
    case 'wk': return 'W_K';
    case 'wv': return 'W_V';
    case 'wo': return 'W_O';
    case 'q': return 'Q';
    case 'k': return 'K';
    case 'v': return 'V';
    case 'wa': return 'W_a';
    case 'ua': return 'U_a';
    case 'va': return 'v_a';
    case 'mask': return 'mask';
    case 'padding': return 'key padding mask';
  }
}
