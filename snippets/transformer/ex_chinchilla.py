from dlbook.scaling import PUBLISHED

gpt3 = next(m for m in PUBLISHED if m.name == "GPT-3")
C = gpt3.flops  # 3.14e23 FLOPs
N = (C / (6 * 20)) ** 0.5  # C = 6 N D with D = 20 N  (1)!
print(f"GPT-3's budget, Chinchilla's rule: N = {N / 1e9:.0f}B parameters, "
      f"D = {20 * N / 1e9:.0f}B tokens")
print(f"GPT-3 itself: N = {gpt3.params / 1e9:.0f}B, D = "
      f"{gpt3.tokens / 1e9:.0f}B, {gpt3.tokens / gpt3.params:.1f} tokens "
      f"per parameter")
