import torch
from torch import nn

from dlbook import seed_everything
from dlbook.rnn import GRU, LSTM, RNN

seed_everything(0)
X = torch.randn(4, 10, 5)  # (B, T, C): 4 sequences, 10 steps, 5 features
for ours, theirs in [(RNN(5, 8), nn.RNN(5, 8, batch_first=True)),
                     (LSTM(5, 8), nn.LSTM(5, 8, batch_first=True)),
                     (GRU(5, 8), nn.GRU(5, 8, batch_first=True))]:
    theirs.load_state_dict(ours.state_dict())  # (1)!
    Y, state = ours(X)
    Y_ref, state_ref = theirs(X)
    if isinstance(state, tuple):  # LSTM: (h_T, c_T)
        state, state_ref = torch.cat(state), torch.cat(state_ref)
    print(f"{type(ours).__name__:4s} outputs {tuple(Y.shape)} "
          f"match: {torch.allclose(Y, Y_ref, atol=1e-5)}, "
          f"final state match: {torch.allclose(state, state_ref, atol=1e-5)}")
