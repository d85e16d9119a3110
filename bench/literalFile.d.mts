/** A NumPy attention script whose inputs are literals: X (n × 64), W_Q, W_K, W_V (64 × 64) (bench/literalFile.mjs). */
export function literalFile(n: number): string;
