import torch
from sklearn.decomposition import PCA

from dlbook import seed_everything
from dlbook.autoencoder import AutoEncoder, reconstruction_error
from dlbook.autoencoder import train_autoencoder
from dlbook.data import load_digits, split

seed_everything(0)
X, y = load_digits(flatten=True)
(X_train, _), _, (X_test, _) = split(X, y)
for k in (2, 8):
    pca = PCA(n_components=k).fit(X_train)
    X_pca = torch.tensor(pca.inverse_transform(pca.transform(X_test)))
    model = AutoEncoder(64, code_dim=k)
    train_autoencoder(model, X_train, num_epochs=30, lr=3e-3)
    with torch.no_grad():
        ae = reconstruction_error(model(X_test), X_test)
    pca_err = reconstruction_error(X_pca.float(), X_test)
    print(f"k={k}: PCA {pca_err:.3f}  autoencoder {ae:.3f}")
