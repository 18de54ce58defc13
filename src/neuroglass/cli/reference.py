"""The CLI reference, generated from the parser: :func:`markdown`.

The book's CLI page (``book/cli.en.md``, ``book/cli.zh.md``) prints
``markdown(lang)`` in a markdown-exec block, so the page is the parser itself:
every command and subcommand, its usage, its positional arguments and its
options with their defaults and help. Nothing is copied by hand, so the page
cannot fall behind the command.

>>> text = markdown("en")
>>> "## neuroglass train" in text and "`--epochs EPOCHS`" in text
True
"""

from __future__ import annotations

import argparse
import html

from ..views.lang import language, resolve_lang
from .parser import build_parser

#: the words of the page that are not the parser's (whose help is translated
#: by help_zh.py)
WORDS = {
    "en": {
        "usage": "Usage",
        "positional arguments": "Positional arguments",
        "options": "Options",
        "argument": "Argument",
        "option": "Option",
        "default": "Default",
        "help": "Help",
        "commands": "Commands",
        "command": "Command",
        "examples": "Examples",
        "choices": "one of",
        "flag": "flag",
    },
    "zh": {
        "usage": "用法",
        "positional arguments": "位置参数",
        "options": "选项",
        "argument": "参数",
        "option": "选项",
        "default": "默认值",
        "help": "说明",
        "commands": "子命令",
        "command": "命令",
        "examples": "示例",
        "choices": "可选值",
        "flag": "开关",
        # train's argument groups
        "data": "数据",
        "model": "模型",
        "training": "训练",
    },
}

#: usage lines are wrapped at this width, whatever the terminal
WIDTH = 80


def markdown(lang: str | None = None) -> str:
    """The whole reference as Markdown: the top-level command, then each
    command and subcommand (``## neuroglass train``, ``### neuroglass runs
    ls``), in the order ``neuroglass --help`` lists them."""
    lang = resolve_lang(lang)
    words = WORDS[lang]
    with language(lang):  # the parser's help in that language
        parser = build_parser()
    parts = [_section(parser, 2, words, about=parser.description, top=True)]
    parts += [
        _section(child, depth, words, about=child.description or help_text)
        for child, depth, help_text in commands(parser)
    ]
    return "\n".join(parts)


def commands(parser, depth: int = 2):
    """``(parser, heading level, one-line help)`` of every command below
    ``parser``, depth first, in the order ``--help`` lists them."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield child, depth, helps.get(name) or ""
                yield from commands(child, depth + 1)


def _section(parser, depth, words, about="", top=False) -> str:
    """One command: heading, what it does, usage, arguments, options."""
    lines = [f"{'#' * depth} {parser.prog}", ""]
    lines += _about(about)
    lines += [f"**{words['usage']}**", "", "```text", _usage(parser), "```", ""]
    for group in parser._action_groups:
        actions = [a for a in group._group_actions if a.help != argparse.SUPPRESS]
        subparsers = [a for a in actions if isinstance(a, argparse._SubParsersAction)]
        plain = [a for a in actions if a not in subparsers]
        if subparsers:
            lines += _commands_table(subparsers, words)
        if plain:
            title = words.get(group.title, group.title)
            lines += _options_table(plain, title, parser, words)
    if top and parser.epilog:
        lines += [f"**{words['examples']}**", "", "```text"]
        _, _, examples = parser.epilog.rstrip().partition("\n")  # after "examples:"
        lines += [examples, "```", ""]
    return "\n".join(lines)


def _about(text) -> list[str]:
    """What a command does: its paragraphs as prose, an indented paragraph
    (a list, as ``plot`` has) as preformatted text."""
    lines = []
    for paragraph in (text or "").strip().split("\n\n"):
        if paragraph.startswith(" ") or "\n  " in paragraph:
            lines += ["```text", paragraph.rstrip(), "```", ""]
        elif paragraph.strip():
            lines += [_escape(paragraph), ""]
    return lines


def _usage(parser) -> str:
    formatter = parser.formatter_class(prog=parser.prog, width=WIDTH)
    formatter.add_usage(
        parser.usage, parser._actions, parser._mutually_exclusive_groups, prefix=""
    )
    return formatter.format_help().strip()


def _commands_table(subparsers, words) -> list[str]:
    lines = [f"**{words['commands']}**", ""]
    lines += [f"| {words['command']} | {words['help']} |", "| --- | --- |"]
    for action in subparsers:
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            help_text = helps.get(name) or ""
            lines.append(f"| `{child.prog}` | {_escape(help_text)} |")
    return [*lines, ""]


def _options_table(actions, title, parser, words) -> list[str]:
    positional = all(not a.option_strings for a in actions)
    name = words["argument"] if positional else words["option"]
    lines = [f"**{_escape(title[:1].upper() + title[1:])}**", ""]
    lines += [
        f"| {name} | {words['default']} | {words['help']} |",
        "| --- | --- | --- |",
    ]
    for action in actions:
        lines.append(
            f"| {_names(action)} | {_default(action, words)} | "
            f"{_escape(_help(action, parser, words))} |"
        )
    return [*lines, ""]


def _names(action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    metavar = ""
    if action.nargs != 0:
        metavar = " " + (action.metavar or action.dest.upper())
        if action.choices is not None and action.metavar is None:
            metavar = " {" + ",".join(map(str, action.choices)) + "}"
    return ", ".join(f"`{option}{metavar}`" for option in action.option_strings)


def _default(action, words) -> str:
    default = action.default
    if action.nargs == 0:
        quiet = (argparse._HelpAction, argparse._VersionAction)
        return "" if isinstance(action, quiet) else words["flag"]
    if default is None or default is argparse.SUPPRESS or action.required:
        return ""
    if isinstance(default, list):
        default = ",".join(map(str, default))
    return f"`{default}`"


def _help(action, parser, words) -> str:
    """The option's help with ``%(default)s`` and friends filled in, as
    ``--help`` shows it, and its choices when the names above hide them."""
    text = action.help or ""
    if "%" in text:
        params = {k: v for k, v in vars(action).items() if v is not argparse.SUPPRESS}
        params["prog"] = parser.prog
        if params.get("choices") is not None:
            params["choices"] = ", ".join(map(str, params["choices"]))
        text = text % params
    if action.choices is not None and action.metavar is not None:
        if not isinstance(action, argparse._SubParsersAction):
            choices = ", ".join(map(str, action.choices))
            text = f"{text} ({words['choices']}: {choices})".strip()
    return text


def _escape(text: str) -> str:
    """Plain text safe in a Markdown table cell (one line, no markup)."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    for char in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text
