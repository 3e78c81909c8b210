import torch
from torch import nn

from dlbook import seed_everything
from dlbook.bert import SentenceEncoder
from dlbook.finetune import few_labels, load_sentiment, train_classifier

seed_everything(0)
encoder = SentenceEncoder()  # all-MiniLM-L6-v2, pretrained, never changed
texts, y, langs = load_sentiment()
en = torch.tensor([lang == "en" for lang in langs])
docs, y = [t for t, keep in zip(texts, en) if keep], y[en]  # 60 reviews
E = encoder.encode(docs)  # (60, 384), rows of length 1

a, b, c = encoder.encode(["The meal was delicious.", "The food tasted great.",
                          "My train was late."])  # (1)!
print(f"1 similarity: paraphrase {a @ b:.2f}, unrelated {a @ c:.2f}")

test = few_labels(y, 10, seed=0)  # 10 positive + 10 negative held out (2)!
train = torch.ones(len(y), dtype=torch.bool).index_fill(0, test, False)
probe = nn.Linear(384, 2)
train_classifier(probe, E[train], y[train], num_steps=300, lr=1e-2)
acc = (probe(E[test]).argmax(1) == y[test]).float().mean()
print(f"2 sentiment probe: test accuracy {acc:.2f} on {len(test)} reviews")

questions = {"Is the hotel room clean?": "hotel",  # (3)!
             "How long does the battery last?": "battery",
             "Did the parcel come on time?": "deliver",
             "Did the children enjoy the day out?": "kids",
             "Should I buy this winter coat?": "jacket",
             "How was the music at the show?": "concert"}
best = (encoder.encode(list(questions)) @ E.T).argmax(1)  # (6, 60) -> (6,)
hits = [k in docs[i].lower() for k, i in zip(questions.values(), best)]
print(f"3 retrieval: right review first for {sum(hits)} of {len(hits)} "
      f"questions (chance 2 in 60), e.g. {docs[best[0]]!r}")
n_model = sum(p.numel() for p in encoder.model.parameters())
n_probe = sum(p.numel() for p in probe.parameters())
print(f"pretrained parameters {n_model:,}; trained for task 2: {n_probe}")
