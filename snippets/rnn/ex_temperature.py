import torch

logits = torch.tensor([2.0, 1.0, 0.0])
for temperature in [0.5, 1.0, 2.0]:
    probs = (logits / temperature).softmax(dim=0)
    print(temperature, [round(p, 2) for p in probs.tolist()])
