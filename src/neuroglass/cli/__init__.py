"""The ``neuroglass`` command: parse the arguments, then call the library.

``main`` is the console script (and ``python -m neuroglass``): it builds the parser
(``parser.py``), hands the parsed arguments to the module of the command
(``demo``, ``train``, ``info``, ``runs``, ``plot`` with ``report``, ``serve`` for
``playground`` and ``dashboard``, ``brain``) and turns the errors a user can fix
into one line on stderr.  ``args.py`` holds the checked argument types they all share.

The command speaks English or Chinese (``--lang``, else ``NEUROGLASS_LANG``, else
the locale: ``lang.py``); every sentence it prints is in ``messages.py``, and
the views it calls follow the same language (:func:`neuroglass.language`).
"""

from __future__ import annotations

import sys

from ..engine import NeuroglassError
from ..recorder import RecorderError
from ..views.lang import language
from . import brain, demo, info, plot, runs, serve, train
from .args import quiet_broken_pipe
from .lang import from_argv, from_environment
from .messages import t
from .parser import DESCRIPTION, EPILOG, build_parser

__all__ = ["DESCRIPTION", "EPILOG", "build_parser", "main"]


def main(argv=None) -> int:
    """Run the ``neuroglass`` command; returns the exit status.

    Errors the user can fix (bad options, missing or broken files, data the
    library refuses) are one line on stderr and status 2; ``--help`` is 0; a
    closed stdout (``neuroglass ... | head``) ends quietly with status 1.
    The language (``--lang``, ``NEUROGLASS_LANG``, the locale) holds while the
    command runs, for its messages and for the views it calls.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        lang = from_argv(argv) or from_environment()
    except ValueError as exc:  # a NEUROGLASS_LANG that is no language
        with language("en"):
            return _error("", exc)
    try:
        with language(lang):
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
        return _error(args.command, t("no_memory"))
    except RecursionError:
        source = next(
            (
                getattr(args, k)
                for k in ("path", "run", "source", "csv")
                if getattr(args, k, None)
            ),
            t("the_input"),
        )
        return _error(args.command, t("too_deep", source=source))
    except KeyboardInterrupt:
        print("\n" + t("interrupted"), file=sys.stderr)
        return 130


def _error(command, exc) -> int:
    """One line on stderr: ``neuroglass COMMAND: error: what went wrong``
    (``neuroglass train：错误：...`` in Chinese)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(exc, OSError) and exc.filename is not None and exc.strerror:
        text = f"{exc.strerror}: {exc.filename!r}"  # not "[Errno 2] ..."
    try:
        prog = f"neuroglass {command}".strip()
        print(t("error_line", prog=prog, text=text), file=sys.stderr)
    except BrokenPipeError:  # pragma: no cover - stderr closed too
        pass
    return 2
