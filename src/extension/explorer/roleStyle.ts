/** How roles look in the explorer: an icon and colour per role, and a phrase for people. */
import * as vscode from 'vscode';
import type { Role } from '../../core/attention/types';

const ICONS: Readonly<Record<Role, { readonly icon: string; readonly color?: string }>> = {
  x: { icon: 'symbol-array', color: 'charts.foreground' },
  wq: { icon: 'search', color: 'charts.blue' },
  wk: { icon: 'key', color: 'charts.orange' },
  wv: { icon: 'symbol-value', color: 'charts.green' },
  wo: { icon: 'output', color: 'charts.purple' },
  q: { icon: 'search', color: 'charts.blue' },
  k: { icon: 'key', color: 'charts.orange' },
  v: { icon: 'symbol-value', color: 'charts.green' },
  wa: { icon: 'symbol-parameter', color: 'charts.yellow' },
  ua: { icon: 'symbol-parameter', color: 'charts.yellow' },
  va: { icon: 'symbol-parameter', color: 'charts.yellow' },
  mask: { icon: 'eye-closed', color: 'charts.red' },
  padding: { icon: 'eye-closed', color: 'charts.red' },
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
