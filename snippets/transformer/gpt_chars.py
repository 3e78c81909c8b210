import math

import torch
from torch.nn import functional as F

from dlbook import seed_everything
from dlbook.gpt import GPT, GPTConfig
from dlbook.text import CharVocab, load_corpus, random_windows

seed_everything(0)
text = load_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)
train, val = ids[:57000], ids[57000:]
model = GPT(GPTConfig(vocab_size=len(vocab), block_size=32))
opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
g = torch.Generator().manual_seed(0)
for step in range(400):
    X, y = random_windows(train, seq_len=32, batch_size=32, generator=g)
    loss = F.cross_entropy(model(X).flatten(0, 1), y.flatten())  # (1)!
    opt.zero_grad()
    loss.backward()
    opt.step()

X, y = random_windows(val, seq_len=32, batch_size=256, generator=g)
with torch.no_grad():
    val_loss = F.cross_entropy(model.eval()(X).flatten(0, 1), y.flatten())
freq = torch.bincount(train, minlength=len(vocab)).float() / len(train)
unigram = -(freq[y] + 1e-12).log().mean()  # (2)!
print(f"val loss {val_loss:.2f} | unigram {unigram:.2f} | "
      f"uniform {math.log(len(vocab)):.2f}")
prompt = vocab.encode("MENENIUS:\n")[None]  # (B=1, T)
out = model.generate(prompt, 120, temperature=0.8,
                     generator=torch.Generator().manual_seed(1))
print(vocab.decode(out[0]))
