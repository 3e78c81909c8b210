from dlbook.bert import SentenceEncoder
from dlbook.finetune import load_sentiment

texts, y, langs = load_sentiment()
encoder = SentenceEncoder()
E = encoder.encode(texts)  # (120, 384), unit length
anchors = encoder.encode(["This is good.", "This is bad."])  # (2, 384)
y_hat = (E @ anchors.T).argmax(1) == 0  # closer to "good" -> positive
for lang in ("en", "zh"):
    keep = [i for i, s in enumerate(langs) if s == lang]
    acc = (y_hat[keep] == y[keep].bool()).float().mean()
    print(f"{lang}: zero-shot accuracy {acc:.2f}")
