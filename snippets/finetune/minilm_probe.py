import torch
from torch import nn

from dlbook import seed_everything
from dlbook.bert import SentenceEncoder
from dlbook.finetune import few_labels, load_sentiment, train_classifier

seed_everything(0)
texts, y, langs = load_sentiment()  # 120 sentences, half zh, half en
is_zh = torch.tensor([lang == "zh" for lang in langs])
encoder = SentenceEncoder()  # all-MiniLM-L6-v2, pretrained (1)!
E = encoder.encode(texts)  # (120, 384)
ids, mask = encoder.tokenizer.batch(texts)  # (120, T)
bow = torch.zeros(len(texts), 30522).scatter_(1, ids, mask.float())  # (2)!

scores = {"MiniLM + linear probe": [], "bag of words, scratch": []}
for seed in range(5):  # 5 random splits: 80 train, 40 test
    test = few_labels(2 * y + is_zh, 10, seed=seed)  # 10 per (label, lang)
    train = torch.ones(len(y), dtype=torch.bool).index_fill(0, test, False)
    for name, X in zip(scores, (E, bow)):
        model = nn.Linear(X.shape[1], 2)
        train_classifier(model, X[train], y[train], num_steps=300, lr=1e-2)
        right = model(X[test]).argmax(1) == y[test]
        scores[name].append([right[~is_zh[test]].float().mean(),
                             right[is_zh[test]].float().mean()])
for name, s in scores.items():
    en, zh = torch.tensor(s).mean(0).tolist()
    print(f"{name:22s} en {en:.2f}  zh {zh:.2f}")
