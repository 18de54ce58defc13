"""The brain module's docstring examples run and print what they show.

The issue asks for a short example in each public function's docstring; this
runs every one of them (doctest), so an example cannot drift from the code.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re

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


#: result classes without their own example: each is what one function returns,
#: and that function's example builds it (the check below asserts it has one)
RESULTS = {
    "BridgeResult": "oja_vs_backprop",
    "Equilibrium": "phase_plane",
    "HHPhasePlane": "hh_phase_plane",
    "NetworkResult": "izhikevich_network",
    "PhasePlane": "phase_plane",
    "RuleResult": "oja",
    "STDPResult": "STDP",
    "SongResult": "song_miller_abbott",
    "SpikingRun": "SpikingNetwork",
}


def _has_example(obj) -> bool:
    """A ``>>>`` line in the docstring, or, for a function its module's
    docstring shares (the twelve HH rate functions), a ``>>>`` line of the
    module docstring that calls it."""
    if ">>>" in (inspect.getdoc(obj) or ""):
        return True
    module_doc = inspect.getdoc(inspect.getmodule(obj)) or ""
    examples = [line for line in module_doc.splitlines() if ">>>" in line]
    return any(re.search(rf"\b{obj.__name__}\b", line) for line in examples)


CALLABLES = [
    n for n in brain.__all__ if n not in RESULTS and callable(getattr(brain, n))
]  # PRESETS, PROTOCOLS, REFERENCE_TEMPERATURE_C are data


@pytest.mark.parametrize("name", CALLABLES)
def test_every_public_callable_has_an_example(name):
    obj = getattr(brain, name)
    assert _has_example(obj), f"ng.brain.{name} has no >>> example in its docstring"


@pytest.mark.parametrize(("result", "maker"), sorted(RESULTS.items()))
def test_result_classes_are_shown_by_their_maker(result, maker):
    assert result in brain.__all__
    assert _has_example(getattr(brain, maker)), f"{maker} (makes {result})"


def test_a_function_without_example_is_caught():
    def bare(v):
        """No example here."""

    assert not _has_example(bare)
