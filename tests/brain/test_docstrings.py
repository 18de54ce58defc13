"""The brain module's docstring examples run and print what they show.

The issue asks for a short example in each public function's docstring; this
runs every one of them (doctest), so an example cannot drift from the code.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import neuroglass.brain as brain

MODULES = sorted(
    info.name for info in pkgutil.iter_modules(brain.__path__, "neuroglass.brain.")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, globs={"np": np, **vars(module)}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"
