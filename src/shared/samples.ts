/**
 * The sample programs the getting-started walkthrough offers (`Attention Explorer: Open a Sample Program`):
 * file name inside the extension's `examples/` folder → VS Code language id. Each must be packaged in the
 * .vsix (`.vscodeignore`; test/unit/packaging.test.ts checks the packaged file list).
 */
export const SAMPLES: Readonly<Record<string, string>> = {
  'attention_numpy_tutorial.py': 'python',
  'bahdanau_additive.py': 'python',
  'pytorch_cross_attention.py': 'python',
  'attention.ts': 'typescript',
};
