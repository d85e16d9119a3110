"""Scaled dot-product attention in JAX, with JAX's random generator and a causal mask.

jax.random is reproduced bit for bit (threefry2x32); JAX computes in float32 unless jax_enable_x64 is set, and
the values shown are JAX's float32 values (exact for the draws and element-wise steps, within a few float32
ulps for the products and softmax: the hover says which). The keys below are those of the JAX fixture the
tests check against (PRNGKey(0) and the first key of its split).

Select the arrays and run "Attention Explorer: Compute Attention on Selection".
"""
import jax
import jax.numpy as jnp

key = jax.random.PRNGKey(0)
subkey, _ = jax.random.split(key)

Q = jax.random.normal(key, (4, 8))  # 4 queries, d_k = 8
K = jax.random.normal(subkey, (4, 8))
V = jax.random.uniform(subkey, (4, 8))

d_k = Q.shape[-1]
scores = Q @ K.T / jnp.sqrt(d_k)
weights = jax.nn.softmax(scores, axis=-1)
output = weights @ V

# causal: query i sees keys j <= i
mask = jnp.tril(jnp.ones((4, 4), dtype=bool))
causal_scores = jnp.where(mask, scores, -jnp.inf)
causal_weights = jax.nn.softmax(causal_scores, axis=-1)
causal_output = jnp.matmul(causal_weights, V)
