"""``neuroglass info PATH``: the summary of a saved model file (``--save`` or
``net.save()``) and how long it was trained."""

from __future__ import annotations

from ..engine import load
from .messages import t
from .render import summary


def add_parser(sub) -> None:
    info = sub.add_parser("info", help="describe a saved model file")
    info.add_argument("path", help="a model saved with --save or net.save()")


def cmd_info(args) -> int:
    net = load(args.path)
    print(summary(net))
    print(t("trained_for", epochs=net.epochs_trained, steps=net.steps_trained))
    return 0
