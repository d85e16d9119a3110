/** Every setting of the extension, typed, in one place (`attentionExplorer.*`). */
import * as vscode from 'vscode';
import type { AttentionOptions } from '../core/attention/types';
import { optionProblem } from '../core/attention/options';
import type { ParseLimits } from '../core/parse/types';
import { LIMIT_SETTINGS, type LimitSetting } from '../shared/limitSettings';
import { SCORE_FUNCTIONS, type ScoreFunction } from '../core/attention/types';
import { COLOR_MAPS, VIEW_SETTING_LIMITS, type ViewSettings } from '../shared/protocol';
import { MAX_RESOLUTION_SETTING } from '../shared/wire';

const SECTION = 'attentionExplorer';

function get<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration(SECTION).get<T>(key, fallback);
}

/** The groups of settings whose change some part of the extension reacts to (`attentionExplorer.<group>.*`). */
export type SettingGroup = 'limits' | 'display' | 'inlayHints' | 'codeLens' | 'hover' | 'diagnostics' | 'live';

/**
 * Calls `listener` when a setting of `group` changes (every Attention Explorer setting when `group` is
 * omitted): the one place the extension listens to configuration changes.
 */
export function onDidChangeSettings(listener: () => void, group?: SettingGroup): vscode.Disposable {
  const section = group ? `${SECTION}.${group}` : SECTION;
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(section)) listener();
  });
}

/** Whether the editor feature is on (`attentionExplorer.<feature>.enabled`, default true). */
export function featureEnabled(feature: 'inlayHints' | 'codeLens' | 'hover' | 'diagnostics' | 'live'): boolean {
  return get<boolean>(`${feature}.enabled`, true);
}

/** Turns live mode on or off where it is set (workspace when the workspace sets it, else user settings). */
export async function setLiveEnabled(on: boolean): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<boolean>('live.enabled');
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('live.enabled', on, target);
}

/** Significant digits in the panel's tables and the matrix size above which a canvas heatmap is drawn. */
export function viewSettings(): ViewSettings {
  return {
    precision: clampTo(get('display.precision', VIEW_SETTING_LIMITS.precision.default), VIEW_SETTING_LIMITS.precision),
    canvasThreshold: clampTo(get('display.canvasThreshold', VIEW_SETTING_LIMITS.canvasThreshold.default), VIEW_SETTING_LIMITS.canvasThreshold),
    colorMap: oneOf(get<string>('display.colorMap', 'theme'), COLOR_MAPS, 'theme'),
  };
}

/**
 * Rows and columns of a matrix sent to the panel whole (drawn at full resolution); larger matrices are sampled
 * to this many evenly spaced rows and columns, and the panel says so (`attentionExplorer.display.maxResolution`).
 */
export function maxResolution(): number {
  const { min, max, default: fallback } = MAX_RESOLUTION_SETTING;
  return clamp(get('display.maxResolution', fallback), min, max);
}

/**
 * Default pipeline options (score function, mask, temperature). The score only when the user set
 * `defaultScore`: otherwise the roles choose it (a file defining W_a, U_a and v_a opens with the additive
 * score; see `scoreFromRoles` of the core's `analyze`), else scaled dot-product.
 */
export function defaultOptions(): AttentionOptions {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>('defaultScore');
  const score = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
  // The mask only when the user set one: otherwise the attention found inside a call keeps the program's own.
  const maskSet = vscode.workspace.getConfiguration(SECTION).inspect<string>('defaultMask');
  const mask = maskSet?.workspaceFolderValue ?? maskSet?.workspaceValue ?? maskSet?.globalValue;
  const temperature = get<number>('temperature', 1);
  return {
    ...(score !== undefined ? { score: oneOf<ScoreFunction>(score, SCORE_FUNCTIONS, 'scaled_dot') } : {}),
    ...(mask !== undefined ? { mask: mask === 'causal' || mask === 'causal_lower_right' ? mask : 'none' } : {}),
    temperature: optionProblem('temperature', temperature) === undefined ? temperature : 1,
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Size limits, so that huge or hostile input ends in a message, never a frozen editor. */
export function parseLimits(): ParseLimits {
  return {
    maxTextLength: limit('maxFileSize'),
    maxElements: limit('maxMatrixElements'),
    maxNestingDepth: limit('maxNestingDepth'),
    maxWork: limit('maxWork'),
    maxLoopIterations: limit('maxLoopIterations'),
    maxCallDepth: limit('maxCallDepth'),
    maxAllocatedBytes: limit('maxAllocatedBytes'),
  };
}

/** The analysis worker's time budget per document, in milliseconds (`attentionExplorer.limits.analysisTimeout`). */
export function analysisTimeout(): number {
  return limit('analysisTimeout');
}

/** The analysis worker's heap budget, in MB (`attentionExplorer.limits.analysisMemory`; read when a worker starts). */
export function analysisMemory(): number {
  return limit('analysisMemory');
}

/** `attentionExplorer.limits.<name>`, clamped to its bounds (src/shared/limitSettings.ts). */
function limit(name: LimitSetting): number {
  const bounds = LIMIT_SETTINGS[name];
  return clampTo(get(`limits.${name}`, bounds.default), bounds);
}

function clampTo(x: number, l: { readonly min: number; readonly max: number }): number {
  return clamp(x, l.min, l.max);
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : lo;
}
