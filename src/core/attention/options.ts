/**
 * The one validator of attention options, with one set of limits: the engine, the CLI, the host↔panel
 * protocol and the panel all ask it (see AttentionOptions in types.ts for what each option means).
 */
import { MASK_KINDS, SCORE_FUNCTIONS, type AttentionOptions } from './types';

/** The bounds every surface uses. */
export const OPTION_LIMITS = {
  /** Softmax temperature: 0 < T ≤ maxTemperature. */
  maxTemperature: 1e6,
  /** Heads: 1 ≤ H ≤ maxHeads. */
  maxHeads: 256,
} as const;

const KEYS: readonly (keyof AttentionOptions)[] = ['score', 'mask', 'maskConvention', 'temperature', 'scale', 'heads', 'hard'];

/**
 * What is wrong with the value of option `key` (`temperature 0: must be a positive number, at most 1000000`), or
 * undefined when it is valid. The sentence starts with the option and the value, for every surface to prefix.
 */
export function optionProblem(key: string, v: unknown): string | undefined {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  switch (key) {
    case 'score': return (SCORE_FUNCTIONS as readonly unknown[]).includes(v) ? undefined : `unknown score ${text}`;
    case 'mask': return (MASK_KINDS as readonly unknown[]).includes(v) ? undefined : `unknown mask ${text}`;
    case 'maskConvention': return v === 'keep' || v === 'block' ? undefined : `unknown mask convention ${text}`;
    case 'temperature':
      return typeof v === 'number' && v > 0 && v <= OPTION_LIMITS.maxTemperature ? undefined : `temperature ${text}: must be a positive number, at most ${OPTION_LIMITS.maxTemperature}`;
    case 'scale': return v === null || (typeof v === 'number' && Number.isFinite(v)) ? undefined : `scale ${text}: must be a finite number (or null for 1/√d_k)`;
    case 'heads':
      return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= OPTION_LIMITS.maxHeads ? undefined : `heads ${text}: must be a whole number from 1 to ${OPTION_LIMITS.maxHeads}`;
    case 'hard': return typeof v === 'boolean' ? undefined : `hard ${text}: must be true or false`;
    default: return `unknown option ${key}`;
  }
}

/**
 * The first problem of a set of options, or undefined: each key given must be an option with a valid value;
 * with `complete`, every option must be given (a result's options, as the panel receives them).
 */
export function optionsProblem(o: object, complete = false): string | undefined {
  if (complete) for (const k of KEYS) if (!(k in o)) return `missing ${k}`;
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (v === undefined && !complete) continue;
    const p = optionProblem(k, v);
    if (p) return p;
  }
  return undefined;
}
