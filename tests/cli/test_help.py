"""``neuroglass --help`` in Chinese (cli/help_zh.py): every help text of every
command is translated, and English stays as it was."""

import argparse

import pytest

import neuroglass as ng
from neuroglass.cli import main
from neuroglass.cli.help_zh import HELP, text
from neuroglass.cli.parser import build_parser, subcommands


def texts(parser):
    """(where, text) of every help text of ``parser`` and the parsers below."""
    for command in [parser, *subcommands(parser)]:
        yield command.prog, command.description
        yield command.prog, command.epilog
        for group in command._action_groups:
            yield command.prog, group.title
        for action in command._actions:
            yield f"{command.prog} {action.dest}", action.help
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield f"{command.prog} {choice.dest}", choice.help


def test_every_help_text_is_translated(no_english):
    with ng.language("zh"):
        parser = build_parser()
    for where, help_text in texts(parser):
        if help_text and help_text is not argparse.SUPPRESS:
            # the examples are command lines; the rest is Chinese
            lines = [
                line
                for line in help_text.splitlines()
                if not line.strip().startswith("neuroglass ")
                and not line.startswith("      --")
            ]
            no_english("\n".join(lines).replace("None", ""), f"{where}: {help_text!r}")


def test_english_help_is_the_parsers_own():
    english = build_parser()
    assert "train a network and report its test metrics" in english.format_help()
    assert english.format_help().startswith("usage: neuroglass")


@pytest.mark.parametrize("argv", [["--help"], ["train", "--help"], ["plot", "-h"]])
def test_help_in_chinese(argv, capsys):
    assert main(["--lang", "zh", *argv]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：neuroglass") and "显示这条帮助信息并退出" in out
    assert "usage:" not in out and "show this help" not in out
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("usage: neuroglass")


def test_train_defaults_are_said_in_chinese(capsys):
    assert main(["--lang", "zh", "train", "--help"]) == 0
    out = capsys.readouterr().out
    assert "学习率（默认：0.03）" in out and "(default:" not in out
    assert "None" not in out  # an option without a default says nothing


def test_lists_keep_their_names_and_unknown_text_stays():
    assert text("  network        neurons and connections with their weights") == (
        "  network        神经元和连接，以及它们的权重"
    )
    assert text("not a help text") == "not a help text"
    assert text(None) is None
    assert all(value and key != value for key, value in HELP.items())
