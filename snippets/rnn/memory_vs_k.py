import matplotlib.pyplot as plt

from dlbook.memory import recall_accuracy

ks = [2, 10, 25]
acc = {kind: [recall_accuracy(kind, k) for k in ks]  # (1)!
       for kind in ["RNN", "LSTM", "GRU"]}
for kind, values in acc.items():
    print(kind, ["remembers" if a > 0.9 else "guesses" if a < 0.4
                 else "partly" for a in values])  # (2)!

fig, ax = plt.subplots(figsize=(6, 3.5))
for (kind, values), style in zip(acc.items(), ["o-", "s--", "^:"]):
    ax.plot(ks, values, style, label=kind, markersize=8 - len(kind))
ax.axhline(0.25, color="gray", linewidth=0.8, label="chance")
ax.set(title="Recall a token k steps back", xlabel="k (steps of noise)",
       ylabel="test accuracy")
ax.grid(alpha=0.3)
ax.legend()
fig.tight_layout()
plt.show()
