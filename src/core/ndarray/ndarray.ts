/**
 * The N-dimensional arrays of NumPy-style programs: one import for the evaluator. The array type and its
 * constructors are in array.ts; broadcasting and element-wise functions in broadcast.ts; operators with
 * NumPy's dtypes in ufunc.ts; indexing in indexing.ts; shape manipulation in shape.ts; reductions in
 * reduce.ts; products and norms in linalg.ts; `einsum` in einsum.ts; element-wise math in math.ts.
 */
export * from './array';
export * from './broadcast';
export * from './einsum';
export * from './indexing';
export * from './linalg';
export * from './math';
export * from './reduce';
export * from './shape';
export * from './softmax';
export * from './ufunc';
export * from './order';
export * from './closeness';
