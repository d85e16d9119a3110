// Builds the harness's view states from the real pipeline, exactly as the extension host does (analyze →
// toWireResult → controlsState), and writes them next to this file:
//
//   node esbuild.js && node --import tsx test/webview/make-states.ts
//
// sample-state.json          the NumPy tutorial (4 words, scaled dot-product), one head
// sample-state-heads.json    5 tokens, 4 dims, 2 heads with W_O
// sample-state-mask.json     a 0/1 mask matrix and a key-padding vector, one query fully masked (a note)
// sample-state-additive.json Bahdanau's additive score, one decoder state over five encoder states
// sample-state-error.json    the tutorial with the general score but no W_a: an error state with controls
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/core/analyze';
import type { AttentionOptions } from '../../src/core/attention/types';
import type { RoleOverrides } from '../../src/core/attention/roles';
import { GrammarLoader } from '../../src/core/parse/treeSitter';
import type { ViewSettings, ViewState } from '../../src/shared/protocol';
import { toWireResult } from '../../src/shared/wire';
import { controlsState } from '../../src/shared/controls';
import { readFileSync } from 'node:fs';

const repo = path.resolve(__dirname, '../..');
const loader = new GrammarLoader((file) => path.join(repo, 'dist', file));
const settings: ViewSettings = { precision: 4, canvasThreshold: 64, colorMap: 'theme' };

async function state(title: string, text: string, options: AttentionOptions, roles: RoleOverrides = {}): Promise<ViewState> {
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

const tutorial = readFileSync(path.join(repo, 'examples/attention_numpy_tutorial.py'), 'utf8');
const bahdanau = readFileSync(path.join(repo, 'examples/bahdanau_additive.py'), 'utf8');

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

const out = async (file: string, s: Promise<ViewState>): Promise<void> => {
  writeFileSync(path.join(__dirname, file), `${JSON.stringify(await s, null, 1)}\n`);
  console.log(`wrote test/webview/${file}`);
};

async function main(): Promise<void> {
  await out('sample-state.json', state('tutorial.py · selection', tutorial, {}));
  await out('sample-state-heads.json', state('heads.py · whole file', heads, { heads: 2 }));
  await out('sample-state-mask.json', state('masks.py · whole file', masked, { mask: 'matrix', maskConvention: 'keep' }));
  await out('sample-state-additive.json', state('bahdanau_additive.py · whole file', bahdanau, { score: 'additive' }));
  await out('sample-state-error.json', state('tutorial.py · selection', tutorial, { score: 'general' }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
