from dlbook.autograd import Value

for z in [-2.0, 0.0, 3.0]:
    x = Value(z)
    s = x.sigmoid()  # built from exp, +, ** -1: no sigmoid backward written
    s.backward()
    by_hand = s.data * (1 - s.data)
    print(f"z={z:+.1f}  engine {x.grad:.6f}  s(1-s) {by_hand:.6f}")
