from sklearn.linear_model import LogisticRegression

from dlbook.data import digit_features, load_digits, split

train, val, test = split(*load_digits(), seed=0)
for name, cols in [("all 22 features", slice(0, 22)),
                   ("rows and columns only", slice(0, 16)),
                   ("quadrants and symmetry", slice(16, 22))]:
    F_train = digit_features(train[0])[:, cols].numpy()
    F_test = digit_features(test[0])[:, cols].numpy()
    clf = LogisticRegression(max_iter=2000).fit(F_train, train[1].numpy())
    print(f"{name:23s} {clf.score(F_test, test[1].numpy()):.3f}")
