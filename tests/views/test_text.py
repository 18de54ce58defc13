"""A run's configuration in words: the same text in `runs show` and the report."""

import html
import re

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.views._text_words import WORDS
from neuroglass.views.report import build_report
from neuroglass.views.text import (
    config_rows,
    decision_map,
    describe_dataset,
    describe_optimizer,
    describe_schedule,
    describe_training,
    format_metrics,
)

RUNS = [  # optimizer, schedule, dataset, expected optimizer text, dataset text
    (
        ng.SGD(lr=0.03),
        None,
        {"source": "spiral", "n_samples": 40, "noise": 0.0, "test_fraction": 0.5},
        "sgd, lr 0.03, constant",
        "spiral, 40 points, noise 0, test 50%",
    ),
    (
        ng.Momentum(lr=0.01, momentum=0.9),
        ng.StepDecay(step_size=10, gamma=0.5),
        {"source": "CSV data.csv", "n_samples": 40, "noise": 0.0, "task": "regression"},
        "momentum, lr 0.01, momentum 0.9, step decay, x0.5 every 10 epochs",
        "CSV data.csv, 40 points, regression",
    ),
    (
        ng.Momentum(lr=0.01, momentum=0.8, nesterov=True),
        ng.ExponentialDecay(gamma=0.95),
        {
            "name": "circle",
            "features": ["x1", "x2", "x1^2"],
            "data_seed": 7,
            "playground": {"noise": 10, "train_ratio": 70},
        },
        "nesterov momentum, lr 0.01, momentum 0.8, exponential decay, x0.95 per epoch",
        "circle, noise 0.1, test 30%, features x1, x2, x1^2, data seed 7",
    ),
    (
        ng.RMSProp(lr=0.002),
        ng.CosineDecay(epochs=50, min_factor=0.1),
        None,  # the recorder's own description
        "rmsprop, lr 0.002, rho 0.9, eps 1e-08, cosine decay to 0.1 x lr over 50 "
        "epochs",
        "40 samples, 2 features",
    ),
    (
        ng.Adam(lr=0.001),
        ng.CosineDecay(),
        "two moons",
        "adam, lr 0.001, beta1 0.9, beta2 0.999, eps 1e-08, cosine decay to 0 over "
        "the fit",
        "two moons",
    ),
]


@pytest.mark.parametrize(
    ("optimizer", "schedule", "dataset", "opt_text", "data_text"), RUNS
)
def test_runs_show_and_report_say_the_same_readable_words(
    optimizer, schedule, dataset, opt_text, data_text, tmp_path, capsys
):
    X, y = ng.datasets.circle(n=40, seed=0)
    path = tmp_path / "r.ngrun"
    net = ng.mlp([2, 3, 1], activation="tanh", output="sigmoid", loss="bce", seed=0)
    net.fit(
        X,
        y,
        epochs=2,
        batch_size=10,
        optimizer=optimizer,
        lr_schedule=schedule,
        l2=0.001,
        callbacks=[ng.Recorder(path, dataset=dataset)],
    )
    assert main(["runs", "show", str(path)]) == 0
    shown = capsys.readouterr().out
    assert f"optimizer {opt_text}\n" in shown
    assert f"dataset   {data_text}\n" in shown
    training = (
        "training  2 epochs, batch 10, 40 train samples, shuffled, L2 0.001, 4 steps "
        "per epoch\n"
    )
    assert training in shown
    for raw in ("{", "}", "Schedule(", "'name'", "Decay("):
        assert raw not in shown
    with ng.open_run(path) as run:
        report = build_report(run)
    for text in (opt_text, data_text, training.split("  ", 1)[1].strip()):
        assert f"<td>{html.escape(text)}</td>" in report


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("Schedule()", "constant"),
        ("StepDecay(step_size=3, gamma=0.1)", "step decay, x0.1 every 3 epochs"),
        ({"name": "exponential", "gamma": 0.9}, "exponential decay, x0.9 per epoch"),
        (
            "LiveSchedule(lr=0.03, kind='cosine', inner=CosineDecay(epochs=100, "
            "min_factor=0.01), start=0)",
            "cosine decay to 0.01 x lr over 100 epochs",
        ),
        ({"name": "playground", "kind": "constant", "lr": 0.03}, "constant"),
        (None, "constant"),
        ("something odd(", "something odd("),  # shown as stored, never a crash
        ("__import__('os').system('x')", "__import__('os').system('x')"),
    ],
)
def test_schedules_in_words(stored, text):
    assert describe_schedule(stored) == text


def test_unknown_shapes_are_shown_not_lost():
    assert describe_optimizer({"name": "lion", "lr": 0.1, "beta": 0.99}) == (
        "lion, lr 0.1, beta 0.99, constant"
    )
    assert describe_optimizer("sgd") == "sgd, constant"
    assert describe_dataset({"source": "x", "extra": [1, 2]}) == "x, extra 1, 2"
    assert describe_dataset(None) == "-"
    assert describe_training({"epochs": 3, "clip_norm": 1.0, "weird": None}) == (
        "3 epochs, no regularization, gradients clipped to norm 1, weird none"
    )


CONFIG = {
    "optimizer": {"name": "sgd", "lr": 0.1},
    "schedule": "Schedule()",
    "fit": {"epochs": 6, "batch_size": 10, "shuffle": True},
    "dataset": {"n_samples": 100, "n_features": 2},
}


def test_config_rows_in_chinese():
    assert config_rows(CONFIG, lang="en") == [
        ("optimizer", "sgd, lr 0.1, constant"),
        ("training", "6 epochs, batch 10, shuffled, no regularization"),
        ("dataset", "100 samples, 2 features"),
    ]
    assert config_rows(CONFIG, lang="zh") == [
        ("optimizer", "sgd，学习率 0.1，恒定"),
        ("training", "6 轮，批量 10，每轮打乱，无正则化"),
        ("dataset", "100 个样本，2 个特征"),
    ]
    with ng.language("zh"):  # lang=None follows ng.language
        assert config_rows(CONFIG) == config_rows(CONFIG, lang="zh")
    with pytest.raises(ValueError, match="'fr'"):
        config_rows(CONFIG, lang="fr")


@pytest.mark.parametrize(
    ("function", "value", "zh"),
    [
        (
            describe_schedule,
            "StepDecay(step_size=3, gamma=0.1)",
            "阶梯衰减，每 3 轮乘以 0.1",
        ),
        (
            describe_schedule,
            {"name": "exponential", "gamma": 0.9},
            "指数衰减，每轮乘以 0.9",
        ),
        (
            describe_schedule,
            {"name": "cosine", "epochs": 100, "min_factor": 0.01},
            "余弦衰减，在 100 轮内降到 0.01 倍学习率",
        ),
        (describe_schedule, {"name": "cosine"}, "余弦衰减，在整个训练中降到 0"),
        (describe_schedule, {"name": "playground", "kind": "step"}, "阶梯衰减"),
        (
            describe_training,
            {
                "epochs": 3,
                "n_train": 80,
                "n_val": 20,
                "shuffle": False,
                "l2": 0.01,
                "clip_norm": 1.0,
                "steps_per_epoch": 8,
            },
            "3 轮，80 个训练样本 / 20 个验证样本，不打乱，L2 0.01，"
            "梯度裁剪到范数 1，每轮 8 步",
        ),
        (
            describe_dataset,
            {
                "source": "spiral",
                "n_samples": 40,
                "noise": 0.1,
                "test_fraction": 0.5,
                "features": ["x1", "x2"],
                "task": "classification",
                "data_seed": 7,
            },
            "spiral，40 个点，噪声 0.1，测试集 50%，特征 x1，x2，分类，数据种子 7",
        ),
        (
            describe_optimizer,
            {"name": "momentum", "lr": 0.01, "nesterov": True},
            "nesterov 动量，学习率 0.01，恒定",
        ),
        (
            describe_optimizer,
            {"name": "momentum", "lr": 0.01, "momentum": 0.9, "beta": 2},
            "momentum，学习率 0.01，动量 0.9，beta 2，恒定",
        ),
        (describe_dataset, {"source": "xor", "seed": 3}, "xor，种子 3"),
    ],
)
def test_each_description_in_chinese(function, value, zh):
    assert function(value, lang="zh") == zh
    english = function(value, lang="en")
    numbers = re.compile(r"\d+(?:\.\d+)?")
    assert sorted(numbers.findall(zh)) == sorted(numbers.findall(english))


def test_the_word_tables_have_the_same_keys_and_fields():
    fields = re.compile(r"\{(\w+)\}")
    assert set(WORDS["en"]) == set(WORDS["zh"])
    for key, text in WORDS["en"].items():
        assert sorted(fields.findall(text)) == sorted(fields.findall(WORDS["zh"][key]))


def test_metrics_on_one_line():
    assert format_metrics("test", {"loss": 0.03125, "accuracy": 0.984}) == (
        "test loss 0.0312  test accuracy 98.4%"
    )
    assert format_metrics("train", {"loss": 1.0, "r2": 0.5}) == (
        "train loss 1.0000  train R^2 0.5000"
    )


class _HalfPlane:
    """A classifier whose class 1 is x1 > 0, to check the map's orientation."""

    def predict_classes(self, grid):
        return (grid[:, 0] > 0).astype(int)


def test_decision_map_draws_regions_and_points():
    X = [[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0]]
    text = decision_map(_HalfPlane(), X, [0, 1, 0], width=8, height=4)
    lines = text.splitlines()
    assert lines[0] == lines[-1] == "  +--------+"
    rows = [line[3:-1] for line in lines[1:-1]]
    assert len(rows) == 4 and all(len(row) == 8 for row in rows)
    assert rows[0] == "....+++O"  # top right: the label-1 point at (1, 1)
    assert rows[1] == rows[2] == "....++++"
    assert rows[3] == "x...+++x"  # bottom: the label-0 points, left and right
