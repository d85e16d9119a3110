(* Scaled dot-product attention in the Wolfram Language: three tokens, d_model = 3, d_k = d_v = 2. *)
X = {{1, 0, 1}, {0, 1, 0}, {1, 1, 1}};
WQ = {{1, 0}, {0, 1}, {1/2, Sqrt[2]}};
WK = {{0, 1}, {1, 0}, {1, 1}} // MatrixForm
WV = {{1, 2}, {3, 4}, {5, 6}};
attention = SoftmaxLayer[][(X . WQ) . Transpose[X . WK] / Sqrt[2]] . (X . WV)
