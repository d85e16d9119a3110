# Self-attention in Julia: three tokens, d_model = 4, d_k = 2.
using LinearAlgebra

# token embeddings, one per row (rows on new lines, no semicolons needed)
X = [1.0  0.0 1.0 0.0
     0.0  2.0 0.0 2.0
     1.0 -1.0 1.0 1.0]

# projections: `-1.0` after a space is an entry of its own
W_Q = [1.0 -1.0; 0.0 1.0; 1.0 0.0; 0.5 0.5]
const W_K = [0.0 1.0
             1.0 0.0
             1.0 -0.5
             0.0 1.0]
W_V = Float64[1 0; 0 1; 1 1; 0 2]

softmax(x; dims = 2) = exp.(x .- maximum(x; dims)) ./ sum(exp.(x .- maximum(x; dims)); dims)

Q, K, V = X * W_Q, X * W_K, X * W_V
A = softmax(Q * K' ./ sqrt(size(K, 2)))
Z = A * V
