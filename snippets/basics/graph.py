from dlbook.autograd import Value, to_mermaid

x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")
w1, w2 = Value(-0.5, label="w1"), Value(1.5, label="w2")
b = Value(1.0, label="b")
z = x1 * w1 + x2 * w2 + b  # (1)!
z.label = "z"
y = z.tanh()
y.label = "y"
y.backward()  # (2)!
print(f"y = {y.data:.4f}")
print(f"dy/dw1 = {w1.grad:.4f}, by hand: {(1 - y.data**2) * x1.data:.4f}")
print(to_mermaid(y))  # (3)!
