"""The CLI reference (cli/reference.py) is the parser: every command and every
option appears, in both languages, and renders as Markdown headings and tables."""

import argparse
import re

import markdown as python_markdown
import pytest

from neuroglass.cli.parser import build_parser, subcommands
from neuroglass.cli.reference import markdown


def every_command():
    parser = build_parser()
    return [parser, *subcommands(parser)]


def options_of(parser):
    return [
        a
        for a in parser._actions
        if a.help != argparse.SUPPRESS and not isinstance(a, argparse._SubParsersAction)
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_and_option_appears(lang):
    text = markdown(lang)
    commands = every_command()
    assert len(commands) == 16  # neuroglass, 9 commands, runs' 2, brain's 4
    headings = re.findall(r"^#{2,3} (.+)$", text, flags=re.M)
    assert headings == [c.prog for c in commands]
    sections = re.split(r"^#{2,3} .+$", text, flags=re.M)[1:]
    for command, section in zip(commands, sections, strict=True):
        assert "```text\n" + command.prog in section  # its usage
        for action in options_of(command):
            names = action.option_strings or [action.metavar or action.dest]
            for name in names:
                assert f"`{name}" in section, (command.prog, name)
            if action.default not in (None, False, argparse.SUPPRESS) and not (
                isinstance(action, argparse._VersionAction)
            ):
                default = action.default
                if isinstance(default, list):
                    default = ",".join(map(str, default))
                assert f"`{default}`" in section, (command.prog, name)


def test_subcommands_are_listed_under_their_command():
    text = markdown("en")
    runs = text.split("## neuroglass runs\n", 1)[1].split("\n## ", 1)[0]
    assert "| `neuroglass runs ls` | a table of the runs in a folder |" in runs
    assert "### neuroglass runs show" in runs


def test_chinese_headings_and_help():
    en, zh = markdown("en"), markdown("zh")
    assert "**Usage**" in en and "**用法**" in zh and "**Usage**" not in zh
    assert "| 选项 | 默认值 | 说明 |" in zh
    assert "**数据**" in zh and "**模型**" in zh  # train's argument groups
    assert "| 学习率 |" in zh and "| learning rate |" in en  # the parser's help
    assert "| show this help message and exit |" in en
    assert "| 显示这条帮助信息并退出 |" in zh


def test_the_global_lang_option_is_documented_once():
    text = markdown("en")
    assert text.count("`--lang {en,zh}`") == 1
    assert "also accepted after the command" in text


def test_it_renders_as_tables_not_as_text():
    html = python_markdown.markdown(
        markdown("en"), extensions=["tables", "fenced_code"]
    )
    assert html.count("<table>") >= 16
    assert "<h3>neuroglass brain fi</h3>" in html
    assert "<td><code>--batch-size BATCH_SIZE</code></td>" in html
    assert "| ---" not in html and "| Option |" not in html  # no table left as text
    # plot's list of figure kinds keeps its lines
    assert '<pre><code class="language-text">  network        neurons' in html


def test_the_book_pages_print_it_the_same_way():
    from pathlib import Path

    book = Path(__file__).resolve().parents[2] / "book"
    blocks = {}
    for lang in ("en", "zh"):
        page = (book / f"cli.{lang}.md").read_text()
        (block,) = re.findall(
            r'^```python exec="on" session="cli"[^\n]*\n(.*?)^```',
            page,
            flags=re.M | re.S,
        )
        blocks[lang] = block
        assert f'markdown("{lang}")' in block
    assert blocks["en"].replace('"en"', '"zh"') == blocks["zh"]
