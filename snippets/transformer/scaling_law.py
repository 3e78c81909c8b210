import matplotlib.pyplot as plt
import numpy as np
import torch

from dlbook.gpt import GPT, GPTConfig
from dlbook.scaling import fit_power_law, fit_power_law_with_floor
from dlbook.scaling import non_embedding_params, train_char_gpt
from dlbook.text import CharVocab, load_corpus

text = load_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)
train, val = ids[:57000], ids[57000:]
N, L = [], []
for num_hiddens, num_layers in [(8, 1), (16, 1), (16, 2), (32, 2), (48, 2),
                                (64, 2)]:
    torch.manual_seed(0)  # every size's weights from random seed 0
    model = GPT(GPTConfig(vocab_size=len(vocab), block_size=32, num_heads=2,
                          num_hiddens=num_hiddens, num_layers=num_layers))
    history = train_char_gpt(model, train, val, num_steps=250)  # (1)!
    N.append(non_embedding_params(model))
    L.append(history.val_loss[-1])
    print(f"C={num_hiddens:2d} layers={num_layers}  N={N[-1]:6d}  "
          f"val loss {L[-1]:.3f}")
a, alpha = fit_power_law(N, L)  # (2)!
E, b, beta = fit_power_law_with_floor(N, L)  # (3)!
print(f"L = {a:.2f} N^-{alpha:.3f}")
print(f"L = {E:.2f} + {b:.2f} N^-{beta:.3f}")

n = np.geomspace(min(N), 1e6, 50)  # the fits, extended 10x beyond our data
plt.figure(figsize=(5.5, 3.5), layout="constrained")
plt.loglog(N, L, "o", label="our GPTs, 250 steps each")
plt.loglog(n, a * n ** -alpha, "--", label=f"fit: L = {a:.2f} N^-{alpha:.3f}")
plt.loglog(n, L[0] * (n / N[0]) ** -0.076, ":",
           label="Kaplan et al.'s slope, −0.076")
plt.xlabel("non-embedding parameters N")
plt.ylabel("validation loss (nats/char)")
plt.minorticks_off()
ticks = [1.8, 2.0, 2.2, 2.4, 2.6, 2.8]
plt.yticks(ticks, [f"{t:.1f}" for t in ticks])
plt.legend()
plt.show()
