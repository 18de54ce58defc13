"""`neuroglass plot`: figures of a model and of a run, and its errors."""

from neuroglass.cli import main


def test_plot_figures_from_a_model_and_a_run(tmp_path, capsys):
    model = tmp_path / "m.npz"
    runs = tmp_path / "runs"
    assert (
        main(
            [
                "train",
                "--dataset",
                "circle",
                "--epochs",
                "5",
                "--save",
                str(model),
                "--record",
                str(runs),
                "--quiet",
            ]
        )
        == 0
    )
    run = next(runs.glob("*.ngrun"))
    for kind, source, out in [
        ("network", model, "net.png"),
        ("boundary", run, "boundary.svg"),  # the run knows its dataset
        ("neurons", model, "neurons.png"),
        ("history", run, "history.pdf"),
        ("landscape", model, "landscape.png"),
    ]:
        extra = ["--dataset", "circle"] if kind == "landscape" else []
        assert main(["plot", kind, str(source), "-o", str(tmp_path / out), *extra]) == 0
        assert (tmp_path / out).stat().st_size > 1000
    png = (tmp_path / "net.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "boundary.svg").read_text().lstrip().startswith("<?xml")


def test_plot_errors(tmp_path, capsys):
    model = tmp_path / "m.npz"
    assert main(["train", "--epochs", "1", "--save", str(model), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["plot", "history", str(model), "-o", str(tmp_path / "h.png")]) == 2
    assert "draws a recorded run" in capsys.readouterr().err
    assert main(["plot", "boundary", str(model), "-o", str(tmp_path / "b.png")]) == 2
    assert "needs data: pass --dataset" in capsys.readouterr().err
    assert main(["plot", "network", str(model), "-o", str(tmp_path / "n.gif")]) == 2
    assert ".png, .svg or .pdf" in capsys.readouterr().err
