"""``neuroglass info PATH``: the summary of a saved model file (``--save`` or
``net.save()``) and how long it was trained."""

from __future__ import annotations

from ..engine import load


def add_parser(sub) -> None:
    info = sub.add_parser("info", help="describe a saved model file")
    info.add_argument("path", help="a model saved with --save or net.save()")


def cmd_info(args) -> int:
    net = load(args.path)
    print(net.summary())
    print(f"trained for {net.epochs_trained} epochs ({net.steps_trained} steps)")
    return 0
