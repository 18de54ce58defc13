"""The ``neuroglass`` command's argument parser: the top-level help (``DESCRIPTION``,
``EPILOG``, ``--version``, ``--lang``) and one subparser per command, each added by
the module that runs that command, in the order ``--help`` lists them.

The help texts are written in English here and translated, for a Chinese
``--help``, by ``help_zh.py``.

``--lang`` is a global option: ``neuroglass --lang zh train ...``; it is also
accepted after the command (``neuroglass train ... --lang zh``), where the help
of each command does not list it again."""

from __future__ import annotations

import argparse

from .. import __version__
from ..views.lang import LANGUAGES, get_lang
from . import brain, demo, help_zh, info, plot, runs, serve, train
from .args import Parser

DESCRIPTION = """\
neuroglass: neural networks you can see through.

Train small networks on TensorFlow Playground's datasets, real data or your own
CSV file, and look at every number inside them."""

EPILOG = """\
examples:
  neuroglass demo
  neuroglass train --dataset spiral --layers 8,8 --activation tanh --lr 0.03 \\
      --epochs 300 --batch-size 10 --seed 0 --save model.npz
  neuroglass train --dataset digits --layers 64 --activation relu \\
      --optimizer adam --lr 0.001 --epochs 30 --batch-size 32
  neuroglass train --csv data.csv --target label --layers 16 --epochs 100
  neuroglass train --dataset spiral --layers 8,8 --epochs 200 --record runs/
  neuroglass runs ls runs/
  neuroglass runs show runs/run-20261128-120000.ngrun
  neuroglass plot network model.npz -o network.png
  neuroglass plot boundary runs/run-20261128-120000.ngrun -o boundary.svg
  neuroglass report runs/run-20261128-120000.ngrun -o report.html
  neuroglass info model.npz
  neuroglass brain simulate izhikevich CH --plot chattering.png
  neuroglass brain fi lif --from 0 --to 1 --steps 21
  neuroglass brain network --duration 500 --plot raster.png
  neuroglass --lang zh demo

language: English by default; Chinese with --lang zh, or when NEUROGLASS_LANG or
the locale (LC_ALL, LC_MESSAGES, LANG) starts with zh. --lang en overrides both.
"""

LANG_HELP = (
    "the language of the messages: en or zh (default: NEUROGLASS_LANG, else the "
    "locale, else en); also accepted after the command"
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="neuroglass",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"neuroglass {__version__}"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo.add_parser(sub)
    train.add_parser(sub)
    info.add_parser(sub)
    runs.add_parser(sub)
    plot.add_parser(sub)
    plot.add_report_parser(sub)
    serve.add_parsers(sub)
    brain.add_parser(sub)
    for command in list(subcommands(parser)):
        # after the command too; SUPPRESS keeps a --lang given before it
        command.add_argument(
            "--lang",
            choices=LANGUAGES,
            default=argparse.SUPPRESS,
            help=argparse.SUPPRESS,
        )
    if get_lang() == "zh":  # --help in Chinese
        help_zh.translate(parser)
    return parser


def subcommands(parser):
    """Every parser below ``parser`` (``train``, ``runs``, ``runs ls`` ...),
    depth first, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield child
                yield from subcommands(child)
