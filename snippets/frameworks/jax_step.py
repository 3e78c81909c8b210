import jax
import jax.numpy as jnp
import optax

params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}  # (1)!

def loss_fn(params, X, y):
    h = jnp.tanh(X @ params["W1"] + params["b1"])
    logits = h @ params["W2"] + params["b2"]
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()

optimizer = optax.sgd(lr)
opt_state = optimizer.init(params)

@jax.jit  # (2)!
def step(params, opt_state):
    grads = jax.grad(loss_fn)(params, X, y)
    updates, opt_state = optimizer.update(grads, opt_state)
    return optax.apply_updates(params, updates), opt_state

for _ in range(num_steps):
    params, opt_state = step(params, opt_state)

jax_W1 = np.asarray(params["W1"])
show("JAX", float(loss_fn(params, X, y)), jax_W1)
