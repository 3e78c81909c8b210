from dlbook.diffusion import linear_schedule

for T, beta_T in ((1000, 0.02), (100, 0.02), (100, 0.1)):
    abar_T = linear_schedule(T, beta_T=beta_T).alpha_bars[-1]
    print(f"T={T:4d}, beta_T={beta_T}: abar_T = {abar_T:.1e}, "
          f"signal left {abar_T.sqrt():.1%}")
