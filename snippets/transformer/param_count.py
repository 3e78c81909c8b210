from dlbook.transformer import EncoderBlock

C, F = 512, 2048  # the base model of "Attention Is All You Need"
block = EncoderBlock(C, 8, F)
attention = 4 * (C * C + C)  # W_q, W_k, W_v, W_o with biases
ffn = (C * F + F) + (F * C + C)
norms = 2 * 2 * C
print(sum(p.numel() for p in block.parameters()), attention + ffn + norms)
print(f"attention share: {attention / (attention + ffn + norms):.2f}")
