import torch

from dlbook import seed_everything
from dlbook.transformer import (WORD_VOCAB, Seq2SeqTransformer,
                                loss_ignoring_pad, number_pairs,
                                number_words, words_from_ids)

seed_everything(0)
numbers = torch.randperm(10000).tolist()
train, test = numbers[:3000], numbers[-500:]  # (1)!
src, tgt = number_pairs(train)  # (B, S) digits, (B, T) words
model = Seq2SeqTransformer(11, len(WORD_VOCAB), num_hiddens=64, num_layers=2)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda i: 1 - i / 600)  # (2)!
for step in range(600):
    idx = torch.randint(len(train), (64,))
    logits = model(src[idx], tgt[idx, :-1])  # (3)!
    loss = loss_ignoring_pad(logits, tgt[idx, 1:])
    opt.zero_grad()
    loss.backward()
    opt.step()
    sched.step()

out = model.eval().greedy(number_pairs(test)[0], bos_id=1, max_len=8)
pred = [words_from_ids(row) for row in out.tolist()]
acc = sum(p == number_words(n) for p, n in zip(pred, test)) / len(test)
print(f"exact match on {len(test)} unseen numbers: {acc:.2f}")
