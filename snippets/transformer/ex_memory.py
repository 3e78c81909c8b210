layers, H = 6, 12  # all-MiniLM-L6-v2
for T in (128, 512, 4096, 32768):
    mib = layers * H * T * T * 4 / 2**20  # float32 weights, batch of 1
    print(f"T={T:6d}: {mib:12,.1f} MiB of attention weights")
