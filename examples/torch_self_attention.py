"""Causal self-attention as a PyTorch module: three nn.Linear projections, a causal mask, softmax.

torch.manual_seed(0) fixes everything: the projections' initial weights (torch's default initialisation,
drawn in the order the layers are built) and the input x. Attention Explorer reproduces the draws bit for
bit and the forward pass in float32 (within 1e-6 relative of PyTorch's own kernels).
Select everything (Ctrl+A) and run "Attention Explorer: Compute Attention on Selection".
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    def __init__(self, d_model, d_k):
        super().__init__()
        self.d_k = d_k
        self.W_q = nn.Linear(d_model, d_k, bias=False)
        self.W_k = nn.Linear(d_model, d_k, bias=False)
        self.W_v = nn.Linear(d_model, d_k, bias=False)

    def forward(self, x):
        q = self.W_q(x)
        k = self.W_k(x)
        v = self.W_v(x)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_k)
        n = x.size(0)
        mask = torch.tril(torch.ones(n, n))
        scores = scores.masked_fill(mask == 0, float('-inf'))
        weights = F.softmax(scores, dim=-1)
        return weights @ v, weights


torch.manual_seed(0)
attention = CausalSelfAttention(d_model=8, d_k=8)

# five tokens, d_model = 8
x = torch.randn(5, 8)

out, weights = attention(x)
