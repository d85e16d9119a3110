"""PyTorch's nn.MultiheadAttention on a batch of two sequences (batch_first=True).

After torch.manual_seed(0) the module's weights (in_proj_weight by Xavier-uniform, out_proj by the
default Linear initialisation, zero biases) and the input x are torch's own draws, bit for bit. The
forward pass is reproduced in float32 (within 1e-6 relative of PyTorch's kernels).
A bool key_padding_mask is True where a key is IGNORED (the opposite of scaled_dot_product_attention's
attn_mask, where True means "may attend").
"""
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(16, 4, batch_first=True)
mha.eval()  # dropout is 0 anyway; eval() is what inference code does

# two sequences of five tokens, embed_dim = 16
x = torch.randn(2, 5, 16)

# self-attention; the weights are averaged over the 4 heads: (2, 5, 5)
out, weights = mha(x, x, x)

# the same call, one weight matrix per head: (2, 4, 5, 5)
out_heads, weights_per_head = mha(x, x, x, need_weights=True, average_attn_weights=False)

# the second sequence's last two tokens are padding: no query may attend to them
padding = torch.tensor([[False, False, False, False, False],
                        [False, False, False, True, True]])
out_padded, weights_padded = mha(x, x, x, key_padding_mask=padding)

# a causal mask: True above the diagonal = not allowed
causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), diagonal=1)
out_causal, weights_causal = mha(x, x, x, attn_mask=causal)

# without the weights (PyTorch then takes its fused path): only the output
out_only, no_weights = mha(x, x, x, need_weights=False)
