/** How roles look in the explorer: an icon and colour per role, and a phrase for people. */
import * as vscode from 'vscode';
import type { Role } from '../../core/attention/types';

interface RoleIcon {
  readonly icon: string;
  readonly color?: string;
}

// A projection and what it projects to share a look: W_Q and Q, W_K and K, W_V and V.
const QUERY: RoleIcon = { icon: 'search', color: 'charts.blue' };
const KEY: RoleIcon = { icon: 'key', color: 'charts.orange' };
const VALUE: RoleIcon = { icon: 'symbol-value', color: 'charts.green' };
const SCORE_WEIGHT: RoleIcon = { icon: 'symbol-parameter', color: 'charts.yellow' };
const MASK: RoleIcon = { icon: 'eye-closed', color: 'charts.red' };

const ICONS: Readonly<Record<Role, RoleIcon>> = {
  x: { icon: 'symbol-array', color: 'charts.foreground' },
  wo: { icon: 'output', color: 'charts.purple' },
  wq: QUERY, q: QUERY,
  wk: KEY, k: KEY,
  wv: VALUE, v: VALUE,
  wa: SCORE_WEIGHT, ua: SCORE_WEIGHT, va: SCORE_WEIGHT,
  mask: MASK, padding: MASK,
};

/** The icon of a matrix playing `role` (a plain matrix icon when it plays none). */
export function roleIcon(role: Role | undefined): vscode.ThemeIcon {
  if (!role) return new vscode.ThemeIcon('symbol-variable');
  const { icon, color } = ICONS[role];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}

/** What a role is, in words: `input embeddings`, `query projection`… */
export function roleMeaning(role: Role): string {
  switch (role) {
    case 'x': return 'input embeddings';
    case 'wq': return 'query projection';
    case 'wk': return 'key projection';
    case 'wv': return 'value projection';
    case 'wo': return 'output projection';
    case 'q': return 'queries';
    case 'k': return 'keys';
    case 'v': return 'values';
    case 'wa': return 'score weight W_a';
    case 'ua': return 'score weight U_a';
    case 'va': return 'score vector v_a';
    case 'mask': return 'attention mask';
    case 'padding': return 'key padding mask';
  }
}
