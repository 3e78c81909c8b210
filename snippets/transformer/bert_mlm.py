import torch
from torch.nn import functional as F

from dlbook import seed_everything
from dlbook.bert import BertConfig, MaskedLM, mask_tokens
from dlbook.text import CharVocab, load_corpus, random_windows

seed_everything(0)
text = load_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)
train, val = ids[:57000], ids[57000:]
MASK = len(vocab)  # one extra id for the [MASK] token
model = MaskedLM(BertConfig(vocab_size=len(vocab) + 1, num_hiddens=64,
                            num_heads=4, num_layers=2, ffn_hiddens=128,
                            max_len=16))
opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
g = torch.Generator().manual_seed(0)
for step in range(400):
    X, _ = random_windows(train, seq_len=16, batch_size=128, generator=g)
    masked, y = mask_tokens(X, mask_id=MASK, generator=g)  # (1)!
    loss = F.cross_entropy(model(masked).flatten(0, 1), y.flatten())
    opt.zero_grad()
    loss.backward()
    opt.step()

X, _ = random_windows(val, seq_len=16, batch_size=1024, generator=g)
masked, y = mask_tokens(X, mask_id=MASK, generator=g)
with torch.no_grad():
    y_hat = model.eval()(masked).argmax(-1)  # (B, T)
hidden = y != -100
acc = (y_hat[hidden] == y[hidden]).float().mean()
space = (y[hidden] == vocab.stoi[" "]).float().mean()  # (2)!
print(f"masked-token accuracy {acc:.2f} | always-space baseline {space:.2f}")
row, guess = masked[0].tolist(), y_hat[0].tolist()
shown = "".join("_" if i == MASK else vocab.chars[i] for i in row)
filled = "".join(vocab.chars[p if i == MASK else i] for i, p in zip(row, guess))
print(repr(shown), "->", repr(filled))
