from torch import nn

from dlbook.models import MLP, DigitsCNN


def count(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


print("logistic regression on 22 features:", 22 * 10 + 10)
print("MLP(64, [64], 10):", count(MLP(64, [64], 10)))
print("DigitsCNN():", count(DigitsCNN()))
