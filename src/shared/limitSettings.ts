/**
 * The limit settings (`attentionExplorer.limits.<name>`): the bounds the settings reader (extension/config.ts)
 * clamps each value to, and its default, in one place. package.json declares the same `minimum`, `maximum` and
 * `default` (checked by test/unit/manifestSettings.test.ts).
 */
import { DEFAULT_PARSE_LIMITS } from '../core/parse/types';

/** Inclusive bounds and the default of one integer setting. */
export interface SettingBounds {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

export const LIMIT_SETTINGS = {
  /** Characters of a document (ParseLimits.maxTextLength). */
  maxFileSize: { min: 1_000, max: 50_000_000, default: DEFAULT_PARSE_LIMITS.maxTextLength },
  /** Entries of one matrix (ParseLimits.maxElements). */
  maxMatrixElements: { min: 1, max: 16_777_216, default: DEFAULT_PARSE_LIMITS.maxElements },
  maxNestingDepth: { min: 4, max: 1000, default: DEFAULT_PARSE_LIMITS.maxNestingDepth },
  maxWork: { min: 1_000, max: 1e12, default: DEFAULT_PARSE_LIMITS.maxWork },
  maxLoopIterations: { min: 10, max: 1e9, default: DEFAULT_PARSE_LIMITS.maxLoopIterations },
  maxCallDepth: { min: 1, max: 1000, default: DEFAULT_PARSE_LIMITS.maxCallDepth },
  maxAllocatedBytes: { min: 1024, max: 2 ** 40, default: DEFAULT_PARSE_LIMITS.maxAllocatedBytes },
  /** Milliseconds one document's analysis may take. */
  analysisTimeout: { min: 100, max: 600_000, default: 2000 },
  /** MB of heap of the analysis worker. */
  analysisMemory: { min: 64, max: 16_384, default: 1024 },
} as const satisfies Record<string, SettingBounds>;

export type LimitSetting = keyof typeof LIMIT_SETTINGS;
