"""Self-attention on random embeddings, written with NumPy's modern random API (np.random.default_rng),
as the current NumPy documentation teaches it.

Every array here is reproduced bit for bit by Attention Explorer: default_rng seeds PCG64 through SeedSequence,
and standard_normal, normal, uniform, integers, choice and permutation follow NumPy's own algorithms.
"""
import numpy as np

rng = np.random.default_rng(seed=42)

vocab_size, d_model, d_k = 10, 8, 4
seq_len = 5

# An embedding table and a sentence of token ids drawn from it.
embedding = rng.standard_normal((vocab_size, d_model))
token_ids = rng.integers(0, vocab_size, size=seq_len)
order = rng.permutation(seq_len)

X = embedding[0:seq_len]  # one row per token

# Projections initialised like Glorot/Xavier: uniform in ±sqrt(6 / (fan_in + fan_out)).
limit = np.sqrt(6 / (d_model + d_k))
W_Q = rng.uniform(-limit, limit, size=(d_model, d_k))
W_K = rng.uniform(-limit, limit, size=(d_model, d_k))
W_V = rng.normal(loc=0.0, scale=0.5, size=(d_model, d_k))

Q = X @ W_Q
K = X @ W_K
V = X @ W_V

scores = Q @ K.T / np.sqrt(d_k)
weights = np.exp(scores - scores.max(axis=1, keepdims=True))
weights = weights / weights.sum(axis=1, keepdims=True)
output = weights @ V

# A second generator, for dropout-style sampling of which keys to keep.
sampler = np.random.default_rng(7)
kept = sampler.choice(seq_len, size=3, replace=False)
noise = sampler.random((seq_len, d_k))
