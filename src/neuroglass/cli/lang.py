"""Which language the ``neuroglass`` command speaks: ``--lang``, else the
environment.

The order, first match wins:

1. ``--lang en|zh`` on the command line (before or after the command);
2. ``NEUROGLASS_LANG`` (``en``, ``zh``, ``zh_CN.UTF-8`` ...), the library's own
   setting (:mod:`neuroglass.views.lang`), so a script and the command agree;
3. the locale, read as gettext reads it: the first of ``LC_ALL``,
   ``LC_MESSAGES`` and ``LANG`` that is set names the locale; ``C`` and
   ``POSIX`` mean English; otherwise ``LANGUAGE`` (a colon-separated list), when
   set, comes first.  A value starting with ``zh`` means Chinese; any other
   language means English, the default (there are only the two).

>>> from_environment({"LANG": "zh_CN.UTF-8"})
'zh'
>>> from_environment({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"})
'en'
>>> from_environment({"NEUROGLASS_LANG": "en", "LANG": "zh_CN.UTF-8"})
'en'
"""

from __future__ import annotations

import os

from ..views.lang import ENV, LANGUAGES

#: gettext's order: the first one set names the locale
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _base(value: str) -> str:
    """``"zh_CN.UTF-8"``, ``"zh-Hans"``, ``"zh"`` -> ``"zh"``."""
    return value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]


def from_locale(environ) -> str:
    """``"zh"`` when the locale (or ``LANGUAGE``) asks for Chinese, else
    ``"en"``."""
    locale = next((environ[k] for k in LOCALE_VARIABLES if environ.get(k)), "")
    if _base(locale) in ("c", "posix"):
        return "en"  # C and POSIX: English, and LANGUAGE is ignored (GNU gettext)
    for entry in environ.get("LANGUAGE", "").split(":"):
        if entry.strip():
            return "zh" if _base(entry) == "zh" else "en"
    return "zh" if _base(locale) == "zh" else "en"


def from_environment(environ=None) -> str:
    """The language without ``--lang``: ``NEUROGLASS_LANG``, else the locale.

    A ``NEUROGLASS_LANG`` that is neither English nor Chinese is refused
    (ValueError naming it), as the library refuses it.
    """
    environ = os.environ if environ is None else environ
    value = environ.get(ENV, "").strip()
    if not value:
        return from_locale(environ)
    base = _base(value)
    if base not in LANGUAGES:
        raise ValueError(
            f"the environment variable {ENV} is {value!r}; expected 'en' or 'zh'. "
            f"Unset it (the locale then chooses), or set {ENV}=zh."
        )
    return base


def from_argv(argv) -> str | None:
    """The value of the last ``--lang X`` / ``--lang=X`` in ``argv`` when it is
    a language (None otherwise: argparse then names a wrong value). Read before
    parsing, so that parse errors are in that language too."""
    found = None
    argv = list(argv)
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.split("=", 1)[1]
    return found if found in LANGUAGES else None
