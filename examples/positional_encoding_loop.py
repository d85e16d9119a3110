# Sinusoidal positional encodings (Vaswani et al. 2017, section 3.5) written with loops, as many tutorials do,
# then vectorised, as the Annotated Transformer writes them, and added to the token embeddings in place:
# PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(…).
import math
import numpy as np

max_len, d_model = 6, 8
pe = np.zeros((max_len, d_model))
for pos in range(max_len):
    for i in range(0, d_model, 2):
        angle = pos / (10000 ** (i / d_model))
        pe[pos, i] = math.sin(angle)
        pe[pos, i + 1] = math.cos(angle)

# The same encodings, vectorised: a column of positions times a row of frequencies exp(-2i·ln(10000)/d),
# sines in the even columns and cosines in the odd ones.
position = np.arange(max_len)[:, None]
div_term = np.exp(np.arange(0, d_model, 2) * -(math.log(10000.0) / d_model))
pe_vectorised = np.zeros((max_len, d_model))
pe_vectorised[:, 0::2] = np.sin(position * div_term)
pe_vectorised[:, 1::2] = np.cos(position * div_term)
largest_difference = float(np.abs(pe - pe_vectorised).max())

np.random.seed(3)
embeddings = np.random.randn(max_len, d_model)
x = embeddings.copy()
x += pe

W_Q = np.random.randn(d_model, d_model) * 0.2
W_K = np.random.randn(d_model, d_model) * 0.2
W_V = np.random.randn(d_model, d_model) * 0.2
Q = x @ W_Q
K = x @ W_K
V = x @ W_V
scores = Q @ K.T / math.sqrt(d_model)
e = np.exp(scores - scores.max(axis=1, keepdims=True))
weights = e / e.sum(axis=1, keepdims=True)
output = weights @ V
