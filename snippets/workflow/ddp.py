import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel as DDP

from dlbook import seed_everything
from dlbook.data import load_digits
from dlbook.models import MLP


def train(model, X, y, rank=0, world_size=1, batch_size=64, lr=0.1):
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    share = batch_size // world_size  # (1)!
    for start in range(0, len(y) - batch_size + 1, batch_size):
        mine = slice(start + rank * share, start + (rank + 1) * share)
        loss = F.cross_entropy(model(X[mine]), y[mine])
        optimizer.zero_grad()
        loss.backward()  # (2)!
        optimizer.step()
    return model


dist.init_process_group("gloo")  # (3)!
rank, world_size = dist.get_rank(), dist.get_world_size()
X, y = load_digits(flatten=True)  # every process loads the same data
seed_everything(0)
ddp_model = DDP(MLP(64, [32], 10))  # (4)!
train(ddp_model, X, y, rank, world_size)
if rank == 0:
    seed_everything(0)
    single = train(MLP(64, [32], 10), X, y)  # one process, same global batch
    gap = max((a - b).abs().max().item() for a, b in
              zip(ddp_model.module.parameters(), single.parameters()))
    print(f"{world_size} processes, {len(y) // 64} steps of 64 examples")
    print("same final weights as one process (max gap < 1e-6):", gap < 1e-6)
del ddp_model  # (5)!
dist.barrier()
dist.destroy_process_group()
