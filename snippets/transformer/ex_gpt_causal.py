import torch

from dlbook import seed_everything
from dlbook.gpt import GPT, GPTConfig

seed_everything(0)
model = GPT(GPTConfig(vocab_size=10, block_size=8)).eval()
ids = torch.tensor([[1, 2, 3, 4, 5, 6]])  # (B, T)
changed = ids.clone()
changed[0, 4] = 9  # change token 4
with torch.no_grad():
    a, b = model(ids), model(changed)  # (B, T, V)
same = [torch.allclose(a[0, t], b[0, t]) for t in range(6)]
print(same)
