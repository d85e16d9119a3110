"""Cross-attention in PyTorch style: two decoder queries attend over three encoder states.

Q comes from the decoder, K and V from the encoder (L = 2 queries, S = 3 keys).
Select the tensors and run "Attention Explorer: Compute Attention on Selection".
"""
import torch
import torch.nn.functional as F

# decoder states (queries), one per row
query = torch.tensor([[0.9, 0.1, 0.0, 0.3],
                      [0.0, 1.0, 0.2, 0.0]])

# encoder states (keys) and what they carry (values)
key = torch.tensor([[1.0, 0.0, 0.0, 0.2],
                    [0.0, 1.0, 0.5, 0.0],
                    [0.5, 0.5, 0.0, 1.0]])
value = torch.tensor([[1.0, 0.0],
                      [0.0, 1.0],
                      [0.5, 0.5]])

scores = query @ key.T / key.size(-1) ** 0.5
weights = F.softmax(scores, dim=-1)
context = weights @ value
