for name, W in [("JAX", jax_W1), ("Keras", keras_W1)]:
    gap = np.abs(W - torch_W1).max()  # (1)!
    print(f"{name:5s} vs PyTorch: max |W1 gap| < 1e-5: {gap < 1e-5}")
moved = np.abs(torch_W1 - W1).max()
print(f"W1 moved from its start by more than 0.1: {moved > 0.1}")
