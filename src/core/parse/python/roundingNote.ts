/**
 * The one text that says a library's tensor was computed in float64 and rounded once to its dtype, while the
 * library accumulates in that dtype in its own order: shown by every surface (hover origin, the CLI's `note:`,
 * `--json`'s `precision`) for torch tensors ({@link FLOAT32_NOTE} in torchPrecision.ts) and TensorFlow/JAX
 * tensors (`tensorNote` in frameworkTensor.ts). The sentence is parameterised by library and dtype; the
 * tolerance is the one measured against each library.
 */

/** A library whose float tensors the evaluator computes in float64 and rounds once. */
export type RoundingLibrary = 'torch' | 'tensorflow' | 'jax';

/** The library as the user reads it. */
export const LIBRARY_NAME: Readonly<Record<RoundingLibrary, string>> = { torch: 'PyTorch', tensorflow: 'TensorFlow', jax: 'JAX' };

/**
 * How closely the float32 values agree with the library, as measured: torch against torch 1.13 in
 * test/unit/torchOps.test.ts (at most 2.4e-7 of the largest magnitude); TensorFlow and JAX against NumPy
 * float32 on the examples and tests (test/unit/tfKeras.test.ts, jaxNumpy.test.ts).
 */
const FLOAT32_AGREEMENT: Readonly<Record<RoundingLibrary, string>> = {
  torch: "within 1e-6 of the tensor's largest magnitude on the checked programs",
  tensorflow: 'within 1e-6 relative + 1e-7 absolute on the checked programs',
  jax: 'within 1e-6 relative + 1e-7 absolute on the checked programs',
};

/**
 * The note for a value of `library` with dtype `dtype` computed in float64 and rounded once to it, e.g.
 * "computed in float64 and rounded once to float32; PyTorch accumulates in float32 in its own order, so its
 * values may differ by a few float32 ulps of the summed terms (within 1e-6 of the tensor's largest magnitude on
 * the checked programs)". Callers put the type in front (`float32: …`, `tf.Tensor float32 (TensorFlow): …`).
 */
export function roundingNote(library: RoundingLibrary, dtype: 'float32' | 'float64'): string {
  const agreement = dtype === 'float32' ? ` (${FLOAT32_AGREEMENT[library]})` : '';
  return `computed in float64 and rounded once to ${dtype}; ${LIBRARY_NAME[library]} accumulates in ${dtype} in its own order, so its values may differ by a few ${dtype} ulps of the summed terms${agreement}`;
}
