/**
 * Which role each found matrix plays, from an index's extraction and the user's choices, without parsing
 * again. When the roles are complete this is exactly what a computation would use (the core's
 * `assignRoles` on the last definition of each name, as `analyze` does); when they are not, each role
 * falls back to the chosen name, else to the name that suggests it.
 */
import { assignRoles, roleForName, type RoleOverrides, type RoleSet } from './roles';
import { visibleDefinitions } from '../parse/definitions';
import type { Role, RoleBinding } from './types';
import { InputError } from '../errors';
import type { Extraction, FoundMatrix } from '../parse/types';

/** A role a matrix plays: `given` when the user chose it (panel or explorer), `inferred` from its name or position. */
export interface PlayedRole {
  readonly role: Role;
  readonly source: 'inferred' | 'given';
}

export interface MatrixRoles {
  /** The roles of each matrix that plays any (a matrix may play two, e.g. K doubling as V). */
  readonly played: ReadonlyMap<FoundMatrix, readonly PlayedRole[]>;
  /** Why the roles are incomplete (the message a computation would give), when they are. */
  readonly incomplete?: string;
}


export function matrixRoles(extraction: Extraction, overrides: RoleOverrides): MatrixRoles {
  const found = visibleDefinitions(extraction);
  const played = new Map<FoundMatrix, PlayedRole[]>();
  const add = (m: FoundMatrix | undefined, role: Role, source: PlayedRole['source']): void => {
    if (!m) return;
    const list = played.get(m) ?? [];
    if (!list.some((p) => p.role === role)) list.push({ role, source });
    played.set(m, list);
  };
  try {
    const set = assignRoles(found, overrides);
    for (const b of bindings(set)) add(found.find((m) => m.range === b.range), b.role, b.source);
    return { played };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const byName = new Map(found.filter((m) => m.name !== null).map((m) => [m.name as string, m]));
    const given = new Set<Role>();
    for (const [role, name] of Object.entries(overrides) as [Role, string | undefined][]) {
      if (name === undefined) continue;
      given.add(role);
      add(byName.get(name), role, 'given');
    }
    for (const m of byName.values()) {
      const role = roleForName(m.name as string);
      if (role && !given.has(role)) add(m, role, 'inferred');
    }
    return { played, incomplete: e.message };
  }
}

function bindings(set: RoleSet): RoleBinding[] {
  const main = set.mode === 'projection' ? [set.x, set.wq, set.wk, set.wv] : [set.q, set.k, set.v];
  const extras = set.extras ? Object.values(set.extras).filter((b): b is RoleBinding => b !== undefined) : [];
  return [...main, ...extras];
}
