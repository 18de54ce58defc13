"""The ``neuroglass`` command's argument parser: the top-level help (``DESCRIPTION``,
``EPILOG``, ``--version``) and one subparser per command, each added by the module
that runs that command, in the order ``--help`` lists them."""

from __future__ import annotations

import argparse

from .. import __version__
from . import brain, demo, info, plot, runs, serve, train
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
"""


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo.add_parser(sub)
    train.add_parser(sub)
    info.add_parser(sub)
    runs.add_parser(sub)
    plot.add_parser(sub)
    plot.add_report_parser(sub)
    serve.add_parsers(sub)
    brain.add_parser(sub)
    return parser
