# Hands-on notebook "activations": the one source of docs/zh/notebooks/activations.ipynb
# and docs/en/notebooks/activations.ipynb (generated at build time by
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
# # 动手：激活函数
#
# 这个 Notebook 在构建网站时被真正执行过，下面的图就是执行的结果。
# 点右上角的下载按钮，可以在自己的电脑上打开它，改一改权重和偏置。
#
# 先画出单个神经元 $y = f(wx + b)$ 在不同激活函数下的输出：

# %% [markdown] lang="en"
# # Hands-on: activations
#
# This notebook was really executed when the site was built; the plots below
# are its output. Use the download button at the top right to open it on your
# own machine and change the weights and the bias.
#
# First, the output of one neuron $y = f(wx + b)$ under each activation:

# %%
import matplotlib.pyplot as plt
import torch

from dlbook.neuron import Neuron

x = torch.linspace(-4, 4, 161).unsqueeze(1)  # (B, 1): 161 inputs
fig, ax = plt.subplots(figsize=(6, 3.5))
for activation in ["relu", "sigmoid", "tanh"]:
    neuron = Neuron(1, activation=activation)
    with torch.no_grad():
        neuron.w.fill_(1.5)
        neuron.b.fill_(-1.0)
        ax.plot(x.squeeze(1), neuron(x), label=activation)
ax.set(xlabel="x", ylabel="y = f(1.5 x - 1)")
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# 权重改变曲线的陡峭程度，偏置把曲线左右平移。下面让 sigmoid 神经元的权重从小变大：

# %% [markdown] lang="en"
# The weight sets how steep the curve is; the bias slides it left or right.
# Here the weight of a sigmoid neuron grows from small to large:

# %%
neuron = Neuron(1, activation="sigmoid")
fig, ax = plt.subplots(figsize=(6, 3.5))
for w in [0.5, 1.0, 2.0, 5.0]:
    with torch.no_grad():
        neuron.w.fill_(w)
        neuron.b.fill_(0.0)
        ax.plot(x.squeeze(1), neuron(x), label=f"w = {w}")
ax.set(xlabel="x", ylabel="sigmoid(w x)")
ax.legend()
plt.show()
