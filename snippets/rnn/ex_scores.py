B, T = 8, 1024
entries = B * T * T  # one (T, T) score matrix per sequence
print(f"{entries:,} scores, {entries * 4 / 2**20:.0f} MiB in float32")
