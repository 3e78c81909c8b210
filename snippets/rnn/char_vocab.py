from dlbook.text import CharVocab, load_corpus

text = load_corpus()
vocab = CharVocab(text)
print(f"{len(text)} characters, V = {len(vocab)}")  # (1)!
print(repr(text[:21]))
ids = vocab.encode(text[:10])
print(ids.tolist())
print(vocab.decode(ids))
