C, F = 384, 1536  # all-MiniLM-L6-v2: width and feed-forward width
for T in (128, 512, 2304, 8192):
    quadratic = 2 * T * T * C  # Q K^T and weights @ V, all heads together
    linear = 4 * T * C * C + 2 * T * C * F  # W_q, W_k, W_v, W_o and the FFN
    print(f"T={T:5d}  T^2 part / linear part = {quadratic / linear:.2f}")
