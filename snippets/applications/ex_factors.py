import torch

from dlbook import seed_everything
from dlbook.recommend import MatrixFactorization, fit_mf, make_ratings, rmse

data = make_ratings(num_users=300, num_items=200, rank=4)
train, test = data.split(test=0.2, seed=0)
mu = train.ratings.mean().item()

for k in (1, 4, 16):
    seed_everything(0)
    model = MatrixFactorization(300, 200, num_factors=k, mu=mu)
    fit_mf(model, train, num_epochs=200, lr=0.05)
    with torch.no_grad():
        pred = model(test.users, test.items)
    print(f"num_factors={k:2d}: train RMSE "
          f"{rmse(model(train.users, train.items), train.ratings):.2f}, "
          f"test RMSE {rmse(pred, test.ratings):.2f}")
