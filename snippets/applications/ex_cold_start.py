import torch

from dlbook import seed_everything
from dlbook.recommend import (MatrixFactorization, fit_mf,
                              item_mean_baseline, make_ratings)

seed_everything(0)
train, _ = make_ratings(num_users=300, num_items=200).split(seed=0)
new_user = 300  # one extra user id with no ratings at all
model = MatrixFactorization(301, 200, num_factors=4,
                            mu=train.ratings.mean().item())
fit_mf(model, train, num_epochs=200, lr=0.05)

items = torch.arange(200)
with torch.no_grad():
    scores = model(torch.full((200,), new_user), items)
popular = item_mean_baseline(train)
corr = torch.corrcoef(torch.stack([scores, popular]))[0, 1]
print(f"new user's scores vs item means, correlation > 0.9: {corr > 0.9}")
print(f"new user's embedding norm < 0.01: {model.P[new_user].norm() < 0.01}")
