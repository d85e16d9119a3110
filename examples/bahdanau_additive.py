"""Bahdanau (additive) attention: one decoder state attends over the encoder states.

e_j = v_a^T tanh(W_a s + U_a h_j)   (Bahdanau et al. 2014, eq. 6 and appendix A.1.2)
Row-vector convention: s @ W_a and h_j @ U_a. The encoder states are both keys and values.
Run "Compute Attention on Selection": the panel opens with the "additive" score, because the file defines
W_a, U_a and v_a (on the command line: node dist/cli.js compute examples/bahdanau_additive.py --score additive).
"""
import numpy as np

np.random.seed(7)

# previous decoder state s_{i-1} (d_s = 4) and five encoder annotations h_j (d_h = 6)
decoder_state = np.random.randn(1, 4)
encoder_states = np.random.randn(5, 6)

# alignment model parameters, d_a = 3
W_a = np.random.randn(4, 3)
U_a = np.random.randn(6, 3)
v_a = np.random.randn(3)

# the alignment model, as the paper writes it
e = np.tanh(decoder_state @ W_a + encoder_states @ U_a) @ v_a
alpha = np.exp(e - e.max()) / np.exp(e - e.max()).sum()
context = alpha @ encoder_states
