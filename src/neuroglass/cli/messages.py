"""Every sentence the ``neuroglass`` command prints, in English and Chinese.

One table per language, keyed by a message id (gettext's catalog, as plain
dicts: two languages, one package, no build step for ``.mo`` files, and a test
checks that both tables have the same ids and the same ``{placeholders}``).
:func:`t` picks the current language (:func:`neuroglass.get_lang`, which
``cli.main`` sets from ``--lang`` or the locale) and fills the placeholders.

>>> import neuroglass as ng
>>> with ng.language("zh"):
...     t("saved", path="model.npz")
'模型已保存到 model.npz'
"""

from __future__ import annotations

import unicodedata

from ..views.lang import get_lang
from .messages_en import EN
from .messages_zh import ZH

MESSAGES = {"en": EN, "zh": ZH}


def t(key: str, /, **values) -> str:
    """The message ``key`` in the current language, placeholders filled."""
    return MESSAGES[get_lang()][key].format(**values)


class Lazy:
    """A message looked up when it is turned into text (``str()``, an
    f-string), not when it is made: for texts fixed at import time, such as an
    argument type's hint, which must follow the language of the run."""

    def __init__(self, key: str):
        self.key = key

    def __str__(self) -> str:
        return t(self.key)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, columns: int) -> str:
    """``text`` padded with spaces to ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def join_and(items) -> str:
    """``a and b and c`` / ``a 和 b 和 c``."""
    return t("and").join(items)


def metrics(prefix: str, values) -> str:
    """A network's metrics on one line, as
    :func:`neuroglass.views.text.format_metrics` writes them in English:
    ``prefix`` is ``"train"`` or ``"test"``."""
    name = t(f"prefix_{prefix}")
    parts = [t("metric_loss", prefix=name, value=values["loss"])]
    if "accuracy" in values:
        parts.append(t("metric_accuracy", prefix=name, value=100 * values["accuracy"]))
    if "r2" in values:
        parts.append(t("metric_r2", prefix=name, value=values["r2"]))
    return "  ".join(parts)


# -- argparse's own messages --------------------------------------------------------
#: (what argparse writes, its Chinese): the usage errors a learner meets
_ARGPARSE = (
    ("the following arguments are required: ", "缺少必需的参数："),
    ("unrecognized arguments: ", "无法识别的参数："),
    ("expected one argument", "需要一个值"),
    ("invalid choice: ", "无效的选项："),
    (" (choose from ", "（可选："),
    ("(choose from ", "（可选："),
    ("ambiguous option: ", "有歧义的选项："),
    ("could match ", "可以匹配 "),
    ("not allowed with argument ", "不能与此参数同时使用："),
    ("expected at least one argument", "至少需要一个值"),
)


def usage_error(message: str) -> str:
    """An argparse error in the current language: argparse's own phrases are
    translated (``argument --lang: invalid choice: ...``), the values kept."""
    if get_lang() == "en":
        return message
    prefix = ""
    if message.startswith("argument "):
        name, _, message = message[len("argument ") :].partition(": ")
        prefix = f"参数 {name}："
    if message.startswith("invalid ") and " value: " in message:
        message = "无效的值：" + message.split(" value: ", 1)[1]
    for english, chinese in _ARGPARSE:
        message = message.replace(english, chinese)
    if "（可选：" in message and message.endswith(")"):
        message = message[:-1] + "）"
    return prefix + message
