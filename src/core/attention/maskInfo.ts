/**
 * The one table of masks, beside the score table (scoreInfo.ts): what each mask choice is called (a title for
 * controls, a name for summaries) and what it does, and the two meanings a 1 can have in a mask matrix or key
 * padding, with the library each comes from. Engine summaries, the panel's controls, the CLI's help and the
 * settings' descriptions in package.json (checked by a unit test) all read it. Types only are imported, so the
 * webview bundles import it as it is.
 */
import type { MaskConvention, MaskKind } from './types';

export interface MaskInfo {
  /** For controls: `Causal (j ≤ i)`. */
  readonly title: string;
  /** For a summary sentence: `causal mask`. */
  readonly name: string;
  /** What it does, in one sentence (the controls' and the settings' description). */
  readonly description: string;
}

export const MASK_INFO: Readonly<Record<MaskKind, MaskInfo>> = {
  none: { title: 'None', name: 'no mask', description: 'Every query attends to every key.' },
  causal: { title: 'Causal (j ≤ i)', name: 'causal mask', description: 'Query i attends to keys j ≤ i, upper-left aligned (PyTorch is_causal=True).' },
  causal_lower_right: {
    title: 'Causal, lower-right (j ≤ i + S − L)',
    name: 'causal mask (lower-right)',
    description: 'Query i attends to keys j ≤ i + S − L, lower-right aligned: the last query sees every key (decoding with a cache).',
  },
  matrix: { title: 'Mask matrix', name: 'mask matrix', description: 'The matrix in the mask role, L × S.' },
};

export interface MaskConventionInfo {
  /** What a 1 means: `1 = attend`. */
  readonly meaning: string;
  /** The library whose convention it is: `PyTorch SDPA`. */
  readonly source: string;
  /** In one sentence, with the library's own wording. */
  readonly description: string;
}

export const MASK_CONVENTION_INFO: Readonly<Record<MaskConvention, MaskConventionInfo>> = {
  keep: {
    meaning: '1 = attend', source: 'PyTorch SDPA',
    description: 'A non-zero entry means the query may attend to the key (torch.nn.functional.scaled_dot_product_attention: True = attend).',
  },
  block: {
    meaning: '1 = blocked', source: 'nn.MultiheadAttention',
    description: 'A non-zero entry means the key is blocked (nn.MultiheadAttention attn_mask and key_padding_mask: True = not allowed).',
  },
};

/** `1 = attend (PyTorch SDPA)`: a convention's label for controls and help texts. */
export function conventionLabel(c: MaskConvention): string {
  return `${MASK_CONVENTION_INFO[c].meaning} (${MASK_CONVENTION_INFO[c].source})`;
}
