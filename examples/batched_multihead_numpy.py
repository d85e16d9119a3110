"""Batched multi-head self-attention in NumPy, as transformer code writes it.

A batch of 2 sequences of 5 tokens with d_model = 8 goes through the Q/K/V projections, is split into 2 heads
with reshape + transpose(0, 2, 1, 3), attends with a causal mask, and the heads are merged back. The einsum
line computes the same scores another way, as a check. Hover a name to see its N-D shape and a 2-D slice.
"""
import numpy as np

np.random.seed(0)
batch, seq_len, d_model, n_heads = 2, 5, 8, 2
d_head = d_model // n_heads

x = np.random.randn(batch, seq_len, d_model)            # (2, 5, 8)
W_q = np.random.randn(d_model, d_model) / np.sqrt(d_model)
W_k = np.random.randn(d_model, d_model) / np.sqrt(d_model)
W_v = np.random.randn(d_model, d_model) / np.sqrt(d_model)
W_o = np.random.randn(d_model, d_model) / np.sqrt(d_model)


def split_heads(t):
    """(batch, seq, d_model) -> (batch, heads, seq, d_head)"""
    return t.reshape(batch, seq_len, n_heads, d_head).transpose(0, 2, 1, 3)


q = split_heads(x @ W_q)                                 # (2, 2, 5, 4)
k = split_heads(x @ W_k)
v = split_heads(x @ W_v)

scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d_head)   # (2, 2, 5, 5)
causal = np.tril(np.ones((seq_len, seq_len), dtype=bool))
scores = np.where(causal[None, None, :, :], scores, -np.inf)

weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
weights = weights / weights.sum(axis=-1, keepdims=True)  # each row sums to 1

context = weights @ v                                    # (2, 2, 5, 4)
merged = context.transpose(0, 2, 1, 3).reshape(batch, seq_len, d_model)
output = merged @ W_o                                    # (2, 5, 8)

# The same scores with einsum: query position i against key position j, per batch and head.
scores_einsum = np.einsum("bhid,bhjd->bhij", q, k) / np.sqrt(d_head)
max_difference = np.abs(np.where(causal, scores, 0) - np.where(causal, scores_einsum, 0)).max()
