import matplotlib.pyplot as plt

from dlbook.audio import VOWELS, log_spectrogram, make_vowels

waves, y = make_vowels(1, noise=0.0, seed=0)  # one clean sound of each
spec = log_spectrogram(waves)  # (4, 129, 14)
fig, axes = plt.subplots(1, 2, figsize=(7, 3), sharey=True)
for ax, vowel in zip(axes, ["i", "a"]):
    k = list(VOWELS).index(vowel)
    ax.imshow(spec[k].numpy(), origin="lower", aspect="auto",  # (1)!
              extent=(0, 0.25, 0, 4000), cmap="magma")
    ax.set(title=f'vowel "{vowel}"', xlabel="time (s)")
    for f in VOWELS[vowel]:  # the two formants
        ax.axhline(f, color="cyan", linestyle="--", linewidth=0.8)
axes[0].set_ylabel("frequency (Hz)")
fig.tight_layout()
plt.show()
