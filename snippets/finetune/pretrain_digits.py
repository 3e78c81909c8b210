import matplotlib.pyplot as plt

from dlbook import plot, seed_everything
from dlbook.autoencoder import AutoEncoder, train_autoencoder
from dlbook.data import load_digits, split
from dlbook.finetune import label_curve

seed_everything(0)
X, y = load_digits(flatten=True)
train, _, test = split(X, y)  # (1)!
ae = AutoEncoder(64, code_dim=32, num_hiddens=256)
train_autoencoder(ae, train[0], num_epochs=30, lr=3e-3, noise=0.4)  # (2)!


def fresh():  # a new, randomly initialised encoder of the same shape
    return AutoEncoder(64, code_dim=32, num_hiddens=256).encoder


per_class = [1, 2, 5, 10, 20]
acc = label_curve(ae.encoder, fresh, 32, train, test,
                  per_class=per_class)  # (3)!
gain = [p - s for p, s in zip(acc["probe"], acc["scratch"])]
late = [[acc[k][i] for k in acc] for i in (3, 4)]  # 10 and 20 labels
print(f"probe beats scratch at 1 and 2 labels: {min(gain[:2]) > 0.01}")
print(f"all within 0.03 at 10 and 20 labels: "
      f"{all(max(a) - min(a) < 0.03 for a in late)}")
print(f"scratch, 20 labels/class, >= 0.85: {acc['scratch'][-1] >= 0.85}")
plot.lines(per_class, acc, title="Few labels: pretrained vs scratch",
           xlabel="labelled examples per class", ylabel="test accuracy")
plt.xscale("log")
plt.show()
