"""The command in Chinese: the same output as in English, number for number,
with no English words left in what it translates."""

import re

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.recorder.diagnostics import Diagnostic
from neuroglass.recorder.diagnostics.wording_zh import WRITERS

HAN = re.compile(r"[\u4e00-\u9fff]")
#: how long it took, which differs between two runs
TIMING = re.compile(r"(in |用时 )\d+\.\d+ (s|秒)")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> list:
    text = TIMING.sub("", text).replace("R^2", "R²")  # R² is written so in Chinese
    return sorted(NUMBER.findall(text))


def both(argv, capsys, code=0):
    """(English, Chinese) stdout of ``neuroglass ARGV``."""
    out = {}
    for lang in ("en", "zh"):
        assert main(["--lang", lang, *argv]) == code, (lang, argv)
        captured = capsys.readouterr()
        out[lang] = captured.out + captured.err
    return out["en"], out["zh"]


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "--epochs", "3", "--quiet"],
        ["train", "--dataset", "iris", "--layers", "4", "--epochs", "2", "--quiet"],
        ["train", "--dataset", "plane", "--epochs", "2", "--quiet"],
        ["demo", "--epochs", "5", "--quiet"],
        ["brain", "simulate", "lif"],
        ["brain", "simulate", "izhikevich", "CH", "--duration", "100"],
        ["brain", "fi", "izhikevich", "--steps", "4", "--duration", "200"],
        ["brain", "fi", "lif", "--steps", "3", "--duration", "200"],
        ["brain", "network", "--duration", "50", "--n-excitatory", "40"],
        ["brain", "presets"],
    ],
)
def test_the_same_numbers_in_chinese_and_no_english_left(argv, capsys, no_english):
    en, zh = both(argv, capsys)
    assert numbers(zh) == numbers(en)
    assert HAN.search(zh) and not HAN.search(en)
    for line in zh.splitlines():
        if not set(line) <= set("-+|.Ox "):  # the decision map is symbols
            no_english(line, f"{' '.join(argv)}: {line!r}")


def test_a_csv_target_is_described_in_chinese(tmp_path, capsys, no_english):
    csv = tmp_path / "data.csv"
    rows = [f"{i % 7 / 3:.3f},{i % 5},{i % 3}" for i in range(60)]
    csv.write_text("a,b,label\n" + "\n".join(rows) + "\n")
    for target in ("label", "a"):  # classes, then fractional values (regression)
        argv = ["train", "--csv", str(csv), "--target", target]
        en, zh = both([*argv, "--epochs", "2", "--quiet"], capsys)
        task_en = next(line for line in en.splitlines() if line.startswith("task"))
        task_zh = next(line for line in zh.splitlines() if line.startswith("任务"))
        assert numbers(task_zh) == numbers(task_en)
        no_english(task_zh)


def test_a_saved_model_and_a_recorded_run_in_chinese(tmp_path, capsys, no_english):
    model, runs = tmp_path / "m.npz", tmp_path / "runs"
    argv = ["train", "--dataset", "spiral", "--layers", "8,8", "--lr", "3"]
    argv += ["--epochs", "25", "--quiet", "--save", str(model), "--record", str(runs)]
    assert main(argv) == 0
    capsys.readouterr()
    (run,) = runs.glob("*.ngrun")
    en, zh = both(["info", str(model)], capsys)
    assert numbers(zh) == numbers(en) and "参数总数" in zh
    no_english(zh)
    en, zh = both(["runs", "ls", str(runs)], capsys)
    assert numbers(zh) == numbers(en) and "已完成" in zh
    no_english(zh.replace(run.name, ""))
    en, zh = both(["runs", "show", str(run)], capsys)
    en_lines, zh_lines = en.splitlines(), zh.splitlines()
    assert len(en_lines) == len(zh_lines)
    found = [line for line in zh_lines if line.startswith("  - ")]
    assert found, "the run was meant to have diagnostics"
    for line_en, line_zh in zip(en_lines, zh_lines, strict=True):
        # a finding is the recorder's Chinese wording, number for number
        assert numbers(line_zh) == numbers(line_en), (line_en, line_zh)
        no_english(line_zh.replace(run.name, ""), line_zh)
    assert any("（第 " in line and "轮" in line for line in found)
    out = str(tmp_path / "no" / "h.svg")
    assert main(["--lang", "zh", "plot", "history", str(run), "-o", out]) == 2
    err = capsys.readouterr().err
    assert "不存在" in err
    no_english(err.replace(out, "").replace(str(tmp_path / "no"), ""))


@pytest.mark.parametrize(
    ("argv", "english", "chinese"),
    [
        (["train", "--lr", "-1"], "must be a finite number", "应为满足"),
        (["train", "--layers", "8,x"], "hidden layer widths", "隐藏层宽度"),
        (["train", "--bogus"], "unrecognized arguments", "无法识别的参数"),
        (["train", "--target", "y"], "--target picks a column", "内置数据集"),
        (["train", "--save", "/no/such/dir/m"], "does not exist", "不存在"),
        (["train", "--dataset", "digits", "--n", "9"], "is fixed data", "固定数据"),
        (["info"], "the following arguments are required", "缺少必需的参数"),
        (["plot", "network", "m.npz", "-o", "x.gif"], "must end in", "必须以"),
        (["brain", "simulate", "lif", "--current", "1:5:2"], "stops at", "结束"),
        (["brain", "simulate", "lif", "--duration", "-1"], "In ms", "毫秒"),
        (["brain", "simulate", "hh", "RS"], "presets are for", "预设只适用于"),
        (["brain", "fi", "lif", "--from", "1", "--to", "0"], "must rise", "递增"),
        (["playground", "--host", "0.0.0.0"], "--allow-remote", "--allow-remote"),
    ],
)
def test_error_lines_in_chinese(argv, english, chinese, capsys, no_english):
    en, zh = both(argv, capsys, code=2)
    assert english in en and "error:" in en
    assert chinese in zh and "错误：" in zh and "error" not in zh
    assert numbers(zh) == numbers(en)
    no_english(zh.replace("：path", ""))  # an argument's name, as the parser has it


#: evidence as each rule records it (the keys of recorder/diagnostics)
EVIDENCE = {
    "loss_not_finite": [{"error": "loss is nan", "cause": "gradient"}],
    "vanishing_gradients": [
        {"first_layer_grad_rms": 1e-7, "last_layer_grad_rms": 0.01, "ratio": 1e-5}
    ],
    "exploding_gradients": [
        {"grad_norm": 900.0, "growth": 4.0, "ratio": 2.0, "grad_to_weight": 50.0},
        {"grad_norm": 9e5, "growth": 3e4, "ratio": 1.5e3, "grad_to_weight": 0.5},
    ],
    "learning_rate_high": [
        {"median_update_ratio": 0.31, "per_layer": [0.3, 0.32]},
        {
            "optimizer": "adam",
            "lr": 0.5,
            "best_loss": 0.61,
            "loss": 0.69,
            "chance_loss": 0.693,
        },
    ],
    "learning_rate_low": [{"median_update_ratio": 3e-8}],
    "loss_at_chance": [
        {"loss": 0.69, "chance_loss": 0.693, "epochs": 40, "steps": 1000},
        {"loss": 1.4, "chance_loss": 0.693, "epochs": 40, "steps": 1000},
    ],
    "slow_convergence": [
        {
            "loss": 0.4,
            "chance_loss": 0.693,
            "rate": 0.0012,
            "goal": 0.173,
            "epochs": 50,
            "epochs_needed": 190.0,
        }
    ],
    "dead_units": [{"dead_fraction": 0.75}],
    "saturated_units": [{"saturated_fraction": 0.5}],
    "overfitting": [
        {
            "best_epoch": 11,
            "best_val_loss": 0.21,
            "val_loss": 0.35,
            "train_loss": 0.05,
            "best_val_accuracy": 0.95,
            "val_accuracy": 0.9,
            "chance_accuracy": 0.5,
        },
        {
            "best_epoch": 11,
            "best_val_loss": 0.21,
            "val_loss": 0.35,
            "train_loss": 0.05,
            "best_val_accuracy": None,
            "val_accuracy": None,
            "chance_accuracy": None,
        },
    ],
}


def test_every_rule_of_the_recorder_has_chinese_words(recorder_rules):
    assert recorder_rules <= set(WRITERS) == set(EVIDENCE)


@pytest.mark.parametrize(
    ("rule", "evidence"),
    [(rule, e) for rule, found in EVIDENCE.items() for e in found],
)
@pytest.mark.parametrize("severity", ["warning", "info"])
def test_each_finding_is_written_in_chinese(rule, evidence, severity, no_english):
    d = Diagnostic(
        rule, severity, 4, 99, "ENGLISH MESSAGE", "ENGLISH ADVICE", evidence, layer=1
    )
    assert d.line("en") == str(d)  # English: the recorder's own words
    line = d.line("zh")
    assert "ENGLISH" not in line and "第 5 轮，第 100 步" in line
    assert line.startswith("[警告]" if severity == "warning" else "[提示]")
    no_english(line.replace("NaN", ""))
    for key, value in evidence.items():  # the numbers it is about
        if isinstance(value, float) and key in ("val_loss", "loss", "grad_norm"):
            assert f"{value:.3g}" in line or f"{value:.4g}" in line, (key, line)


def test_a_rule_without_chinese_words_stays_english():
    d = Diagnostic("a_future_rule", "warning", None, None, "it happened.", "Do X.")
    assert d.line("zh") == str(d)


def test_figures_follow_the_command_language(tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    texts = []
    save = Figure.savefig

    def spy(figure, *args, **kwargs):
        texts.append(" ".join(t.get_text() for t in figure.findobj(Text)))
        return save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    model = tmp_path / "m.npz"
    assert main(["train", "--epochs", "2", "--quiet", "--save", str(model)]) == 0
    plot = ["plot", "boundary", str(model), "--dataset", "circle"]
    assert main(["--lang", "zh", *plot, "-o", str(tmp_path / "b.png")]) == 0
    brain = ["brain", "simulate", "lif", "--duration", "50"]
    assert main([*brain, "--plot", str(tmp_path / "v.png"), "--lang", "zh"]) == 0
    assert main([*plot, "-o", str(tmp_path / "b.png")]) == 0
    zh_boundary, zh_membrane, en_boundary = texts
    assert HAN.search(zh_boundary) and "决策边界" in zh_boundary
    assert "LIF（exact 积分格式），dt = 0.1 ms" in zh_membrane
    assert not HAN.search(en_boundary)


def test_the_progress_bar_in_chinese():
    import io

    from neuroglass.cli.progress import progress_bar

    X, y = ng.datasets.circle(n=40, seed=0)
    net = ng.mlp([2, 3, 1], output="sigmoid", loss="bce", seed=0)
    with ng.language("zh"):
        bar = progress_bar()
    assert bar.lang == "zh" and progress_bar().lang == "en"
    out = io.StringIO()
    bar.tqdm_kwargs["file"] = out
    net.fit(X, y, epochs=2, batch_size=10, callbacks=[bar])
    text = out.getvalue()
    assert "训练" in text and "步/s" in text and "轮=2/2" in text and "损失=" in text
    assert "training" not in text and "epoch" not in text and "loss" not in text
