"""Keras attention layers on given tensors: layers.Attention (Luong, dot product) and AdditiveAttention (Bahdanau).

The layers have no trained weight here (use_scale=False), so their outputs are fixed by the inputs: Attention's
scores are Q·Kᵀ with no 1/√d, AdditiveAttention's are Σ tanh(q + k) over the dimensions; softmax over the keys;
output = weights · value. Keras works in float32: the values shown are what TensorFlow would hold, to within a
few float32 ulps (the hover says so). With no key given, the value is the key.

Select the tensors and run "Attention Explorer: Compute Attention on Selection".
"""
import tensorflow as tf
from tensorflow.keras import layers

# (batch_size, Tq, dim): 3 queries of dimension 4
query = tf.constant([[[1.0, 0.2, -0.5, 0.3],
                      [0.1, 1.2, 0.4, -0.7],
                      [0.6, -0.3, 0.9, 0.2]]])

# (batch_size, Tv, dim): 4 values, also used as keys
value = tf.constant([[[0.5, 1.0, 0.0, -0.2],
                      [1.5, -0.4, 0.3, 0.8],
                      [-0.6, 0.7, 1.1, 0.1],
                      [0.2, 0.2, -0.9, 1.3]]])

attention = layers.Attention(use_scale=False, score_mode="dot")
output, weights = attention([query, value], return_attention_scores=True)

additive = layers.AdditiveAttention(use_scale=False)
additive_output, additive_weights = additive([query, value], return_attention_scores=True)

# decoder-style: query i only sees keys j <= i
causal_output, causal_weights = attention([query, value], return_attention_scores=True, use_causal_mask=True)
