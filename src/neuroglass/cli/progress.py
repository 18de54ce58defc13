"""The progress bar of ``train`` and ``demo`` in the command's language:
:class:`neuroglass.views.progress.ProgressBar`, which words itself in English
or Chinese."""

from __future__ import annotations

from ..views.lang import get_lang
from ..views.progress import ProgressBar


def progress_bar() -> ProgressBar:
    """The bar for a fit, in the command's language (set by ``--lang``)."""
    return ProgressBar(lang=get_lang())
