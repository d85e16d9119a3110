/**
 * The webview tests' view states, built from the real pipeline exactly as the extension host builds them
 * (analyze → toWireResult → controlsState), in memory: nothing is written, so they cannot go stale.
 *
 * - `sample`   the NumPy tutorial (4 words, scaled dot-product), one head
 * - `heads`    5 tokens, 4 dims, 2 heads with W_O
 * - `mask`     a 0/1 mask matrix and a key-padding vector, one query fully masked (a note)
 * - `additive` Bahdanau's additive score, one decoder state over five encoder states
 * - `error`    the tutorial with the general score but no W_a: an error state with controls
 *
 * Needs the tree-sitter grammars in dist/ (`node esbuild.js`). Used by logic.test.ts, paint.test.ts and
 * harness.mjs (run as `node --import tsx test/webview/harness.mjs`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/core/analyze';
import type { AttentionOptions } from '../../src/core/attention/types';
import type { RoleOverrides } from '../../src/core/attention/roles';
import { GrammarLoader } from '../../src/core/parse/treeSitter';
import type { ViewSettings, ViewState } from '../../src/shared/protocol';
import { toWireResult } from '../../src/shared/wire';
import { controlsState } from '../../src/shared/controls';

const repo = path.resolve(__dirname, '../..');
const settings: ViewSettings = { precision: 4, canvasThreshold: 64, colorMap: 'theme' };

export type SampleName = 'sample' | 'heads' | 'mask' | 'additive' | 'error';
export type SampleStates = Readonly<Record<SampleName, ViewState>>;

async function state(loader: GrammarLoader, title: string, text: string, options: AttentionOptions, roles: RoleOverrides = {}): Promise<ViewState> {
  const analysis = await analyze(loader, { sources: [{ text, language: 'python' }], target: { source: 0 }, roles, options });
  if (analysis.ok) {
    return {
      kind: 'data', title, result: toWireResult(analysis.value.result), settings,
      controls: controlsState(options, roles, analysis.value.extraction, analysis.value.roles, false),
    };
  }
  const { message, range } = analysis.error;
  return { kind: 'error', title, message, ...(range ? { range } : {}), controls: controlsState(options, roles, analysis.extraction, undefined, false) };
}

const heads = `import numpy as np

# five tokens, d_model = 4
the = np.array([1.0, 0.0, 0.5, 0.0])
cat = np.array([0.0, 1.0, 0.0, 0.5])
sat = np.array([0.5, 0.5, 1.0, 0.0])
on = np.array([0.0, 0.0, 0.5, 1.0])
mat = np.array([1.0, 0.5, 0.0, 1.0])
X = np.array([the, cat, sat, on, mat])

W_Q = np.array([[1.0, 0.5, 0.0, -0.5], [0.0, 1.0, 0.5, 0.0], [0.5, 0.0, 1.0, 0.5], [-0.5, 0.0, 0.0, 1.0]])
W_K = np.array([[0.5, 0.0, 1.0, 0.0], [1.0, 0.5, 0.0, 0.5], [0.0, 1.0, 0.5, -0.5], [0.0, 0.5, 0.0, 1.0]])
W_V = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.5, 0.0, 0.0, 1.0]])
W_O = np.array([[1.0, 0.0, 0.5, 0.0], [0.0, 1.0, 0.0, 0.5], [0.5, 0.0, 1.0, 0.0], [0.0, 0.5, 0.0, 1.0]])
`;

const masked = `import numpy as np

query = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
key = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 1.0], [1.0, 1.0, 1.0], [0.0, 0.0, 1.0]])
value = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0]])

# 1 = may attend (PyTorch scaled_dot_product_attention)
attn_mask = np.array([[1, 1, 0, 1], [0, 0, 0, 1], [1, 1, 1, 1]])
# the last key is padding
key_padding_mask = np.array([1, 1, 1, 0])
`;

/** Builds the five sample states (fresh objects on every call: tests may mutate them). */
export async function sampleStates(): Promise<SampleStates> {
  const loader = new GrammarLoader((file) => path.join(repo, 'dist', file));
  const tutorial = readFileSync(path.join(repo, 'examples/attention_numpy_tutorial.py'), 'utf8');
  const bahdanau = readFileSync(path.join(repo, 'examples/bahdanau_additive.py'), 'utf8');
  return {
    sample: await state(loader, 'tutorial.py · selection', tutorial, {}),
    heads: await state(loader, 'heads.py · whole file', heads, { heads: 2 }),
    mask: await state(loader, 'masks.py · whole file', masked, { mask: 'matrix', maskConvention: 'keep' }),
    additive: await state(loader, 'bahdanau_additive.py · whole file', bahdanau, { score: 'additive' }),
    error: await state(loader, 'tutorial.py · selection', tutorial, { score: 'general' }),
  };
}
