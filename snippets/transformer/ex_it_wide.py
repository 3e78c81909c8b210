import torch

from dlbook.bert import SentenceEncoder

encoder = SentenceEncoder()
for text in ["The cat sat on the mat because it was tired",
             "The cat sat on the mat because it was wide"]:
    ids, mask = encoder.tokenizer.batch([text])
    tokens = encoder.tokenizer.decode(ids[0].tolist())
    with torch.no_grad():
        encoder.model(ids, mask)
    A = encoder.model.attentions()[:, 0]  # (layers, H, T, T)
    from_it = A[:, :, tokens.index("it")]  # (layers, H, T)
    cat = from_it[..., tokens.index("cat")]
    mat = from_it[..., tokens.index("mat")]
    print(f"{text.split()[-1]:6s} heads preferring cat: {(cat > mat).sum()}"
          f" of 72 | layer 6 head 12: cat {cat[5, 11]:.2f},"
          f" mat {mat[5, 11]:.2f}")
