from dlbook.transformer import number_pairs, number_words

for n in (10, 19, 305, 1010, 2000, 9999):
    print(n, number_words(n))
src, tgt = number_pairs([7, 305, 9999])
print(tuple(src.shape), tuple(tgt.shape))  # (B, S), (B, T)
print(tgt.tolist()[1])
