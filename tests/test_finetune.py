import pytest
import torch
from torch import nn

from dlbook import seed_everything
from dlbook.finetune import (Classifier, few_labels, label_curve,
                             load_sentiment, accuracy_of, step_curve,
                             train_classifier)

pytestmark = pytest.mark.lesson


def test_few_labels_is_balanced_seeded_and_checked():
    y = torch.arange(30) % 3
    idx = few_labels(y, 4, seed=0)
    assert len(idx) == 12 and len(set(idx.tolist())) == 12
    assert torch.bincount(y[idx]).tolist() == [4, 4, 4]
    torch.testing.assert_close(idx, few_labels(y, 4, seed=0), atol=0, rtol=0)
    assert not torch.equal(idx, few_labels(y, 4, seed=1))
    with pytest.raises(ValueError, match="class 0 has 10 examples, fewer"):
        few_labels(y, 11)
    with pytest.raises(ValueError, match="1-D tensor of integer labels"):
        few_labels(torch.zeros(5), 1)


def test_classifier_copies_the_encoder_and_freezes_it_for_a_probe():
    encoder = nn.Sequential(nn.Linear(6, 4), nn.ReLU())
    before = encoder[0].weight.clone()
    probe = Classifier(encoder, 4, 3, freeze=True)
    tuned = Classifier(encoder, 4, 3)
    trainable = lambda m: sum(p.numel() for p in m.parameters()  # noqa: E731
                              if p.requires_grad)
    assert trainable(probe) == 4 * 3 + 3
    assert trainable(tuned) == 6 * 4 + 4 + 4 * 3 + 3
    X, y = torch.randn(20, 6), torch.randint(3, (20,))
    assert tuned(X).shape == (20, 3)
    train_classifier(tuned, X, y, num_steps=5, lr=0.1)
    train_classifier(probe, X, y, num_steps=5, lr=0.1)
    # fine-tuning changed its own copy only; the probe's encoder is frozen
    torch.testing.assert_close(encoder[0].weight, before, atol=0, rtol=0)
    torch.testing.assert_close(probe.encoder[0].weight, before, atol=0, rtol=0)
    assert not torch.equal(tuned.encoder[0].weight, before)


def test_training_fits_a_separable_problem():
    seed_everything(0)
    X = torch.randn(100, 2)
    y = (X[:, 0] > 0).long()
    model = nn.Linear(2, 2)
    history = train_classifier(model, X, y, num_steps=200, lr=0.1)
    losses = history.train_loss
    assert history.unit == "step" and len(history) == 200
    assert losses[-1] < 0.2 < losses[0]
    assert accuracy_of(model, X, y) >= 0.97
    with pytest.raises(ValueError, match="same non-zero length"):
        train_classifier(model, X, y[:5], num_steps=1)


def test_label_curve_shapes():
    seed_everything(0)
    X = torch.randn(60, 4)
    y = (X[:, 0] > 0).long()
    fresh = lambda: nn.Linear(4, 3)  # noqa: E731
    curves = label_curve(fresh(), fresh, 3, (X, y), (X, y),
                         per_class=[1, 5], seeds=(0,), num_steps=10)
    assert set(curves) == {"scratch", "probe", "fine-tune"}
    assert all(len(v) == 2 and all(0 <= a <= 1 for a in v)
               for v in curves.values())


def test_step_curve_follows_train_classifier_step_by_step():
    seed_everything(0)
    X = torch.randn(60, 4)
    y = (X[:, 0] > 0).long()
    fresh = lambda: nn.Sequential(nn.Linear(4, 3), nn.ReLU())  # noqa: E731
    pretrained = fresh()
    steps, curves = step_curve(pretrained, fresh, 3, (X, y), (X, y),
                               per_class=5, num_steps=20, every=10,
                               seeds=(0,), lr=0.01)
    assert steps == [10, 20]
    assert set(curves) == {"scratch", "probe", "fine-tune"}
    # the same run done in one go by train_classifier ends at the same place
    for name, curve in curves.items():
        torch.manual_seed(0)
        idx = few_labels(y, 5, seed=0)
        encoder = fresh() if name == "scratch" else pretrained
        model = Classifier(encoder, 3, 2, freeze=name == "probe")
        train_classifier(model, X[idx], y[idx], num_steps=20, lr=0.01,
                         progress=False)
        # the same count of right answers (fit's evaluate counts in float32)
        assert curve[-1] == pytest.approx(accuracy_of(model, X, y), abs=1e-6), name
    with pytest.raises(ValueError, match="every"):
        step_curve(pretrained, fresh, 3, (X, y), (X, y), per_class=5,
                   num_steps=5, every=10)


def test_sentiment_set_is_balanced_by_label_and_language():
    texts, y, langs = load_sentiment()
    assert len(texts) == len(y) == len(langs) == 120
    assert len(set(texts)) == 120
    for lang in ("en", "zh"):
        labels = y[torch.tensor([s == lang for s in langs])]
        assert torch.bincount(labels).tolist() == [30, 30]
