import torch

from dlbook import seed_everything
from dlbook.recommend import (MatrixFactorization, fit_mf,
                              item_mean_baseline, make_ratings, rmse)

seed_everything(0)
data = make_ratings(num_users=300, num_items=200, rank=4)  # (1)!
train, test = data.split(test=0.2, seed=0)
print(f"{len(train)} training ratings, {len(test)} test ratings")

mean = train.ratings.mean()
popular = item_mean_baseline(train)  # (2)!
model = MatrixFactorization(300, 200, num_factors=4, mu=mean.item())
history = fit_mf(model, train, num_epochs=200, lr=0.05)  # (3)!

with torch.no_grad():
    results = {"global mean": mean.expand(len(test)),
               "item mean (popularity)": popular[test.items],
               "matrix factorisation": model(test.users, test.items)}
for name, pred in results.items():
    print(f"{name:24s} test RMSE {rmse(pred, test.ratings):.2f}")
