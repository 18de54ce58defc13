"""The ``neuroglass`` command: parse the arguments, then call the library.

``main`` is the console script (and ``python -m neuroglass``): it builds the parser
(``parser.py``), hands the parsed arguments to the module of the command
(``demo``, ``train``, ``info``, ``runs``, ``plot`` with ``report``, ``serve`` for
``playground`` and ``dashboard``, ``brain``) and turns the errors a user can fix
into one line on stderr.  ``args.py`` holds the checked argument types they all share.
"""

from __future__ import annotations

import sys

from ..engine import NeuroglassError
from ..recorder import RecorderError
from . import brain, demo, info, plot, runs, serve, train
from .args import quiet_broken_pipe
from .parser import DESCRIPTION, EPILOG, build_parser

__all__ = ["DESCRIPTION", "EPILOG", "build_parser", "main"]


def main(argv=None) -> int:
    """Run the ``neuroglass`` command; returns the exit status.

    Errors the user can fix (bad options, missing or broken files, data the
    library refuses) are one line on stderr and status 2; ``--help`` is 0; a
    closed stdout (``neuroglass ... | head``) ends quietly with status 1.
    """
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except BrokenPipeError:
        return quiet_broken_pipe()


def _main(argv) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (one line)
        return exc.code if isinstance(exc.code, int) else 2
    if args.command is None:
        parser.print_help()
        return 0
    commands = {
        "plot": plot.run,
        "report": plot.run_report,
        "demo": demo.cmd_demo,
        "train": train.cmd_train,
        "info": info.cmd_info,
        "runs": runs.cmd_runs,
        "playground": serve.cmd_playground,
        "dashboard": serve.cmd_dashboard,
        "brain": brain.run,
    }
    try:
        return commands[args.command](args)
    except BrokenPipeError:
        raise
    except (NeuroglassError, RecorderError, OSError, ValueError) as exc:
        return _error(args.command, exc)
    except MemoryError:
        return _error(
            args.command,
            "not enough memory for this; use less data or a smaller network",
        )
    except RecursionError:
        source = next(
            (
                getattr(args, k)
                for k in ("path", "run", "source", "csv")
                if getattr(args, k, None)
            ),
            "the input",
        )
        return _error(args.command, f"{source!r} is nested too deeply to read")
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130


def _error(command, exc) -> int:
    """One line on stderr: ``neuroglass COMMAND: error: what went wrong``."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename!r}"  # not "[Errno 2] ..."
    try:
        print(f"neuroglass {command}: error: {text}", file=sys.stderr)
    except BrokenPipeError:  # pragma: no cover - stderr closed too
        pass
    return 2
