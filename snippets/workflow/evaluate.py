import matplotlib.pyplot as plt
import torch
from sklearn.metrics import ConfusionMatrixDisplay

from dlbook.models import train_digits_cnn
from dlbook.train import accuracy, predict

model, history, (train, val, test) = train_digits_cnn(seed=0)  # (1)!
X_test, y_test = test
logits = predict(model, X_test)  # (B, 10), in eval mode, no gradients
acc = accuracy(logits, y_test)
# output tolerance: ±0.01 on "test accuracy"
print(f"test accuracy {acc:.3f}")
ConfusionMatrixDisplay.from_predictions(  # (2)!
    y_test.numpy(), logits.argmax(dim=1).numpy(), colorbar=False)
plt.title("Test set: true class (rows) vs predicted (columns)")
plt.show()
