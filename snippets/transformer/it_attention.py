import matplotlib.pyplot as plt
import torch

from dlbook.bert import SentenceEncoder

encoder = SentenceEncoder()
ids, mask = encoder.tokenizer.batch(
    ["The cat sat on the mat because it was tired"])
tokens = encoder.tokenizer.decode(ids[0].tolist())
with torch.no_grad():
    encoder.model(ids, mask)
A = encoder.model.attentions()[:, 0]  # (layers, H, T, T)
it, cat = tokens.index("it"), tokens.index("cat")
from_it = A[:, :, it, :]  # (layers, H, T): where "it" looks
to_cat = from_it[..., cat]  # (layers, H)
top = to_cat.flatten().topk(5)
for w, i in zip(top.values, top.indices):  # (1)!
    print(f"layer {i // 12 + 1} head {i % 12 + 1:2d}: {w:.2f} on 'cat'")
print(f"mean over 72 heads: {to_cat.mean():.2f}, "
      f"uniform: {1 / len(tokens):.2f}")
print("heads whose top token is 'cat':",
      (from_it.argmax(-1) == cat).sum().item())

fig, axes = plt.subplots(2, 3, figsize=(12, 6), sharex=True,
                         sharey=True, layout="constrained")
for layer, ax in enumerate(axes.flat):
    ax.imshow(from_it[layer], cmap="Blues", vmin=0, vmax=1)
    ax.set(title=f"layer {layer + 1}", xticks=range(len(tokens)),
           yticks=range(0, 12, 2), yticklabels=range(1, 13, 2), ylabel="head")
    ax.set_xticklabels(tokens, rotation=90)
fig.suptitle("all-MiniLM-L6-v2: attention from 'it', every layer and head")
plt.show()
