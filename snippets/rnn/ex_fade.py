import math

h, steps = math.tanh(1.0), 1  # after the input x = 1
while abs(h) >= 0.01:
    h = math.tanh(0.5 * h)  # no more input: x = 0
    steps += 1
print(f"h < 0.01 after {steps} steps (h = {h:.4f})")
