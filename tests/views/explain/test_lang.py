"""ng.explain in Chinese: the same numbers as in English, in every format, and no
English sentence left; the language follows lang=, ng.language and ng.set_lang."""

import contextvars
import re

import numpy as np
import pytest

import neuroglass as ng
from neuroglass.views.explain import _en, _zh

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")

# ASCII words a Chinese explanation may hold: symbols, function, activation,
# loss, optimizer and API names (no English sentence word)
SYMBOLS = {
    "Adam", "SGD", "dL", "dW", "da", "db", "dz", "delta", "prev", "ik", "lr",
    "exp", "log", "max", "mean", "sum", "sign", "sqrt", "pi",
    "identity", "sigmoid", "tanh", "relu", "leaky", "elu", "softplus", "gelu",
    "swish", "softmax", "mse", "bce", "cross", "entropy", "dense", "explain",
    "forward", "inf", "nan",
}  # fmt: skip


def _cases():
    """(network, x, y, lr): every activation, the three losses (bce and
    cross-entropy after their outputs, mse after identity and softmax), one
    sample and batches, a regularized network, a layer wide enough to be
    summarised, and learning rates that lower, raise, overflow and keep the loss."""
    rng = np.random.default_rng(3)
    activations = [
        "tanh", "sigmoid", "relu", "leaky_relu", "elu", "softplus", "gelu",
        "swish", "identity",
    ]  # fmt: skip
    losses = [
        ("mse", None, rng.normal(size=(4, 2))),
        ("bce", "sigmoid", np.array([[1, 0], [0, 1], [1, 1], [0, 0]])),
        ("cross_entropy", "softmax", np.array([0, 1, 1, 0])),
        ("mse", "softmax", np.array([[1.0, 0.0]] * 4)),
    ]
    for k, act in enumerate(activations):
        loss, output, y = losses[k % len(losses)]
        net = ng.mlp([3, 4, 3, 2], activation=act, output=output, loss=loss, seed=k)
        x = rng.normal(size=(4, 3))
        batch = 1 + k % 4  # 1, 2, 3 and 4 samples
        yield (
            net,
            x[:batch] if batch > 1 else x[0],
            y[:batch] if batch > 1 else y[0],
            0.1,
        )
    binary = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0, l1=0.01, l2=0.1)
    yield binary, [0.5, -1.0], 1, 0.5
    yield binary, [0.5, -1.0], 1, 0.0  # the loss does not change
    yield ng.mlp([2, 3, 1], loss="mse", seed=0), [0.5, -1.0], 3.0, 1e3  # goes up
    yield ng.mlp([2, 3, 1], loss="mse", seed=0), [0.5, -1.0], 3.0, 1e200  # overflow
    wide = ng.mlp([20, 12, 10], activation="relu", loss="cross_entropy", seed=1)
    yield wide, rng.random((3, 20)), [3, 1, 2], 0.1


CASES = list(_cases())


def _explanations(lang):
    for net, x, y, lr in CASES:
        yield ng.explain.forward(net, x, lang=lang)
        yield ng.explain.backward(net, x, y, lr=lr, lang=lang)


def _renderings(ex):
    return {"text": str(ex), "markdown": ex.to_markdown(), "latex": ex.to_latex()}


@pytest.fixture(scope="module")
def pairs():
    return list(zip(_explanations("en"), _explanations("zh")))


def test_chinese_shows_the_same_numbers_in_the_same_order(pairs):
    for en, zh in pairs:
        assert zh.lang == "zh" and en.lang == "en"
        for form, english in _renderings(en).items():
            chinese = _renderings(zh)[form]
            assert chinese != english
            numbers_en, numbers_zh = NUMBER.findall(english), NUMBER.findall(chinese)
            assert len(numbers_en) > 20
            assert numbers_zh == numbers_en, (form, en.title)
        for step_en, step_zh in zip(en.steps, zh.steps, strict=True):  # data alike
            assert step_en["symbol"] == step_zh["symbol"]
            np.testing.assert_array_equal(step_en["values"], step_zh["values"])


def _ascii_words(text):
    return set(re.findall(r"[A-Za-z]{2,}", text))


def test_chinese_leaves_no_english_sentence_word(pairs):
    seen = set()
    for _, zh in pairs:
        for form in ("text", "markdown"):
            words = _ascii_words(_renderings(zh)[form])
            assert words <= SYMBOLS, (form, words - SYMBOLS)
            seen |= words
        # LaTeX: the words are the \text pieces
        pieces = re.findall(r"\\text(?:bf)?\{([^{}]*)\}", zh.to_latex())
        words = _ascii_words(" ".join(pieces))
        assert words <= SYMBOLS, ("latex", words - SYMBOLS)
        assert re.search(r"[\u4e00-\u9fff]", zh.to_latex())
    assert {"the", "of", "Layer", "unit"}.isdisjoint(seen)
    # and the English explanations do use sentence words (the check can fail)
    english = str(ng.explain.backward(*CASES[0][:3]))
    assert not _ascii_words(english) <= SYMBOLS


def test_chinese_uses_the_textbook_terms():
    net, x, y, lr = CASES[0]
    text = str(ng.explain.forward(net, x, lang="zh"))
    text += str(ng.explain.backward(net, x, y, lr=lr, lang="zh"))
    for term in [
        "前向传播",
        "反向传播",
        "权重",
        "偏置",
        "梯度",
        "损失",
        "激活函数",
        "学习率",
    ]:
        assert term in text, term
    for variant in ["偏差", "权值", "学习速率", "激励函数", "均方差"]:
        assert variant not in text, variant
    for table in (_en.WORDS, _zh.WORDS):
        assert "均方差" not in " ".join(table.values())


# -- which language ------------------------------------------------------------------
def _run_isolated(function):
    """Run in a copy of the context, so ng.set_lang does not leak into other tests."""
    return contextvars.copy_context().run(function)


def test_lang_none_follows_the_current_setting():
    net, x, y, _ = CASES[0]
    chinese = str(ng.explain.backward(net, x, y, lang="zh"))
    english = str(ng.explain.backward(net, x, y, lang="en"))
    with ng.language("zh"):
        assert str(ng.explain.backward(net, x, y)) == chinese
        assert ng.explain.forward(net, x).lang == "zh"
        assert str(ng.explain.backward(net, x, y, lang="en")) == english

    def after_set_lang():
        ng.set_lang("zh")
        return str(ng.explain.backward(net, x, y)), ng.explain.forward(net, x).lang

    assert _run_isolated(after_set_lang) == (chinese, "zh")
    # an explanation keeps the language it was made in
    with ng.language("zh"):
        made = ng.explain.forward(net, x)
    assert made.lang == "zh" and "前向传播" in str(made)


@pytest.mark.parametrize("lang", ["fr", "EN", "chinese", 1])
def test_a_wrong_language_is_named_with_the_valid_ones(lang):
    net, x, y, _ = CASES[0]
    for call in (
        lambda: ng.explain.forward(net, x, lang=lang),
        lambda: ng.explain.backward(net, x, y, lang=lang),
    ):
        with pytest.raises(ValueError, match=r"lang.*'en'.*'zh'") as error:
            call()
        assert repr(lang) in str(error.value) or str(lang) in str(error.value)
