# The Annotated Transformer's attention(query, key, value, mask=None), ported to NumPy for one sequence:
# scores are scaled by 1/sqrt(d_k), masked positions get -1e9, and the function returns (output, p_attn).
import math
import numpy as np


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def subsequent_mask(size):
    "Mask out subsequent positions: 1 where query i may attend to key j (j <= i)."
    mask = np.zeros((size, size))
    for i in range(size):
        for j in range(i + 1):
            mask[i, j] = 1
    return mask


def attention(query, key, value, mask=None, dropout=None):
    "Compute 'Scaled Dot Product Attention'"
    d_k = query.shape[-1]
    scores = query @ key.T / math.sqrt(d_k)
    if mask is not None:
        for i in range(scores.shape[0]):
            for j in range(scores.shape[1]):
                if mask[i, j] == 0:
                    scores[i, j] = -1e9
    p_attn = softmax(scores)
    if dropout is not None:
        p_attn = dropout(p_attn)
    return p_attn @ value, p_attn


np.random.seed(1)
x = np.random.randn(5, 8)
W_Q = np.random.randn(8, 8) * 0.3
W_K = np.random.randn(8, 8) * 0.3
W_V = np.random.randn(8, 8) * 0.3
query, key, value = x @ W_Q, x @ W_K, x @ W_V

output, p_attn = attention(query, key, value)
causal_mask = subsequent_mask(5)
causal_output, causal_p_attn = attention(query, key, value, mask=causal_mask)
