from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC

from dlbook.data import digit_features, load_digits, split

X, y = load_digits()  # (N, 1, 8, 8) images, labels 0-9
train, val, test = split(X, y, seed=0)  # (1)!
inputs = {"22 hand-made features": digit_features,  # (2)!
          "64 raw pixels": lambda X: X.flatten(1)}
for model_name, make in [("logistic regression",
                          lambda: LogisticRegression(max_iter=2000)),
                         ("SVM", lambda: SVC())]:
    for input_name, to_input in inputs.items():
        clf = make().fit(to_input(train[0]).numpy(), train[1].numpy())
        acc = clf.score(to_input(test[0]).numpy(), test[1].numpy())
        print(f"{model_name:19s} on {input_name:21s} {acc:.3f}")
