from dlbook.scaling import PUBLISHED, price_estimate, training_flops

print(f"{'model':19s} {'year':4s} {'params':>7s} {'tokens':>7s} "
      f"{'FLOPs':>8s} {'6ND':>8s}")  # params and tokens in billions
for m in PUBLISHED:
    six_nd = training_flops(m.params, m.tokens) if m.tokens else None  # (1)!
    cells = [f"{v:8.1e}" if v else f"{'-':>8s}" for v in (m.flops, six_nd)]
    tokens = f"{m.tokens / 1e9:7.0f}" if m.tokens else f"{'-':>7s}"
    print(f"{m.name:19s} {m.year} {m.params / 1e9:7.3g} {tokens} "
          f"{' '.join(cells)}")

gpt3 = next(m for m in PUBLISHED if m.name == "GPT-3")
hours, dollars = price_estimate(gpt3.flops)  # (2)!
print(f"GPT-3 estimate: {hours / 1e6:.1f} million A100-hours, "
      f"${dollars / 1e6:.1f} million")
llama = next(m for m in PUBLISHED if m.name == "Llama 2 70B")
print(f"Llama 2 70B: {llama.gpu_hours / 1e6:.2f} million A100-hours "
      f"(published), ${2 * llama.gpu_hours / 1e6:.1f} million at $2 an hour")
