import matplotlib.pyplot as plt
import torch

from dlbook.memory import gradient_by_distance

T = 60
grads = {"RNN": gradient_by_distance("RNN", T),
         "LSTM": gradient_by_distance("LSTM", T),
         "GRU": gradient_by_distance("GRU", T),
         "LSTM, forget bias 3": gradient_by_distance(  # (1)!
             "LSTM", T, forget_bias=3.0)}
for name, g in grads.items():
    left = (g[40] / g[0]).item()  # share left after 40 steps
    print(f"{name:20s} left after 40 steps < 1e-6: {left < 1e-6}")

fig, ax = plt.subplots(figsize=(6, 3.5))
for name, g in grads.items():
    ax.semilogy(torch.arange(T), g, label=name)  # (2)!
ax.set(xlabel="distance d = T - t (steps)", ylabel="||dh_T / dx_t||",
       title="Gradient reaching an input d steps back")
ax.grid(alpha=0.3)
ax.legend()
fig.tight_layout()
plt.show()
