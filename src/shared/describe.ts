/**
 * The one sentence that says how attention was computed — `L = 4 queries, S = 4 keys, d_k = 3, scaled
 * dot-product, no mask, T = 1, 1 head, softmax` — for the panel's header, the Live view and the CLI.
 */
import { MASK_CONVENTION_INFO, MASK_INFO } from '../core/attention/maskInfo';
import { SCORE_INFO } from '../core/attention/scoreInfo';
import type { AttentionResult, MaskConvention, MaskKind, ScoreFunction } from '../core/attention/types';
import { formatNumber } from './format';

/** What the sentence needs: the options in force, the sizes, and the names of a mask matrix and key padding. */
export interface DescribedRun {
  readonly options: {
    readonly score: ScoreFunction;
    readonly scale: number | null;
    readonly mask: MaskKind;
    readonly maskConvention: MaskConvention;
    readonly temperature: number;
    readonly heads: number;
    readonly hard: boolean;
  };
  /** Queries. */
  readonly L: number;
  /** Keys. */
  readonly S: number;
  /** Width of one head's keys. */
  readonly dk: number;
  readonly maskName?: string;
  readonly paddingName?: string;
}

/**
 * The score function (and a custom scale), the mask with the meaning of a 1 when a mask matrix or key padding
 * is used, the temperature, the number of heads and soft or hard attention, after the sizes.
 */
export function describeOptions(run: DescribedRun): string {
  const o = run.options;
  const info = SCORE_INFO[o.score] as (typeof SCORE_INFO)[ScoreFunction] | undefined;
  let score = info?.name ?? o.score;
  if (o.score === 'scaled_dot' && o.scale !== null) score += ` (scale ${formatNumber(o.scale, 6)})`;
  const masks: string[] = [];
  if (o.mask === 'causal' || o.mask === 'causal_lower_right') masks.push(MASK_INFO[o.mask].name);
  if (o.mask === 'matrix') masks.push(run.maskName ? `mask ${run.maskName}` : MASK_INFO.matrix.name);
  if (run.paddingName) masks.push(`key padding ${run.paddingName}`);
  let mask = masks.length ? masks.join(' + ') : MASK_INFO.none.name;
  if (o.mask === 'matrix' || run.paddingName) {
    const c = MASK_CONVENTION_INFO[o.maskConvention];
    mask += ` (${c.meaning}, ${c.source} convention)`;
  }
  return [
    `L = ${run.L} ${run.L === 1 ? 'query' : 'queries'}`,
    `S = ${run.S} ${run.S === 1 ? 'key' : 'keys'}`,
    `d_k = ${run.dk}${o.heads > 1 ? ' per head' : ''}`,
    score,
    mask,
    `T = ${formatNumber(o.temperature, 6)}`,
    `${o.heads} ${o.heads === 1 ? 'head' : 'heads'}`,
    o.hard ? 'hard attention (argmax)' : 'softmax',
  ].join(', ');
}

/**
 * The sentence for a result: its options, sizes, and the names of its mask and key padding, read from `named`
 * (the engine's role bindings, or the wire result's inputs).
 */
export function describeResult(
  r: Pick<AttentionResult, 'options' | 'queryLabels' | 'keyLabels' | 'dk'>,
  named: readonly { readonly role: string; readonly name: string }[],
): string {
  return describeOptions({
    options: r.options,
    L: r.queryLabels.length,
    S: r.keyLabels.length,
    dk: r.dk,
    maskName: named.find((b) => b.role === 'mask')?.name,
    paddingName: named.find((b) => b.role === 'padding')?.name,
  });
}
