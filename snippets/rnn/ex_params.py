from dlbook.rnn import GRU, LSTM, RNN

C, H = 5, 8
for layer, gates in [(RNN(C, H), 1), (LSTM(C, H), 4), (GRU(C, H), 3)]:
    count = sum(p.numel() for p in layer.parameters())
    by_hand = gates * (H * C + H * H + 2 * H)
    print(type(layer).__name__, count, count == by_hand)
