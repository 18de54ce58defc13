"""Two runs side by side: :class:`Comparison` (what :meth:`Run.compare`
returns) with the configuration keys that differ, both runs' summaries and
their metric curves aligned epoch by epoch.
"""

from __future__ import annotations

import numpy as np


def _flatten(config, prefix=""):
    out = {}
    for key, value in config.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "."))
        else:
            out[name] = value
    return out


class Comparison:
    """Two runs side by side: ``config_diff``, ``results``, aligned ``curves``.

    Parameters
    ----------
    a, b : Run
        The runs (:class:`~neuroglass.recorder.Run`; this module does not
        import it, since ``Run.compare`` builds a Comparison: any object with
        ``name``, ``config``, ``summary()`` and ``metrics(format="dict")``).
    """

    IGNORED = ("library_version", "network.epochs_trained", "network.steps_trained")

    def __init__(self, a, b):
        self.a, self.b = a, b
        fa, fb = _flatten(a.config), _flatten(b.config)
        self.config_diff = {
            key: (fa.get(key), fb.get(key))
            for key in sorted(set(fa) | set(fb))
            if fa.get(key) != fb.get(key) and not key.endswith(self.IGNORED)
        }
        self.results = {"a": a.summary(), "b": b.summary()}
        ma, mb = a.metrics(format="dict"), b.metrics(format="dict")
        n = min(len(ma["epoch"]), len(mb["epoch"]))
        self.curves = {
            key: np.column_stack([ma[key][:n], mb[key][:n]])
            for key in ("loss", "val_loss", "accuracy", "val_accuracy")
        }

    def __str__(self) -> str:
        lines = [f"{'':24} {self.a.name[:24]:>24} {self.b.name[:24]:>24}"]
        for key, (x, y) in self.config_diff.items():
            lines.append(f"{key[:24]:24} {str(x)[:24]:>24} {str(y)[:24]:>24}")
        for key in (
            "epochs",
            "final_loss",
            "final_accuracy",
            "final_val_loss",
            "final_val_accuracy",
            "best_val_loss",
            "status",
        ):
            x, y = self.results["a"][key], self.results["b"][key]
            if x is None and y is None:
                continue
            fx = f"{x:.4g}" if isinstance(x, float) else str(x)
            fy = f"{y:.4g}" if isinstance(y, float) else str(y)
            lines.append(f"{key:24} {fx:>24} {fy:>24}")
        return "\n".join(lines)
