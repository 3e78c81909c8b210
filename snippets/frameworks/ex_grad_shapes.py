import jax
import jax.numpy as jnp
import numpy as np
import optax

rng = np.random.default_rng(0)
params = {"W1": rng.standard_normal((64, 32)), "b1": np.zeros(32),
          "W2": rng.standard_normal((32, 10)), "b2": np.zeros(10)}
X, y = rng.random((5, 64)), np.arange(5)  # 5 made-up examples

def loss_fn(params, X, y):
    h = jnp.tanh(X @ params["W1"] + params["b1"])
    logits = h @ params["W2"] + params["b2"]
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

grads = jax.grad(loss_fn)(params, X, y)
for name, g in grads.items():
    print(name, g.shape)
