// Scaled dot-product attention on plain TypeScript arrays: three tokens, d_k = 2.
// Select the arrays and run "Attention Explorer: Compute Attention on Selection".

const Q: number[][] = [
  [1, 0],
  [0, 1],
  [1, 1],
];

const K: number[][] = [
  [1, 0],
  [0, 1],
  [Math.SQRT1_2, Math.SQRT1_2],
];

const V: number[][] = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];

export { Q, K, V };
