"""Self-attention on random embeddings and projections, drawn by PyTorch after torch.manual_seed(0).

The numbers are the ones PyTorch's CPU generator produces (float32, bit for bit): four tokens with
8-dimensional embeddings X, and projection matrices W_Q, W_K, W_V as in Q = X·W_Q.
Select everything (Ctrl+A) and run "Attention Explorer: Compute Attention on Selection".
"""
import math

import torch
import torch.nn.functional as F

torch.manual_seed(0)

# four token embeddings (rows), d_model = 8
X = torch.randn(4, 8)

# projections d_model -> d_k = 8
W_Q = torch.randn(8, 8)
W_K = torch.randn(8, 8)
W_V = torch.randn(8, 8)

Q = X @ W_Q
K = X @ W_K
V = X @ W_V

scores = torch.matmul(Q, K.transpose(0, 1)) / math.sqrt(8)
weights = F.softmax(scores, dim=-1)
output = weights @ V
