from torch import nn

model = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
for name, p in model.named_parameters():
    print(f"{name:9s} {str(tuple(p.shape)):8s} {p.numel():5d}")
print("total", sum(p.numel() for p in model.parameters()))
