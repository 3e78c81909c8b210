from dlbook.models import MLP

sizes = [64, 32, 32, 10]
by_formula = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
mlp = MLP(64, [32, 32], 10)
print(by_formula, sum(p.numel() for p in mlp.parameters()))
