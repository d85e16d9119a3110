// The benchmarks' NumPy attention scripts whose inputs are literals (bench/cli.bench.mjs,
// bench/jsonFormat.bench.ts): deterministic, like weights printed from a notebook.

const D = 64;

/** Deterministic numbers with 8 significant digits, like weights printed from a notebook. */
function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return Number(((s / 2 ** 32 - 0.5) * 2).toPrecision(8));
  };
}

function literal(rows, cols, next) {
  const lines = [];
  for (let i = 0; i < rows; i++) lines.push(`    [${Array.from({ length: cols }, next).join(', ')}],`);
  return `np.array([\n${lines.join('\n')}\n])`;
}

/** A NumPy attention script whose inputs are literals: X (n × 64), W_Q, W_K, W_V (64 × 64). */
export function literalFile(n) {
  const next = generator(n);
  return `import numpy as np

X = ${literal(n, D, next)}
W_Q = ${literal(D, D, next)}
W_K = ${literal(D, D, next)}
W_V = ${literal(D, D, next)}

Q = X @ W_Q
K = X @ W_K
V = X @ W_V
scores = Q @ K.T / np.sqrt(K.shape[1])
e = np.exp(scores - scores.max(axis=1, keepdims=True))
weights = e / e.sum(axis=1, keepdims=True)
output = weights @ V
print(output)
`;
}
