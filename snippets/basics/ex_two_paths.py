from dlbook.autograd import Value

x = Value(3.0)
y = x * x + x  # x is used by two operations
y.backward()
print(x.grad, "= 2 * 3 + 1")
