"""What the loss rules blame and advise, kept as facts in a finding's evidence
(``causes``, ``remedy``) so that every language words them from the same
facts: :func:`remedies` and :func:`causes` in English here, :mod:`.wording_zh`
in Chinese."""

from __future__ import annotations

import math

from .thresholds import ADAPTIVE, ADAPTIVE_LR_HIGH

#: the findings that can be a likely cause, by the Diagnoser's key
CAUSE_NAMES = {
    "vanishing": "vanishing gradients",
    "exploding": "exploding gradients",
    "lr_high": "a learning rate that is too high",
}
UNIT_CAUSES = {"dead_units": "dead", "saturated_units": "saturated"}


def remedy_facts(c, fired) -> dict:
    """What :func:`tries` reads of the fit ``c`` (a :class:`FitContext`;
    ``fired``: the keys of the findings so far): plain numbers and names,
    JSON-ready."""
    return {
        "optimizer": c.optimizer,
        "lr": c.lr,
        "l1": c.l1,
        "l2": c.l2,
        "lr_high": "lr_high" in fired,
        # dead ReLUs come from steps too large (or biases pushed below zero):
        # a higher learning rate would kill more of them
        "dead_units": any(isinstance(k, tuple) and k[0] == "dead_units" for k in fired),
    }


def tries(facts: dict, more_epochs=True) -> list[tuple]:
    """What to try when the loss does not go down: ``(kind, *numbers)`` in
    order, from :func:`remedy_facts`."""
    out: list[tuple] = []
    penalties = [(k, facts[k]) for k in ("l1", "l2") if facts.get(k)]
    if penalties:
        # a strong penalty holds the weights near 0: the chance level
        out.append(("regularization", penalties))
    lr, optimizer = facts.get("lr"), facts.get("optimizer")
    if lr is not None and facts.get("lr_high"):
        out.append(("lower_lr", lr))
    elif facts.get("dead_units"):
        pass  # never "raise it" past units it already killed (dead_units says why)
    elif lr is not None and optimizer not in ADAPTIVE:
        out.append(("higher_lr", lr))
    elif lr is not None and lr < 1e-3:
        out.append(("adaptive_higher", optimizer, lr))
    elif lr is not None and lr >= ADAPTIVE_LR_HIGH:
        out.append(("adaptive_lower", optimizer, lr))
    out += [("wider",), ("features",)]
    if more_epochs:
        out.append(("epochs",))
    return out


def _penalties(penalties) -> str:
    return ", ".join(f"{k} is {v:g}" for k, v in penalties)


#: each kind of :func:`tries` in English
TRIES_EN = {
    "regularization": lambda p: f"less regularization ({_penalties(p)})",
    "lower_lr": lambda lr: f"a lower learning rate (it is {lr:g}; try {lr / 10:g})",
    "higher_lr": lambda lr: (
        f"a higher learning rate (it is {lr:g}; try {3 * lr:g} to "
        f"{10 * lr:g}) or the adam optimizer (lr 0.01)"
    ),
    "adaptive_higher": lambda opt, lr: (
        f"a higher learning rate ({opt} at {lr:g}; 0.001 to 0.01 usually works)"
    ),
    "adaptive_lower": lambda opt, lr: (
        f"a lower learning rate ({opt} at {lr:g}; 0.001 to 0.01 usually works)"
    ),
    "wider": lambda: "a wider network (more units per layer)",
    "features": lambda: "more informative input features (e.g. x1*x2, x1^2, sin(x1))",
    "epochs": lambda: "more epochs",
}


def remedies_from(facts: dict, more_epochs=True) -> str:
    """:func:`tries` in an English sentence."""
    words = [TRIES_EN[kind](*args) for kind, *args in tries(facts, more_epochs)]
    return "Try " + ", ".join(words[:-1]) + " or " + words[-1] + "."


def remedies(c, fired, more_epochs=True) -> str:
    """What to try when the loss does not go down, for this fit (``fired``:
    the keys of the findings so far)."""
    return remedies_from(remedy_facts(c, fired), more_epochs)


def cause_keys(fired) -> list[list]:
    """The unit and gradient problems already found, as ``[key, layer]``
    (``layer`` None but for the unit rules), JSON-ready."""
    found: list[list] = [[k, None] for k in CAUSE_NAMES if k in fired]
    for key in sorted(k for k in fired if isinstance(k, tuple)):
        found.append([key[0], key[1]])
    return found


def causes_from(keys) -> str:
    """:func:`cause_keys` as an English sentence ("" when none)."""
    found = []
    for key, layer in keys:
        if layer is None:
            found.append(CAUSE_NAMES.get(key, key))
        else:
            found.append(f"{UNIT_CAUSES.get(key, key)} units in layer {layer + 1}")
    return f" Likely causes, reported above: {'; '.join(found)}." if found else ""


def causes(fired) -> str:
    """The unit and gradient problems already found, as likely causes."""
    return causes_from(cause_keys(fired))


def round_up(epochs: float) -> int:
    """A round number of epochs at least ``epochs``: 1, 2 or 5 times a power
    of ten."""
    power = 10 ** max(0, math.floor(math.log10(max(epochs, 1.0))))
    for step in (1, 2, 5, 10):
        if step * power >= epochs:
            return int(step * power)
    return int(10 * power)
