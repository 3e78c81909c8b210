# Hands-on notebook "first-network": the one source of docs/zh/notebooks/first-network.ipynb
# and docs/en/notebooks/first-network.ipynb (generated at build time by
# hooks/handson.py, executed once, kept under .cache/runs/; never
# committed).
#
# Format: jupytext "percent" cells.
#   # %%                            a code cell, shared by both languages
#   # %% [markdown] lang="zh"       a markdown cell shown only in Chinese
#   # %% [markdown] lang="en"       the same cell in English
#   # %% [markdown]                 (no lang) a markdown cell for both
# Each language's notebook keeps the shared cells and its own markdown cells,
# in file order, so put a zh cell and its en twin next to each other.
# Everything above the first cell marker (this header) is not part of it.

# %% [markdown] lang="zh"
# # 用 PyTorch 写第一个神经网络
#
# 这个 Notebook 在构建网站时被真正执行过：下面的每个数字、每张图都是它的输出。
# 点右上角的下载按钮，可以在自己的电脑上逐个单元格运行。除了数据以外，这里不依赖
# `dlbook`：网络和训练循环都用纯 PyTorch 一行行写出来。

# %% [markdown] lang="en"
# # Your first neural network in PyTorch
#
# This notebook was really executed when the site was built: every number and
# plot below is its output. Download it with the button at the top right and
# run it cell by cell. Nothing here needs `dlbook` except the data: the network
# and the training loop are plain PyTorch, written out.

# %% [markdown] lang="zh"
# ## 1. 数据
#
# 1797 张手写数字，每张 8×8 像素，随 scikit-learn 一起安装，不需要下载。
# 先看几张图和它们的标签：

# %% [markdown] lang="en"
# ## 1. The data
#
# 1,797 handwritten digits, 8×8 pixels each, which ship inside scikit-learn.
# Let us look at a few of them with their labels:

# %%
import matplotlib.pyplot as plt
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.data import load_digits, loader, split

seed_everything(0)
X, y = load_digits()  # X: (N, 1, 8, 8) in [0, 1], y: (N,) labels 0-9
train, val, test = split(X, y, val=0.15, test=0.15, seed=0)
print("train / val / test:", train[1].shape[0], val[1].shape[0], test[1].shape[0])

fig, axes = plt.subplots(1, 8, figsize=(8, 1.4))
for ax, image, label in zip(axes, X, y):
    ax.imshow(image[0], cmap="gray_r")
    ax.set_title(int(label))
    ax.axis("off")
plt.show()

# %% [markdown] lang="zh"
# ## 2. 网络
#
# 把 64 个像素展平，经过一个有 32 个 ReLU 神经元的隐藏层，输出 10 个数
# （每个数字一个分数，称为 *logit*）。`nn.Sequential` 把各层串起来：

# %% [markdown] lang="en"
# ## 2. The network
#
# Flatten the 64 pixels, one hidden layer of 32 ReLU neurons, 10 outputs (one
# score, a *logit*, per digit). `nn.Sequential` chains the layers:

# %%
num_hiddens = 32
model = nn.Sequential(
    nn.Flatten(),              # (B, 1, 8, 8) -> (B, 64)
    nn.Linear(64, num_hiddens),
    nn.ReLU(),
    nn.Linear(num_hiddens, 10),  # (B, 10): one logit per digit
)
print(model)
print("parameters:", sum(p.numel() for p in model.parameters()))

# %% [markdown] lang="zh"
# ## 3. 训练循环
#
# 每一轮把所有训练样本按 32 个一批走一遍：前向传播、计算损失、反向传播
# （求梯度）、优化器更新一步。每轮结束后，在网络从不用来训练的验证集上测一次准确率。

# %% [markdown] lang="en"
# ## 3. The training loop
#
# Each epoch visits every training example once, in mini-batches of 32:
# forward pass, loss, backward pass (gradients), one optimizer step. After the
# epoch we measure the accuracy on the validation set, which the network never
# trains on.

# %%
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
train_loader = loader(*train, batch_size=32, shuffle=True)
num_epochs = 30
losses, val_accs = [], []
for epoch in range(num_epochs):
    model.train()
    total = 0.0
    for X_batch, y_batch in train_loader:
        y_hat = model(X_batch)           # forward
        loss = loss_fn(y_hat, y_batch)
        optimizer.zero_grad()
        loss.backward()                  # backward: gradients
        optimizer.step()                 # update the weights
        total += loss.item() * len(y_batch)
    losses.append(total / len(train[1]))
    model.eval()
    with torch.no_grad():
        val_accs.append((model(val[0]).argmax(dim=1) == val[1]).float().mean().item())
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1:2d}  loss {losses[-1]:.3f}  val accuracy {val_accs[-1]:.3f}")

# %% [markdown] lang="zh"
# ## 4. 学习曲线
#
# 损失下降、验证准确率上升：开始很快，后来变慢：

# %% [markdown] lang="en"
# ## 4. Learning curves
#
# The loss falls and the validation accuracy climbs, fast at first, then
# slowly:

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 3))
ax1.plot(range(1, num_epochs + 1), losses)
ax1.set(title="training loss", xlabel="epoch")
ax2.plot(range(1, num_epochs + 1), val_accs)
ax2.set(title="validation accuracy", xlabel="epoch")
plt.show()

# %% [markdown] lang="zh"
# ## 5. 最后只测一次
#
# 测试集一直留到最后才用：它估计网络在从未见过的数字上表现如何。下面是前 10 张
# 测试图片，每张上方是网络的预测（预测错的标红）：

# %% [markdown] lang="en"
# ## 5. Test, once, at the end
#
# The test set stays untouched until the very end: it estimates how the network
# does on digits it has never seen. Below, the first 10 test digits with the
# prediction above each (red where it is wrong):

# %%
model.eval()
with torch.no_grad():
    predicted = model(test[0]).argmax(dim=1)
print(f"test accuracy: {(predicted == test[1]).float().mean().item():.3f}")

fig, axes = plt.subplots(1, 10, figsize=(9, 1.4))
for ax, image, p, t in zip(axes, test[0], predicted, test[1]):
    ax.imshow(image[0], cmap="gray_r")
    ax.set_title(int(p), color="black" if p == t else "red")
    ax.axis("off")
plt.show()

# %% [markdown] lang="zh"
# ## 接下来试试
#
# - 把 `num_hiddens` 改成 8 或 128，或者再加一个隐藏层：曲线有什么变化？
# - 把 `SGD` 换成 `torch.optim.Adam(model.parameters(), lr=1e-3)`。
# - [训练流程](../../workflow/)把这个循环扩展成完整的七个步骤：早停、CNN 和模型导出。

# %% [markdown] lang="en"
# ## Try next
#
# - Change `num_hiddens` to 8 or 128, or add a second hidden layer: how do the
#   curves change?
# - Replace `SGD` with `torch.optim.Adam(model.parameters(), lr=1e-3)`.
# - [The training workflow](../../workflow/) turns this loop into all
#   seven steps, with early stopping, a CNN and export.
