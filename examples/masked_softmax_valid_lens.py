# Masked softmax over valid lengths, as d2l.ai writes it (chapter "Attention Scoring Functions"), in NumPy:
# entries past a row's valid length get a large negative score, so their weight is (almost) zero.
import math
import numpy as np


def sequence_mask(X, valid_len, value=0.0):
    """Replaces the entries of each row past its valid length by `value`."""
    X = X.copy()
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if j >= valid_len[i]:
                X[i, j] = value
    return X


def masked_softmax(X, valid_lens=None):
    """Softmax over the last axis; with valid_lens, masked entries are set to -1e6 first."""
    if valid_lens is None:
        e = np.exp(X - X.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    X = sequence_mask(X, valid_lens, value=-1e6)
    e = np.exp(X - X.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


np.random.seed(0)
queries = np.random.randn(4, 6)
keys = np.random.randn(5, 6)
values = np.random.randn(5, 3)
valid_lens = np.array([2, 3, 5, 1])

scores = queries @ keys.T / math.sqrt(queries.shape[1])
attention_weights = masked_softmax(scores, valid_lens)
unmasked_weights = masked_softmax(scores)
output = attention_weights @ values
