alpha = 0.076  # Kaplan et al. 2020: L(N) = (N_c / N) ** alpha
for cut in (0.05, 0.10, 0.20):
    factor = (1 - cut) ** (-1 / alpha)  # N_new / N_old
    print(f"{cut:.0%} lower loss needs {factor:6.1f}x the parameters")
