"""The book's code: both editions show the same code, and every Python block runs.

Blocks of a page run in order in one fresh interpreter (a chapter builds on its
earlier blocks), with each block at its own line, so a traceback names the page
and the line of the Markdown file.
"""

import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _blocks(page: Path):
    """(language, first line number of the code, code) of each fenced block."""
    text = page.read_text(encoding="utf-8")
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start(2)) + 1
        yield match.group(1), line, match.group(2)


LANGUAGE_LITERALS = {'"en"', "'en'", '"zh"', "'zh'"}


def _without_comments(language: str, code: str) -> str:
    """The code as a sequence of tokens: comments, and line breaks inside
    brackets (where a formatter wraps a line a long comment made too long), do
    not count."""
    if language == "python":
        tokens = tokenize.generate_tokens(io.StringIO(code).readline)
        # the one difference allowed: the language the code asks for, so the
        # Chinese edition may say lang="zh" where the English says lang="en"
        kept = [
            '"en"' if t.string in LANGUAGE_LITERALS else t.string or t.type
            for t in tokens
            if t.type not in (tokenize.COMMENT, tokenize.NL)
        ]
        return " ".join(map(str, kept))
    code = re.sub(r"(^|\s)#.*$", "", code, flags=re.MULTILINE)
    return "\n".join(line.rstrip() for line in code.splitlines() if line.strip())


ENGLISH = sorted(BOOK.glob("*.en.md"))
ALL_PAGES = sorted(BOOK.glob("*.md"))


def test_every_page_exists_in_both_languages():
    english = {p.name.removesuffix(".en.md") for p in BOOK.glob("*.en.md")}
    chinese = {p.name.removesuffix(".zh.md") for p in BOOK.glob("*.zh.md")}
    assert english == chinese, f"only in one edition: {english ^ chinese}"
    assert {p.name for p in ALL_PAGES} == {
        f"{name}.{lang}.md" for name in english for lang in ("en", "zh")
    }, "every page of book/ is named <page>.en.md or <page>.zh.md"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_both_editions_show_the_same_code(english):
    chinese = english.with_name(english.name.replace(".en.md", ".zh.md"))
    code = [
        [(lang, _without_comments(lang, c)) for lang, _, c in _blocks(p)]
        for p in (english, chinese)
    ]
    assert code[0] == code[1], (
        f"{chinese.name} must show the code of {english.name} (comments may differ)"
    )


def test_comments_do_not_count_but_code_does():
    assert _without_comments("python", "x = 1  # one\n") == _without_comments(
        "python", "x = 1  # 一\n"
    )
    assert _without_comments("python", "x = 1\n") != _without_comments(
        "python", "x = 2\n"
    )
    assert _without_comments("python", "s = '#1'\n") != _without_comments(
        "python", "s = '#2'\n"
    )
    # the language a call asks for may differ; nothing else in a string may
    assert _without_comments("python", 'f(lang="en")\n') == _without_comments(
        "python", "f(lang='zh')\n"
    )
    assert _without_comments("python", 'print("loss")\n') != _without_comments(
        "python", 'print("损失")\n'
    )
    # a call wrapped by the formatter (its comment made the line too long) is
    # the same code; a statement split in two is not
    assert _without_comments("python", "f(a, b)  # c\n") == _without_comments(
        "python", "f(\n    a, b\n)  # a much longer comment\n"
    )
    assert _without_comments("python", "x = 1; y = 2\n") != _without_comments(
        "python", "x = 1\ny = 2\n"
    )


@pytest.mark.parametrize(
    "page",
    [p for p in ALL_PAGES if any(lang == "python" for lang, *_ in _blocks(p))],
    ids=lambda p: p.name,
)
def test_every_python_block_runs(page, tmp_path):
    lines: list[str] = []
    for lang, first, code in _blocks(page):
        if lang == "python":
            lines += [""] * (first - 1 - len(lines))  # the block at its own line
            lines += code.splitlines()
    runner = (
        "import sys; source = open(sys.argv[1], encoding='utf-8').read(); "
        "exec(compile(source, sys.argv[2], 'exec'), {'__name__': '__main__'})"
    )
    script = tmp_path / "page.py"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", runner, str(script), f"book/{page.name}"],
        cwd=tmp_path,  # files a block writes land in a scratch folder
        env={**os.environ, "MPLBACKEND": "Agg"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, (
        f"a code block of book/{page.name} failed:\n{done.stderr}"
    )
