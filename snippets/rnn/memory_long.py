from dlbook.memory import recall_accuracy

k = 100  # a lag of 100 steps of noise
setups = {"RNN": dict(kind="RNN"),
          "LSTM": dict(kind="LSTM"),
          "LSTM, gates set to keep": dict(kind="LSTM", keep_bias=5.0),  # (1)!
          "GRU, gates set to keep": dict(kind="GRU", keep_bias=5.0)}
for name, setup in setups.items():
    acc = recall_accuracy(k=k, num_steps=150, lr=0.01, clip=1.0,  # (2)!
                          **setup)
    word = "remembers" if acc > 0.9 else "guesses" if acc < 0.4 else "partly"
    print(f"{name:24s} k={k}: {word}")
