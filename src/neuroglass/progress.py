"""Moved to :mod:`neuroglass.views.progress` (``ng.ProgressBar``).

Transitional: this module remains only because pyproject.toml's import-linter
contract still names ``neuroglass.progress`` (import-linter refuses a contract
naming a module that does not exist). Delete it once that entry is removed.
"""

from .views.progress import ProgressBar

__all__ = ["ProgressBar"]
