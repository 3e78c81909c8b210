from dlbook.rnn import CharLSTM

model = CharLSTM(59, num_hiddens=128, embed_size=32)
for name, part in model.named_children():
    print(f"{name:6s} {sum(p.numel() for p in part.parameters()):6d}")
