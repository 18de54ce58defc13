"""Every exception class neuroglass defines derives from ng.NeuroglassError,
as its docstring promises, so that ``except ng.NeuroglassError`` catches every
error neuroglass raises on purpose."""

import importlib
import inspect
import pkgutil

import pytest

import neuroglass as ng

#: modules that need an optional extra (the import fails without it)
OPTIONAL = ("torch", "fastapi", "uvicorn", "starlette", "playwright")


def all_modules():
    modules = [ng]
    for info in pkgutil.walk_packages(ng.__path__, "neuroglass."):
        if info.name.endswith("__main__"):  # runs the command line on import
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except ImportError as exc:
            if not any(name in str(exc) for name in OPTIONAL):
                raise
    return modules


def defined_exceptions():
    found = {}
    for module in all_modules():
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = value
    return found


def test_the_package_defines_exceptions_to_check():
    names = defined_exceptions()
    assert "neuroglass.recorder.store.errors.RecorderError" in names
    assert "neuroglass.recorder.store.errors.RunFileError" in names
    assert len(names) > 8


@pytest.mark.parametrize("name", sorted(defined_exceptions()))
def test_every_exception_derives_from_neuroglass_error(name):
    cls = defined_exceptions()[name]
    assert issubclass(cls, ng.NeuroglassError), (
        f"{name} derives from {[c.__name__ for c in cls.__mro__[1:]]}, not from "
        "ng.NeuroglassError"
    )


def test_recorder_errors_keep_their_other_bases():
    assert issubclass(ng.RecorderError, OSError)
    assert issubclass(ng.RunFileError, ng.RecorderError)
    assert issubclass(ng.RunFileError, ValueError)
