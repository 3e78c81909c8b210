import torch
import torch.nn.functional as F

from dlbook import seed_everything
from dlbook.rnn import CharLSTM
from dlbook.text import CharVocab, load_corpus, random_windows

seed_everything(0)
text = load_corpus()
vocab = CharVocab(text)
ids = vocab.encode(text)  # (63889,)
n = int(0.9 * len(ids))
train_ids, val_ids = ids[:n], ids[n:]  # (1)!

model = CharLSTM(len(vocab), num_hiddens=128)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
g = torch.Generator().manual_seed(0)
for step in range(300):  # about 8 s on one CPU core
    X, y = random_windows(train_ids, seq_len=64, batch_size=32, generator=g)
    logits, _ = model(X)  # (B, T, V)
    loss = F.cross_entropy(logits.flatten(0, 1), y.flatten())  # (2)!
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # (3)!
    optimizer.step()

X, y = random_windows(val_ids, seq_len=64, batch_size=256, generator=g)
with torch.no_grad():
    val_loss = F.cross_entropy(model(X)[0].flatten(0, 1), y.flatten()).item()
print(f"guessing: {torch.log(torch.tensor(len(vocab))):.2f} nats/char")
# output tolerance: ±0.05 on "validation loss"
print(f"validation loss: {val_loss:.2f} nats/char")
